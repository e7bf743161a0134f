import { and, desc, eq, inArray, lt, notInArray, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../../platform/db/client.ts'
import type { Period } from '../period.ts'
import { insightBoardReports, type BoardReportStatus } from './schema.ts'
import type { Commentary, Snapshot } from './sections.ts'

type Executor = Db | Tx

export type BoardReport = Omit<typeof insightBoardReports.$inferSelect, 'snapshot' | 'commentary' | 'pdf' | 'xlsx'> & { snapshot: Snapshot; commentary: Commentary }
export type BoardReportSummary = Pick<BoardReport, 'id' | 'quarter' | 'periodFrom' | 'periodTo' | 'status' | 'stepsDone' | 'stepsTotal' | 'requestedByName' | 'requestedAt' | 'completedAt'>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isBoardReportId = (id: string) => UUID.test(id)

/** A build with no sign of life for this long, and not running in this process, was cut off by a server stop. */
export const STALLED_AFTER_MS = 5 * 60_000
export const STALLED_REASON = 'The build stopped before it finished, probably because the server was restarted. Build the report again.'
export const IN_PROGRESS: readonly BoardReportStatus[] = ['queued', 'building']

const withoutFiles = {
  id: insightBoardReports.id,
  quarter: insightBoardReports.quarter,
  periodFrom: insightBoardReports.periodFrom,
  periodTo: insightBoardReports.periodTo,
  status: insightBoardReports.status,
  stepsDone: insightBoardReports.stepsDone,
  stepsTotal: insightBoardReports.stepsTotal,
  currentStep: insightBoardReports.currentStep,
  failureReason: insightBoardReports.failureReason,
  snapshot: insightBoardReports.snapshot,
  commentary: insightBoardReports.commentary,
  requestedBy: insightBoardReports.requestedBy,
  requestedByName: insightBoardReports.requestedByName,
  requestedAt: insightBoardReports.requestedAt,
  completedAt: insightBoardReports.completedAt,
  updatedAt: insightBoardReports.updatedAt,
}

export async function insertBoardReport(db: Executor, input: { quarter: string; period: Period; stepsTotal: number; firstStep: string; requestedBy: string; requestedByName: string; at: Date }): Promise<string> {
  const [row] = await db
    .insert(insightBoardReports)
    .values({ quarter: input.quarter, periodFrom: input.period.from, periodTo: input.period.to, status: 'queued', stepsTotal: input.stepsTotal, currentStep: input.firstStep, requestedBy: input.requestedBy, requestedByName: input.requestedByName, requestedAt: input.at, updatedAt: input.at })
    .returning({ id: insightBoardReports.id })
  return row!.id
}

/** One build without its files; `forUpdate` locks the row (a build step, a commentary save). */
export async function findBoardReport(db: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<BoardReport | null> {
  if (!isBoardReportId(id)) return null
  const query = db.select(withoutFiles).from(insightBoardReports).where(eq(insightBoardReports.id, id))
  const [row] = options.forUpdate ? await query.for('update') : await query
  return (row as BoardReport | undefined) ?? null
}

export async function boardReportFile(db: Executor, id: string, kind: 'pdf' | 'xlsx'): Promise<Buffer | null> {
  if (!isBoardReportId(id)) return null
  const [row] = await db.select({ file: insightBoardReports[kind] }).from(insightBoardReports).where(and(eq(insightBoardReports.id, id), eq(insightBoardReports.status, 'ready')))
  return row?.file ?? null
}

export async function listBoardReports(db: Executor, limit = 40): Promise<BoardReportSummary[]> {
  return db
    .select({ id: withoutFiles.id, quarter: withoutFiles.quarter, periodFrom: withoutFiles.periodFrom, periodTo: withoutFiles.periodTo, status: withoutFiles.status, stepsDone: withoutFiles.stepsDone, stepsTotal: withoutFiles.stepsTotal, requestedByName: withoutFiles.requestedByName, requestedAt: withoutFiles.requestedAt, completedAt: withoutFiles.completedAt })
    .from(insightBoardReports)
    .orderBy(desc(insightBoardReports.requestedAt), desc(insightBoardReports.id))
    .limit(limit)
}

export async function updateBoardReport(db: Executor, id: string, values: Partial<typeof insightBoardReports.$inferInsert>): Promise<void> {
  await db.update(insightBoardReports).set(values).where(eq(insightBoardReports.id, id))
}

/**
 * Builds a server stop cut off: still queued or building, silent for STALLED_AFTER_MS and not running here. They
 * are marked failed, with the half-built figures and files dropped, so nothing stays "building" forever. Returns
 * the ids marked.
 */
export async function failStalledBuilds(db: Executor, now: Date, runningHere: readonly string[]): Promise<string[]> {
  const cutoff = new Date(now.getTime() - STALLED_AFTER_MS)
  const rows = await db
    .update(insightBoardReports)
    .set({ status: 'failed', failureReason: STALLED_REASON, currentStep: null, snapshot: { sections: [] }, pdf: null, xlsx: null, updatedAt: now })
    .where(and(inArray(insightBoardReports.status, [...IN_PROGRESS]), lt(insightBoardReports.updatedAt, cutoff), runningHere.length ? notInArray(insightBoardReports.id, [...runningHere]) : sql`true`))
    .returning({ id: insightBoardReports.id })
  return rows.map((r) => r.id)
}

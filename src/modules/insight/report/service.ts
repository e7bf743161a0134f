import { authorize } from '../../../platform/access/engine.ts'
import type { Ctx } from '../../../platform/context/index.ts'
import { NotFoundError, ValidationError, type FieldError } from '../../../platform/errors.ts'
import { ONE_LINE } from '../../../platform/http/forms.ts'
import { londonDay, parseQuarterKey, quarterKey, quarterOf, quarterPeriod, quartersEndingWith, type Quarter } from '../period.ts'
import { BUILD_STEPS, packInput } from './build.ts'
import { renderBoardReportPdf } from './pdf.ts'
import { boardReportResource } from './policy.ts'
import { COMMENTARY_MAX, SECTIONS, type Commentary, type SectionId } from './sections.ts'
import { boardReportFile, failStalledBuilds, findBoardReport, insertBoardReport, listBoardReports, updateBoardReport, type BoardReport, type BoardReportSummary } from './store.ts'
import { renderBoardReportXlsx } from './xlsx.ts'

/** The quarters a pack may be built for: the last complete quarter (the default) and the 7 before it, newest first. */
export function buildableQuarters(now: Date): Quarter[] {
  const current = quarterOf(londonDay(now))
  const last = quartersEndingWith(current, 2)[0]!
  return quartersEndingWith(last, 8).reverse()
}

const reportResource = (id: string) => boardReportResource(id)

export function assertCanViewBoardReports(ctx: Ctx): string {
  return authorize(ctx, 'insight.report.view', boardReportResource())
}

/** The builds, newest first. A build a server stop left behind is marked failed first, so no list shows it building. */
export async function viewBoardReportList(ctx: Ctx, runningHere: readonly string[]): Promise<BoardReportSummary[]> {
  const purpose = assertCanViewBoardReports(ctx)
  await failStalledBuilds(ctx.tx, ctx.now, runningHere)
  const reports = await listBoardReports(ctx.tx)
  ctx.audit.record({ action: 'insight.report.listed', outcome: 'allowed', resourceType: 'insight-board-report', purpose, details: { count: reports.length } })
  return reports
}

/** Ask for a build: a queued row, which the runner then builds in the background. Returns its id. */
export async function requestBoardReport(ctx: Ctx, quarter: string): Promise<string> {
  const purpose = authorize(ctx, 'insight.report.build', boardReportResource())
  if (ctx.actor.kind !== 'user') throw new Error('a board report is built by a user')
  const q = parseQuarterKey(quarter)
  if (!q || !buildableQuarters(ctx.now).some((b) => quarterKey(b) === quarterKey(q))) throw new ValidationError([{ field: 'quarter', message: 'Select a quarter' }])
  const period = quarterPeriod(q)
  const id = await insertBoardReport(ctx.tx, { quarter: quarterKey(q), period, stepsTotal: BUILD_STEPS.length, firstStep: 'Waiting to start', requestedBy: ctx.actor.userId, requestedByName: ctx.actor.displayName, at: ctx.now })
  ctx.audit.record({ action: 'insight.report.requested', outcome: 'succeeded', resourceType: 'insight-board-report', resourceId: id, purpose, details: { quarter: quarterKey(q), from: period.from, to: period.to } })
  return id
}

/** One build: its progress, or the whole pack. Readers only; an unknown id is 404 for them, 403 for everyone else. */
export async function viewBoardReport(ctx: Ctx, id: string, runningHere: readonly string[], action: 'viewed' | 'status-viewed' = 'viewed'): Promise<BoardReport> {
  const purpose = authorize(ctx, 'insight.report.view', reportResource(id))
  await failStalledBuilds(ctx.tx, ctx.now, runningHere)
  const report = await findBoardReport(ctx.tx, id)
  if (!report) throw new NotFoundError()
  // A progress poll (every 2 s while the page is open) shows only a build's status, no figures: not audited, so the
  // log is not flooded; the page view, the build and every download are.
  if (action === 'viewed') ctx.audit.record({ action: 'insight.report.viewed', outcome: 'allowed', resourceType: 'insight-board-report', resourceId: id, purpose, details: { quarter: report.quarter, from: report.periodFrom, to: report.periodTo, status: report.status } })
  return report
}

/** A ready pack's PDF or XLSX as built (and re-rendered at each commentary save). */
export async function downloadBoardReportFile(ctx: Ctx, id: string, format: 'pdf' | 'xlsx'): Promise<{ report: BoardReport; file: Buffer }> {
  const purpose = authorize(ctx, 'insight.report.view', reportResource(id))
  const report = await findBoardReport(ctx.tx, id)
  const file = report?.status === 'ready' ? await boardReportFile(ctx.tx, id, format) : null
  if (!report || !file) throw new NotFoundError()
  ctx.audit.record({ action: 'insight.report.downloaded', outcome: 'allowed', resourceType: 'insight-board-report', resourceId: id, purpose, details: { quarter: report.quarter, from: report.periodFrom, to: report.periodTo, format } })
  return { report, file }
}

/** One table of a ready pack, for its CSV or XLSX link. */
export async function downloadBoardReportTable(ctx: Ctx, id: string, tableId: string, format: 'csv' | 'xlsx') {
  const purpose = authorize(ctx, 'insight.report.view', reportResource(id))
  const report = await findBoardReport(ctx.tx, id)
  const table = report?.status === 'ready' ? report.snapshot.sections.flatMap((s) => s.tables).find((t) => t.id === tableId) : undefined
  if (!report || !table) throw new NotFoundError()
  ctx.audit.record({ action: 'insight.report.downloaded', outcome: 'allowed', resourceType: 'insight-board-report', resourceId: id, purpose, details: { quarter: report.quarter, from: report.periodFrom, to: report.periodTo, format, table: tableId } })
  return { report, table }
}

export type CommentaryInput = Partial<Record<SectionId, string>>

/** The form's boxes: text with line breaks allowed, nothing else invisible, at most COMMENTARY_MAX characters. */
export function parseCommentaryForm(body: unknown): { values: Record<SectionId, string>; errors: FieldError[] } {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const errors: FieldError[] = []
  const values = {} as Record<SectionId, string>
  for (const s of SECTIONS) {
    const v = raw[`commentary-${s.id}`]
    const text = typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : ''
    values[s.id] = text
    if (text.length > COMMENTARY_MAX) errors.push({ field: `commentary-${s.id}`, message: `${s.title} commentary must be ${COMMENTARY_MAX.toLocaleString('en-GB')} characters or fewer` })
    else if (!text.split('\n').every((line) => ONE_LINE.test(line.replace(/\t/g, ' ')))) errors.push({ field: `commentary-${s.id}`, message: `${s.title} commentary must not contain invisible control characters` })
  }
  return { values, errors }
}

/**
 * Save the business unit's commentary on a ready pack and render its PDF and XLSX again, in one transaction, so
 * the downloads always carry the words on the page. Only boxes that changed get a new author and time. Returns
 * false (nothing saved) when the pack is not ready.
 */
export async function saveBoardReportCommentary(ctx: Ctx, id: string, values: Record<SectionId, string>): Promise<boolean> {
  const purpose = authorize(ctx, 'insight.report.comment', reportResource(id))
  if (ctx.actor.kind !== 'user') throw new Error('commentary is written by a user')
  const report = await findBoardReport(ctx.tx, id, { forUpdate: true })
  if (!report) throw new NotFoundError()
  if (report.status !== 'ready') return false
  const commentary: Commentary = { ...report.commentary }
  const changed: SectionId[] = []
  for (const s of SECTIONS) {
    const text = values[s.id]
    if ((report.commentary[s.id]?.text ?? '') === text) continue
    changed.push(s.id)
    if (text) commentary[s.id] = { text, updatedBy: ctx.actor.displayName, updatedAt: ctx.now.toISOString() }
    else delete commentary[s.id]
  }
  if (changed.length > 0) {
    const input = packInput({ ...report, commentary })
    await updateBoardReport(ctx.tx, id, { commentary, pdf: await renderBoardReportPdf(input), xlsx: await renderBoardReportXlsx(input), updatedAt: ctx.now })
  }
  ctx.audit.record({ action: 'insight.report.commentary-saved', outcome: 'succeeded', resourceType: 'insight-board-report', resourceId: id, purpose, details: { quarter: report.quarter, sections: changed } })
  return true
}

/** May this user open the commentary form? (Before the form is read, so other roles get the audited 403.) */
export function assertCanComment(ctx: Ctx, id: string): void {
  authorize(ctx, 'insight.report.comment', reportResource(id))
}

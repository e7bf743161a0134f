import { eq, sql } from 'drizzle-orm'
import { authorize, decide } from '../../../platform/access/engine.ts'
import type { Ctx } from '../../../platform/context/index.ts'
import { queryRows } from '../../../platform/db/rows.ts'
import { ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../../platform/errors.ts'
import { computeIndicators } from '../indicators.ts'
import type { Period } from '../period.ts'
import { applyDisclosureControl, DFE_POLICY } from './disclosure.ts'
import { findDisclosures } from './disclosure-check.ts'
import { parseNeighbourFile, type ShareableExport } from './format.ts'
import { SHAREABLE_RESOURCE } from './policy.ts'
import { insightNeighbourDatasets } from './schema.ts'

const NEIGHBOUR = { resourceType: 'insight-neighbour-dataset' } as const
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

/** The partnership's name: its business unit's agency (partnership admin), the one name a neighbour knows us by. */
async function partnershipName(ctx: Ctx): Promise<string> {
  const [row] = await queryRows<{ name: string }>(ctx.tx, sql`select name from agencies where type = 'partnership-business-unit' order by name limit 1`)
  return row?.name ?? 'Safeguarding children partnership'
}

/** Our indicators for a period, disclosure-controlled and checked independently before anything leaves. */
async function shareable(ctx: Ctx, period: Period): Promise<ShareableExport> {
  const truth = await computeIndicators(ctx.tx, period)
  const shared = applyDisclosureControl(truth, DFE_POLICY)
  const problems = findDisclosures(truth, shared, DFE_POLICY)
  // Never expected (the property tests say so); if it ever happens, nothing is sent.
  if (problems.length) throw new Error(`disclosure control left ${problems.length} derivable small count(s): ${problems[0]}`)
  return { partnership: await partnershipName(ctx), from: shared.from, to: shared.to, generatedAt: ctx.now.toISOString(), policy: { ...DFE_POLICY }, indicators: shared.indicators }
}

export function assertCanExport(ctx: Ctx): void {
  authorize(ctx, 'insight.sharing.export', SHAREABLE_RESOURCE)
}

/** The shareable export (API, JSON/CSV/XLSX download). Audited with the period and the format sent. */
export async function exportShareable(ctx: Ctx, period: Period | FieldError[], format: string): Promise<ShareableExport> {
  const purpose = authorize(ctx, 'insight.sharing.export', SHAREABLE_RESOURCE)
  if (Array.isArray(period)) throw new ValidationError(period)
  const value = await shareable(ctx, period)
  const suppressed = value.indicators.reduce((n, i) => n + i.rows.filter((r) => r.suppressed).length, 0)
  ctx.audit.record({ action: 'insight.sharing.exported', outcome: 'allowed', resourceType: SHAREABLE_RESOURCE.resourceType, purpose, details: { from: value.from, to: value.to, format, suppressed } })
  return value
}

export type NeighbourSummary = { id: string; partnershipName: string; periodFrom: string; periodTo: string; fileName: string; uploadedAt: Date; uploadedBy: string }

/** The neighbours page: the uploaded exports, newest first. */
export async function listNeighbourDatasets(ctx: Ctx): Promise<NeighbourSummary[]> {
  const purpose = authorize(ctx, 'insight.sharing.view', NEIGHBOUR)
  const rows = await queryRows<NeighbourSummary & { uploadedAt: string | Date }>(
    ctx.tx,
    sql`select d.id, d.partnership_name as "partnershipName", d.period_from as "periodFrom", d.period_to as "periodTo", d.file_name as "fileName",
        d.uploaded_at as "uploadedAt", u.display_name as "uploadedBy"
      from insight_neighbour_datasets d join users u on u.id = d.uploaded_by order by d.uploaded_at desc, d.id`,
  )
  ctx.audit.record({ action: 'insight.sharing.neighbours-listed', outcome: 'allowed', resourceType: NEIGHBOUR.resourceType, purpose, details: { count: rows.length } })
  return rows.map((r) => ({ ...r, uploadedAt: new Date(r.uploadedAt) }))
}

export function assertCanManageNeighbours(ctx: Ctx): void {
  authorize(ctx, 'insight.sharing.manage', NEIGHBOUR)
}

export function assertCanViewNeighbours(ctx: Ctx): void {
  authorize(ctx, 'insight.sharing.view', NEIGHBOUR)
}

/** Whether to offer the upload form and remove buttons (a question, not an access: not audited). */
export const canManageNeighbours = (ctx: Ctx) => decide(ctx.actor, 'insight.sharing.manage', NEIGHBOUR).allowed

/**
 * Store a neighbour's export after judging it whole (./format.ts): on any problem nothing is written and the
 * refusal is audited as failed with the problems (a file's figures are never put in the audit row).
 */
export async function uploadNeighbourDataset(ctx: Ctx, file: { fileName: string; bytes: Buffer }): Promise<string> {
  const purpose = authorize(ctx, 'insight.sharing.manage', NEIGHBOUR)
  const { value, problems } = parseNeighbourFile(file.bytes, DFE_POLICY)
  if (!value) {
    ctx.audit.record({ action: 'insight.sharing.neighbour-uploaded', outcome: 'failed', resourceType: NEIGHBOUR.resourceType, purpose, details: { fileName: file.fileName.slice(0, 200), bytes: file.bytes.length, problems } })
    throw new ValidationError(problems.map((message) => ({ field: 'file', message })))
  }
  if (ctx.actor.kind !== 'user') throw new ForbiddenError()
  const [row] = await ctx.tx
    .insert(insightNeighbourDatasets)
    .values({ partnershipName: value.partnership, periodFrom: value.from, periodTo: value.to, generatedAt: new Date(value.generatedAt), fileName: file.fileName.slice(0, 200) || 'upload.json', payload: value, uploadedBy: ctx.actor.userId, uploadedAt: ctx.now })
    .returning({ id: insightNeighbourDatasets.id })
  ctx.audit.record({ action: 'insight.sharing.neighbour-uploaded', outcome: 'succeeded', resourceType: NEIGHBOUR.resourceType, resourceId: row!.id, purpose, details: { partnership: value.partnership, from: value.from, to: value.to } })
  return row!.id
}

async function findDataset(ctx: Ctx, id: string) {
  if (!isUuid(id)) return undefined
  const [row] = await ctx.tx.select().from(insightNeighbourDatasets).where(eq(insightNeighbourDatasets.id, id))
  return row
}

export type Comparison = { dataset: NonNullable<Awaited<ReturnType<typeof findDataset>>>; theirs: ShareableExport; ours: ShareableExport }

/** Our figures for the neighbour's period, suppressed the same way, beside theirs. Audited with the period. */
export async function compareWithNeighbour(ctx: Ctx, id: string): Promise<Comparison> {
  const purpose = authorize(ctx, 'insight.sharing.view', { ...NEIGHBOUR, resourceId: id })
  const dataset = await findDataset(ctx, id)
  if (!dataset) throw new NotFoundError()
  const ours = await shareable(ctx, { from: dataset.periodFrom, to: dataset.periodTo })
  ctx.audit.record({ action: 'insight.sharing.compared', outcome: 'allowed', resourceType: NEIGHBOUR.resourceType, resourceId: id, purpose, details: { partnership: dataset.partnershipName, from: dataset.periodFrom, to: dataset.periodTo } })
  return { dataset, theirs: dataset.payload as ShareableExport, ours }
}

export async function removeNeighbourDataset(ctx: Ctx, id: string): Promise<void> {
  const purpose = authorize(ctx, 'insight.sharing.manage', { ...NEIGHBOUR, resourceId: id })
  const dataset = await findDataset(ctx, id)
  if (!dataset) throw new NotFoundError()
  await ctx.tx.delete(insightNeighbourDatasets).where(eq(insightNeighbourDatasets.id, id))
  ctx.audit.record({ action: 'insight.sharing.neighbour-removed', outcome: 'succeeded', resourceType: NEIGHBOUR.resourceType, resourceId: id, purpose, details: { partnership: dataset.partnershipName, from: dataset.periodFrom, to: dataset.periodTo } })
}

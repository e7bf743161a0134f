import { and, asc, eq, sql } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess } from '../../platform/access/person-access.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { viewPerson as viewDecision } from './policy.ts'
import { importRows, imports, importSources } from './import-schema.ts'
import type { ReviewInput } from './import-schemas.ts'
import { createPersonFromRow, linkRowToPerson } from './import-records.ts'
import { countOutcomes, importUser, isUuid, viewImport, type ImportView } from './import-service.ts'
import type { RowValues } from './import-validate.ts'
import { postcodeDistrict } from './rules.ts'
import { agencyTypesOf } from './search.ts'
import type { SearchReason } from './search-reasons.ts'

/**
 * Clerical review of an import's uncertain rows (ADR 0010): the extract row beside its best candidate's search
 * card (CONTRACTS.md §2 — names, date of birth, gender, postcode district, agency types) and the per-field match
 * reasons; a person decides, with a reason. Restricted candidates show only a stub; sealed ones are never offered.
 */

export type QueueRow = { id: string; lineNumber: number; data: RowValues; probability: number | null }

/** The rows awaiting review. Showing extract rows is reading personal data: audited. */
export async function reviewQueue(ctx: Ctx, importId: string): Promise<ImportView & { rows: QueueRow[] }> {
  const view = await viewImport(ctx, importId, 'people.import.review')
  const rows = (await ctx.tx
    .select({ id: importRows.id, lineNumber: importRows.lineNumber, data: importRows.data, probability: importRows.probability })
    .from(importRows)
    .where(and(eq(importRows.importId, importId), eq(importRows.outcome, 'review')))
    .orderBy(asc(importRows.lineNumber))
    .limit(500)) as QueueRow[]
  ctx.audit.record({ action: 'people.import-review-listed', outcome: 'allowed', resourceType: 'person-import', resourceId: importId, details: { rows: rows.length } })
  return { ...view, rows }
}

export type CandidateView =
  | {
      kind: 'card'
      id: string
      givenName: string
      middleNames: string | null
      familyName: string
      dateOfBirth: string | null
      gender: 'F' | 'M' | 'U'
      postcodeDistrict: string | null
      agencyTypes: string[]
      /** Whether the reviewer may link the row to it ("same person"). */
      linkable: boolean
    }
  | { kind: 'restricted'; id: string; linkable: boolean }
  | { kind: 'none' }

export type ReviewRowView = ImportView & {
  row: { id: string; lineNumber: number; data: RowValues; outcome: string | null; probability: number | null; reasons: SearchReason[]; decisionReason: string | null }
  candidate: CandidateView
}

type RowRecord = typeof importRows.$inferSelect

async function loadRow(ctx: Ctx, importId: string, rowId: string, lock = false): Promise<RowRecord> {
  if (!isUuid(rowId)) throw new NotFoundError()
  const query = ctx.tx.select().from(importRows).where(and(eq(importRows.id, rowId), eq(importRows.importId, importId)))
  const [row] = lock ? await query.for('update') : await query
  if (!row) throw new NotFoundError()
  return row
}

/** The candidate as this reviewer may see it now (it may have been restricted, sealed or merged since matching). */
async function candidateFor(ctx: Ctx, candidateId: string | null): Promise<CandidateView> {
  if (!candidateId) return { kind: 'none' }
  const [p] = await queryRows<{ id: string; given_name: string; middle_names: string | null; family_name: string; date_of_birth: string | null; gender: 'F' | 'M' | 'U'; postcode: string | null; state: string | null }>(
    ctx.tx,
    sql`select p.id, p.given_name, p.middle_names, p.family_name, p.date_of_birth::text as date_of_birth, p.gender, p.postcode, rp.state
        from people p left join record_protections rp on rp.person_id = p.id
        where p.id = (select coalesce(merged_into_id, id) from people where id = ${candidateId}::uuid)`,
  )
  if (!p || p.state === 'sealed') return { kind: 'none' }
  const access = await loadPersonAccess(ctx.tx, importUser(ctx), p.id, ctx.now)
  if (p.state === 'restricted') return { kind: 'restricted', id: p.id, linkable: viewDecision(importUser(ctx), access).allowed }
  const agencies = await agencyTypesOf(ctx.tx, [p.id])
  return {
    kind: 'card',
    id: p.id,
    givenName: p.given_name,
    middleNames: p.middle_names,
    familyName: p.family_name,
    dateOfBirth: p.date_of_birth,
    gender: p.gender,
    postcodeDistrict: postcodeDistrict(p.postcode),
    agencyTypes: agencies.get(p.id) ?? [],
    linkable: true,
  }
}

export async function viewReviewRow(ctx: Ctx, importId: string, rowId: string): Promise<ReviewRowView> {
  const view = await viewImport(ctx, importId, 'people.import.review')
  const row = await loadRow(ctx, importId, rowId)
  const candidate = await candidateFor(ctx, row.outcome === 'review' ? row.candidatePersonId : null)
  ctx.audit.record({
    action: 'people.import-row-viewed',
    outcome: 'allowed',
    resourceType: 'import-row',
    resourceId: row.id,
    ...(candidate.kind === 'card' ? { personId: candidate.id } : {}),
    details: { importId, candidate: candidate.kind },
  })
  return {
    ...view,
    row: {
      id: row.id,
      lineNumber: row.lineNumber,
      data: row.data as RowValues,
      outcome: row.outcome,
      probability: row.probability,
      reasons: (row.reasons ?? []) as SearchReason[],
      decisionReason: row.decisionReason,
    },
    candidate,
  }
}

/**
 * Decide one row, in one transaction: link it to the candidate ("same person"), make a new person from it, or leave
 * it out of the index. The import is completed once no row awaits review.
 */
export async function decideReviewRow(ctx: Ctx, importId: string, rowId: string, input: ReviewInput): Promise<{ personId: string | null; completed: boolean }> {
  const actor = importUser(ctx)
  authorize(ctx, 'people.import.review', { resourceType: 'import-row', resourceId: rowId })
  if (!isUuid(importId)) throw new NotFoundError()
  const [imp] = await ctx.tx.select().from(imports).where(eq(imports.id, importId)).for('update')
  if (!imp) throw new NotFoundError()
  const row = await loadRow(ctx, importId, rowId, true)
  if (row.outcome !== 'review') throw new ConflictError('This row has already been decided')
  const [source] = await ctx.tx.select().from(importSources).where(eq(importSources.id, imp.sourceId))
  if (!source) throw new NotFoundError()
  const by = { sourceId: source.id, sourceName: source.name, agencyId: source.agencyId, userId: actor.userId }
  const staged = { id: row.id, data: row.data as RowValues }
  let personId: string | null = null
  if (input.decision === 'same') {
    const candidate = await candidateFor(ctx, row.candidatePersonId)
    if (candidate.kind === 'none' || !candidate.linkable) {
      throw new ValidationError([{ field: 'decision', message: 'This record cannot be linked: choose to create a new record or not to add the row' }])
    }
    personId = candidate.id
    await linkRowToPerson(ctx, personId, staged, by)
  } else if (input.decision === 'new') {
    personId = await createPersonFromRow(ctx, staged, by, actor.teamId)
    ctx.audit.record({ action: 'people.created', outcome: 'succeeded', resourceType: 'person', resourceId: personId, personId, details: { importRowId: row.id } })
  }
  await ctx.tx
    .update(importRows)
    .set({ outcome: input.decision === 'same' ? 'accepted' : 'rejected', personId, decidedBy: actor.userId, decidedAt: ctx.now, decisionReason: input.reason })
    .where(eq(importRows.id, row.id))
  const counts = await countOutcomes(ctx, importId)
  const completed = imp.status === 'awaiting-review' && counts.review === 0
  if (completed) await ctx.tx.update(imports).set({ status: 'completed', completedAt: ctx.now }).where(eq(imports.id, importId))
  // The decision and who made it; the reason stays on the row (it may name the child).
  ctx.audit.record({
    action: 'people.import-row-decided',
    outcome: 'succeeded',
    resourceType: 'import-row',
    resourceId: row.id,
    ...(personId ? { personId } : {}),
    details: { importId, decision: input.decision, candidatePersonId: row.candidatePersonId, completed },
  })
  return { personId, completed }
}

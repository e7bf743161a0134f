import { and, eq, sql } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess } from '../../platform/access/person-access.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { personExtensions, type MergeBlock, type MergePair } from './extensions.ts'
import { checkMerge, loadGuardFacts } from './merge-guards.ts'
import { countMoved, PEOPLE_EXTENSION } from './merge-repoint.ts'
import { duplicateCandidates, personMerges } from './merge-schema.ts'
import { MERGE_HISTORY } from './merge-policy.ts'
import { findMergeRow, isUuid, loadCards, type MergeRow, type PersonCard } from './duplicates-queries.ts'
import { people } from './schema.ts'
import { refreshSearchKeys } from './search.ts'

/**
 * Merge and unmerge (ADR 0009): the most dangerous writes in the product. A merge moves every row the merged
 * person has, in every module (through the re-pointing extension point), to the surviving person, in one
 * transaction, after every guard has passed; what moved is stored so that an unmerge restores both records exactly.
 */

/** The merge would be unsafe: every reason, for the page's error summary and the API's 409. Nothing was written. */
export class MergeBlockedError extends Error {
  constructor(readonly blocks: MergeBlock[]) {
    super(blocks.map((b) => b.code).join(', '))
    this.name = 'MergeBlockedError'
  }
}

export type PersonMerge = typeof personMerges.$inferSelect
export type MergeInput = { survivingPersonId: string; mergedPersonId: string; reason: string }
export type MergeOutcome = { merge: PersonMerge; moved: Record<string, Record<string, number>> }

export const MIN_REASON = 10
export const MAX_REASON = 1000

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('merges are made by a signed-in user')
  return ctx.actor
}

export function checkReason(reason: string, what: string): string {
  const trimmed = reason.trim()
  if (trimmed.length < MIN_REASON) throw new ValidationError([{ field: 'reason', message: `${what} must be ${MIN_REASON} characters or more` }])
  if (trimmed.length > MAX_REASON) throw new ValidationError([{ field: 'reason', message: `${what} must be ${MAX_REASON} characters or fewer` }])
  return trimmed
}

/** Lock both people rows, in id order (two merges of overlapping pairs then wait for each other, never deadlock). */
async function lockPair(ctx: Ctx, pair: MergePair): Promise<void> {
  const ids = [pair.survivingPersonId, pair.mergedPersonId].sort()
  await ctx.tx.execute(sql`select id from people where id = any(string_to_array(${ids.join(',')}, ',')::uuid[]) order by id for update`)
}

/** Both people may be named by this actor (404 otherwise), and the actor may merge (403 otherwise). */
async function authorizePair(ctx: Ctx, pair: MergePair): Promise<string> {
  const actor = userOf(ctx)
  let purpose = ''
  for (const id of [pair.survivingPersonId, pair.mergedPersonId]) {
    purpose = authorize(ctx, 'people.merge', await loadPersonAccess(ctx.tx, actor, id, ctx.now, { includeMerged: true }))
  }
  return purpose
}

/** The guards for a pair, as the comparison page shows them (read-only; the merge checks again under lock). */
export async function previewMerge(ctx: Ctx, pair: MergePair) {
  return checkMerge(ctx.tx, pair)
}

export async function mergePeople(ctx: Ctx, input: MergeInput): Promise<MergeOutcome> {
  const actor = userOf(ctx)
  const pair: MergePair = { survivingPersonId: input.survivingPersonId, mergedPersonId: input.mergedPersonId }
  const purpose = await authorizePair(ctx, pair)
  const reason = checkReason(input.reason, 'Reason for the merge')
  await lockPair(ctx, pair)
  const { blocks } = await checkMerge(ctx.tx, pair)
  if (blocks.length > 0) {
    // Kept even though the unit of work rolls back (a failed outcome): refused merges are worth reviewing too.
    for (const personId of new Set([pair.survivingPersonId, pair.mergedPersonId])) {
      ctx.audit.record({ action: 'people.merge', outcome: 'failed', resourceType: 'person', resourceId: personId, personId, purpose, details: { ...pair, blocks: blocks.map((b) => b.code) } })
    }
    throw new MergeBlockedError(blocks)
  }
  const extensions = personExtensions()
  // Without the people module's own re-pointing a merge would hide the merged child's records: refuse outright.
  if (extensions[0]?.name !== PEOPLE_EXTENSION) throw new Error('The people merge extension is not registered first')
  const moved: Record<string, unknown> = {}
  for (const extension of extensions) {
    if (extension.repointOnMerge) moved[extension.name] = await extension.repointOnMerge(ctx.tx, pair)
  }
  await ctx.tx.update(people).set({ mergedIntoId: pair.survivingPersonId }).where(eq(people.id, pair.mergedPersonId))
  const [merge] = await ctx.tx
    .insert(personMerges)
    .values({ ...pair, reason, mergedBy: actor.userId, mergedAt: ctx.now, moved: JSON.parse(JSON.stringify(moved)) as Record<string, unknown> })
    .returning()
  if (!merge) throw new Error('insert returned no merge')
  await ctx.tx
    .update(duplicateCandidates)
    .set({ status: 'merged', decidedBy: actor.userId, decidedAt: ctx.now, decisionReason: reason, mergeId: merge.id })
    .where(and(...pairCondition(pair)))
  await refreshSearchKeys(ctx.tx, [pair.survivingPersonId, pair.mergedPersonId])
  const counts = Object.fromEntries(Object.entries(moved).map(([name, undo]) => [name, countMoved(undo)]))
  for (const [personId, role] of [[pair.survivingPersonId, 'surviving'], [pair.mergedPersonId, 'merged']] as const) {
    ctx.audit.record({ action: 'people.merged', outcome: 'succeeded', resourceType: 'person-merge', resourceId: merge.id, personId, purpose, details: { ...pair, role, reason, moved: counts } })
  }
  return { merge, moved: counts }
}

function pairCondition(pair: MergePair) {
  const [a, b] = [pair.survivingPersonId, pair.mergedPersonId].sort() as [string, string]
  return [eq(duplicateCandidates.personId, a), eq(duplicateCandidates.otherPersonId, b)]
}

/**
 * A merge that can be undone now, for the unmerge form and the unmerge itself: the function first (403), then the
 * merge (404 if none); one involving a record that is now restricted or sealed is hidden like the record (404).
 */
async function findUnmergeable(ctx: Ctx, id: string): Promise<{ merge: MergeRow; purpose: string }> {
  const purpose = authorize(ctx, 'people.unmerge', isUuid(id) ? { ...MERGE_HISTORY, resourceId: id } : MERGE_HISTORY)
  const merge = await findMergeRow(ctx.tx, id)
  if (!merge) throw new NotFoundError()
  if (merge.hidden) {
    ctx.audit.record({ action: 'people.unmerge', outcome: 'denied', resourceType: 'person-merge', resourceId: id, details: { reason: 'a record of the merge is restricted or sealed' } })
    throw new NotFoundError()
  }
  return { merge, purpose }
}

/** The unmerge form: the merge and the search cards of both people (audited: it shows personal data). */
export async function viewMergeForUnmerge(ctx: Ctx, id: string): Promise<{ merge: MergeRow; kept: PersonCard; merged: PersonCard }> {
  const { merge, purpose } = await findUnmergeable(ctx, id)
  const cards = await loadCards(ctx.tx, [merge.survivingPersonId, merge.mergedPersonId])
  const kept = cards.get(merge.survivingPersonId)
  const merged = cards.get(merge.mergedPersonId)
  if (!kept || !merged) throw new NotFoundError()
  for (const personId of [merge.survivingPersonId, merge.mergedPersonId]) {
    ctx.audit.record({ action: 'people.merge.viewed', outcome: 'allowed', resourceType: 'person-merge', resourceId: id, personId, purpose, details: { for: 'unmerge' } })
  }
  return { merge, kept, merged }
}

export async function unmergePeople(ctx: Ctx, id: string, input: { reason: string }): Promise<PersonMerge> {
  const actor = userOf(ctx)
  const { merge, purpose } = await findUnmergeable(ctx, id)
  const reason = checkReason(input.reason, 'Reason for undoing the merge')
  const pair: MergePair = { survivingPersonId: merge.survivingPersonId, mergedPersonId: merge.mergedPersonId }
  await lockPair(ctx, pair)
  const [current] = await ctx.tx.select().from(personMerges).where(eq(personMerges.id, id)).for('update')
  if (!current || current.unmergedAt) throw new ConflictError('This merge has already been undone')
  const facts = await loadGuardFacts(ctx.tx, [pair.survivingPersonId])
  // The rows this merge moved may have moved on again with the survivor: undo the later merge first (last in, first out).
  if (facts.get(pair.survivingPersonId)?.mergedIntoId) {
    throw new ConflictError('The record that was kept has since been merged into another record. Unmerge that later merge first')
  }
  const extensions = [...personExtensions()].reverse()
  const missing = Object.keys(current.moved).filter((name) => !extensions.some((e) => e.name === name && e.restoreOnUnmerge))
  if (missing.length > 0) throw new ConflictError(`This merge cannot be undone here: ${missing.join(', ')} cannot restore what it moved`)
  for (const extension of extensions) {
    if (extension.restoreOnUnmerge && extension.name in current.moved) await extension.restoreOnUnmerge(ctx.tx, pair, current.moved[extension.name])
  }
  await ctx.tx.update(people).set({ mergedIntoId: null }).where(eq(people.id, pair.mergedPersonId))
  const [updated] = await ctx.tx
    .update(personMerges)
    .set({ unmergedBy: actor.userId, unmergedAt: ctx.now, unmergeReason: reason })
    .where(eq(personMerges.id, id))
    .returning()
  if (!updated) throw new Error('update returned no merge')
  // Undoing a merge says the two are not the same person: the pair is decided so, and not offered again.
  await ctx.tx
    .update(duplicateCandidates)
    .set({ status: 'not-duplicate', decidedBy: actor.userId, decidedAt: ctx.now, decisionReason: reason })
    .where(eq(duplicateCandidates.mergeId, id))
  await refreshSearchKeys(ctx.tx, [pair.survivingPersonId, pair.mergedPersonId])
  const counts = Object.fromEntries(Object.entries(current.moved).map(([name, undo]) => [name, countMoved(undo)]))
  for (const [personId, role] of [[pair.survivingPersonId, 'surviving'], [pair.mergedPersonId, 'merged']] as const) {
    ctx.audit.record({ action: 'people.unmerged', outcome: 'succeeded', resourceType: 'person-merge', resourceId: id, personId, purpose, details: { ...pair, role, reason, restored: counts } })
  }
  return updated
}

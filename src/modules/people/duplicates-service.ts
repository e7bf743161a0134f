import { eq } from 'drizzle-orm'
import { abilities, authorize } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors.ts'
import { createStandardiser } from './linkage/index.ts'
import { findDuplicateCandidates, loadPairSources, scorePair, type ScanSummary } from './duplicates-scan.ts'
import {
  findCandidate,
  isUuid,
  listCandidates,
  listMergeRows,
  loadCards,
  type CandidateCursor,
  type CandidateFilter,
  type CandidateRow,
  type MergeRow,
  type PersonCard,
} from './duplicates-queries.ts'
import { checkMerge, type MergeCheck } from './merge-guards.ts'
import { DUPLICATE_QUEUE, MERGE_HISTORY } from './merge-policy.ts'
import { duplicateCandidates } from './merge-schema.ts'
import { checkReason, mergePeople } from './merge-service.ts'
import { apiReasons, type SearchReason } from './search-reasons.ts'

/**
 * The duplicate queue (ADR 0009): list, compare, "not the same person", look again. Each read shows search-card
 * fields of the people in it, so each is audited with their ids.
 */

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('the duplicate queue is worked by a signed-in user')
  return ctx.actor
}

export type QueueItem = { candidate: CandidateRow; people: [PersonCard, PersonCard] }

async function withCards(ctx: Ctx, rows: readonly CandidateRow[]): Promise<QueueItem[]> {
  const cards = await loadCards(ctx.tx, rows.flatMap((r) => [r.personId, r.otherPersonId]))
  return rows.flatMap((candidate) => {
    const a = cards.get(candidate.personId)
    const b = cards.get(candidate.otherPersonId)
    return a && b ? [{ candidate, people: [a, b] as [PersonCard, PersonCard] }] : []
  })
}

export async function listDuplicates(ctx: Ctx, filter: CandidateFilter, options: { limit: number; after?: CandidateCursor | undefined }): Promise<{ items: QueueItem[]; next: CandidateCursor | null }> {
  const purpose = authorize(ctx, 'people.duplicates.view', DUPLICATE_QUEUE)
  const rows = await listCandidates(ctx.tx, filter, options.limit + 1, options.after)
  const page = rows.slice(0, options.limit)
  const items = await withCards(ctx, page)
  const last = page.at(-1)
  ctx.audit.record({
    action: 'people.duplicates.viewed',
    outcome: 'allowed',
    resourceType: 'duplicate-candidate',
    purpose,
    details: { filter, shown: items.length, personIds: items.flatMap((i) => i.people.map((p) => p.id)) },
  })
  return { items, next: rows.length > options.limit && last ? { probability: last.probability, id: last.id } : null }
}

/** A pair the actor may work on: hidden pairs (a record now restricted or sealed) are refused like no pair at all. */
async function visibleCandidate(ctx: Ctx, id: string, action: 'people.duplicates.view' | 'people.duplicates.decide'): Promise<{ candidate: CandidateRow; purpose: string }> {
  const purpose = authorize(ctx, action, isUuid(id) ? { ...DUPLICATE_QUEUE, resourceId: id } : DUPLICATE_QUEUE)
  const found = await findCandidate(ctx.tx, id)
  if (found.kind === 'none') throw new NotFoundError()
  if (found.kind === 'hidden') {
    ctx.audit.record({ action, outcome: 'denied', resourceType: 'duplicate-candidate', resourceId: id, details: { reason: 'a record of the pair is restricted or sealed' } })
    throw new NotFoundError()
  }
  return { candidate: found.candidate, purpose }
}

export type Comparison = QueueItem & {
  /** Scored now (the records may have changed since the pair was found). */
  probability: number
  reasons: SearchReason[]
  check: MergeCheck
  canMerge: boolean
}

export async function compareDuplicates(ctx: Ctx, id: string): Promise<Comparison> {
  const { candidate, purpose } = await visibleCandidate(ctx, id, 'people.duplicates.view')
  const [item] = await withCards(ctx, [candidate])
  if (!item) throw new NotFoundError()
  const sources = await loadPairSources(ctx.tx, [candidate.personId, candidate.otherPersonId])
  const a = sources.get(candidate.personId)
  const b = sources.get(candidate.otherPersonId)
  if (!a || !b) throw new NotFoundError()
  const match = scorePair(createStandardiser(), a, b)
  const check = await checkMerge(ctx.tx, { survivingPersonId: candidate.personId, mergedPersonId: candidate.otherPersonId })
  for (const personId of [candidate.personId, candidate.otherPersonId]) {
    ctx.audit.record({ action: 'people.duplicates.compared', outcome: 'allowed', resourceType: 'duplicate-candidate', resourceId: id, personId, purpose })
  }
  // Whether this actor could merge at all (the role); the people themselves are checked when they do.
  const canMerge = ctx.actor.kind === 'user' && abilities(ctx.actor, ['people.unmerge'], MERGE_HISTORY)['people.unmerge']
  return { ...item, probability: match.probability, reasons: apiReasons(match.reasons), check, canMerge }
}

/** "Not the same person": the pair is decided and never offered again (a later scan leaves it alone). */
export async function decideNotDuplicate(ctx: Ctx, id: string, input: { reason: string }): Promise<CandidateRow> {
  const actor = userOf(ctx)
  const { candidate, purpose } = await visibleCandidate(ctx, id, 'people.duplicates.decide')
  const reason = checkReason(input.reason, 'Reason')
  if (candidate.status !== 'open') throw new ConflictError('This pair has already been decided')
  await ctx.tx
    .update(duplicateCandidates)
    .set({ status: 'not-duplicate', decidedBy: actor.userId, decidedAt: ctx.now, decisionReason: reason })
    .where(eq(duplicateCandidates.id, id))
  for (const personId of [candidate.personId, candidate.otherPersonId]) {
    ctx.audit.record({
      action: 'people.duplicates.decided',
      outcome: 'succeeded',
      resourceType: 'duplicate-candidate',
      resourceId: id,
      personId,
      purpose,
      details: { decision: 'not-duplicate', reason, personId: candidate.personId, otherPersonId: candidate.otherPersonId },
    })
  }
  return { ...candidate, status: 'not-duplicate', decidedBy: actor.userId, decidedAt: ctx.now, decisionReason: reason }
}

/** "Look for duplicates again": the whole index, as the demo seed does. */
export async function scanForDuplicates(ctx: Ctx): Promise<ScanSummary> {
  const purpose = authorize(ctx, 'people.duplicates.scan', DUPLICATE_QUEUE)
  const summary = await findDuplicateCandidates(ctx.tx, ctx.now)
  ctx.audit.record({ action: 'people.duplicates.scanned', outcome: 'succeeded', resourceType: 'duplicate-candidate', purpose, details: summary })
  return summary
}

export type HistoryItem = { merge: MergeRow; people: [PersonCard, PersonCard] }

/** The merge history, newest first, with search cards. Audited: it shows personal data. */
export async function listMerges(ctx: Ctx, limit = 200): Promise<HistoryItem[]> {
  const purpose = authorize(ctx, 'people.duplicates.view', MERGE_HISTORY)
  const rows = await listMergeRows(ctx.tx, limit)
  const cards = await loadCards(ctx.tx, rows.flatMap((m) => [m.survivingPersonId, m.mergedPersonId]))
  const items = rows.flatMap((merge) => {
    const s = cards.get(merge.survivingPersonId)
    const m = cards.get(merge.mergedPersonId)
    return s && m ? [{ merge, people: [s, m] as [PersonCard, PersonCard] }] : []
  })
  ctx.audit.record({
    action: 'people.merges.viewed',
    outcome: 'allowed',
    resourceType: 'person-merge',
    purpose,
    details: { shown: items.length, personIds: items.flatMap((i) => i.people.map((p) => p.id)) },
  })
  return items
}

/** Merge the two records of a queued pair, keeping the first or the second (the comparison page's decision). */
export async function mergeFromCandidate(ctx: Ctx, id: string, keep: 'first' | 'second', reason: string) {
  const { candidate } = await visibleCandidate(ctx, id, 'people.duplicates.view')
  if (candidate.status !== 'open') throw new ConflictError('This pair has already been decided')
  const [survivingPersonId, mergedPersonId] = keep === 'first' ? [candidate.personId, candidate.otherPersonId] : [candidate.otherPersonId, candidate.personId]
  return mergePeople(ctx, { survivingPersonId, mergedPersonId, reason })
}

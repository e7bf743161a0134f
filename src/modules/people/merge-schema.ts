import { sql } from 'drizzle-orm'
import { check, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../../platform/auth/schema.ts'
import { people } from './schema.ts'

/**
 * Duplicates and merge (issue 3 point 4, ADR 0009). Two records of one child are found by the linkage engine (an
 * index scan), by "none of these is the same person" at create time, or by an import whose row matched two
 * existing records; the MASH decides each pair: merge (with a reason) or "not the same person".
 */
export const DUPLICATE_SOURCES = ['index-scan', 'created-despite-match', 'import'] as const
export type DuplicateSource = (typeof DUPLICATE_SOURCES)[number]
export const DUPLICATE_STATUSES = ['open', 'merged', 'not-duplicate'] as const
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number]

export const duplicateCandidates = pgTable(
  'duplicate_candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The pair in a canonical order (person_id < other_person_id), so a pair is found once whoever finds it. */
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    otherPersonId: uuid('other_person_id')
      .notNull()
      .references(() => people.id),
    /** The linkage engine's match probability and weight when the pair was (last) found. */
    probability: doublePrecision('probability').notNull(),
    matchWeight: doublePrecision('match_weight').notNull(),
    /** Per-field comparison levels and weights (never the values), as search shows them. */
    reasons: jsonb('reasons').$type<unknown[]>().notNull(),
    source: text('source', { enum: DUPLICATE_SOURCES }).notNull(),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: DUPLICATE_STATUSES }).notNull().default('open'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    /** The merge that settled it (status `merged`); an unmerge re-opens the pair as `not-duplicate`. */
    mergeId: uuid('merge_id'),
  },
  (t) => [
    uniqueIndex('duplicate_candidates_pair_key').on(t.personId, t.otherPersonId),
    index('duplicate_candidates_status_idx').on(t.status, t.probability),
    index('duplicate_candidates_other_idx').on(t.otherPersonId),
    check('duplicate_candidates_order_check', sql`person_id < other_person_id`),
    check('duplicate_candidates_status_check', sql`status in ('open','merged','not-duplicate')`),
    check('duplicate_candidates_source_check', sql`source in ('index-scan','created-despite-match','import')`),
    check('duplicate_candidates_decision_check', sql`status = 'open' or (decided_by is not null and decided_at is not null and decision_reason is not null)`),
  ],
)

/**
 * One merge: the merged person's rows (in every module, through the merge re-pointing extension point) moved to
 * the surviving person. `moved` records exactly what moved and what changed, per extension, so that an unmerge puts
 * both records back as they were. The merged person's row stays (nothing is hard-deleted), marked
 * people.merged_into_id, and is left out of search, lists and counts.
 */
export const personMerges = pgTable(
  'person_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    survivingPersonId: uuid('surviving_person_id')
      .notNull()
      .references(() => people.id),
    mergedPersonId: uuid('merged_person_id')
      .notNull()
      .references(() => people.id),
    reason: text('reason').notNull(),
    mergedBy: uuid('merged_by')
      .notNull()
      .references(() => users.id),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull(),
    /** { extensionName: whatever that extension needs to undo its re-pointing } */
    moved: jsonb('moved').$type<Record<string, unknown>>().notNull(),
    unmergedBy: uuid('unmerged_by').references(() => users.id),
    unmergedAt: timestamp('unmerged_at', { withTimezone: true }),
    unmergeReason: text('unmerge_reason'),
  },
  (t) => [
    index('person_merges_surviving_idx').on(t.survivingPersonId),
    // A person is merged away at most once at a time.
    uniqueIndex('person_merges_merged_active_key').on(t.mergedPersonId).where(sql`unmerged_at is null`),
    check('person_merges_not_self_check', sql`surviving_person_id <> merged_person_id`),
    check('person_merges_unmerge_check', sql`(unmerged_at is null) = (unmerged_by is null) and (unmerged_at is null) = (unmerge_reason is null)`),
  ],
)

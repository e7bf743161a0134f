import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { createStandardiser, type MatchResult, type RawRecord } from './linkage/index.ts'
import { duplicateCandidates, type DuplicateSource } from './merge-schema.ts'
import type { DobPrecision } from './schema.ts'
import { DUPLICATE_PROBABILITY, scoreCandidate } from './search.ts'
import { apiReasons } from './search-reasons.ts'

/**
 * Finding duplicate records (ADR 0009): blocking on the search keys the index already keeps (person_search_keys,
 * ADR 0008), then each pair scored with the same model and the same "best over names × postcodes" as search, so a
 * pair in the queue is a pair that search would have shown as a likely match. Pairs at or above
 * DUPLICATE_PROBABILITY go into duplicate_candidates in a canonical order; a decided pair is never re-opened.
 *
 * Left out: merged-away people (their keys are gone), and restricted and sealed records — the queue shows search
 * cards, which a restricted record never has, and a sealed record must not be shown to exist.
 */

/** A key held by more people than this says little (a common name in one year, a popular date): not a block. */
export const MAX_BLOCK = 200
const PAIR_BATCH = 2000

export type PairSource = {
  id: string
  names: Array<[string | null, string | null, string | null]>
  dateOfBirth: string | null
  gender: string
  postcodes: string[]
  nhs: string[]
}

const uuidList = (ids: readonly string[]) => sql`string_to_array(${ids.join(',')}, ',')::uuid[]`

/**
 * The date of birth as far as it is known: a date known to the month or year is compared as a partial date (the
 * engine's "partial date agrees"), and an estimated one not at all — "about 14" must not count against a match
 * the way a wrong date would.
 */
export function comparableDate(date: string | null, precision: DobPrecision): string | null {
  if (!date) return null
  if (precision === 'exact') return date
  if (precision === 'month') return date.slice(0, 7)
  if (precision === 'year') return date.slice(0, 4)
  return null
}

export async function loadPairSources(db: Db, ids: readonly string[]): Promise<Map<string, PairSource>> {
  if (ids.length === 0) return new Map()
  const rows = await queryRows<{ id: string; given_name: string; middle_names: string | null; family_name: string; date_of_birth: string | null; dob_precision: DobPrecision; gender: string; names: PairSource['names']; postcodes: string[] | null; nhs: string[] | null }>(
    db,
    sql`select p.id, p.given_name, p.middle_names, p.family_name, p.date_of_birth::text as date_of_birth, p.dob_precision, p.gender,
          (select coalesce(json_agg(json_build_array(n.given_name, n.middle_names, n.family_name) order by n.id), '[]'::json) from person_names n where n.person_id = p.id) as names,
          (select array_agg(distinct a.postcode) from person_addresses a where a.person_id = p.id and a.postcode is not null) as postcodes,
          (select array_agg(i.value order by i.value) from person_identifiers i where i.person_id = p.id and i.type = 'nhs-number') as nhs
        from people p where p.id = any(${uuidList(ids)})`,
  )
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        names: r.names.length ? r.names : [[r.given_name, r.middle_names, r.family_name]],
        dateOfBirth: comparableDate(r.date_of_birth, r.dob_precision),
        gender: r.gender,
        postcodes: r.postcodes ?? [],
        nhs: r.nhs ?? [],
      },
    ]),
  )
}

/** How alike two people are: the best over every name × postcode of one, scored against the other as search does. */
export function scorePair(standardise: ReturnType<typeof createStandardiser>, a: PairSource, b: PairSource): MatchResult {
  const identifier = a.nhs.find((n) => b.nhs.includes(n)) ?? a.nhs[0]
  const postcodes: Array<string | undefined> = a.postcodes.length ? a.postcodes : [undefined]
  let best: MatchResult | undefined
  for (const [given, middle, family] of a.names) {
    for (const postcode of postcodes) {
      const raw: RawRecord = {}
      if (given) raw.given_name = given
      if (middle) raw.middle_name = middle
      if (family) raw.family_name = family
      if (a.dateOfBirth) raw.date_of_birth = a.dateOfBirth
      if (a.gender !== 'U') raw.gender = a.gender
      if (postcode) raw.postcode = postcode
      if (identifier) raw.identifier = identifier
      const result = scoreCandidate(standardise, standardise(raw), b)
      if (!best || result.matchWeight > best.matchWeight) best = result
    }
  }
  return best ?? scoreCandidate(standardise, standardise({}), b)
}

type Pair = readonly [string, string]
const canonical = (x: string, y: string): Pair => (x < y ? [x, y] : [y, x])

/** Candidate pairs from the blocking keys, each once, in canonical order. */
async function blockedPairs(db: Db): Promise<Pair[]> {
  const rows = await queryRows<{ a: string; b: string }>(
    db,
    sql`with k as (
          select k.person_id, k.key, k.birth_year
          from person_search_keys k
          where not exists (select 1 from people p where p.id = k.person_id and p.merged_into_id is not null)
            and not exists (select 1 from record_protections rp where rp.person_id = k.person_id)
            and (k.key like 'nm:%' or k.key like 'id:%' or k.key like 'd:%' or k.key like 'dg:%' or k.key like 'df:%')
        ),
        blocks as (select key from k group by key having count(*) between 2 and ${MAX_BLOCK})
        select distinct a.person_id as a, b.person_id as b
        from blocks bl
        join k a on a.key = bl.key
        join k b on b.key = bl.key and a.person_id < b.person_id
        where a.key not like 'nm:%' or a.birth_year is null or b.birth_year is null or abs(a.birth_year - b.birth_year) <= 1
        order by 1, 2`,
  )
  return rows.map((r) => [r.a, r.b] as const)
}

/** Open pairs already queued whose two people are still both eligible: re-scored on every scan. */
async function openPairs(db: Db): Promise<Pair[]> {
  const rows = await queryRows<{ a: string; b: string }>(
    db,
    // Written as "not exists" from the queue outwards: right after a bulk load (the demo seed) the planner has no
    // statistics and would otherwise loop over people × people.
    sql`select dc.person_id as a, dc.other_person_id as b from duplicate_candidates dc
        where dc.status = 'open'
          and not exists (select 1 from people p where p.id in (dc.person_id, dc.other_person_id) and p.merged_into_id is not null)
          and not exists (select 1 from record_protections rp where rp.person_id in (dc.person_id, dc.other_person_id))`,
  )
  return rows.map((r) => [r.a, r.b] as const)
}

export type ScanSummary = { compared: number; found: number; added: number; updated: number }

/**
 * Score `pairs` and write to the queue: pairs at or above the threshold, and pairs in `alwaysKeep` (already open,
 * or shown to the user as likely at create time) whatever their score. Never touches a decided pair.
 */
async function scoreAndUpsert(db: Db, pairs: readonly Pair[], now: Date, source: DuplicateSource, alwaysKeep: ReadonlySet<string>): Promise<ScanSummary> {
  const summary: ScanSummary = { compared: 0, found: 0, added: 0, updated: 0 }
  const standardise = createStandardiser()
  for (let i = 0; i < pairs.length; i += PAIR_BATCH) {
    const batch = pairs.slice(i, i + PAIR_BATCH)
    const sources = await loadPairSources(db, [...new Set(batch.flat())])
    const values: Array<typeof duplicateCandidates.$inferInsert> = []
    for (const [a, b] of batch) {
      const left = sources.get(a)
      const right = sources.get(b)
      if (!left || !right) continue
      summary.compared += 1
      const match = scorePair(standardise, left, right)
      const found = match.probability >= DUPLICATE_PROBABILITY
      if (found) summary.found += 1
      if (!found && !alwaysKeep.has(`${a}|${b}`)) continue
      values.push({ personId: a, otherPersonId: b, probability: match.probability, matchWeight: match.matchWeight, reasons: apiReasons(match.reasons), source, foundAt: now })
    }
    if (values.length === 0) continue
    const written = await db
      .insert(duplicateCandidates)
      .values(values)
      .onConflictDoUpdate({
        target: [duplicateCandidates.personId, duplicateCandidates.otherPersonId],
        set: { probability: sql`excluded.probability`, matchWeight: sql`excluded.match_weight`, reasons: sql`excluded.reasons` },
        setWhere: sql`${duplicateCandidates.status} = 'open'`,
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` })
    for (const w of written) {
      if (w.inserted) summary.added += 1
      else summary.updated += 1
    }
  }
  return summary
}

/** Scan the whole index for duplicates and bring the queue up to date. Safe to run at any time, any number of times. */
export async function findDuplicateCandidates(db: Db, now: Date): Promise<ScanSummary> {
  const open = await openPairs(db)
  const keep = new Set(open.map(([a, b]) => `${a}|${b}`))
  const pairs = await blockedPairs(db)
  const seen = new Set(pairs.map(([a, b]) => `${a}|${b}`))
  return scoreAndUpsert(db, [...pairs, ...open.filter(([a, b]) => !seen.has(`${a}|${b}`))], now, 'index-scan', keep)
}

/**
 * A second pair of eyes: a person created although search showed likely matches (or an import that matched two
 * records) puts those pairs in the queue, whatever their pairwise score.
 */
export async function recordDuplicatePairs(db: Db, personId: string, otherIds: readonly string[], now: Date, source: DuplicateSource): Promise<ScanSummary> {
  const pairs = [...new Set(otherIds)].filter((id) => id !== personId).map((id) => canonical(personId, id))
  return scoreAndUpsert(db, pairs, now, source, new Set(pairs.map(([a, b]) => `${a}|${b}`)))
}

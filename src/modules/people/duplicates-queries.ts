import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import type { DuplicateSource, DuplicateStatus } from './merge-schema.ts'
import { postcodeDistrict } from './rules.ts'
import { agencyTypesOf } from './search.ts'
import type { SearchReason } from './search-reasons.ts'

/**
 * Reads for the duplicate queue, the comparison page and the merge history. They return search-card fields only
 * (CONTRACTS.md §2: names, date of birth, gender, postcode district, agency types — plus child or adult, which
 * the comparison shows as a difference to weigh), because the MASH works the queue without a relationship to the
 * child. Pairs or merges involving a restricted or sealed record are left out in SQL: neither has a search card.
 */

export type PersonCard = {
  id: string
  kind: 'child' | 'adult'
  givenName: string
  middleNames: string | null
  familyName: string
  /** Aliases and previous names ("also known as"). */
  otherNames: string[]
  dateOfBirth: string | null
  dobPrecision: 'exact' | 'month' | 'year' | 'estimated'
  gender: 'F' | 'M' | 'U'
  postcodeDistrict: string | null
  agencyTypes: string[]
  mergedIntoId: string | null
}

export type CandidateRow = {
  id: string
  personId: string
  otherPersonId: string
  probability: number
  matchWeight: number
  reasons: SearchReason[]
  source: DuplicateSource
  foundAt: Date
  status: DuplicateStatus
  decidedAt: Date | null
  decidedBy: string | null
  decisionReason: string | null
  mergeId: string | null
}

const uuidList = (ids: readonly string[]) => sql`string_to_array(${ids.join(',')}, ',')::uuid[]`
export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)

/** Neither person is restricted or sealed. */
const unprotected = (a: ReturnType<typeof sql>, b: ReturnType<typeof sql>) =>
  sql`not exists (select 1 from record_protections rp where rp.person_id in (${a}, ${b}))`

type RawCandidate = {
  id: string
  person_id: string
  other_person_id: string
  probability: number
  match_weight: number
  reasons: SearchReason[]
  source: DuplicateSource
  found_at: string | Date
  status: DuplicateStatus
  decided_at: string | Date | null
  decided_by: string | null
  decision_reason: string | null
  merge_id: string | null
}

const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v))
function candidateOf(r: RawCandidate): CandidateRow {
  return {
    id: r.id,
    personId: r.person_id,
    otherPersonId: r.other_person_id,
    probability: Number(r.probability),
    matchWeight: Number(r.match_weight),
    reasons: r.reasons,
    source: r.source,
    foundAt: toDate(r.found_at),
    status: r.status,
    decidedAt: r.decided_at === null ? null : toDate(r.decided_at),
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    mergeId: r.merge_id,
  }
}

export type CandidateFilter = 'open' | 'decided'
/** Keyset position: the last row's probability and id (the queue is ordered highest probability first). */
export type CandidateCursor = { probability: number; id: string }

/**
 * The queue, highest probability first. Open pairs whose people have since been merged away are left out (the
 * survivor is scanned afresh); decided pairs are history and stay.
 */
export async function listCandidates(db: Db, filter: CandidateFilter, limit: number, after?: CandidateCursor): Promise<CandidateRow[]> {
  const status = filter === 'open' ? sql`dc.status = 'open' and a.merged_into_id is null and b.merged_into_id is null` : sql`dc.status <> 'open'`
  const from = after ? sql`and (dc.probability < ${after.probability} or (dc.probability = ${after.probability} and dc.id > ${after.id}::uuid))` : sql``
  const rows = await queryRows<RawCandidate>(
    db,
    sql`select dc.* from duplicate_candidates dc
        join people a on a.id = dc.person_id
        join people b on b.id = dc.other_person_id
        where ${status} and ${unprotected(sql`dc.person_id`, sql`dc.other_person_id`)} ${from}
        order by dc.probability desc, dc.id
        limit ${limit}`,
  )
  return rows.map(candidateOf)
}

export type CandidateLookup = { kind: 'visible'; candidate: CandidateRow } | { kind: 'hidden'; candidate: CandidateRow } | { kind: 'none' }

/** One pair: visible, hidden (a person is now restricted or sealed), or no such pair. */
export async function findCandidate(db: Db, id: string): Promise<CandidateLookup> {
  if (!isUuid(id)) return { kind: 'none' }
  const [row] = await queryRows<RawCandidate & { hidden: boolean }>(
    db,
    sql`select dc.*, not ${unprotected(sql`dc.person_id`, sql`dc.other_person_id`)} as hidden from duplicate_candidates dc where dc.id = ${id}::uuid`,
  )
  if (!row) return { kind: 'none' }
  return { kind: row.hidden ? 'hidden' : 'visible', candidate: candidateOf(row) }
}

/** Search-card fields of some people (for the queue and the history; never more). */
export async function loadCards(db: Db, ids: readonly string[]): Promise<Map<string, PersonCard>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await queryRows<{
    id: string
    kind: 'child' | 'adult'
    given_name: string
    middle_names: string | null
    family_name: string
    other_names: string[] | null
    date_of_birth: string | null
    dob_precision: PersonCard['dobPrecision']
    gender: PersonCard['gender']
    postcode: string | null
    merged_into_id: string | null
  }>(
    db,
    sql`select p.id, p.kind, p.given_name, p.middle_names, p.family_name, p.date_of_birth::text as date_of_birth, p.dob_precision,
          p.gender, p.postcode, p.merged_into_id,
          (select array_agg(concat_ws(' ', n.given_name, n.middle_names, n.family_name) order by n.kind, n.id)
             from person_names n where n.person_id = p.id and n.kind <> 'current') as other_names
        from people p where p.id = any(${uuidList(unique)})`,
  )
  const agencies = await agencyTypesOf(db, unique)
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        kind: r.kind,
        givenName: r.given_name,
        middleNames: r.middle_names,
        familyName: r.family_name,
        otherNames: r.other_names ?? [],
        dateOfBirth: r.date_of_birth,
        dobPrecision: r.dob_precision,
        gender: r.gender,
        postcodeDistrict: postcodeDistrict(r.postcode),
        agencyTypes: agencies.get(r.id) ?? [],
        mergedIntoId: r.merged_into_id,
      },
    ]),
  )
}

export type MergeRow = {
  id: string
  survivingPersonId: string
  mergedPersonId: string
  reason: string
  mergedAt: Date
  mergedByName: string
  moved: Record<string, unknown>
  unmergedAt: Date | null
  unmergedByName: string | null
  unmergeReason: string | null
  hidden: boolean
}

type RawMerge = {
  id: string
  surviving_person_id: string
  merged_person_id: string
  reason: string
  merged_at: string | Date
  merged_by_name: string
  moved: Record<string, unknown>
  unmerged_at: string | Date | null
  unmerged_by_name: string | null
  unmerge_reason: string | null
  hidden: boolean
}

const mergeSelect = sql`select m.id, m.surviving_person_id, m.merged_person_id, m.reason, m.merged_at, m.moved, m.unmerged_at, m.unmerge_reason,
    mu.display_name as merged_by_name, uu.display_name as unmerged_by_name,
    not ${unprotected(sql`m.surviving_person_id`, sql`m.merged_person_id`)} as hidden
  from person_merges m
  join users mu on mu.id = m.merged_by
  left join users uu on uu.id = m.unmerged_by`

function mergeOf(r: RawMerge): MergeRow {
  return {
    id: r.id,
    survivingPersonId: r.surviving_person_id,
    mergedPersonId: r.merged_person_id,
    reason: r.reason,
    mergedAt: toDate(r.merged_at),
    mergedByName: r.merged_by_name,
    moved: r.moved,
    unmergedAt: r.unmerged_at === null ? null : toDate(r.unmerged_at),
    unmergedByName: r.unmerged_by_name,
    unmergeReason: r.unmerge_reason,
    hidden: r.hidden,
  }
}

/** The merge history, newest first; merges involving a now restricted or sealed record are left out. */
export async function listMergeRows(db: Db, limit: number): Promise<MergeRow[]> {
  const rows = await queryRows<RawMerge>(db, sql`select * from (${mergeSelect}) x where not x.hidden order by x.merged_at desc, x.id limit ${limit}`)
  return rows.map(mergeOf)
}

export async function findMergeRow(db: Db, id: string): Promise<MergeRow | undefined> {
  if (!isUuid(id)) return undefined
  const [row] = await queryRows<RawMerge>(db, sql`${mergeSelect} where m.id = ${id}::uuid`)
  return row ? mergeOf(row) : undefined
}

/** The record a merged-away person now lives on (following later merges), or undefined if not merged. */
export async function findSurvivor(db: Db, personId: string): Promise<string | undefined> {
  if (!isUuid(personId)) return undefined
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`with recursive chain(id, merged_into_id, depth) as (
          select id, merged_into_id, 0 from people where id = ${personId}::uuid
          union all
          select p.id, p.merged_into_id, c.depth + 1 from people p join chain c on p.id = c.merged_into_id where c.depth < 50
        )
        select id from chain where merged_into_id is null and depth > 0`,
  )
  return row?.id
}

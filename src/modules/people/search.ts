import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { compareRecords, createStandardiser, DEFAULT_MODEL, type MatchResult, type RawRecord } from './linkage/index.ts'
import { personSearchKeys as keysTable } from './schema.ts'
import { personSearchKeys, queryKeys, type KeySource, type PersonKey, type QueryTerms } from './search-keys.ts'

/**
 * "Is this child known?" (ADR 0008): candidates by blocking keys (person_search_keys, one indexed lookup for all
 * keys), then each candidate scored with the linkage engine's model — the best over every name the person has had
 * and every postcode they have lived at — and ranked by match weight.
 */

/** At most this many candidates are scored (those sharing the most keys with the terms first). */
export const CANDIDATE_CAP = 300
/** Results below this probability are not shown: they share a key with the terms but little else. */
export const MIN_PROBABILITY = 0.001
/** Creating a person: candidates at or above this probability must be looked at first. */
export const DUPLICATE_PROBABILITY = 0.5

const INSERT_CHUNK = 2000

type KeyRow = { person_id: string; key: string; birth_year: number | null }

async function insertKeys(db: Db, rows: KeyRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db.insert(keysTable).values(rows.slice(i, i + INSERT_CHUNK).map((r) => ({ personId: r.person_id, key: r.key, birthYear: r.birth_year })))
  }
}

/** Keys rows for people whose details are at hand (the demo seed's bulk load). */
export function searchKeyRows(sources: ReadonlyMap<string, KeySource>): KeyRow[] {
  const rows: KeyRow[] = []
  for (const [personId, source] of sources) {
    for (const k of personSearchKeys(source)) rows.push({ person_id: personId, key: k.key, birth_year: k.birthYear })
  }
  return rows
}

export async function insertSearchKeyRows(db: Db, sources: ReadonlyMap<string, KeySource>): Promise<void> {
  await insertKeys(db, searchKeyRows(sources))
}

type SourceRow = { id: string; date_of_birth: string | null; names: Array<[string | null, string | null, string | null]>; postcodes: string[] | null; identifiers: string[] | null }

const uuidList = (ids: readonly string[]) => sql`string_to_array(${ids.join(',')}, ',')::uuid[]`

async function loadSources(db: Db, ids: readonly string[]): Promise<Map<string, KeySource>> {
  const rows = await queryRows<SourceRow>(
    db,
    sql`select p.id, p.date_of_birth::text as date_of_birth,
          (select coalesce(json_agg(json_build_array(n.given_name, n.middle_names, n.family_name)), '[]'::json) from person_names n where n.person_id = p.id) as names,
          (select array_agg(distinct a.postcode) from person_addresses a where a.person_id = p.id and a.postcode is not null) as postcodes,
          (select array_agg(i.value) from person_identifiers i where i.person_id = p.id and i.type in ('nhs-number', 'upn')) as identifiers
        from people p where p.id = any(${uuidList(ids)}) and p.merged_into_id is null`,
  )
  // A merged-away person (ADR 0009) has no keys: its rows now belong to the survivor, whose keys carry them.
  const out = new Map<string, KeySource>()
  for (const r of rows) {
    out.set(r.id, {
      names: r.names.map(([givenName, middleNames, familyName]) => ({ givenName, middleNames, familyName })),
      dateOfBirth: r.date_of_birth,
      postcodes: r.postcodes ?? [],
      identifiers: r.identifiers ?? [],
    })
  }
  return out
}

/** Rebuild the keys of some people after their names, date of birth, addresses or identifiers changed. */
export async function refreshSearchKeys(db: Db, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return
  await db.execute(sql`delete from person_search_keys where person_id = any(${uuidList(personIds)})`)
  await insertSearchKeyRows(db, await loadSources(db, personIds))
}

/**
 * After migrations: an empty key table with people present (the upgrade to migration 0003, or a future migration
 * that empties it because the keys changed) is filled in batches. Otherwise a cheap no-op.
 */
export async function backfillSearchKeys(db: Db, batch = 2000): Promise<number> {
  const [state] = await queryRows<{ needed: boolean }>(db, sql`select exists (select 1 from people) and not exists (select 1 from person_search_keys) as needed`)
  if (!state?.needed) return 0
  let after = '00000000-0000-0000-0000-000000000000'
  let done = 0
  for (;;) {
    const ids = (await queryRows<{ id: string }>(db, sql`select id from people where id > ${after}::uuid order by id limit ${batch}`)).map((r) => r.id)
    if (ids.length === 0) return done
    await insertSearchKeyRows(db, await loadSources(db, ids))
    done += ids.length
    after = ids[ids.length - 1] as string
  }
}

export type MatchTerms = QueryTerms & { gender?: string | undefined; middleNames?: string | undefined }

export type Candidate = {
  id: string
  givenName: string
  middleNames: string | null
  familyName: string
  dateOfBirth: string | null
  gender: 'F' | 'M' | 'U'
  postcode: string | null
  state: 'ordinary' | 'restricted' | 'sealed'
  match: MatchResult
}

type CandidateRow = {
  id: string
  given_name: string
  middle_names: string | null
  family_name: string
  date_of_birth: string | null
  gender: 'F' | 'M' | 'U'
  postcode: string | null
  state: 'ordinary' | 'restricted' | 'sealed'
  names: Array<[string | null, string | null, string | null]>
  postcodes: string[] | null
  nhs: string[] | null
}

/**
 * Candidate ids sharing keys with the terms, most shared keys first. Sealed records are left out here unless the
 * user is one of their named users, so they never appear in results or counts.
 */
async function loadCandidates(db: Db, userId: string, terms: MatchTerms, cap: number): Promise<CandidateRow[]> {
  const keys = queryKeys(terms)
  if (keys.named.length === 0 && keys.exact.length === 0) return []
  const year = keys.birthYear
  const named = keys.named.join(' ')
  const exact = keys.exact.join(' ')
  return queryRows<CandidateRow>(
    db,
    sql`
    with hits as (
      select k.person_id, count(*) as n
      from person_search_keys k
      where k.key = any(string_to_array(${exact}, ' '))
         or (k.key = any(string_to_array(${named}, ' '))
             and (${year}::int is null or k.birth_year is null or k.birth_year between ${year}::int - 1 and ${year}::int + 1))
      group by k.person_id
      order by n desc, k.person_id
      limit ${cap}
    )
    select p.id, p.given_name, p.middle_names, p.family_name, p.date_of_birth::text as date_of_birth, p.gender, p.postcode,
           coalesce(rp.state, 'ordinary') as state,
           (select coalesce(json_agg(json_build_array(n.given_name, n.middle_names, n.family_name)), '[]'::json) from person_names n where n.person_id = p.id) as names,
           (select array_agg(distinct a.postcode) from person_addresses a where a.person_id = p.id and a.postcode is not null) as postcodes,
           (select array_agg(i.value) from person_identifiers i where i.person_id = p.id and i.type = 'nhs-number') as nhs
    from hits h
    join people p on p.id = h.person_id and p.merged_into_id is null
    left join record_protections rp on rp.person_id = p.id
    where rp.state is distinct from 'sealed'
       or exists (select 1 from sealed_record_access s where s.person_id = p.id and s.user_id = ${userId}::uuid)`,
  )
}

function queryRecord(terms: MatchTerms): RawRecord {
  const raw: RawRecord = {}
  if (terms.givenName) raw.given_name = terms.givenName
  if (terms.middleNames) raw.middle_name = terms.middleNames
  if (terms.familyName) raw.family_name = terms.familyName
  if (terms.dateOfBirth) raw.date_of_birth = terms.dateOfBirth
  if (terms.gender && terms.gender !== 'U') raw.gender = terms.gender
  if (terms.postcode) raw.postcode = terms.postcode
  if (terms.nhsNumber) raw.identifier = terms.nhsNumber.replace(/\s+/g, '')
  return raw
}

/** Score one candidate: the best over each name they have had × each postcode they have lived at. */
export function scoreCandidate(
  standardise: ReturnType<typeof createStandardiser>,
  query: ReturnType<ReturnType<typeof createStandardiser>>,
  c: { names: ReadonlyArray<readonly [string | null, string | null, string | null]>; dateOfBirth: string | null; gender: string; postcodes: readonly string[]; nhs: readonly string[] },
): MatchResult {
  const identifier = query.identifier && c.nhs.includes(query.identifier) ? query.identifier : c.nhs[0]
  const postcodes: Array<string | undefined> = c.postcodes.length ? [...c.postcodes] : [undefined]
  let best: MatchResult | undefined
  for (const [given, middle, family] of c.names) {
    for (const postcode of postcodes) {
      const raw: RawRecord = {}
      if (given) raw.given_name = given
      if (middle) raw.middle_name = middle
      if (family) raw.family_name = family
      if (c.dateOfBirth) raw.date_of_birth = c.dateOfBirth
      if (c.gender !== 'U') raw.gender = c.gender
      if (postcode) raw.postcode = postcode
      if (identifier) raw.identifier = identifier
      const result = compareRecords(DEFAULT_MODEL, query, standardise(raw))
      if (!best || result.matchWeight > best.matchWeight) best = result
    }
  }
  return best ?? compareRecords(DEFAULT_MODEL, query, standardise({}))
}

/** Ranked candidates (best first) at or above `minProbability`, at most `limit`. */
export async function findMatches(
  db: Db,
  userId: string,
  terms: MatchTerms,
  options: { limit: number; minProbability: number; cap?: number },
): Promise<Candidate[]> {
  const rows = await loadCandidates(db, userId, terms, options.cap ?? CANDIDATE_CAP)
  const standardise = createStandardiser()
  const query = standardise(queryRecord(terms))
  const scored: Candidate[] = rows.map((r) => ({
    id: r.id,
    givenName: r.given_name,
    middleNames: r.middle_names,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    gender: r.gender,
    postcode: r.postcode,
    state: r.state,
    match: scoreCandidate(standardise, query, {
      names: r.names.length ? r.names : [[r.given_name, r.middle_names, r.family_name]],
      dateOfBirth: r.date_of_birth,
      gender: r.gender,
      postcodes: r.postcodes ?? (r.postcode ? [r.postcode] : []),
      nhs: r.nhs ?? [],
    }),
  }))
  return scored
    .filter((c) => c.match.probability >= options.minProbability)
    .sort((a, b) => b.match.matchWeight - a.match.matchWeight || (a.id < b.id ? -1 : 1))
    .slice(0, options.limit)
}

/** Agency types involved with each person (the search card's last field), for the few results shown. */
export async function agencyTypesOf(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map()
  const rows = await queryRows<{ person_id: string; types: string[] | null }>(
    db,
    sql`select lr.person_id, array_agg(distinct a.type order by a.type) as types
        from legitimate_relationships lr
        left join teams t on t.id = lr.team_id
        left join user_role_profiles urp on urp.user_id = lr.user_id
        left join teams ut on ut.id = urp.team_id
        join agencies a on a.id = coalesce(t.agency_id, ut.agency_id)
        where lr.person_id = any(${uuidList(ids)})
        group by lr.person_id`,
  )
  return new Map(rows.map((r) => [r.person_id, r.types ?? []]))
}

export type { PersonKey }

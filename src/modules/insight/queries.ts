import { sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import type { Dimension } from './catalogue.ts'
import type { Period } from './period.ts'

/**
 * The indicator SQL (ADR 0017). Every figure is an aggregate computed by the database: no event row is loaded into
 * the application. Other modules' tables (contacts, missing episodes, return interviews, people) are read by name
 * here rather than through their Drizzle schema, so that this module imports no other module's internals.
 *
 * Rules that every query shares:
 * - a period is [from 00:00, the day after `to` 00:00) in Europe/London; contacts fall in it by `received_at`,
 *   episodes by `reported_missing_at`, return interviews by the episode's `returned_at` (CONTRACTS.md §6);
 * - sealed records are absent from counts (CONTRACTS.md §2): rows about a sealed person are left out;
 * - age is the age on the London calendar day of the event, from the person index date of birth (for a contact not
 *   yet linked to a person, the date of birth the referrer gave); no or a later date of birth = `unknown`.
 *
 * Speed (`npm run bench:insight`): a period's rows come from range scans on contacts_insight_received_idx (an
 * index-only scan holding every contact column read here), missing_episodes_reported_idx and _returned_idx, and
 * each child's dimensions from people_insight_idx (migration 0020); both contact indicators share one pass.
 */
type Executor = Db | Tx
type Range = { start: SQL; end: SQL }

const startOf = (day: string) => sql`((${day}::date)::timestamp at time zone 'Europe/London')`
const endOf = (day: string) => sql`(((${day}::date) + 1)::timestamp at time zone 'Europe/London')`
export const rangeOf = (period: Period): Range => ({ start: startOf(period.from), end: endOf(period.to) })

const inRange = (column: SQL, range: Range) => sql`${column} >= ${range.start} and ${column} < ${range.end}`
const notSealed = (personId: SQL) => sql`not exists (select 1 from record_protections rp where rp.person_id = ${personId} and rp.state = 'sealed')`

/**
 * Bands by whole years: width_bucket gives 0 under 10, 1 for 10–12, 2 for 13–15, 3 for 16–17, 4 for 18 and over,
 * so `age()` runs once per row rather than once per band.
 */
function ageBand(dob: SQL, at: SQL): SQL {
  const day = sql`(${at} at time zone 'Europe/London')::date`
  const years = sql`date_part('year', age(${day}, ${dob}))`
  return sql`case when ${dob} is null or ${dob} > ${day} then 'unknown'
    else (array['under-10','10-12','13-15','16-17','18-plus'])[width_bucket(${years}, array[10,13,16,18]::float8[]) + 1] end`
}

/** DfE main codes → major groups (DOMAIN.md §3.5); REFU, NOBT, blank and unrecognised codes are `unknown`. */
function ethnicityGroup(code: SQL): SQL {
  const c = sql`upper(trim(${code}))`
  return sql`case when ${c} in ('WBRI','WIRI','WIRT','WOTH','WROM') then 'white'
    when ${c} in ('MWBC','MWBA','MWAS','MOTH') then 'mixed'
    when ${c} in ('AIND','APKN','ABAN','AOTH') then 'asian'
    when ${c} in ('BCRB','BAFR','BOTH') then 'black'
    when ${c} in ('CHNE','OOTH') then 'other' else 'unknown' end`
}

/**
 * The referring agency type: the reporting practitioner's agency when the contact came from a partner's account;
 * otherwise (phone line, agency systems) the agency the DfE referral source code names. Individuals, anonymous,
 * unknown, other legal agencies and the business unit itself are `other`. Expects `c` (contacts) and `a` (the
 * referrer's agency, left-joined). The problem profile counts contacts under the same rule.
 */
export const referringAgency = sql`case
  when a.type is not null and a.type <> 'partnership-business-unit' then a.type
  when a.type is not null then 'other'
  when c.referral_source in ('2A','2B') then 'education'
  when c.referral_source in ('3A','3B','3C','3D','3E','3F') then 'health'
  when c.referral_source = '4' then 'housing'
  when c.referral_source in ('5A','5C','5D') then 'childrens-social-care'
  when c.referral_source = '6' then 'police'
  else 'other' end`

/** The concern types an exploitation indicator counts (CONTRACTS.md §6). */
export const CONCERNS = { 'cse-contacts': ['CSE'], 'exploitation-contacts': ['CSE', 'CCE', 'trafficking', 'online-abuse'] } as const
export type ContactIndicator = keyof typeof CONCERNS

const concernFilter = (concerns: readonly string[]) => sql`c.concern_types && array[${sql.join(concerns.map((t) => sql`${t}`), sql`, `)}]::text[]`
const contactWhere = (id: ContactIndicator, range: Range) => sql`${inRange(sql`c.received_at`, range)} and ${concernFilter(CONCERNS[id])} and ${notSealed(sql`c.person_id`)}`
const episodeWhere = (range: Range) => sql`${inRange(sql`e.reported_missing_at`, range)} and ${notSealed(sql`e.person_id`)}`
const returnWhere = (range: Range) => sql`${inRange(sql`e.returned_at`, range)} and ${notSealed(sql`e.person_id`)}`

/**
 * One row per counted contact, with its dimension values as columns named like the dimensions and, as
 * `indicator`, the contact indicators it counts towards joined by commas (a CSE contact is also an exploitation
 * contact): a quarter's contacts are read once for all the contact indicators asked for.
 */
function contactUnits(ids: readonly ContactIndicator[], range: Range): SQL {
  const membership = sql.join(ids.map((id) => sql`case when ${concernFilter(CONCERNS[id])} then ${id}::text end`), sql`, `)
  return sql`select concat_ws(',', ${membership}) as "indicator", ${ageBand(sql`coalesce(p.date_of_birth, c.child_date_of_birth)`, sql`c.received_at`)} as "ageBand",
      coalesce(p.gender, c.child_gender) as "gender", ${ethnicityGroup(sql`p.ethnicity`)} as "ethnicity",
      ${referringAgency} as "referringAgency", c.referral_source as "referralSource"
    from contacts c left join people p on p.id = c.person_id left join agencies a on a.id = c.referrer_agency_id
    where ${inRange(sql`c.received_at`, range)} and ${concernFilter([...new Set(ids.flatMap((id) => CONCERNS[id]))])} and ${notSealed(sql`c.person_id`)}`
}

/**
 * Children counted once: each child is described by their first episode reported in the period (age on that day,
 * missing from where), so that every dimension's rows add up to the total; `episodeFrequency` is their number of
 * episodes reported in the period.
 */
function missingChildUnits(range: Range): SQL {
  return sql`select ${ageBand(sql`p.date_of_birth`, sql`f.reported_missing_at`)} as "ageBand", p.gender as "gender",
      ${ethnicityGroup(sql`p.ethnicity`)} as "ethnicity", f.missing_from as "missingFrom",
      case when f.n = 1 then '1' when f.n = 2 then '2' when f.n <= 5 then '3-5' when f.n <= 10 then '6-10' else '11-plus' end as "episodeFrequency"
    from (
      select distinct on (e.person_id) e.person_id, e.reported_missing_at, e.missing_from,
        count(*) over (partition by e.person_id) as n
      from missing_episodes e where ${episodeWhere(range)}
      order by e.person_id, e.reported_missing_at, e.id
    ) f join people p on p.id = f.person_id`
}

/**
 * Episode length runs from `last_seen_at` (else `reported_missing_at`) to `returned_at` (CONTRACTS.md §6):
 * under 24 hours; 24 to under 72 hours; 72 hours to 7 days (168 hours) inclusive; over 7 days; still missing now.
 */
function episodeUnits(range: Range): SQL {
  const length = sql`e.returned_at - coalesce(e.last_seen_at, e.reported_missing_at)`
  return sql`select ${ageBand(sql`p.date_of_birth`, sql`e.reported_missing_at`)} as "ageBand", p.gender as "gender",
      ${ethnicityGroup(sql`p.ethnicity`)} as "ethnicity", e.missing_from as "missingFrom",
      case when e.returned_at is null then 'still-missing' when ${length} < interval '24 hours' then 'under-24h'
        when ${length} < interval '72 hours' then '1-2-days' when ${length} <= interval '168 hours' then '3-7-days'
        else 'over-7-days' end as "episodeLength"
    from missing_episodes e join people p on p.id = e.person_id where ${episodeWhere(range)}`
}

export type CountRow = { dimension: string; value: string | null; count: number }

/**
 * Totals and one count per value of each dimension, in one pass (GROUPING SETS); with `keyed`, the units carry an
 * `indicator` column and every set is also grouped by it (several indicators in one pass).
 */
async function groupedCounts(db: Executor, units: SQL, dimensions: readonly Dimension[], keyed: boolean): Promise<Array<CountRow & { indicator: string }>> {
  const col = (d: Dimension) => sql.raw(`"${d}"`)
  const key = keyed ? [sql`"indicator"`] : []
  const which = sql.join(dimensions.map((d) => sql`when grouping(${col(d)}) = 0 then ${d}`), sql` `)
  const value = sql.join(dimensions.map(col), sql`, `)
  const sets = sql.join([sql`(${sql.join(key, sql`, `)})`, ...dimensions.map((d) => sql`(${sql.join([...key, col(d)], sql`, `)})`)], sql`, `)
  const rows = await queryRows<{ indicator: string | null; dimension: string; value: string | null; count: number | string }>(
    db,
    sql`select ${keyed ? sql`"indicator"` : sql`null`} as indicator, case ${which} else 'total' end as dimension, coalesce(${value}) as value, count(*)::int as count
      from (${units}) u group by grouping sets (${sets})`,
  )
  return rows.map((r) => ({ indicator: r.indicator ?? '', dimension: r.dimension, value: r.dimension === 'total' ? null : r.value, count: Number(r.count) }))
}

const dimensionCounts = async (db: Executor, units: SQL, dimensions: readonly Dimension[]): Promise<CountRow[]> =>
  (await groupedCounts(db, units, dimensions, false)).map(({ indicator: _indicator, ...row }) => row)

/** The counts of several contact indicators from one pass over the period's contacts, by indicator. */
export async function contactCountsByIndicator(db: Executor, ids: readonly ContactIndicator[], period: Period, dimensions: readonly Dimension[]): Promise<Map<ContactIndicator, CountRow[]>> {
  const out = new Map<ContactIndicator, CountRow[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return out
  // Rows come per membership (e.g. "cse-contacts,exploitation-contacts"); an indicator's count is the sum over the
  // memberships that name it.
  const sums = new Map<string, number>()
  for (const { indicator, dimension, value, count } of await groupedCounts(db, contactUnits(ids, rangeOf(period)), dimensions, true)) {
    for (const id of indicator.split(',')) {
      const key = `${id}\u0000${dimension}\u0000${value ?? ''}`
      if (!sums.has(key)) out.get(id as ContactIndicator)?.push({ dimension, value, count: 0 })
      sums.set(key, (sums.get(key) ?? 0) + count)
    }
  }
  for (const [id, rows] of out) for (const row of rows) row.count = sums.get(`${id}\u0000${row.dimension}\u0000${row.value ?? ''}`) ?? 0
  return out
}

export const missingChildCounts = (db: Executor, period: Period, dimensions: readonly Dimension[]) => dimensionCounts(db, missingChildUnits(rangeOf(period)), dimensions)
export const episodeCounts = (db: Executor, period: Period, dimensions: readonly Dimension[]) => dimensionCounts(db, episodeUnits(rangeOf(period)), dimensions)

/**
 * Return home interviews of the returns in the period. Offered: an offer time, or a status that implies one;
 * its time is the offer, else the interview. Within 72 hours: by `due_by` (= `returned_at` + 72 h).
 */
export async function returnInterviewCounts(db: Executor, period: Period): Promise<CountRow[]> {
  const offered = sql`(r.offered_at is not null or r.status in ('offered','accepted','declined','completed'))`
  const [row] = await queryRows<Record<'total' | 'offered' | 'offeredIn' | 'completed' | 'completedIn', number | string>>(
    db,
    sql`select count(*)::int as "total",
        count(*) filter (where ${offered})::int as "offered",
        count(*) filter (where ${offered} and coalesce(r.offered_at, r.held_at) <= r.due_by)::int as "offeredIn",
        count(*) filter (where r.status = 'completed')::int as "completed",
        count(*) filter (where r.status = 'completed' and r.held_at <= r.due_by)::int as "completedIn"
      from return_interviews r join missing_episodes e on e.id = r.episode_id where ${returnWhere(rangeOf(period))}`,
  )
  const n = (v: number | string | undefined) => Number(v ?? 0)
  return [
    { dimension: 'total', value: null, count: n(row?.total) },
    { dimension: 'stage', value: 'offered', count: n(row?.offered) },
    { dimension: 'stage', value: 'offered-within-72h', count: n(row?.offeredIn) },
    { dimension: 'stage', value: 'completed', count: n(row?.completed) },
    { dimension: 'stage', value: 'completed-within-72h', count: n(row?.completedIn) },
  ]
}

/** The counted units of an indicator with the instant that places them in a period, for the trend. */
const TREND_UNITS = {
  'cse-contacts': (r: Range) => sql`select c.id as unit, c.received_at as at from contacts c where ${contactWhere('cse-contacts', r)}`,
  'exploitation-contacts': (r: Range) => sql`select c.id as unit, c.received_at as at from contacts c where ${contactWhere('exploitation-contacts', r)}`,
  'missing-children': (r: Range) => sql`select e.person_id as unit, e.reported_missing_at as at from missing_episodes e where ${episodeWhere(r)}`,
  'missing-episodes': (r: Range) => sql`select e.id as unit, e.reported_missing_at as at from missing_episodes e where ${episodeWhere(r)}`,
  'return-interviews': (r: Range) => sql`select r.id as unit, e.returned_at as at from return_interviews r join missing_episodes e on e.id = r.episode_id where ${returnWhere(r)}`,
} as const
export type TrendIndicator = keyof typeof TREND_UNITS
export const TREND_INDICATORS = Object.keys(TREND_UNITS) as TrendIndicator[]

/**
 * Totals per period for one indicator, in one query: each period's distinct units (a child with episodes in two
 * quarters counts in both, once in each), so each figure equals that period's `total` row.
 */
export async function trendTotals(db: Executor, id: TrendIndicator, periods: readonly Period[]): Promise<number[]> {
  if (periods.length === 0) return []
  const first = periods[0]!
  const last = periods[periods.length - 1]!
  const values = sql.join(periods.map((p, i) => sql`(${i}::int, ${startOf(p.from)}, ${endOf(p.to)})`), sql`, `)
  const rows = await queryRows<{ i: number | string; count: number | string }>(
    db,
    sql`select q.i, count(distinct u.unit)::int as count from (values ${values}) as q(i, s, e)
      left join (${TREND_UNITS[id]({ start: startOf(first.from), end: endOf(last.to) })}) u on u.at >= q.s and u.at < q.e
      group by q.i`,
  )
  const byIndex = new Map(rows.map((r) => [Number(r.i), Number(r.count)]))
  return periods.map((_, i) => byIndex.get(i) ?? 0)
}

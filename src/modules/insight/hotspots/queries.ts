import { sql, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../../../platform/db/client.ts'
import { queryRows } from '../../../platform/db/rows.ts'
import type { Period } from '../period.ts'
import { rangeOf } from '../queries.ts'
import type { DistrictCount, FoundEvent, PlaceEvent } from './places.ts'

/**
 * The hotspot SQL. Other modules' tables are read by name (ARCHITECTURE.md §2). The rules of the indicators hold:
 * a period is London days; found places fall in it by the episode's `returned_at` (when the child was found),
 * places a child went while missing by the episode's `reported_missing_at`, concerns by the contact's `received_at`; rows about a sealed record are left out (CONTRACTS.md §2).
 */
type Executor = Db | Tx

const notSealed = (personId: SQL) => sql`not exists (select 1 from record_protections rp where rp.person_id = ${personId} and rp.state = 'sealed')`
const londonDay = (instant: SQL) => sql`to_char(${instant} at time zone 'Europe/London', 'YYYY-MM-DD')`

/** The postcode district of a postcode column: the same two patterns as postcodeDistrict() in places.ts. */
function districtOf(postcode: SQL): SQL {
  const compact = sql`upper(regexp_replace(coalesce(${postcode}, ''), '[[:space:]]', '', 'g'))`
  return sql`case when ${compact} ~ '^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$' then left(${compact}, length(${compact}) - 3)
    when ${compact} ~ '^[A-Z]{1,2}[0-9][A-Z0-9]?$' then ${compact} else null end`
}

/**
 * Found episodes of the period that say anything about where, one row each (episodes are few: a county has tens of
 * thousands a year), for grouping in places.ts; and the number that say nothing.
 */
export async function foundEvents(db: Executor, period: Period): Promise<{ events: FoundEvent[]; unrecorded: number }> {
  const { start, end } = rangeOf(period)
  const where = sql`e.returned_at >= ${start} and e.returned_at < ${end} and ${notSealed(sql`e.person_id`)}`
  const recorded = sql`(nullif(trim(e.found_description), '') is not null or nullif(trim(e.found_postcode), '') is not null or e.found_latitude is not null)`
  const rows = await queryRows<{ personId: string; day: string; description: string | null; postcode: string | null; latitude: number | string | null; longitude: number | string | null }>(
    db,
    sql`select e.person_id as "personId", ${londonDay(sql`e.returned_at`)} as day, e.found_description as description,
        e.found_postcode as postcode, e.found_latitude as latitude, e.found_longitude as longitude
      from missing_episodes e where ${where} and ${recorded} order by e.returned_at, e.id`,
  )
  const [count] = await queryRows<{ n: number | string }>(db, sql`select count(*)::int as n from missing_episodes e where ${where} and not ${recorded}`)
  const num = (v: number | string | null) => (v === null ? null : Number(v))
  return { events: rows.map((r) => ({ ...r, latitude: num(r.latitude), longitude: num(r.longitude) })), unrecorded: Number(count?.n ?? 0) }
}

/**
 * Places children went while missing ("missing to"), one row per place recorded, on episodes reported missing in
 * the period. An episode with no place went recorded is in no row: not knowing where is not a place.
 */
export async function missingToEvents(db: Executor, period: Period): Promise<PlaceEvent[]> {
  const { start, end } = rangeOf(period)
  const rows = await queryRows<{ personId: string; day: string; description: string | null; postcode: string | null; latitude: number | string | null; longitude: number | string | null }>(
    db,
    sql`select e.person_id as "personId", ${londonDay(sql`e.reported_missing_at`)} as day, p.description, p.postcode, p.latitude, p.longitude
      from missing_episode_places p join missing_episodes e on e.id = p.episode_id
      where e.reported_missing_at >= ${start} and e.reported_missing_at < ${end} and ${notSealed(sql`e.person_id`)}
      order by e.reported_missing_at, e.id, p.id`,
  )
  const num = (v: number | string | null) => (v === null ? null : Number(v))
  return rows.map((r) => ({ ...r, latitude: num(r.latitude), longitude: num(r.longitude) }))
}

/**
 * Contacts of the period by the postcode district of the child's postcode as reported (district null: none or not
 * a postcode). A contact not yet linked to a person counts as a child of its own.
 */
export async function concernDistricts(db: Executor, period: Period): Promise<DistrictCount[]> {
  const { start, end } = rangeOf(period)
  const rows = await queryRows<{ district: string | null; events: number | string; children: number | string; latest: string }>(
    db,
    sql`select u.district, count(*)::int as events, count(distinct u.child)::int as children, ${londonDay(sql`max(u.received_at)`)} as latest
      from (select ${districtOf(sql`c.child_postcode`)} as district, coalesce(c.person_id::text, 'contact:' || c.id::text) as child, c.received_at
        from contacts c where c.received_at >= ${start} and c.received_at < ${end} and ${notSealed(sql`c.person_id`)}) u
      group by u.district`,
  )
  return rows.map((r) => ({ district: r.district, events: Number(r.events), children: Number(r.children), latest: r.latest }))
}

import { sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../../platform/db/client.ts'
import { queryRows } from '../../../platform/db/rows.ts'
import type { DataTable } from '../../../platform/outputs/table.ts'
import { quarterKey, quarterOf, quarterPeriod, quartersEndingWith, type Period } from '../period.ts'
import { AGENCY_LABELS, agencyOf, byAgency, contactAgency, inPeriod, notSealed, num, PROFILE_AGENCIES } from './agencies.ts'

/**
 * Incidence by source agency (issue 7 point 2, seed §6.4). What each agency brought to the partnership in the period:
 * - contacts received (`received_at`) with a CSE concern, another exploitation concern (CCE, trafficking, online
 *   abuse) or a missing concern, under the referring agency (the indicators' rule); a contact with two kinds of
 *   concern is counted in both columns;
 * - missing episodes reported (`reported_missing_at`), under the agency of the team that recorded them;
 * - exploitation screenings completed (`assessed_at`), under the screening's agency;
 * - distinct children: index records behind any of these (a contact not yet linked to a child is not counted).
 * Sealed records are left out. Aggregates only: no row about a child leaves the database.
 */
export const INCIDENCE_CONCERNS = ['CSE', 'CCE', 'trafficking', 'online-abuse', 'missing'] as const
const OTHER_EXPLOITATION = ['CCE', 'trafficking', 'online-abuse'] as const
const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`

/** Every incidence record between two instants, with its agency, child and kind (one row per record). */
function incidenceUnits(period: Period) {
  return sql`
    select ${contactAgency} as agency, c.person_id, c.received_at as at,
      (c.concern_types && array['CSE']::text[])::int as cse,
      (c.concern_types && ${textArray(OTHER_EXPLOITATION)})::int as exploitation,
      ('missing' = any(c.concern_types))::int as missing, 0 as episodes, 0 as screenings
    from contacts c left join agencies a on a.id = c.referrer_agency_id
    where ${inPeriod(sql`c.received_at`, period)} and c.concern_types && ${textArray(INCIDENCE_CONCERNS)} and ${notSealed(sql`c.person_id`)}
    union all
    select ${agencyOf(sql`ag.type`)}, e.person_id, e.reported_missing_at, 0, 0, 0, 1, 0
    from missing_episodes e left join teams t on t.id = e.recorded_by_team_id left join agencies ag on ag.id = t.agency_id
    where ${inPeriod(sql`e.reported_missing_at`, period)} and ${notSealed(sql`e.person_id`)}
    union all
    select ${agencyOf(sql`ag.type`)}, s.person_id, s.assessed_at, 0, 0, 0, 0, 1
    from screenings s left join agencies ag on ag.id = s.agency_id
    where ${inPeriod(sql`s.assessed_at`, period)} and ${notSealed(sql`s.person_id`)}`
}

type IncidenceRow = { agency: string; total: boolean; cse: number; exploitation: number; missing: number; episodes: number; screenings: number; children: number }

export async function incidenceCounts(tx: Tx, period: Period): Promise<IncidenceRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select agency, grouping(agency) = 1 as total, sum(cse)::int as cse, sum(exploitation)::int as exploitation,
        sum(missing)::int as missing, sum(episodes)::int as episodes, sum(screenings)::int as screenings,
        count(distinct person_id)::int as children
      from (${incidenceUnits(period)}) u group by grouping sets ((agency), ())`,
  )
  return rows.map((r) => ({
    agency: String(r.agency ?? 'total'),
    total: r.total === true || r.total === 't',
    cse: num(r.cse),
    exploitation: num(r.exploitation),
    missing: num(r.missing),
    episodes: num(r.episodes),
    screenings: num(r.screenings),
    children: num(r.children),
  }))
}

/** The 8 calendar quarters ending with the one that holds the period's last day, oldest first. */
export function trendQuarters(period: Period) {
  return quartersEndingWith(quarterOf(period.to), 8).map((q) => ({ key: quarterKey(q), period: quarterPeriod(q) }))
}

/**
 * Incidence per agency and quarter: contacts with an exploitation or missing concern plus missing episodes reported
 * (screenings are the partnership's response, not incidence). One pass over the 8 quarters, each record placed in
 * its London calendar quarter by `date_trunc` (no join against the list of quarters).
 */
export async function incidenceTrend(tx: Tx, period: Period): Promise<{ quarters: string[]; rows: Array<{ agency: string; counts: number[] }> }> {
  const quarters = trendQuarters(period)
  const whole = { from: quarters[0]!.period.from, to: quarters[quarters.length - 1]!.period.to }
  const quarterOfAt = (at: SQL) => sql`to_char(date_trunc('quarter', ${at} at time zone 'Europe/London'), 'YYYY-"Q"Q')`
  const rows = await queryRows<{ agency: string; quarter: string; count: number | string }>(
    tx,
    sql`select agency, quarter, count(*)::int as count from (
        select ${contactAgency} as agency, ${quarterOfAt(sql`c.received_at`)} as quarter
        from contacts c left join agencies a on a.id = c.referrer_agency_id
        where ${inPeriod(sql`c.received_at`, whole)} and c.concern_types && ${textArray(INCIDENCE_CONCERNS)} and ${notSealed(sql`c.person_id`)}
        union all
        select ${agencyOf(sql`ag.type`)}, ${quarterOfAt(sql`e.reported_missing_at`)}
        from missing_episodes e left join teams t on t.id = e.recorded_by_team_id left join agencies ag on ag.id = t.agency_id
        where ${inPeriod(sql`e.reported_missing_at`, whole)} and ${notSealed(sql`e.person_id`)}
      ) u group by agency, quarter`,
  )
  const counts = new Map(rows.map((r) => [`${r.agency}:${r.quarter}`, Number(r.count)]))
  return {
    quarters: quarters.map((q) => q.key),
    rows: PROFILE_AGENCIES.map((agency) => ({ agency, counts: quarters.map((q) => counts.get(`${agency}:${q.key}`) ?? 0) })),
  }
}

export const INCIDENCE_TABLE_IDS = { incidence: 'incidence-by-agency', trend: 'incidence-trend' } as const

export async function incidenceTables(tx: Tx, period: Period): Promise<DataTable[]> {
  const counts = await incidenceCounts(tx, period)
  const empty = () => ({ total: false, cse: 0, exploitation: 0, missing: 0, episodes: 0, screenings: 0, children: 0 })
  const agencies = byAgency(counts.filter((r) => !r.total), empty)
  const total = counts.find((r) => r.total) ?? { ...empty(), agency: 'total' }
  const row = (label: string, r: Omit<IncidenceRow, 'agency'>) => ({ agency: label, cse: r.cse, exploitation: r.exploitation, missing: r.missing, episodes: r.episodes, screenings: r.screenings, children: r.children })
  const trend = await incidenceTrend(tx, period)
  const trendTotals = trend.quarters.map((_, i) => trend.rows.reduce((sum, r) => sum + r.counts[i]!, 0))
  const quarterColumn = (key: string) => key.replace('-', '_')
  return [
    {
      id: INCIDENCE_TABLE_IDS.incidence,
      title: 'Incidence by source agency',
      columns: [
        { key: 'agency', header: 'Agency' },
        { key: 'cse', header: 'Contacts with a CSE concern', numeric: true },
        { key: 'exploitation', header: 'Contacts with another exploitation concern', numeric: true },
        { key: 'missing', header: 'Contacts with a missing concern', numeric: true },
        { key: 'episodes', header: 'Missing episodes recorded', numeric: true },
        { key: 'screenings', header: 'Screenings completed', numeric: true },
        { key: 'children', header: 'Children', numeric: true },
      ],
      rows: [...agencies.map((r) => row(AGENCY_LABELS[r.agency], r)), row('All agencies', total)],
      notes: [
        'A contact with more than one kind of concern is counted in each of its columns.',
        'Children: distinct children behind the agency’s contacts, episodes and screenings; a child known to two agencies counts once in "All agencies".',
      ],
    },
    {
      id: INCIDENCE_TABLE_IDS.trend,
      title: `Incidence by source agency over the last 8 quarters (to ${trend.quarters[trend.quarters.length - 1]})`,
      columns: [{ key: 'agency', header: 'Agency' }, ...trend.quarters.map((key) => ({ key: quarterColumn(key), header: key.replace('-', ' '), numeric: true }))],
      rows: [
        ...trend.rows.map((r) => ({ agency: AGENCY_LABELS[r.agency as keyof typeof AGENCY_LABELS], ...Object.fromEntries(trend.quarters.map((key, i) => [quarterColumn(key), r.counts[i]!])) })),
        { agency: 'All agencies', ...Object.fromEntries(trend.quarters.map((key, i) => [quarterColumn(key), trendTotals[i]!])) },
      ],
      notes: ['Incidence: contacts with an exploitation or missing concern plus missing episodes recorded, in each calendar quarter.'],
    },
  ]
}


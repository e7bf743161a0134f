import { sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../../platform/db/client.ts'
import { queryRows } from '../../../platform/db/rows.ts'
import type { CellValue, DataTable } from '../../../platform/outputs/table.ts'
import type { Period } from '../period.ts'
import { AGENCY_LABELS, agencyOf, contactAgency, inPeriod, notSealed, num, percent, PROFILE_AGENCIES, type ProfileAgency } from './agencies.ts'
import { INCIDENCE_CONCERNS } from './incidence.ts'

/**
 * The data-consistency report (issue 7 point 2: "incidence from every agency checked for consistency and
 * accuracy"). Four checks, each defined in words on the page (views/profile.njk) and in DQ_DEFINITIONS below:
 * (a) one child recorded differently by two agencies, (b) missing fields, (c) conflicting dates of birth,
 * (d) possible duplicates. Counts only: no name, date of birth or identifier leaves the database.
 *
 * (a) and (c) look at the children in the period's incidence (a contact with an exploitation or missing concern, a
 * missing episode or a screening in the period); (b) at the period's records; (d) at the duplicate queue as it
 * stands now. Sealed records are left out throughout.
 */
export const DQ_TABLE_IDS = { differently: 'dq-recorded-differently', missing: 'dq-missing-fields', dob: 'dq-conflicting-dob', duplicates: 'dq-possible-duplicates' } as const

export const DQ_DEFINITIONS: Record<keyof typeof DQ_TABLE_IDS, string> = {
  differently:
    'For each child in the period’s incidence, the records agencies’ systems hold about them (agency extracts linked to the person index) are compared two agencies at a time. Names differ when the given and family names (or the full name) are not the same, ignoring capitals and spaces; dates of birth differ when both agencies give one and they are not the same day. A child is counted once per pair of agencies.',
  missing:
    'Contacts received in the period with an exploitation or missing concern: no date of birth given, no postcode given, no ethnicity (the contact is not linked to a child record, or the record has none). Missing episodes reported in the period: no risk grade review (graded only once), no last-seen time, and for episodes that have ended no place found (no description, postcode or map point). Children in the period’s incidence: no ethnicity, date of birth or postcode on their record, counted under the agency that created the record.',
  dob: 'For each child in the period’s incidence, every date of birth recorded for them is gathered: the person index, each agency extract linked to them and each of the period’s contacts about them (as the referrer gave it). An agency’s date of birth conflicts when it differs from the person index. A child has conflicting dates of birth when two or more different dates are recorded across all sources.',
  duplicates:
    'Open pairs in the duplicate queue (found by the index scan, at creation or by an import, not yet merged or set aside), as the queue stands now. A pair involves two agencies when the agencies that created the two records are different. A pair counts under each agency that created one of its records.',
}

/** The children in the period's incidence (not sealed). */
function incidenceChildren(period: Period): SQL {
  return sql`select c.person_id from contacts c where ${inPeriod(sql`c.received_at`, period)} and c.person_id is not null
      and c.concern_types && array[${sql.join(INCIDENCE_CONCERNS.map((v) => sql`${v}`), sql`, `)}]::text[]
    union select e.person_id from missing_episodes e where ${inPeriod(sql`e.reported_missing_at`, period)}
    union select s.person_id from screenings s where ${inPeriod(sql`s.assessed_at`, period)}`
}
const kidsCte = (period: Period) => sql`kids as (select k.person_id from (${incidenceChildren(period)}) k where ${notSealed(sql`k.person_id`)})`

/** Each agency extract record linked to a child in the incidence, with its agency and normalised name and DOB. */
const sourceRecordsCte = sql`src as (
  select psr.person_id, ag.name as agency_name, ${agencyOf(sql`ag.type`)} as agency,
    nullif(lower(regexp_replace(trim(coalesce(nullif(concat_ws(' ', r.data->>'givenName', r.data->>'familyName'), ''), r.data->>'fullName', '')), '\\s+', ' ', 'g')), '') as name,
    nullif(r.data->>'dateOfBirth', '') as dob
  from person_source_records psr join kids k on k.person_id = psr.person_id
  join import_sources s on s.id = psr.source_id join agencies ag on ag.id = s.agency_id
  left join import_rows r on r.id = psr.import_row_id)`

export type DifferentlyRow = { first: string | null; second: string | null; children: number; names: number; dobs: number }

/** (a) Per pair of agencies (by name), and a total row (first and second null): distinct children. */
export async function recordedDifferently(tx: Tx, period: Period): Promise<DifferentlyRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`with ${kidsCte(period)}, ${sourceRecordsCte}
      select a1.agency_name as first, a2.agency_name as second, grouping(a1.agency_name) = 1 as total,
        count(distinct a1.person_id)::int as children,
        count(distinct a1.person_id) filter (where a1.name is not null and a2.name is not null and a1.name <> a2.name)::int as names,
        count(distinct a1.person_id) filter (where a1.dob is not null and a2.dob is not null and a1.dob <> a2.dob)::int as dobs
      from src a1 join src a2 on a2.person_id = a1.person_id and a1.agency_name < a2.agency_name
      group by grouping sets ((a1.agency_name, a2.agency_name), ())
      order by total, first, second`,
  )
  const isTotal = (v: unknown) => v === true || v === 't'
  return rows.map((r) => ({ first: isTotal(r.total) ? null : String(r.first), second: isTotal(r.total) ? null : String(r.second), children: num(r.children), names: num(r.names), dobs: num(r.dobs) }))
}

export type MissingFieldRow = { recordType: 'contact' | 'episode' | 'child'; agency: ProfileAgency | 'all'; check: string; records: number; missing: number }

type CheckSpec = { check: string; applies?: SQL; missing: SQL }

/** One record type: per agency and in total, how many records each check applies to and how many fail it. */
async function missingFor(tx: Tx, recordType: MissingFieldRow['recordType'], from: SQL, checks: readonly CheckSpec[]): Promise<MissingFieldRow[]> {
  const cols = checks.flatMap((c, i) => [
    sql`count(*) filter (where ${c.applies ?? sql`true`})::int as ${sql.raw(`r${i}`)}`,
    sql`count(*) filter (where ${c.applies ?? sql`true`} and ${c.missing})::int as ${sql.raw(`m${i}`)}`,
  ])
  const rows = await queryRows<Record<string, unknown>>(tx, sql`select agency, grouping(agency) = 1 as total, ${sql.join(cols, sql`, `)} from (${from}) x group by grouping sets ((agency), ())`)
  const out: MissingFieldRow[] = []
  const ordered = [...rows].sort((a, b) => order(a) - order(b))
  for (const r of ordered) {
    const total = r.total === true || r.total === 't'
    checks.forEach((c, i) => out.push({ recordType, agency: total ? 'all' : (String(r.agency) as ProfileAgency), check: c.check, records: num(r[`r${i}`]), missing: num(r[`m${i}`]) }))
  }
  return out
}
const order = (r: Record<string, unknown>) => (r.total === true || r.total === 't' ? PROFILE_AGENCIES.length : PROFILE_AGENCIES.indexOf(String(r.agency) as ProfileAgency))
const blank = (column: SQL) => sql`nullif(trim(${column}), '') is null`

/** (b) Missing fields per record type and agency. */
export async function missingFields(tx: Tx, period: Period): Promise<MissingFieldRow[]> {
  const contacts = sql`select ${contactAgency} as agency, c.child_date_of_birth, c.child_postcode, p.ethnicity
    from contacts c left join agencies a on a.id = c.referrer_agency_id left join people p on p.id = c.person_id
    where ${inPeriod(sql`c.received_at`, period)} and c.concern_types && array[${sql.join(INCIDENCE_CONCERNS.map((v) => sql`${v}`), sql`, `)}]::text[] and ${notSealed(sql`c.person_id`)}`
  const episodes = sql`select ${agencyOf(sql`ag.type`)} as agency, e.returned_at, e.last_seen_at, e.found_description, e.found_postcode, e.found_latitude,
      (select count(*) from missing_risk_gradings g where g.episode_id = e.id) as gradings
    from missing_episodes e left join teams t on t.id = e.recorded_by_team_id left join agencies ag on ag.id = t.agency_id
    where ${inPeriod(sql`e.reported_missing_at`, period)} and ${notSealed(sql`e.person_id`)}`
  const children = sql`with ${kidsCte(period)}
    select ${agencyOf(sql`ag.type`)} as agency, p.ethnicity, p.date_of_birth, p.postcode
    from kids k join people p on p.id = k.person_id
    left join lateral (select n.source_agency_id from person_names n where n.person_id = p.id and n.kind = 'current' order by n.recorded_at limit 1) n on true
    left join agencies ag on ag.id = n.source_agency_id`
  return [
    ...(await missingFor(tx, 'contact', contacts, [
      { check: 'No date of birth', missing: sql`child_date_of_birth is null` },
      { check: 'No postcode', missing: blank(sql`child_postcode`) },
      { check: 'No ethnicity', missing: blank(sql`ethnicity`) },
    ])),
    ...(await missingFor(tx, 'episode', episodes, [
      { check: 'No risk grade review', missing: sql`gradings < 2` },
      { check: 'No last-seen time', missing: sql`last_seen_at is null` },
      { check: 'Ended, no place found', applies: sql`returned_at is not null`, missing: sql`${blank(sql`found_description`)} and ${blank(sql`found_postcode`)} and found_latitude is null` },
    ])),
    ...(await missingFor(tx, 'child', children, [
      { check: 'No ethnicity', missing: blank(sql`ethnicity`) },
      { check: 'No date of birth', missing: sql`date_of_birth is null` },
      { check: 'No postcode', missing: blank(sql`postcode`) },
    ])),
  ]
}

export type DobRow = { agency: ProfileAgency | 'all'; children: number; conflicting: number }

/**
 * (c) Per agency: children with a DOB from it, and how many differ from the index; in total: children with two or
 * more different DOBs across all sources. Contacts are the period's incidence contacts (the DOB as the referrer gave
 * it), so the check reads the period's records rather than every contact a child ever had. One query.
 */
export async function conflictingDatesOfBirth(tx: Tx, period: Period): Promise<DobRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`with ${kidsCte(period)}, ${sourceRecordsCte},
      dobs as (
        select src.person_id, src.agency, src.dob from src where src.dob is not null
        union all
        select c.person_id, ${contactAgency}, c.child_date_of_birth::text from contacts c join kids k on k.person_id = c.person_id
          left join agencies a on a.id = c.referrer_agency_id
        where ${inPeriod(sql`c.received_at`, period)} and c.concern_types && array[${sql.join(INCIDENCE_CONCERNS.map((v) => sql`${v}`), sql`, `)}]::text[]
          and c.child_date_of_birth is not null
      ),
      indexed as (select k.person_id, p.date_of_birth::text as dob from kids k join people p on p.id = k.person_id where p.date_of_birth is not null)
      select d.agency, count(distinct d.person_id)::int as children,
        count(distinct d.person_id) filter (where i.dob is not null and d.dob <> i.dob)::int as conflicting
      from dobs d left join indexed i on i.person_id = d.person_id group by d.agency
      union all
      select 'all', count(*)::int, count(*) filter (where n > 1)::int
      from (select person_id, count(distinct dob) as n from (select person_id, dob from dobs union all select person_id, dob from indexed) x group by person_id) y`,
  )
  const map = new Map(rows.map((r) => [String(r.agency), r]))
  return [
    ...PROFILE_AGENCIES.map((agency) => ({ agency, children: num(map.get(agency)?.children), conflicting: num(map.get(agency)?.conflicting) })),
    { agency: 'all' as const, children: num(map.get('all')?.children), conflicting: num(map.get('all')?.conflicting) },
  ]
}

export type DuplicateRow = { agency: ProfileAgency | 'all'; pairs: number; twoAgencies: number }

/** (d) Open pairs in the duplicate queue, per agency that created one of the records, and in total. */
export async function possibleDuplicates(tx: Tx): Promise<DuplicateRow[]> {
  const creator = (person: SQL) => sql`(select ${agencyOf(sql`ag.type`)} from person_names n left join agencies ag on ag.id = n.source_agency_id
    where n.person_id = ${person} and n.kind = 'current' order by n.recorded_at limit 1)`
  const pairs = sql`select d.id, ${creator(sql`d.person_id`)} as a1, ${creator(sql`d.other_person_id`)} as a2
    from duplicate_candidates d where d.status = 'open' and ${notSealed(sql`d.person_id`)} and ${notSealed(sql`d.other_person_id`)}`
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`with pairs as (${pairs}), involved as (select id, a1 as agency, a1 <> a2 as two from pairs union select id, a2, a1 <> a2 from pairs)
      select agency, grouping(agency) = 1 as total, count(distinct id)::int as pairs, count(distinct id) filter (where two)::int as two
      from involved group by grouping sets ((agency), ())`,
  )
  const isTotal = (v: unknown) => v === true || v === 't'
  const map = new Map(rows.filter((r) => !isTotal(r.total)).map((r) => [String(r.agency), r]))
  const total = rows.find((r) => isTotal(r.total))
  return [
    ...PROFILE_AGENCIES.map((agency) => ({ agency, pairs: num(map.get(agency)?.pairs), twoAgencies: num(map.get(agency)?.two) })),
    { agency: 'all' as const, pairs: num(total?.pairs), twoAgencies: num(total?.two) },
  ]
}

const agencyText = (a: ProfileAgency | 'all') => (a === 'all' ? 'All agencies' : AGENCY_LABELS[a])
const RECORD_TYPES: Record<MissingFieldRow['recordType'], string> = { contact: 'Contacts', episode: 'Missing episodes', child: 'Children' }

export async function dataQualityTables(tx: Tx, period: Period): Promise<DataTable[]> {
  const differently = await recordedDifferently(tx, period)
  const missing = await missingFields(tx, period)
  const dob = await conflictingDatesOfBirth(tx, period)
  const duplicates = await possibleDuplicates(tx)
  const pct = (part: number, whole: number): CellValue => percent(part, whole)
  return [
    {
      id: DQ_TABLE_IDS.differently,
      title: 'The same child recorded differently by two agencies',
      columns: [
        { key: 'first', header: 'Agency' },
        { key: 'second', header: 'Other agency' },
        { key: 'children', header: 'Children recorded by both', numeric: true },
        { key: 'names', header: 'Names differ', numeric: true },
        { key: 'dobs', header: 'Dates of birth differ', numeric: true },
      ],
      rows: differently.map((r) => ({ first: r.first ?? 'All pairs of agencies', second: r.second ?? '', children: r.children, names: r.names, dobs: r.dobs })),
      notes: [DQ_DEFINITIONS.differently],
    },
    {
      id: DQ_TABLE_IDS.missing,
      title: 'Missing fields by agency and record type',
      columns: [
        { key: 'recordType', header: 'Record type' },
        { key: 'agency', header: 'Agency' },
        { key: 'check', header: 'Check' },
        { key: 'records', header: 'Records checked', numeric: true },
        { key: 'missing', header: 'Missing', numeric: true },
        { key: 'percent', header: '% missing', numeric: true },
      ],
      rows: missing.map((r) => ({ recordType: RECORD_TYPES[r.recordType], agency: agencyText(r.agency), check: r.check, records: r.records, missing: r.missing, percent: pct(r.missing, r.records) })),
      notes: [DQ_DEFINITIONS.missing],
    },
    {
      id: DQ_TABLE_IDS.dob,
      title: 'Conflicting dates of birth',
      columns: [
        { key: 'agency', header: 'Agency' },
        { key: 'children', header: 'Children with a date of birth from the agency', numeric: true },
        { key: 'conflicting', header: 'Differs from the person index', numeric: true },
        { key: 'percent', header: '% differing', numeric: true },
      ],
      rows: dob.map((r) => ({ agency: r.agency === 'all' ? 'All sources (two or more different dates)' : agencyText(r.agency), children: r.children, conflicting: r.conflicting, percent: pct(r.conflicting, r.children) })),
      notes: [DQ_DEFINITIONS.dob],
    },
    {
      id: DQ_TABLE_IDS.duplicates,
      title: 'Possible duplicates in the duplicate queue',
      columns: [
        { key: 'agency', header: 'Agency that created a record' },
        { key: 'pairs', header: 'Open pairs', numeric: true },
        { key: 'twoAgencies', header: 'Involving two agencies', numeric: true },
      ],
      rows: duplicates.map((r) => ({ agency: agencyText(r.agency), pairs: r.pairs, twoAgencies: r.twoAgencies })),
      notes: [DQ_DEFINITIONS.duplicates],
    },
  ]
}

/**
 * The problem profile through the real app over the demo partnership: every figure against a count of the
 * underlying rows made here in JavaScript (an independent reading of the rules), a hand-made fixture for the
 * consistency checks, the page for each reader, 403 for others, the audit row, and the downloads.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tx } from '../../../platform/db/client.ts'
import { queryRows } from '../../../platform/db/rows.ts'
import type { DataTable } from '../../../platform/outputs/table.ts'
import { createTestApp, demoEmail, type TestApp } from '../../../testing/app.ts'
import { londonDay, quarterKey, quarterOf, quarterPeriod, quartersEndingWith, type Period } from '../period.ts'
import { dataQualityTables } from './data-quality.ts'
import { incidenceTables } from './incidence.ts'
import { prevalenceTables } from './prevalence.ts'

let t: TestApp
const db = () => t.testDb.database.db
const Q4: Period = { from: '2026-10-01', to: '2026-12-31' }
const inside = (at: Date | string, p: Period) => {
  const day = londonDay(new Date(at))
  return day >= p.from && day <= p.to
}
const run = <T>(f: (tx: Tx) => Promise<T>) => db().transaction((tx) => f(tx as unknown as Tx))
const row = (table: DataTable, key: string, value: string) => table.rows.find((r) => r[key] === value)!
const AGENCIES = ['police', 'childrens-social-care', 'health', 'education', 'housing', 'probation', 'youth-offending', 'voluntary-sector', 'other']
const LABELS: Record<string, string> = {
  police: 'Police', 'childrens-social-care': "Children's social care", health: 'Health', education: 'Education', housing: 'Housing',
  probation: 'Probation', 'youth-offending': 'Youth offending service', 'voluntary-sector': 'Voluntary sector', other: 'Other, individuals or not known',
}
const SOURCE_AGENCY: Record<string, string> = { '2A': 'education', '2B': 'education', '3A': 'health', '3B': 'health', '3C': 'health', '3D': 'health', '3E': 'health', '3F': 'health', '4': 'housing', '5A': 'childrens-social-care', '5C': 'childrens-social-care', '5D': 'childrens-social-care', '6': 'police' }
const asAgency = (type: string | null) => (!type || type === 'partnership-business-unit' ? 'other' : type)

type RawContact = { id: string; person_id: string | null; received_at: Date; concern_types: string[]; referral_source: string; agency_type: string | null; child_date_of_birth: string | null; child_postcode: string | null; ethnicity: string | null }
type RawEpisode = { id: string; person_id: string; reported_missing_at: Date; agency_type: string | null; returned_at: Date | null; last_seen_at: Date | null; found_description: string | null; found_postcode: string | null; found_latitude: number | null; gradings: number }
type RawScreening = { id: string; person_id: string; assessed_at: Date; agency_type: string | null; indicators: string[]; band_level: string; risk_level: string }

let sealed: Set<string>
let contacts: RawContact[]
let episodes: RawEpisode[]
let screenings: RawScreening[]

beforeAll(async () => {
  t = await createTestApp()
  sealed = new Set((await queryRows<{ person_id: string }>(db(), sql`select person_id from record_protections where state = 'sealed'`)).map((r) => r.person_id))
  contacts = await queryRows<RawContact>(db(), sql`select c.id, c.person_id, c.received_at, c.concern_types, c.referral_source, a.type as agency_type, c.child_date_of_birth::text, c.child_postcode, p.ethnicity
    from contacts c left join agencies a on a.id = c.referrer_agency_id left join people p on p.id = c.person_id`)
  episodes = await queryRows<RawEpisode>(db(), sql`select e.id, e.person_id, e.reported_missing_at, ag.type as agency_type, e.returned_at, e.last_seen_at, e.found_description, e.found_postcode, e.found_latitude,
      (select count(*)::int from missing_risk_gradings g where g.episode_id = e.id) as gradings
    from missing_episodes e left join teams tm on tm.id = e.recorded_by_team_id left join agencies ag on ag.id = tm.agency_id`)
  screenings = await queryRows<RawScreening>(db(), sql`select s.id, s.person_id, s.assessed_at, ag.type as agency_type, s.indicators, s.band_level, s.risk_level from screenings s left join agencies ag on ag.id = s.agency_id`)
})

afterAll(async () => {
  await t?.close()
})

const INCIDENCE = ['CSE', 'CCE', 'trafficking', 'online-abuse', 'missing']
const contactAgency = (c: RawContact) => (c.agency_type ? asAgency(c.agency_type) : (SOURCE_AGENCY[c.referral_source] ?? 'other'))
const periodContacts = (p: Period) => contacts.filter((c) => inside(c.received_at, p) && c.concern_types.some((x) => INCIDENCE.includes(x)) && !(c.person_id && sealed.has(c.person_id)))
const periodEpisodes = (p: Period) => episodes.filter((e) => inside(e.reported_missing_at, p) && !sealed.has(e.person_id))
const periodScreenings = (p: Period) => screenings.filter((s) => inside(s.assessed_at, p) && !sealed.has(s.person_id))

describe('incidence by source agency', () => {
  it('matches a count of the demo contacts, episodes and screenings, per agency and in total', async () => {
    const [incidence, trend] = await run((tx) => incidenceTables(tx, Q4))
    const cs = periodContacts(Q4)
    const es = periodEpisodes(Q4)
    const ss = periodScreenings(Q4)
    expect(cs.length + es.length).toBeGreaterThan(0)
    for (const agency of [...AGENCIES, 'all']) {
      const mine = <T extends { agency_type: string | null }>(rows: T[], f: (r: T) => string) => (agency === 'all' ? rows : rows.filter((r) => f(r) === agency))
      const c = mine(cs, contactAgency)
      const e = mine(es, (r) => asAgency(r.agency_type))
      const s = mine(ss, (r) => asAgency(r.agency_type))
      const children = new Set([...c.map((r) => r.person_id).filter(Boolean), ...e.map((r) => r.person_id), ...s.map((r) => r.person_id)])
      expect(row(incidence!, 'agency', agency === 'all' ? 'All agencies' : LABELS[agency]!), agency).toEqual({
        agency: agency === 'all' ? 'All agencies' : LABELS[agency],
        cse: c.filter((r) => r.concern_types.includes('CSE')).length,
        exploitation: c.filter((r) => r.concern_types.some((x) => ['CCE', 'trafficking', 'online-abuse'].includes(x))).length,
        missing: c.filter((r) => r.concern_types.includes('missing')).length,
        episodes: e.length,
        screenings: s.length,
        children: children.size,
      })
    }
    // The trend: 8 quarters ending with the period's, contacts and episodes per agency.
    const quarters = quartersEndingWith(quarterOf(Q4.to), 8)
    expect(trend!.columns.slice(1).map((c) => c.header)).toEqual(quarters.map((q) => quarterKey(q).replace('-', ' ')))
    for (const agency of AGENCIES) {
      const r = row(trend!, 'agency', LABELS[agency]!)
      quarters.forEach((q) => {
        const p = quarterPeriod(q)
        const expected = periodContacts(p).filter((c) => contactAgency(c) === agency).length + periodEpisodes(p).filter((e) => asAgency(e.agency_type) === agency).length
        expect(r[quarterKey(q).replace('-', '_')], `${agency} ${quarterKey(q)}`).toBe(expected)
      })
    }
  })
})

describe('prevalence of core risk indicators', () => {
  it('counts each child’s latest screening in the period, per indicator and per level', async () => {
    const [indicators, levels] = await run((tx) => prevalenceTables(tx, Q4))
    const latest = new Map<string, RawScreening>()
    for (const s of periodScreenings(Q4).sort((a, b) => +new Date(a.assessed_at) - +new Date(b.assessed_at) || (a.id < b.id ? -1 : 1))) latest.set(s.person_id, s)
    const chosen = [...latest.values()]
    const tools = await queryRows<{ indicators: Array<{ code: string; label: string }> }>(db(), sql`select indicators from screening_tool_versions order by version`)
    const labelOf = new Map(tools.flatMap((v) => v.indicators.map((i) => [i.code, i.label] as const)))
    const ticked = new Set(chosen.flatMap((s) => s.indicators))
    for (const code of ticked) {
      const r = row(indicators!, 'indicator', labelOf.get(code)!)
      const n = chosen.filter((s) => s.indicators.includes(code)).length
      expect(r.present, code).toBe(n)
      expect(r.percent).toBe(Math.round((n / chosen.length) * 1000) / 10)
    }
    expect(indicators!.rows.reduce((sum, r) => sum + (r.present as number), 0)).toBe(chosen.reduce((sum, s) => sum + new Set(s.indicators).size, 0))
    for (const [level, label] of [['none', 'No risk identified'], ['low', 'Low'], ['medium', 'Medium'], ['high', 'High']] as const) {
      expect(row(levels!, 'level', label)).toMatchObject({ band: chosen.filter((s) => s.band_level === level).length, final: chosen.filter((s) => s.risk_level === level).length })
    }
    expect(row(levels!, 'level', 'All screenings')).toMatchObject({ band: chosen.length, final: chosen.length })
  })
})

class Rollback extends Error {}
/** Run `f` in a transaction that is always rolled back, so the demo stays as it was for the other tests. */
async function scratch(f: (tx: Tx) => Promise<void>): Promise<void> {
  await db()
    .transaction(async (tx) => {
      await f(tx as unknown as Tx)
      throw new Rollback()
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e
    })
}
const byId = (tables: DataTable[], id: string) => tables.find((x) => x.id === id)!

describe('data consistency', () => {
  it('counts missing fields per record type and agency like a count of the rows', async () => {
    const tables = await run((tx) => dataQualityTables(tx, Q4))
    const missing = byId(tables, 'dq-missing-fields')
    const cell = (type: string, agency: string, check: string) => missing.rows.find((r) => r.recordType === type && r.agency === (agency === 'all' ? 'All agencies' : LABELS[agency]) && r.check === check)
    const blank = (v: string | null) => v === null || v.trim() === ''
    const expectCheck = <T>(type: string, check: string, rows: T[], agencyOf: (r: T) => string, isMissing: (r: T) => boolean, applies: (r: T) => boolean = () => true) => {
      for (const agency of [...AGENCIES, 'all']) {
        const mine = rows.filter((r) => agency === 'all' || agencyOf(r) === agency).filter(applies)
        const found = cell(type, agency, check)
        if (rows.filter((r) => agency === 'all' || agencyOf(r) === agency).length === 0) expect(found, `${type} ${agency} ${check}`).toBeUndefined()
        else expect(found, `${type} ${agency} ${check}`).toMatchObject({ records: mine.length, missing: mine.filter(isMissing).length })
      }
    }
    const cs = periodContacts(Q4)
    expectCheck('Contacts', 'No date of birth', cs, contactAgency, (c) => c.child_date_of_birth === null)
    expectCheck('Contacts', 'No postcode', cs, contactAgency, (c) => blank(c.child_postcode))
    expectCheck('Contacts', 'No ethnicity', cs, contactAgency, (c) => blank(c.ethnicity))
    const es = periodEpisodes(Q4)
    const epAgency = (e: RawEpisode) => asAgency(e.agency_type)
    expectCheck('Missing episodes', 'No risk grade review', es, epAgency, (e) => e.gradings < 2)
    expectCheck('Missing episodes', 'No last-seen time', es, epAgency, (e) => e.last_seen_at === null)
    expectCheck('Missing episodes', 'Ended, no place found', es, epAgency, (e) => blank(e.found_description) && blank(e.found_postcode) && e.found_latitude === null, (e) => e.returned_at !== null)
    const kids = new Set([...cs.map((c) => c.person_id).filter((x): x is string => Boolean(x)), ...es.map((e) => e.person_id), ...periodScreenings(Q4).map((s) => s.person_id)])
    const people = (await queryRows<{ id: string; ethnicity: string | null; date_of_birth: string | null; postcode: string | null; agency_type: string | null }>(
      db(),
      sql`select p.id, p.ethnicity, p.date_of_birth::text, p.postcode,
        (select ag.type from person_names n left join agencies ag on ag.id = n.source_agency_id where n.person_id = p.id and n.kind = 'current' order by n.recorded_at limit 1) as agency_type from people p`,
    )).filter((p) => kids.has(p.id))
    expect(people.length).toBe(kids.size)
    expectCheck('Children', 'No ethnicity', people, (p) => asAgency(p.agency_type), (p) => blank(p.ethnicity))
    expectCheck('Children', 'No date of birth', people, (p) => asAgency(p.agency_type), (p) => p.date_of_birth === null)
    expectCheck('Children', 'No postcode', people, (p) => asAgency(p.agency_type), (p) => blank(p.postcode))
    // Percentages follow the counts.
    for (const r of missing.rows) expect(r.percent).toBe((r.records as number) === 0 ? null : Math.round(((r.missing as number) / (r.records as number)) * 1000) / 10)
  })

  it('counts records from two agencies, conflicting dates of birth and open duplicate pairs like a count of the rows', async () => {
    const tables = await run((tx) => dataQualityTables(tx, Q4))
    const cs = periodContacts(Q4)
    const kids = new Set([...cs.map((c) => c.person_id).filter((x): x is string => Boolean(x)), ...periodEpisodes(Q4).map((e) => e.person_id), ...periodScreenings(Q4).map((s) => s.person_id)])
    const people = new Map(
      (await queryRows<{ id: string; dob: string | null; agency_type: string | null }>(
        db(),
        sql`select p.id, p.date_of_birth::text as dob,
          (select ag.type from person_names n left join agencies ag on ag.id = n.source_agency_id where n.person_id = p.id and n.kind = 'current' order by n.recorded_at limit 1) as agency_type from people p`,
      )).map((p) => [p.id, p]),
    )
    const sources = (await queryRows<{ person_id: string; agency_name: string; agency_type: string; dob: string | null }>(
      db(),
      sql`select psr.person_id, ag.name as agency_name, ag.type as agency_type, r.data->>'dateOfBirth' as dob from person_source_records psr
        join import_sources s on s.id = psr.source_id join agencies ag on ag.id = s.agency_id left join import_rows r on r.id = psr.import_row_id`,
    )).filter((r) => kids.has(r.person_id))
    // (a) Children with records from two agencies.
    const agenciesOf = new Map<string, Set<string>>()
    for (const r of sources) agenciesOf.set(r.person_id, (agenciesOf.get(r.person_id) ?? new Set()).add(r.agency_name))
    const total = byId(tables, 'dq-recorded-differently').rows.find((r) => r.first === 'All pairs of agencies')
    expect(total?.children ?? 0).toBe([...agenciesOf.values()].filter((a) => a.size > 1).length)
    // (c) Dates of birth from agency extracts and the period's contacts against the person index.
    const dobs = [
      ...sources.filter((r) => r.dob).map((r) => ({ person: r.person_id, agency: asAgency(r.agency_type), dob: r.dob! })),
      ...cs.filter((c) => c.person_id && kids.has(c.person_id) && c.child_date_of_birth).map((c) => ({ person: c.person_id!, agency: contactAgency(c), dob: c.child_date_of_birth! })),
    ]
    const dobTable = byId(tables, 'dq-conflicting-dob')
    for (const agency of AGENCIES) {
      const mine = dobs.filter((d) => d.agency === agency)
      const conflicting = new Set(mine.filter((d) => people.get(d.person)?.dob && people.get(d.person)!.dob !== d.dob).map((d) => d.person))
      expect(dobTable.rows.find((r) => r.agency === LABELS[agency]), agency).toMatchObject({ children: new Set(mine.map((d) => d.person)).size, conflicting: conflicting.size })
    }
    const every = new Map<string, Set<string>>()
    for (const d of [...dobs, ...[...kids].filter((k) => people.get(k)?.dob).map((k) => ({ person: k, dob: people.get(k)!.dob! }))]) every.set(d.person, (every.get(d.person) ?? new Set()).add(d.dob))
    expect(dobTable.rows.find((r) => r.agency === 'All sources (two or more different dates)')).toMatchObject({ children: every.size, conflicting: [...every.values()].filter((v) => v.size > 1).length })
    // (d) Open pairs in the duplicate queue, by the agencies that created the two records.
    const pairs = (await queryRows<{ a: string; b: string }>(db(), sql`select person_id as a, other_person_id as b from duplicate_candidates where status = 'open'`)).filter((p) => !sealed.has(p.a) && !sealed.has(p.b))
    const creator = (id: string) => asAgency(people.get(id)?.agency_type ?? null)
    const dupTable = byId(tables, 'dq-possible-duplicates')
    expect(dupTable.rows.find((r) => r.agency === 'All agencies')).toMatchObject({ pairs: pairs.length, twoAgencies: pairs.filter((p) => creator(p.a) !== creator(p.b)).length })
    for (const agency of AGENCIES) {
      const mine = pairs.filter((p) => creator(p.a) === agency || creator(p.b) === agency)
      expect(dupTable.rows.find((r) => r.agency === LABELS[agency]), agency).toMatchObject({ pairs: mine.length, twoAgencies: mine.filter((p) => creator(p.a) !== creator(p.b)).length })
    }
  })

  it('sees two agencies record one child with different dates of birth, and a duplicate pair across agencies', async () => {
    // A child in the period's incidence whose contacts all give the index date of birth.
    const [child] = await queryRows<{ id: string; given_name: string; family_name: string; dob: string }>(
      db(),
      sql`select p.id, p.given_name, p.family_name, p.date_of_birth::text as dob from people p
        where p.date_of_birth is not null and p.merged_into_id is null
          and exists (select 1 from contacts c where c.person_id = p.id and c.received_at >= '2026-10-01' and c.received_at < '2026-12-31' and c.concern_types && array['CSE','CCE']::text[])
          and not exists (select 1 from contacts c where c.person_id = p.id and c.child_date_of_birth is distinct from p.date_of_birth)
          and not exists (select 1 from record_protections rp where rp.person_id = p.id and rp.state = 'sealed')
          and not exists (select 1 from person_source_records s where s.person_id = p.id)
        limit 1`,
    )
    expect(child).toBeDefined()
    const sources = await queryRows<{ id: string; agency_name: string; agency_type: string }>(db(), sql`select s.id, a.name as agency_name, a.type as agency_type from import_sources s join agencies a on a.id = s.agency_id order by a.name`)
    const police = sources.find((s) => s.agency_type === 'police')!
    const school = sources.find((s) => s.agency_type === 'education')!
    const [user] = await queryRows<{ user_id: string; team_id: string }>(db(), sql`select user_id, team_id from user_role_profiles limit 1`)
    const otherDob = new Date(Date.parse(child!.dob) + 86_400_000).toISOString().slice(0, 10)

    await scratch(async (tx) => {
      const before = await dataQualityTables(tx, Q4)
      for (const [source, dob, given] of [[police, child!.dob, child!.given_name.toUpperCase()], [school, otherDob, child!.given_name]] as const) {
        const [imp] = await queryRows<{ id: string }>(tx, sql`insert into imports (source_id, file_name, file_sha256, status, row_count, processed_count, uploaded_by, uploaded_by_team_id, uploaded_at)
          values (${source.id}, 'fixture.csv', ${`sha-${source.id}`}, 'completed', 1, 1, ${user!.user_id}, ${user!.team_id}, now()) returning id`)
        const data = { sourceRecordId: `R-${source.id.slice(0, 8)}`, givenName: given, familyName: child!.family_name, dateOfBirth: dob }
        const [r] = await queryRows<{ id: string }>(tx, sql`insert into import_rows (import_id, line_number, data, outcome, person_id) values (${imp!.id}, 2, ${JSON.stringify(data)}::jsonb, 'matched', ${child!.id}) returning id`)
        await tx.execute(sql`insert into person_source_records (person_id, source_id, source_record_id, import_row_id, linked_at) values (${child!.id}, ${source.id}, ${data.sourceRecordId}, ${r!.id}, now())`)
      }
      const after = await dataQualityTables(tx, Q4)
      const pair = (tables: DataTable[], first: string | null) => byId(tables, 'dq-recorded-differently').rows.find((r) => r.first === (first ?? 'All pairs of agencies') && (first === null || r.second === school.agency_name)) ?? { children: 0, names: 0, dobs: 0 }
      const [a, b] = [police.agency_name, school.agency_name].sort()
      expect(a).toBe(police.agency_name)
      const delta = (first: string | null, key: string) => (pair(after, first)[key] as number) - ((pair(before, first) as Record<string, unknown>)[key] as number)
      // Names differ only in capitals: the same name. Dates of birth differ by a day.
      for (const first of [a!, null]) {
        expect(delta(first, 'children'), `children ${first}`).toBe(1)
        expect(delta(first, 'names'), `names ${first}`).toBe(0)
        expect(delta(first, 'dobs'), `dobs ${first}`).toBe(1)
      }
      expect(b).toBe(school.agency_name)
      const dob = (tables: DataTable[], label: string) => byId(tables, 'dq-conflicting-dob').rows.find((r) => r.agency === label)!
      const dobDelta = (label: string, key: string) => (dob(after, label)[key] as number) - (dob(before, label)[key] as number)
      expect(dobDelta('Education', 'conflicting')).toBe(1)
      expect(dobDelta('Police', 'conflicting')).toBe(0)
      expect(dobDelta('All sources (two or more different dates)', 'conflicting')).toBe(1)

      // A possible duplicate: the child (a record the police created) and a record a health agency created.
      const [other] = await queryRows<{ id: string }>(
        tx,
        sql`select p.id from people p where p.id <> ${child!.id} and p.merged_into_id is null
            and not exists (select 1 from record_protections rp where rp.person_id = p.id and rp.state = 'sealed')
            and not exists (select 1 from duplicate_candidates d where (d.person_id = p.id and d.other_person_id = ${child!.id}) or (d.other_person_id = p.id and d.person_id = ${child!.id}))
          limit 1`,
      )
      const agencyId = async (type: string) => (await queryRows<{ id: string }>(tx, sql`select id from agencies where type = ${type} order by name limit 1`))[0]!.id
      await tx.execute(sql`update person_names set source_agency_id = ${await agencyId('police')} where person_id = ${child!.id} and kind = 'current'`)
      await tx.execute(sql`update person_names set source_agency_id = ${await agencyId('health')} where person_id = ${other!.id} and kind = 'current'`)
      const after2 = await dataQualityTables(tx, Q4)
      const [lo, hi] = [child!.id, other!.id].sort()
      const dup = (tables: DataTable[]) => byId(tables, 'dq-possible-duplicates').rows.find((r) => r.agency === 'All agencies')!
      const openBefore = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from duplicate_candidates where status = 'open'`)
      expect(dup(after).pairs).toBeLessThanOrEqual(openBefore[0]!.n)
      await tx.execute(sql`insert into duplicate_candidates (person_id, other_person_id, probability, match_weight, reasons, source, found_at) values (${lo}, ${hi}, 0.8, 10, '[]'::jsonb, 'index-scan', now())`)
      const withPair = await dataQualityTables(tx, Q4)
      expect((dup(withPair).pairs as number) - (dup(after2).pairs as number)).toBe(1)
      expect((dup(withPair).twoAgencies as number) - (dup(after2).twoAgencies as number)).toBe(1)
      for (const label of ['Police', 'Health']) {
        const r = (tables: DataTable[]) => byId(tables, 'dq-possible-duplicates').rows.find((x) => x.agency === label)!
        expect((r(withPair).pairs as number) - (r(after2).pairs as number), label).toBe(1)
        expect((r(withPair).twoAgencies as number) - (r(after2).twoAgencies as number), label).toBe(1)
      }
    })
  })
})

describe('GET /insight/profile', () => {
  it('shows every section to each reader, and audits the read with the period', async () => {
    for (const account of ['analyst', 'business.unit', 'exploitation.lead']) {
      const page = await (await t.sessionFor(demoEmail(account))).get('/insight/profile?quarter=2026-Q4')
      expect(page.statusCode, account).toBe(200)
      for (const qa of ['section-incidence', 'section-data-consistency', 'section-prevalence', 'profile-incidence-by-agency', 'profile-incidence-trend', 'profile-dq-recorded-differently', 'profile-dq-missing-fields', 'profile-dq-conflicting-dob', 'profile-dq-possible-duplicates', 'profile-prevalence-indicators', 'profile-prevalence-levels', 'how-checked']) {
        expect(page.body, `${account} ${qa}`).toContain(`data-qa="${qa}"`)
      }
      expect(page.body).toContain('<svg')
      expect(page.body).toContain('1 October 2026 to 31 December 2026')
      const ids = [...page.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])
      expect(ids.length).toBe(new Set(ids).size)
    }
    const analystId = await t.userId(demoEmail('analyst'))
    const [event] = await queryRows<{ outcome: string; resource_type: string; details: Record<string, unknown> }>(
      db(),
      sql`select outcome, resource_type, details from audit_events where actor_user_id = ${analystId} and action = 'insight.profile.viewed' order by seq desc limit 1`,
    )
    expect(event).toMatchObject({ outcome: 'allowed', resource_type: 'insight-profile', details: { from: '2026-10-01', to: '2026-12-31', use: 'page' } })
  })

  it('is 403 for a practitioner (audited), sign-in for nobody, and 400 with GOV.UK errors for a bad period', async () => {
    const practitioner = await (await t.sessionFor(demoEmail('mash.social.worker'))).get('/insight/profile')
    expect(practitioner.statusCode).toBe(403)
    const download = await (await t.sessionFor(demoEmail('social.worker'))).get('/insight/profile/download?from=2026-10-01&to=2026-12-31&table=all&format=xlsx')
    expect(download.statusCode).toBe(403)
    const id = await t.userId(demoEmail('mash.social.worker'))
    const [denied] = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from audit_events where actor_user_id = ${id} and action = 'insight.profile.view' and outcome = 'denied'`)
    expect(denied!.n).toBeGreaterThan(0)
    const anonymous = await t.app.inject({ method: 'GET', url: '/insight/profile' })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toContain('sign-in')
    const bad = await (await t.sessionFor(demoEmail('business.unit'))).get('/insight/profile?from-day=30&from-month=2&from-year=2026&to-day=&to-month=3&to-year=2026')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('Date from must be a real date')
  })
})

describe('GET /insight/profile/download', () => {
  it('gives each table as formula-safe CSV starting with its header row, and every table as XLSX', async () => {
    const session = await t.sessionFor(demoEmail('analyst'))
    const csv = await session.get('/insight/profile/download?from=2026-10-01&to=2026-12-31&table=incidence-by-agency&format=csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Agency,Contacts with a CSE concern,Contacts with another exploitation concern,Contacts with a missing concern,Missing episodes recorded,Screenings completed,Children')
    for (const line of csv.body.split('\r\n')) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@]/)
    const dq = await session.get('/insight/profile/download?from=2026-10-01&to=2026-12-31&table=dq-missing-fields&format=csv')
    expect(dq.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Record type,Agency,Check,Records checked,Missing,% missing')
    const xlsx = await session.get('/insight/profile/download?from=2026-10-01&to=2026-12-31&table=all&format=xlsx')
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    expect((await session.get('/insight/profile/download?from=2026-10-01&to=2026-12-31&table=nope&format=csv')).statusCode).toBe(400)
    expect((await session.get('/insight/profile/download?from=2026-10-01&to=2026-12-31&table=all&format=pdf')).statusCode).toBe(400)
    const id = await t.userId(demoEmail('analyst'))
    const [event] = await queryRows<{ details: Record<string, unknown> }>(db(), sql`select details from audit_events where actor_user_id = ${id} and action = 'insight.profile.viewed' order by seq desc limit 1`)
    expect(event!.details).toMatchObject({ from: '2026-10-01', to: '2026-12-31', use: 'download' })
  })
})

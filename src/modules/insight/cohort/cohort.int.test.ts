/**
 * Young people most at risk through the real app over the demo partnership plus hand-made fixture children whose
 * screenings, cases, episodes and contacts sit on the period's boundaries (Q1 2025: 1 January 00:00 GMT to
 * 31 March 23:59:59 BST). Figures and order are hand-computed below; the analyst's outputs are checked against
 * every name and date of birth in the people table.
 */
import { and, desc, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { breakGlassGrants, legitimateRelationships, recordProtections } from '../../../platform/access/schema.ts'
import { auditEvents } from '../../../platform/audit/schema.ts'
import { teams } from '../../../platform/auth/schema.ts'
import type { Tx } from '../../../platform/db/client.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../../testing/app.ts'
import { contacts } from '../../contacts/schema.ts'
import { exploitationCases, screeningToolVersions, screenings } from '../../exploitation/schema.ts'
import { missingEpisodes } from '../../missing/schema.ts'
import { people } from '../../people/schema.ts'
import { formatDay } from '../period.ts'
import { pseudonymiser } from '../pseudonyms.ts'

let t: TestApp
const db = () => t.testDb.database.db
const at = (iso: string) => new Date(iso)
const Q1 = '?quarter=2025-Q1'
const SCOPE = 'cohort:2025-01-01:2025-03-31'
const ids: Record<string, string> = {}
const PAGED = 57
const sessions: Record<string, BrowserSession> = {}
const as = async (account: string) => (sessions[account] ??= await t.sessionFor(demoEmail(account)))

async function child(key: string, dateOfBirth: string, gender: 'F' | 'M' | 'U') {
  const [row] = await db().insert(people).values({ givenName: `Cohort${key}`, familyName: 'Fixturechild', dateOfBirth, gender, createdAt: at('2024-01-01T00:00:00Z'), updatedAt: at('2024-01-01T00:00:00Z') }).returning()
  ids[key] = row!.id
  return row!.id
}

const contact = (personId: string, receivedAt: string) => ({
  channel: 'phone' as const,
  childGivenName: 'Reported',
  childFamilyName: 'Child',
  childGender: 'U' as const,
  personId,
  concernTypes: ['CSE'] as never,
  referralSource: '6' as never,
  referrerName: 'Fixture referrer',
  receivedAt: at(receivedAt),
  narrative: 'Fixture narrative',
  lawfulBasis: 'public-task' as const,
  createdAt: at(receivedAt),
  updatedAt: at(receivedAt),
})
const episode = (personId: string, reported: string, returned: string | null = '2025-04-20T10:00:00Z') => ({
  personId,
  missingFrom: 'home' as const,
  reportedMissingAt: at(reported),
  riskGrade: 'medium' as const,
  returnedAt: returned ? at(returned) : null,
  recordedAt: at(reported),
  updatedAt: at(reported),
})

beforeAll(async () => {
  t = await createTestApp()
  const [tool] = await db().select().from(screeningToolVersions).limit(1)
  const [team] = await db().select().from(teams).limit(1)
  const screening = (personId: string, riskLevel: 'none' | 'low' | 'medium' | 'high', assessedAt: string) => ({
    personId, toolVersionId: tool!.id, toolVersion: tool!.version, indicators: [], score: 0, bandLevel: riskLevel, ruleLevel: riskLevel, rulesApplied: [], riskLevel, reviewBy: '2025-06-30', assessedAt: at(assessedAt),
  })
  const openCase = (personId: string, riskLevel: 'high' | 'medium', openedAt: string) => ({ personId, riskLevel, openedFrom: 'direct' as const, openedAt: at(openedAt), agencyId: team!.agencyId, teamId: team!.id })

  // A: open case, high; nothing else in the period. → High (open case), 0, 0; last event the case's opening.
  const a = await child('A', '2012-04-01', 'F') // 13 the day after the period: 12 on 31 March
  await db().insert(exploitationCases).values(openCase(a, 'high', '2024-12-01T12:00:00Z'))
  // B: latest screening medium; episodes on both boundaries (2 in, 2 just outside); one contact. 14 on 31 March.
  const b = await child('B', '2010-06-15', 'M')
  await db().insert(screenings).values(screening(b, 'medium', '2025-02-10T09:00:00Z'))
  await db().insert(missingEpisodes).values([
    episode(b, '2024-12-31T23:59:59Z'), // 31 December, out
    episode(b, '2025-01-01T00:00:00Z'), // 1 January 00:00 GMT, in
    episode(b, '2025-03-31T22:59:59Z'), // 31 March 23:59:59 BST, in
    episode(b, '2025-03-31T23:00:00Z'), // 1 April 00:00 BST, out
  ])
  await db().insert(contacts).values(contact(b, '2025-02-01T10:00:00Z'))
  // E: as B but no contact → after B.
  const e = await child('E', '2008-01-10', 'F')
  await db().insert(screenings).values(screening(e, 'medium', '2025-01-20T09:00:00Z'))
  await db().insert(missingEpisodes).values([episode(e, '2025-01-05T10:00:00Z'), episode(e, '2025-02-05T10:00:00Z')])
  // C: screened high, then low (the latest by 31 March), then medium after the period; 3 contacts in (boundaries).
  const c = await child('C', '2014-09-09', 'U')
  await db().insert(screenings).values([screening(c, 'high', '2025-01-15T09:00:00Z'), screening(c, 'low', '2025-03-01T09:00:00Z'), screening(c, 'medium', '2025-04-02T09:00:00Z')])
  await db().insert(contacts).values([contact(c, '2025-01-01T00:00:00Z'), contact(c, '2025-02-15T10:00:00Z'), contact(c, '2025-03-31T22:59:59.999Z'), contact(c, '2025-03-31T23:00:00Z')])
  // D: a case closed in the period, nothing else: not in the cohort.
  const d = await child('D', '2011-01-01', 'F')
  await db().insert(exploitationCases).values({ ...openCase(d, 'high', '2024-06-01T12:00:00Z'), status: 'closed', closedAt: at('2025-02-01T12:00:00Z'), closureDecisionOn: '2025-02-01', closureRationale: 'Fixture', closureAgencies: ['police', 'health'] })
  // G: missing since November 2024 and not back: missing now, not assessed.
  const g = await child('G', '2009-05-05', 'M')
  await db().insert(missingEpisodes).values(episode(g, '2024-11-01T10:00:00Z', null))
  // F: sealed, open case high: absent for everyone who is not named on it.
  const f = await child('F', '2010-02-02', 'F')
  await db().insert(exploitationCases).values(openCase(f, 'high', '2025-01-10T12:00:00Z'))
  const ig = await t.userId(demoEmail('ig.officer'))
  await db().insert(recordProtections).values({ personId: f, state: 'sealed', reason: 'Fixture: sealed', setBy: ig, setAt: at('2024-01-01T00:00:00Z') })
  // Q2 2025: 57 more children, each the subject of one contact, for paging (more than one page of 50).
  const many = await db()
    .insert(people)
    .values(Array.from({ length: PAGED }, (_, i) => ({ givenName: `Paged${String(i).padStart(2, '0')}`, familyName: 'Fixturechild', dateOfBirth: '2011-05-05', gender: 'F' as const, createdAt: at('2024-01-01T00:00:00Z'), updatedAt: at('2024-01-01T00:00:00Z') })))
    .returning({ id: people.id })
  await db().insert(contacts).values(many.map((p, i) => contact(p.id, `2025-05-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`)))
})

afterAll(async () => {
  await t?.close()
})

const csv = (body: string) => parse(body, { columns: true }) as Array<Record<string, string>>
const fixtureRows = (rows: Array<Record<string, string>>, key: string) => rows.filter((r) => /^Cohort[A-Z] Fixturechild$/.test(r[key] ?? ''))

describe('the exploitation lead', () => {
  it('sees the fixture children with hand-computed figures, in order, named and linked; D and the sealed F absent', async () => {
    const page = await (await as('exploitation.lead')).get(`/insight/young-people${Q1}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`href="/people/${ids.B}"`)
    expect(page.body).not.toContain('CohortF ')
    expect(page.body).not.toContain('CohortD ')
    expect(page.body).toMatch(/\d+ records? not shown/)
    const download = await (await as('exploitation.lead')).get('/insight/young-people/download?from=2025-01-01&to=2025-03-31&table=young-people&format=csv')
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toContain('text/csv')
    const rows = fixtureRows(csv(download.body), 'Child')
    expect(rows.map((r) => r.Child)).toEqual(['CohortA Fixturechild', 'CohortB Fixturechild', 'CohortE Fixturechild', 'CohortC Fixturechild', 'CohortG Fixturechild'])
    const figures = rows.map((r) => [r['Risk level'], r['Risk level from'], r['Missing episodes in period'], r['Missing now'], r['Contacts in period'], r['Last event'], r['Age band'], r.Gender])
    expect(figures).toEqual([
      ['High', 'Open case', '0', 'No', '0', '1 December 2024', '10 to 12', 'Female'],
      ['Medium', 'Screening', '2', 'No', '1', '31 March 2025', '13 to 15', 'Male'],
      ['Medium', 'Screening', '2', 'No', '0', '5 February 2025', '16 to 17', 'Female'],
      ['Low', 'Screening', '0', 'No', '3', '31 March 2025', '10 to 12', 'Not known'],
      ['Not assessed', '', '0', 'Yes', '0', '', '13 to 15', 'Male'],
    ])
  })

  it('filters by risk level, and refuses an unknown one with a GOV.UK error (400)', async () => {
    const lead = await as('exploitation.lead')
    const medium = await lead.get(`/insight/young-people${Q1}&risk=medium`)
    expect(medium.body).toContain('CohortB Fixturechild')
    expect(medium.body).not.toContain('CohortA Fixturechild')
    const bad = await lead.get(`/insight/young-people${Q1}&risk=severe`)
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    const badDate = await lead.get('/insight/young-people?from-day=31&from-month=2&from-year=2025&to-day=1&to-month=3&to-year=2025')
    expect(badDate.statusCode).toBe(400)
    expect(badDate.body).toContain('Date from must be a real date')
  })

  it('defaults to the last 90 days up to today', async () => {
    const page = await (await as('exploitation.lead')).get('/insight/young-people')
    expect(page.statusCode).toBe(200)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(t.platform.clock.now())
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10)
    expect(page.body).toContain(`${formatDay(from)} to ${formatDay(today)}`)
  })
})

describe('paging', () => {
  const Q2 = '/insight/young-people?quarter=2025-Q2&risk=not-assessed'
  const names = (body: string) => [...body.matchAll(/href="\/people\/[^"]+">([^<]+)</g)].map((m) => m[1]!)

  it('shows 50 a page with GOV.UK pagination keeping the period and risk, the summary and downloads over the whole list', async () => {
    const lead = await as('exploitation.lead')
    const download = await lead.get('/insight/young-people/download?from=2025-04-01&to=2025-06-30&risk=not-assessed&table=young-people&format=csv')
    const all = csv(download.body).map((r) => r.Child!)
    expect(all.filter((n) => n.startsWith('Paged'))).toHaveLength(PAGED)
    const total = all.length
    const pages = Math.ceil(total / 50)

    const first = await lead.get(Q2)
    expect(first.statusCode).toBe(200)
    expect(names(first.body)).toEqual(all.slice(0, 50))
    expect(first.body).toContain(`Showing 1 to 50 of ${total} young people (page 1 of ${pages})`)
    expect(first.body).toContain('govuk-pagination')
    expect(first.body).toContain('href="/insight/young-people?quarter=2025-Q2&amp;risk=not-assessed&amp;page=2#young-people"')
    // The summary counts every listed child (not only this page's): the "Not assessed" row is the whole list.
    expect(first.body).toMatch(new RegExp(`Not assessed</(th|td)>\\s*<td[^>]*>${total}<`))

    const last = await lead.get(`${Q2}&page=${pages}`)
    expect(names(last.body)).toEqual(all.slice((pages - 1) * 50))
    expect(last.body).toContain('href="/insight/young-people?quarter=2025-Q2&amp;risk=not-assessed&amp;page=1#young-people"')
    expect(last.body).not.toContain('govuk-pagination__next')
    // Past the last page: the last page.
    const past = await lead.get(`${Q2}&page=${pages + 7}`)
    expect(past.statusCode).toBe(200)
    expect(names(past.body)).toEqual(names(last.body))

    const leadId = await t.userId(demoEmail('exploitation.lead'))
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, leadId), eq(auditEvents.action, 'insight.cohort.viewed'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(event!.details).toMatchObject({ from: '2025-04-01', to: '2025-06-30', risk: 'not-assessed', page: pages, pages, pageSize: 50, listed: total, rows: total - (pages - 1) * 50 })
    expect((event!.details.personIds as unknown[]).length).toBe(total - (pages - 1) * 50)
  })

  it('keeps dates chosen as dates in the page links, and refuses a page that is not a whole number (GOV.UK error, 400)', async () => {
    const lead = await as('exploitation.lead')
    const dates = await lead.get('/insight/young-people?from-day=1&from-month=4&from-year=2025&to-day=30&to-month=6&to-year=2025')
    expect(dates.body).toContain('href="/insight/young-people?from-day=1&amp;from-month=4&amp;from-year=2025&amp;to-day=30&amp;to-month=6&amp;to-year=2025&amp;page=2#young-people"')
    for (const bad of ['0', '-1', '2.5', 'two']) {
      const response = await lead.get(`${Q2}&page=${bad}`)
      expect(response.statusCode, bad).toBe(400)
      expect(response.body).toContain('govuk-error-summary')
      expect(response.body).toContain('Page number must be a whole number, like 2')
      expect(response.body).not.toContain('data-qa="young-people"')
    }
  })

  it('gives the analyst the same pages under pseudonyms', async () => {
    const analyst = await as('analyst')
    const download = await analyst.get('/insight/young-people/download?from=2025-04-01&to=2025-06-30&risk=not-assessed&table=young-people&format=csv')
    const all = csv(download.body).map((r) => r['Young person (pseudonym)']!)
    const pseudonyms = (body: string) => [...body.matchAll(/name="pseudonym" value="(YP-[0-9A-Z]{8})"/g)].map((m) => m[1])
    expect(pseudonyms((await analyst.get(Q2)).body)).toEqual(all.slice(0, 50))
    expect(pseudonyms((await analyst.get(`${Q2}&page=2`)).body)).toEqual(all.slice(50, 100))
  })
})

describe('the analyst', () => {
  const namesAndDates = async () => {
    const rows = await db().select({ id: people.id, givenName: people.givenName, familyName: people.familyName, dateOfBirth: people.dateOfBirth }).from(people)
    return rows.flatMap((p) => [p.id, `${p.givenName} ${p.familyName}`, ...(p.dateOfBirth ? [p.dateOfBirth, formatDay(p.dateOfBirth)] : [])])
  }

  it('sees the same children under pseudonyms only: no name, date of birth or id of any child, on the page or in the downloads', async () => {
    const analyst = await as('analyst')
    const page = await analyst.get(`/insight/young-people${Q1}`)
    expect(page.statusCode).toBe(200)
    const xlsx = await analyst.get('/insight/young-people/download?from=2025-01-01&to=2025-03-31&table=all&format=xlsx')
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as never)
    const cells: string[] = []
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))))
    const download = await analyst.get('/insight/young-people/download?from=2025-01-01&to=2025-03-31&table=young-people&format=csv')
    const forbidden = await namesAndDates()
    for (const text of [page.body, download.body, cells.join('\n')]) {
      for (const value of forbidden) expect(text.includes(value), value).toBe(false)
    }
    const p = await pseudonymiser(db() as unknown as Tx, SCOPE, new Date())
    const listed = csv(download.body).map((r) => r['Young person (pseudonym)'])
    expect(listed.every((x) => /^YP-[0-9A-Z]{8}$/.test(x!))).toBe(true)
    const order = ['A', 'B', 'E', 'C', 'G'].map((k) => listed.indexOf(p.of(ids[k]!)))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((x, y) => x - y)).toEqual(order)
    expect(listed).not.toContain(p.of(ids.F!))
    const b = csv(download.body).find((r) => r['Young person (pseudonym)'] === p.of(ids.B!))!
    expect(b['Last event (month)']).toBe('March 2025')
    expect(b['Missing episodes in period']).toBe('2')
    expect(page.body).toContain(`value="${p.of(ids.B!)}"`)
    expect(page.body).toMatch(/\d+ records? not shown/)
  })

  it('gets pseudonyms that are stable within a period and different in another', async () => {
    const analyst = await as('analyst')
    const first = await analyst.get(`/insight/young-people${Q1}`)
    const again = await analyst.get(`/insight/young-people${Q1}`)
    const pseudonyms = (body: string) => [...body.matchAll(/name="pseudonym" value="(YP-[0-9A-Z]{8})"/g)].map((m) => m[1])
    expect(pseudonyms(again.body)).toEqual(pseudonyms(first.body))
    const other = await analyst.get('/insight/young-people?from-day=1&from-month=1&from-year=2025&to-day=30&to-month=3&to-year=2025')
    const q1 = await pseudonymiser(db() as unknown as Tx, SCOPE, new Date())
    const otherScope = await pseudonymiser(db() as unknown as Tx, 'cohort:2025-01-01:2025-03-30', new Date())
    expect(otherScope.of(ids.B!)).not.toBe(q1.of(ids.B!))
    expect(pseudonyms(other.body)).toContain(otherScope.of(ids.B!))
    expect(pseudonyms(other.body)).not.toContain(q1.of(ids.B!))
  })

  it('is audited with the period and the number of rows, never the ids', async () => {
    const analystId = await t.userId(demoEmail('analyst'))
    await (await as('analyst')).get(`/insight/young-people${Q1}`)
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, analystId), eq(auditEvents.action, 'insight.cohort.viewed'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(event!.outcome).toBe('allowed')
    expect(event!.details).toMatchObject({ from: '2025-01-01', to: '2025-03-31', view: 'pseudonymised' })
    expect(typeof event!.details.rows).toBe('number')
    expect(event!.details).not.toHaveProperty('personIds')
    await (await as('analyst')).get('/insight/young-people/download?from=2025-01-01&to=2025-03-31&table=young-people&format=xlsx')
    const [download] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, analystId), eq(auditEvents.action, 'insight.cohort.downloaded'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(download!.details).toMatchObject({ from: '2025-01-01', to: '2025-03-31', format: 'xlsx', view: 'pseudonymised' })
    expect(download!.details).not.toHaveProperty('personIds')
    const leadId = await t.userId(demoEmail('exploitation.lead'))
    await (await as('exploitation.lead')).get(`/insight/young-people${Q1}`)
    const [lead] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, leadId), eq(auditEvents.action, 'insight.cohort.viewed'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(lead!.details.personIds).toEqual(expect.arrayContaining([ids.A, ids.B]))
    expect(lead!.details.rows).toBe((lead!.details.personIds as unknown[]).length)
  })
})

describe('drill-down', () => {
  const drill = async (key: string) => {
    const p = await pseudonymiser(db() as unknown as Tx, SCOPE, new Date())
    return (await as('analyst')).post('/insight/young-people/drill-down', { scope: SCOPE, pseudonym: p.of(ids[key]!) })
  }
  const audits = async (personId: string) => db().select().from(auditEvents).where(and(eq(auditEvents.action, 'insight.cohort.drill-down'), eq(auditEvents.personId, personId))).orderBy(auditEvents.seq)

  it('without access: 403 page saying a relationship is needed, and an audited denial', async () => {
    const response = await drill('B')
    expect(response.statusCode).toBe(403)
    expect(response.body).toContain('You need a relationship with this young person')
    const rows = await audits(ids.B!)
    expect(rows.at(-1)).toMatchObject({ outcome: 'denied', personId: ids.B })
  })

  it('with a relationship: still refused, because an analyst role never opens a record through one (people.view)', async () => {
    const analystId = await t.userId(demoEmail('analyst'))
    await db().insert(legitimateRelationships).values({ personId: ids.E!, userId: analystId, source: 'ig-grant', startsAt: new Date(Date.now() - 60_000) })
    const response = await drill('E')
    expect(response.statusCode).toBe(403)
    expect((await audits(ids.E!)).at(-1)!.details).toMatchObject({ reason: 'role has no casework access' })
  })

  it('with access to the record (an active break-glass grant): audited, 303 to the record, which opens', async () => {
    const analystId = await t.userId(demoEmail('analyst'))
    await db().insert(breakGlassGrants).values({ personId: ids.C!, userId: analystId, reason: 'Fixture: urgent check on a young person', startsAt: new Date(Date.now() - 60_000), expiresAt: new Date(Date.now() + 3_600_000) })
    const response = await drill('C')
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(`/people/${ids.C}`)
    expect((await audits(ids.C!)).at(-1)).toMatchObject({ outcome: 'allowed', personId: ids.C })
    expect((await (await as('analyst')).get(`/people/${ids.C}`)).statusCode).toBe(200)
  })

  it('a sealed child is not in the list: 404; a malformed request: 400; other roles: 403', async () => {
    expect((await drill('F')).statusCode).toBe(404)
    expect((await (await as('analyst')).post('/insight/young-people/drill-down', { scope: 'nonsense', pseudonym: 'YP-00000000' })).statusCode).toBe(400)
    const p = await pseudonymiser(db() as unknown as Tx, SCOPE, new Date())
    expect((await (await as('exploitation.lead')).post('/insight/young-people/drill-down', { scope: SCOPE, pseudonym: p.of(ids.B!) })).statusCode).toBe(403)
  })
})

describe('other roles', () => {
  it('the business unit gets 403 for the page and the downloads (aggregates only), audited', async () => {
    const bu = await as('business.unit')
    expect((await bu.get(`/insight/young-people${Q1}`)).statusCode).toBe(403)
    expect((await bu.get('/insight/young-people/download?from=2025-01-01&to=2025-03-31&format=csv')).statusCode).toBe(403)
    const buId = await t.userId(demoEmail('business.unit'))
    const denials = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, buId), eq(auditEvents.action, 'insight.cohort.view'), eq(auditEvents.outcome, 'denied')))
    expect(denials.length).toBeGreaterThanOrEqual(2)
  })

  it('a social worker sees only the children they currently have a relationship with, named', async () => {
    const sw = await t.userId(demoEmail('social.worker'))
    await db().insert(legitimateRelationships).values({ personId: ids.A!, userId: sw, source: 'allocation', startsAt: new Date(Date.now() - 60_000) })
    const page = await (await as('social.worker')).get(`/insight/young-people${Q1}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('CohortA Fixturechild')
    expect(page.body).not.toContain('CohortB Fixturechild')
    expect(page.body).not.toMatch(/records? not shown/)
    expect(page.body).not.toContain('href="/insight/hotspots"')
  })
})

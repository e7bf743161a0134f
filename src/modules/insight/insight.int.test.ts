/**
 * The indicators through the real app over the demo partnership: the API's shape and readers, GOV.UK messages for
 * bad periods, the page, the audit rows, and the demo's figures against a count of the underlying rows made here
 * in JavaScript (an independent reading of the same rules).
 */
import { and, desc, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordProtections } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { contacts } from '../contacts/schema.ts'
import { missingEpisodes } from '../missing/schema.ts'
import { people } from '../people/schema.ts'
import type { IndicatorSet } from './catalogue.ts'
import { currentQuarterPeriod, londonDay } from './period.ts'

let t: TestApp
const db = () => t.testDb.database.db
const URL = '/api/v1/insight/indicators'
const tokens: Record<string, string> = {}

async function api(account: string, query = '') {
  tokens[account] ??= await t.tokenFor(demoEmail(account))
  return t.app.inject({ method: 'GET', url: `${URL}${query}`, headers: { authorization: `Bearer ${tokens[account]}` } })
}

const figure = (set: IndicatorSet, id: string, dimension: string, value: string | null = null) =>
  set.indicators.find((i) => i.id === id)?.rows.find((r) => r.dimension === dimension && r.value === value)?.count

beforeAll(async () => {
  t = await createTestApp()
})

afterAll(async () => {
  await t?.close()
})

describe('GET /api/v1/insight/indicators', () => {
  it('gives the analyst every indicator for the period, counts as numbers, panels as null, and audits the read', async () => {
    const response = await api('analyst', '?from=2026-10-01&to=2026-12-31')
    expect(response.statusCode).toBe(200)
    const body = response.json() as IndicatorSet
    expect(Object.keys(body).sort()).toEqual(['from', 'indicators', 'to'])
    expect(body.from).toBe('2026-10-01')
    expect(body.to).toBe('2026-12-31')
    expect(body.indicators.map((i) => i.id)).toEqual(['cse-contacts', 'exploitation-contacts', 'missing-children', 'missing-episodes', 'return-interviews', 'panel-high-risk-cases'])
    for (const indicator of body.indicators) {
      expect(typeof indicator.title).toBe('string')
      expect(indicator.rows[0]).toMatchObject({ dimension: 'total', value: null })
      for (const row of indicator.rows) {
        expect(Object.keys(row).sort()).toEqual(['count', 'dimension', 'value'])
        if (indicator.id === 'panel-high-risk-cases') expect(row.count).toBeNull()
        else expect(Number.isInteger(row.count)).toBe(true)
      }
    }
    const contactDims = new Set(body.indicators[0]!.rows.map((r) => r.dimension))
    expect([...contactDims]).toEqual(expect.arrayContaining(['total', 'ageBand', 'gender', 'ethnicity', 'referringAgency']))
    const missingDims = new Set(body.indicators.find((i) => i.id === 'missing-episodes')!.rows.map((r) => r.dimension))
    expect([...missingDims]).toEqual(expect.arrayContaining(['total', 'ageBand', 'gender', 'ethnicity', 'missingFrom', 'episodeLength']))
    expect(body.indicators.find((i) => i.id === 'missing-children')!.rows.filter((r) => r.dimension === 'episodeFrequency').map((r) => r.value)).toEqual(['1', '2', '3-5', '6-10', '11-plus'])
    // Aggregates only: nothing in the answer names a child.
    expect(JSON.stringify(body)).not.toMatch(/personId|givenName|familyName/)
    const analystId = await t.userId(demoEmail('analyst'))
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, analystId), eq(auditEvents.action, 'insight.indicators.viewed'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(event).toMatchObject({ outcome: 'allowed', resourceType: 'insight-indicators', details: { from: '2026-10-01', to: '2026-12-31', trend: false } })
  })

  it('defaults to the current calendar quarter in London', async () => {
    const response = await api('business.unit')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject(currentQuarterPeriod(t.platform.clock.now()))
  })

  it('is read by the business unit and the exploitation lead; other roles get 403 whatever they ask, and the denial is audited', async () => {
    expect((await api('exploitation.lead', '?from=2026-01-01&to=2026-01-31')).statusCode).toBe(200)
    for (const account of ['social.worker', 'mash.manager', 'admin', 'ig.officer', 'police.missing']) {
      const response = await api(account, '?from=2026-13-01&to=2026-01-31')
      expect(response.statusCode, account).toBe(403)
      expect(response.headers['content-type']).toContain('application/problem+json')
    }
    const socialId = await t.userId(demoEmail('social.worker'))
    const denials = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, socialId), eq(auditEvents.action, 'insight.indicators.view'), eq(auditEvents.outcome, 'denied')))
    expect(denials.length).toBeGreaterThan(0)
    expect((await t.app.inject({ method: 'GET', url: `${URL}?from=2026-10-01&to=2026-12-31` })).statusCode).toBe(401)
  })

  it('refuses dates that are not real, half a period, and a period that ends before it starts (400, GOV.UK messages)', async () => {
    const cases: Array<[string, Array<{ field: string; message: string }>]> = [
      ['?from=2026-02-30&to=2026-03-31', [{ field: 'from', message: 'Date from must be a real date, like 2026-10-01' }]],
      ['?from=2026-01-01&to=31/03/2026', [{ field: 'to', message: 'Date to must be a real date, like 2026-12-31' }]],
      ['?from=2026-01-01', [{ field: 'to', message: 'Enter a date to, like 2026-12-31' }]],
      ['?from=2026-04-01&to=2026-03-31', [{ field: 'to', message: 'Date to must be the same as or after date from' }]],
    ]
    for (const [query, errors] of cases) {
      const response = await api('analyst', query)
      expect(response.statusCode, query).toBe(400)
      expect(response.headers['content-type']).toContain('application/problem+json')
      expect(response.json(), query).toMatchObject({ status: 400, errors })
    }
  })
})

describe('/insight page', () => {
  it('shows the analyst the indicators as tables and the 8-quarter trend; navigation offers it to readers only', async () => {
    const page = await (await t.sessionFor(demoEmail('analyst'))).get('/insight?quarter=2026-Q3')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('1 July 2026 to 30 September 2026')
    for (const id of ['cse-contacts', 'exploitation-contacts', 'missing-children', 'missing-episodes', 'return-interviews', 'panel-high-risk-cases']) expect(page.body).toContain(`data-qa="indicator-${id}"`)
    expect(page.body).toContain('data-qa="trend"')
    expect(page.body).toContain('Not yet recorded')
    expect(page.body).toContain('href="/insight"')
    const social = await (await t.sessionFor(demoEmail('social.worker'))).get('/')
    expect(social.body).not.toContain('href="/insight"')
  })

  it('takes any period from the date inputs and shows errors first for a bad one', async () => {
    const session = await t.sessionFor(demoEmail('business.unit'))
    const good = await session.get('/insight?from-day=1&from-month=11&from-year=2026&to-day=28&to-month=11&to-year=2026')
    expect(good.statusCode).toBe(200)
    expect(good.body).toContain('1 November 2026 to 28 November 2026')
    const bad = await session.get('/insight?from-day=30&from-month=2&from-year=2026&to-day=&to-month=3&to-year=2026')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('Date from must be a real date')
    expect(bad.body).toContain('Date to must include a day')
    expect(bad.body).toContain('href="#from-day"')
    expect(bad.body).not.toContain('data-qa="trend"')
  })

  it('is 403 for a practitioner', async () => {
    const page = await (await t.sessionFor(demoEmail('mash.social.worker'))).get('/insight')
    expect(page.statusCode).toBe(403)
    const download = await (await t.sessionFor(demoEmail('mash.social.worker'))).get('/insight/download?from=2026-10-01&to=2026-12-31&table=all&format=csv')
    expect(download.statusCode).toBe(403)
  })

  it('draws each chart as server-rendered SVG in a named figure beside its table, with no script or style', async () => {
    const page = await (await t.sessionFor(demoEmail('analyst'))).get('/insight?quarter=2026-Q4')
    const figures = page.body.match(/<figure[^>]*data-qa="chart"[^>]*>[\s\S]*?<\/figure>/g) ?? []
    // Five indicators with figures plus the trend; panels are not recorded, so no chart for them.
    expect(figures.length).toBe(6)
    for (const f of figures) {
      expect(f).toMatch(/<div role="img" aria-label="[^"]+"><svg/)
      expect(f).toContain('<figcaption')
      expect(f).not.toMatch(/<style|<script/)
    }
    expect(page.body).toContain('aria-label="Totals per quarter over the last 8 quarters, line chart"')
  })
})

describe('/insight/download', () => {
  it('gives one table as formula-safe CSV with the page’s figures, and all tables as an XLSX workbook', async () => {
    const session = await t.sessionFor(demoEmail('business.unit'))
    const set = (await api('business.unit', '?from=2026-10-01&to=2026-12-31')).json() as IndicatorSet
    const csv = await session.get('/insight/download?from=2026-10-01&to=2026-12-31&table=missing-episodes&format=csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="lantern-indicators-missing-episodes-2026-10-01-to-2026-12-31.csv"')
    const lines = csv.body.trim().split('\r\n')
    expect(lines[0]).toBe('Breakdown,Group,Number of episodes')
    expect(lines[1]).toBe(`Total,All,${figure(set, 'missing-episodes', 'total')}`)
    expect(lines).toContain(`Missing from,Care,${figure(set, 'missing-episodes', 'missingFrom', 'care')}`)

    const xlsx = await session.get('/insight/download?from=2026-10-01&to=2026-12-31&table=all&format=xlsx')
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets.length).toBe(7)
    const sheet = workbook.worksheets[3]!
    const values = sheet.getSheetValues().flat().filter((v) => v !== undefined && v !== null)
    expect(values).toContain('OFFICIAL-SENSITIVE')
    expect(values).toContain(figure(set, 'missing-episodes', 'total'))
  })

  it('refuses a format or table it does not know, and an unreal date, with 400', async () => {
    const session = await t.sessionFor(demoEmail('analyst'))
    expect((await session.get('/insight/download?from=2026-10-01&to=2026-12-31&table=all&format=pdf')).statusCode).toBe(400)
    expect((await session.get('/insight/download?from=2026-10-01&to=2026-12-31&table=nope&format=csv')).statusCode).toBe(400)
    expect((await session.get('/insight/download?from=2026-02-30&to=2026-12-31&table=all&format=csv')).statusCode).toBe(400)
  })
})

describe('the demo partnership’s figures equal the underlying rows', () => {
  const PERIOD = { from: '2025-12-01', to: '2026-11-28' }
  const inPeriod = (at: Date) => londonDay(at) >= PERIOD.from && londonDay(at) <= PERIOD.to

  it('missing episodes: total, missing from and episode length', async () => {
    const sealed = new Set((await db().select({ id: recordProtections.personId }).from(recordProtections).where(eq(recordProtections.state, 'sealed'))).map((r) => r.id))
    const episodes = (await db().select().from(missingEpisodes)).filter((e) => inPeriod(e.reportedMissingAt) && !sealed.has(e.personId))
    expect(episodes.length).toBeGreaterThan(0)
    const length = (e: (typeof episodes)[number]) => {
      if (!e.returnedAt) return 'still-missing'
      const hours = (e.returnedAt.getTime() - (e.lastSeenAt ?? e.reportedMissingAt).getTime()) / 3_600_000
      return hours < 24 ? 'under-24h' : hours < 72 ? '1-2-days' : hours <= 168 ? '3-7-days' : 'over-7-days'
    }
    const set = (await api('analyst', `?from=${PERIOD.from}&to=${PERIOD.to}`)).json() as IndicatorSet
    expect(figure(set, 'missing-episodes', 'total')).toBe(episodes.length)
    for (const from of ['home', 'care', 'education', 'other']) expect(figure(set, 'missing-episodes', 'missingFrom', from), from).toBe(episodes.filter((e) => e.missingFrom === from).length)
    for (const bucket of ['under-24h', '1-2-days', '3-7-days', 'over-7-days', 'still-missing']) expect(figure(set, 'missing-episodes', 'episodeLength', bucket), bucket).toBe(episodes.filter((e) => length(e) === bucket).length)
    expect(figure(set, 'missing-children', 'total')).toBe(new Set(episodes.map((e) => e.personId)).size)
  })

  it('CSE contacts: total, age band at the contact and gender', async () => {
    const sealed = new Set((await db().select({ id: recordProtections.personId }).from(recordProtections).where(eq(recordProtections.state, 'sealed'))).map((r) => r.id))
    const persons = new Map((await db().select({ id: people.id, dob: people.dateOfBirth, gender: people.gender }).from(people)).map((p) => [p.id, p]))
    const rows = (await db().select().from(contacts)).filter((c) => inPeriod(c.receivedAt) && c.concernTypes.includes('CSE') && !(c.personId && sealed.has(c.personId)))
    expect(rows.length).toBeGreaterThan(0)
    const band = (c: (typeof rows)[number]) => {
      const dob = (c.personId ? persons.get(c.personId)?.dob : null) ?? c.childDateOfBirth
      const day = londonDay(c.receivedAt)
      if (!dob || dob > day) return 'unknown'
      const age = Number(day.slice(0, 4)) - Number(dob.slice(0, 4)) - (day.slice(5) < dob.slice(5) ? 1 : 0)
      return age < 10 ? 'under-10' : age < 13 ? '10-12' : age < 16 ? '13-15' : age < 18 ? '16-17' : '18-plus'
    }
    const set = (await api('analyst', `?from=${PERIOD.from}&to=${PERIOD.to}`)).json() as IndicatorSet
    expect(figure(set, 'cse-contacts', 'total')).toBe(rows.length)
    for (const b of ['under-10', '10-12', '13-15', '16-17', '18-plus', 'unknown']) expect(figure(set, 'cse-contacts', 'ageBand', b), b).toBe(rows.filter((c) => band(c) === b).length)
    for (const g of ['F', 'M', 'U']) expect(figure(set, 'cse-contacts', 'gender', g), g).toBe(rows.filter((c) => ((c.personId ? persons.get(c.personId)?.gender : null) ?? c.childGender) === g).length)
  })
})

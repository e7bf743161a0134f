/**
 * Through the real app: the SSDA903 Missing table of the demo's collection years passes every rule checked; errors
 * are listed on the page (rule, message, child, episode) before the download; the CSV has exactly the DfE columns;
 * only the exploitation lead may run the returns, audited. And the record page: the chronology's missing-episode,
 * return and return-interview entries with their agencies, the red "Currently missing" badge, and nothing of it
 * for a reader without access.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { missingEpisodes } from './schema.ts'
import { collectionYearOf } from './ssda903.ts'

let t: TestApp
let lead: string
let police: string
let social: string
let rhiWorker: string
const db = () => t.testDb.database.db
const HOUR = 3_600_000
const DAY = 24 * HOUR
const ago = (ms: number) => new Date(t.platform.clock.now().getTime() - ms)

async function api(method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) })
}

async function newChild(allocatedTo: string[] = []): Promise<string> {
  const id = randomUUID()
  const at = ago(400 * DAY)
  await db().insert(people).values({ id, givenName: 'Keira', familyName: `Ashdown${id.slice(0, 4).replace(/\d/g, 'q')}`, dateOfBirth: '2011-05-06', gender: 'F', createdAt: at, updatedAt: at })
  for (const userId of allocatedTo) await db().insert(legitimateRelationships).values({ personId: id, userId, source: 'allocation', startsAt: at })
  return id
}

beforeAll(async () => {
  t = await createTestApp()
  lead = await t.tokenFor(demoEmail('exploitation.lead'))
  police = await t.tokenFor(demoEmail('police.missing'))
  social = await t.tokenFor(demoEmail('social.worker'))
  rhiWorker = await t.tokenFor(demoEmail('rhi.worker'))
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('SSDA903 Missing table and Annex A List 8', () => {
  it('the demo’s collection years pass every rule checked (the year in progress and the one before)', async () => {
    const current = collectionYearOf(t.platform.clock.now())
    for (const year of [current, current - 1]) {
      const response = await api('GET', `/api/v1/missing-episodes/ssda903?year=${year}`, lead)
      expect(response.statusCode, response.body).toBe(200)
      const body = response.json()
      expect(body.from).toBe(`${year}-04-01`)
      expect(body.items.length, `demo rows for ${year}`).toBeGreaterThan(5)
      expect(body.errors, `errors for ${year}`).toEqual([])
      expect(body.rulesChecked).toEqual(expect.arrayContaining(['564', '565', '566', '567', '570', '571', '574', '586', '1004', '1005', '1006']))
      for (const item of body.items) {
        expect(item.CHILD).toMatch(/^MOS\d{6}$/)
        expect(item.MIS_START).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
        expect(['M', 'A']).toContain(item.MISSING)
      }
    }
  })

  it('the page lists errors first (rule, message, child, episode); the CSV has exactly the DfE columns; audited', async () => {
    // A looked-after child's episode with no M/A and no council child id: 565, 566 and Lantern's CHILD check.
    const child = await newChild()
    const id = randomUUID()
    const reportedMissingAt = ago(20 * DAY)
    await db().insert(missingEpisodes).values({ id, personId: child, missingFrom: 'care', reportedMissingAt, returnedAt: ago(19 * DAY), riskGrade: 'medium', recordedAt: reportedMissingAt, updatedAt: reportedMissingAt })

    const session = await t.sessionFor(demoEmail('exploitation.lead'))
    const page = await session.get('/missing/statutory')
    expect(page.statusCode).toBe(200)
    const errorsAt = page.body.indexOf('data-qa="ssda903-errors"')
    expect(errorsAt).toBeGreaterThan(0)
    expect(errorsAt).toBeLessThan(page.body.indexOf('data-qa="download-ssda903"'))
    const table = page.body.slice(errorsAt, page.body.indexOf('</table>', errorsAt))
    for (const code of ['565', '566', 'LANTERN-CHILD']) expect(table).toContain(`<td class="govuk-table__cell">${code}</td>`)
    expect(table).toContain(`/missing-episodes/${id}`)
    expect(table).toContain('whether the child was missing or away from placement without authorisation has not been completed')
    expect(page.body).not.toContain('Ashdown') // no names on the return
    expect(page.body).toContain('data-qa="annex-a-list-8"')

    const file = await session.get(`/missing/statutory/ssda903-missing.csv?year=${collectionYearOf(t.platform.clock.now())}`)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toContain('text/csv')
    expect(file.headers['content-disposition']).toContain('attachment')
    const lines = file.body.split('\r\n')
    expect(lines[0]).toBe('CHILD,DOB,MISSING,MIS_START,MIS_END')
    expect(lines).toContain(`,06/05/2011,,${new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London' }).format(reportedMissingAt)},${new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London' }).format(ago(19 * DAY))}`)
    const annex = await session.get('/missing/statutory/annex-a-list-8.csv')
    expect(annex.body.split('\r\n')[0]).toContain("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months")

    const audited = await db().select({ action: auditEvents.action }).from(auditEvents).where(sql`${auditEvents.action} like 'missing.ssda903.%' or ${auditEvents.action} like 'missing.annex-a.%'`)
    expect(new Set(audited.map((a) => a.action))).toEqual(new Set(['missing.ssda903.viewed', 'missing.ssda903.downloaded', 'missing.annex-a.viewed', 'missing.annex-a.downloaded']))
  })

  it('a bad year is a clear error, nothing read', async () => {
    const response = await api('GET', '/api/v1/missing-episodes/ssda903?year=20x5', lead)
    expect(response.statusCode).toBe(400)
    expect(response.json().errors[0]).toMatchObject({ field: 'year' })
    const page = await (await t.sessionFor(demoEmail('exploitation.lead'))).get(`/missing/statutory?year=${collectionYearOf(t.platform.clock.now()) + 1}`)
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('govuk-error-summary')
    expect(page.body).not.toContain('data-qa="ssda903-summary"')
  })

  it('only the exploitation lead runs the returns: analysts, the business unit and the police are refused (403), audited', async () => {
    for (const account of ['analyst', 'business.unit', 'police.missing', 'social.worker']) {
      const token = await t.tokenFor(demoEmail(account))
      expect((await api('GET', '/api/v1/missing-episodes/ssda903?year=2025', token)).statusCode, account).toBe(403)
      const session = await t.sessionFor(demoEmail(account))
      expect((await session.get('/missing/statutory/ssda903-missing.csv')).statusCode, account).toBe(403)
      expect((await session.get('/missing/statutory/annex-a-list-8.csv')).statusCode, account).toBe(403)
    }
    const denied = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'missing.statutory'), eq(auditEvents.outcome, 'denied')))
    expect(denied.length).toBeGreaterThanOrEqual(12)
  })
})

describe('the child’s record: chronology and the “Currently missing” badge', () => {
  it('shows the episode, the return and the RHI steps with their agencies, and the red badge only while missing', async () => {
    const socialId = await t.userId(demoEmail('social.worker'))
    const child = await newChild([socialId])
    const recorded = await api('POST', '/api/v1/missing-episodes', police, { personId: child, missingFrom: 'care', missingType: 'M', reportedMissingAt: ago(30 * HOUR).toISOString(), lastSeenAt: ago(32 * HOUR).toISOString(), riskGrade: 'medium' })
    expect(recorded.statusCode, recorded.body).toBe(201)
    const episodeId = recorded.json().id

    const session = await t.sessionFor(demoEmail('social.worker'))
    const record = await session.get(`/people/${child}`)
    expect(record.statusCode).toBe(200)
    expect(record.body).toMatch(/govuk-tag--red"[^>]*data-qa="badge-currently-missing"[^>]*>\s*Currently missing/)

    let items = (await api('GET', `/api/v1/people/${child}/chronology`, social)).json().items
    expect(items).toEqual([expect.objectContaining({ type: 'missing-episode', summary: expect.stringContaining('Reported missing from care placement'), agency: expect.stringContaining('(demo)') })])

    expect((await api('POST', `/api/v1/missing-episodes/${episodeId}/return`, police, { returnedAt: ago(20 * HOUR).toISOString(), foundLocation: { description: 'Peterborough railway station' } })).statusCode).toBe(200)
    const offered = await api('PUT', `/api/v1/missing-episodes/${episodeId}/return-interview`, rhiWorker, { status: 'offered', offeredAt: ago(10 * HOUR).toISOString() })
    expect(offered.statusCode, offered.body).toBe(200)
    const held = await api('PUT', `/api/v1/missing-episodes/${episodeId}/return-interview`, rhiWorker, { status: 'completed', heldAt: ago(2 * HOUR).toISOString(), childsWords: 'Kept-secret words of the child' })
    expect(held.statusCode, held.body).toBe(200)

    items = (await api('GET', `/api/v1/people/${child}/chronology`, social)).json().items
    expect(items.map((i: { type: string; summary: string }) => [i.type, i.summary])).toEqual([
      ['missing-episode', expect.stringContaining('police risk grade medium')],
      ['return', 'Returned or found after 12 hours; found at Peterborough railway station'],
      ['return-interview', 'Return home interview offered'],
      ['return-interview', 'Return home interview completed'],
    ])
    const agencies = items.map((i: { agency: string }) => i.agency)
    expect(agencies[0]).toBe(agencies[1]) // the police recorded both
    expect(agencies[2]).not.toBe(agencies[0]) // the return interview service
    expect(JSON.stringify(items)).not.toContain('Kept-secret')
    expect((await session.get(`/people/${child}`)).body).not.toContain('badge-currently-missing')
    const page = await session.get(`/people/${child}/chronology`)
    expect(page.body).toContain('Return home interview completed')
  })

  it('a reader without access sees none of it: the record, its badge and its chronology are 404', async () => {
    const child = await newChild()
    expect((await api('POST', '/api/v1/missing-episodes', police, { personId: child, missingFrom: 'home', reportedMissingAt: ago(3 * HOUR).toISOString(), riskGrade: 'high' })).statusCode).toBe(201)
    for (const account of ['social.worker', 'mash.manager', 'analyst']) {
      const session = await t.sessionFor(demoEmail(account))
      const record = await session.get(`/people/${child}`)
      expect(record.statusCode, account).toBe(404)
      expect(record.body).not.toContain('Currently missing')
      expect((await session.get(`/people/${child}/chronology`)).statusCode, account).toBe(404)
      const token = await t.tokenFor(demoEmail(account))
      const chronology = await api('GET', `/api/v1/people/${child}/chronology`, token)
      expect(chronology.statusCode, account).toBe(404)
      expect(chronology.body).not.toContain('Reported missing')
    }
    // The police unit that recorded it (its team now has a relationship) does see the badge.
    const policeRecord = await (await t.sessionFor(demoEmail('police.missing'))).get(`/people/${child}`)
    expect(policeRecord.body).toContain('data-qa="badge-currently-missing"')
  })
})

/**
 * The chronology through the real app: entries from every registered source (the exploitation module's, and a
 * throwaway source registered here as the contacts and missing modules will register theirs), oldest first, with
 * their agencies, filters by agency and type, 404 without a relationship, audited; the page works without JavaScript.
 */
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { registerPersonExtension, unregisterPersonExtension } from '../people/extensions.ts'

let t: TestApp
let lead: string
let police: string
let leadId: string
const db = () => t.testDb.database.db
const DAY = 86_400_000
const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
const post = (url: string, token: string, body: unknown) => t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) })

async function newChild(allocated: string[]): Promise<string> {
  const id = randomUUID()
  const at = new Date(t.platform.clock.now().getTime() - 200 * DAY)
  await db().insert(people).values({ id, givenName: 'Jade', familyName: 'Marlowe', dateOfBirth: '2011-06-01', gender: 'F', createdAt: at, updatedAt: at })
  for (const userId of allocated) await db().insert(legitimateRelationships).values({ personId: id, userId, source: 'allocation', startsAt: at })
  return id
}

/** Stands for the contacts and missing modules: a source registered through the extension point, nothing else. */
const OTHER = 'chronology-test-source'
const contactAt = (personId: string) => new Date(t.platform.clock.now().getTime() - 30 * DAY + personId.charCodeAt(0))

beforeAll(async () => {
  t = await createTestApp()
  lead = await t.tokenFor(demoEmail('exploitation.lead'))
  police = await t.tokenFor(demoEmail('police.missing'))
  leadId = await t.userId(demoEmail('exploitation.lead'))
  registerPersonExtension({
    name: OTHER,
    chronology: async (_tx, personId) => [
      { at: contactAt(personId), type: 'contact', agency: { name: 'Cambridgeshire Constabulary (demo)', type: 'police' }, summary: 'Contact from the police: found in a car with two older men', sourceId: `contact-${personId}` },
      { at: new Date(contactAt(personId).getTime() + 2 * DAY), type: 'missing-episode', agency: { name: 'Cambridgeshire Constabulary (demo)', type: 'police' }, summary: 'Missing from home overnight', sourceId: `episode-${personId}` },
    ],
  })
}, 120_000)

afterAll(async () => {
  unregisterPersonExtension(OTHER)
  await t?.close()
})

describe('a child’s chronology', () => {
  it('merges every source oldest first, with agencies, and filters by agency and type', async () => {
    const child = await newChild([leadId])
    const screened = await post('/api/v1/screenings', lead, { personId: child, indicators: ['cse-vehicles', 'cse-gifts'] })
    expect(screened.statusCode).toBe(201)
    const opened = await post('/api/v1/cases', lead, { personId: child, screeningId: screened.json().id })
    await post(`/api/v1/cases/${opened.json().id}/notes`, lead, { category: 'visit', visibility: 'agency', body: 'Home visit: mum worried about new phone' })

    const response = await get(`/api/v1/people/${child}/chronology`, lead)
    expect(response.statusCode, response.body).toBe(200)
    const { items } = response.json()
    expect(items.map((i: { type: string }) => i.type)).toEqual(['contact', 'missing-episode', 'screening', 'case', 'note'])
    for (const i of items) expect(Object.keys(i)).toEqual(expect.arrayContaining(['at', 'type', 'agency', 'summary']))
    expect(items[2]).toMatchObject({ type: 'screening', agency: expect.stringContaining('(demo)'), summary: expect.stringContaining('Exploitation screening') })
    const times = items.map((i: { at: string }) => Date.parse(i.at))
    expect(times).toEqual([...times].sort((a, b) => a - b))

    const police = (await get(`/api/v1/people/${child}/chronology?agency=${encodeURIComponent('Cambridgeshire Constabulary (demo)')}`, lead)).json().items
    expect(police.map((i: { type: string }) => i.type)).toEqual(['contact', 'missing-episode'])
    expect((await get(`/api/v1/people/${child}/chronology?type=screening`, lead)).json().items).toHaveLength(1)

    const audited = await db().select().from(auditEvents).where(and(eq(auditEvents.personId, child), eq(auditEvents.action, 'chronology.viewed')))
    expect(audited).toHaveLength(3)
  })

  it('each source shows only what the reader may see: an agency-only note is not in another agency’s chronology', async () => {
    const child = await newChild([leadId, await t.userId(demoEmail('police.missing'))])
    const opened = await post('/api/v1/cases', lead, { personId: child, riskLevel: 'medium' })
    await post(`/api/v1/cases/${opened.json().id}/notes`, lead, { category: 'visit', visibility: 'agency', body: 'Only social care' })
    const types = async (token: string) => (await get(`/api/v1/people/${child}/chronology?type=note`, token)).json().items.length
    expect(await types(lead)).toBe(1)
    expect(await types(police)).toBe(0)
  })

  it('without a relationship: the API and the page are 404, like the record, and the denial is audited', async () => {
    const child = await newChild([])
    expect((await get(`/api/v1/people/${child}/chronology`, lead)).statusCode).toBe(404)
    expect((await get(`/api/v1/people/${randomUUID()}/chronology`, lead)).body).toBe((await get(`/api/v1/people/${child}/chronology`, lead)).body)
    const browser = await t.sessionFor(demoEmail('exploitation.lead'))
    expect((await browser.get(`/people/${child}/chronology`)).statusCode).toBe(404)
    const denied = await db().select().from(auditEvents).where(and(eq(auditEvents.personId, child), eq(auditEvents.outcome, 'denied')))
    expect(denied.length).toBeGreaterThanOrEqual(2)
  })

  it('the page shows the MOJ timeline and filters with a plain GET form', async () => {
    const child = await newChild([leadId])
    await post('/api/v1/screenings', lead, { personId: child, indicators: [] })
    const browser = await t.sessionFor(demoEmail('exploitation.lead'))
    const page = await browser.get(`/people/${child}/chronology`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('class="moj-timeline"')
    expect(page.body).toContain('<form method="get"')
    expect(page.body.indexOf('data-qa="chronology-contact"')).toBeLessThan(page.body.indexOf('data-qa="chronology-screening"'))
    const filtered = await browser.get(`/people/${child}/chronology?type=screening&agency=`)
    expect(filtered.body).not.toContain('data-qa="chronology-contact"')
    expect(filtered.body).toContain('data-qa="chronology-screening"')
    // The record page links to the chronology.
    expect((await browser.get(`/people/${child}`)).body).toContain(`/people/${child}/chronology`)
  })
})

/**
 * The duplicate queue (issue 3 point 4, ADR 0009) through the real app: the demo seed's scan finds the deliberate
 * near-duplicates, the queue shows search cards only (highest probability first), "not the same person" is final,
 * a person created despite likely matches is queued for a second pair of eyes, and restricted or sealed records
 * never appear. Roles: the queue for the MASH manager and practitioner, the scan for the manager.
 */
import { and, asc, eq, inArray, or } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordProtections } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { buildDemoPartnership } from '../../demo/build.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { TEST_TODAY } from '../../testing/database.ts'
import { findDuplicateCandidates } from './duplicates-scan.ts'
import { duplicateCandidates } from './merge-schema.ts'

let t: TestApp
let manager: string
let practitioner: string
let igUserId: string
const db = () => t.testDb.database.db

async function api(method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

type Item = { id: string; personId: string; otherPersonId: string; score: number; status: string; source: string; reasons: unknown[]; people: Array<Record<string, unknown>> }

async function queue(status: 'open' | 'decided' = 'open', token = manager): Promise<Item[]> {
  const response = await api('GET', `/api/v1/people/duplicates?status=${status}&limit=200`, token)
  expect(response.statusCode, response.body).toBe(200)
  return (response.json() as { items: Item[] }).items
}

async function create(body: Record<string, unknown>): Promise<string> {
  const response = await api('POST', '/api/v1/people', manager, { ...body, confirmNotDuplicate: true })
  expect(response.statusCode, response.body).toBe(201)
  return (response.json() as { id: string }).id
}

const canonical = (a: string, b: string) => (a < b ? [a, b] : [b, a])

beforeAll(async () => {
  t = await createTestApp()
  manager = await t.tokenFor(demoEmail('mash.manager'))
  practitioner = await t.tokenFor(demoEmail('mash.social.worker'))
  igUserId = await t.userId(demoEmail('ig.officer'))
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('the demo seed', () => {
  it('queues every deliberate near-duplicate as an open pair found by the index scan', async () => {
    const demo = buildDemoPartnership(TEST_TODAY, 'not-a-hash')
    expect(demo.nearDuplicates).toHaveLength(6)
    const items = await queue()
    for (const d of demo.nearDuplicates) {
      const [a, b] = canonical(d.id, d.originalId)
      const item = items.find((i) => i.personId === a && i.otherPersonId === b)
      expect(item, `near-duplicate of kind ${d.kind}`).toMatchObject({ status: 'open', source: 'index-scan' })
      expect(item?.score).toBeGreaterThanOrEqual(0.5)
    }
  })

  it('never queues a restricted or sealed record', async () => {
    const demo = buildDemoPartnership(TEST_TODAY, 'not-a-hash')
    const protectedIds = demo.protections.map((p) => p.personId)
    const rows = await db()
      .select()
      .from(duplicateCandidates)
      .where(or(inArray(duplicateCandidates.personId, protectedIds), inArray(duplicateCandidates.otherPersonId, protectedIds)))
    expect(rows).toEqual([])
  })
})

describe('GET /api/v1/people/duplicates', () => {
  it('lists open pairs highest probability first, with search-card fields only, and audits the people shown', async () => {
    const items = await queue('open', practitioner)
    expect(items.length).toBeGreaterThan(0)
    for (let i = 1; i < items.length; i++) expect(items[i - 1]?.score).toBeGreaterThanOrEqual(items[i]?.score ?? 0)
    const card = items[0]?.people[0] ?? {}
    expect(Object.keys(card).sort()).toEqual(['agencyTypes', 'dateOfBirth', 'dobPrecision', 'familyName', 'gender', 'givenName', 'id', 'kind', 'middleNames', 'otherNames', 'postcodeDistrict'])
    // Reasons name fields and levels, never values; cards carry no address, identifier or contact detail.
    expect(JSON.stringify(items.map((i) => i.people))).not.toMatch(/addressLine|"postcode"|nhsNumber|"value"|phone|email/)
    for (const i of items) for (const r of i.reasons) expect(Object.keys(r as object).sort()).toEqual(['field', 'level', 'weight'])
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'people.duplicates.viewed')).orderBy(asc(auditEvents.seq)).limit(1)
    expect(event?.details).toMatchObject({ filter: 'open', shown: expect.any(Number), personIds: expect.arrayContaining([items[0]?.personId]) })
  })

  it('pages with a cursor and refuses roles outside the MASH (403)', async () => {
    const first = await api('GET', '/api/v1/people/duplicates?limit=2', manager)
    const body = first.json() as { items: Item[]; nextCursor: string | null }
    expect(body.items).toHaveLength(2)
    expect(body.nextCursor).toEqual(expect.any(String))
    const second = (await api('GET', `/api/v1/people/duplicates?limit=2&cursor=${body.nextCursor}`, manager)).json() as { items: Item[] }
    expect(second.items[0]?.id).not.toBe(body.items[0]?.id)
    expect(second.items.map((i) => i.id)).not.toContain(body.items[1]?.id)
    for (const account of ['police.missing', 'social.worker', 'ig.officer', 'mash.police']) {
      expect((await api('GET', '/api/v1/people/duplicates', await t.tokenFor(demoEmail(account)))).statusCode, account).toBe(403)
    }
  })
})

describe('“Not the same person”', () => {
  it('decides a pair for good: a later scan does not re-open it, a second decision is refused', async () => {
    const a = await create({ givenName: 'Ottoline', familyName: 'Brackenridge', dateOfBirth: '2011-06-14', gender: 'F', postcode: 'PE3 6AB' })
    const b = await create({ givenName: 'Ottoline', familyName: 'Brackenridge', dateOfBirth: '2011-06-14', gender: 'F', postcode: 'PE3 6AB' })
    const [x, y] = canonical(a, b)
    const pair = (await queue()).find((i) => i.personId === x && i.otherPersonId === y)
    expect(pair, 'the second create was made despite a likely match').toMatchObject({ source: 'created-despite-match', status: 'open' })
    const id = pair?.id as string
    const short = await api('POST', `/api/v1/people/duplicates/${id}/decision`, practitioner, { decision: 'not-duplicate', reason: 'twins' })
    expect(short.statusCode).toBe(400)
    expect(short.json().errors).toEqual([{ field: 'reason', message: 'Reason must be 10 characters or more' }])
    const decided = await api('POST', `/api/v1/people/duplicates/${id}/decision`, practitioner, { decision: 'not-duplicate', reason: 'Twin sisters, confirmed with the school' })
    expect(decided.statusCode, decided.body).toBe(200)
    expect(decided.json()).toMatchObject({ id, status: 'not-duplicate', decisionReason: 'Twin sisters, confirmed with the school' })
    await findDuplicateCandidates(db(), new Date())
    const [row] = await db().select().from(duplicateCandidates).where(eq(duplicateCandidates.id, id))
    expect(row?.status).toBe('not-duplicate')
    expect((await queue()).map((i) => i.id)).not.toContain(id)
    expect((await queue('decided')).map((i) => i.id)).toContain(id)
    const again = await api('POST', `/api/v1/people/duplicates/${id}/decision`, manager, { decision: 'not-duplicate', reason: 'Still two different children' })
    expect(again.statusCode).toBe(409)
    const audited = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'people.duplicates.decided'), eq(auditEvents.resourceId, id)))
    expect(audited.map((e) => e.personId).sort()).toEqual([a, b].sort())
  })

  it('is refused for a pair that does not exist (404) and for roles outside the MASH (403)', async () => {
    const body = { decision: 'not-duplicate', reason: 'Not the same person at all' }
    expect((await api('POST', '/api/v1/people/duplicates/00000000-0000-4000-8000-000000000000/decision', manager, body)).statusCode).toBe(404)
    const [open] = await queue()
    expect((await api('POST', `/api/v1/people/duplicates/${open?.id}/decision`, await t.tokenFor(demoEmail('exploitation.lead')), body)).statusCode).toBe(403)
  })
})

describe('restricted and sealed records', () => {
  it('drop out of the queue, and their pair’s page is 404, when a record of the pair is protected', async () => {
    const a = await create({ givenName: 'Peregrine', familyName: 'Ashdown-Vale', dateOfBirth: '2010-02-02', gender: 'M' })
    const b = await create({ givenName: 'Peregrine', familyName: 'Ashdown-Vale', dateOfBirth: '2010-02-02', gender: 'M' })
    const [x, y] = canonical(a, b)
    const pair = (await queue()).find((i) => i.personId === x && i.otherPersonId === y)
    expect(pair).toBeDefined()
    await db().insert(recordProtections).values({ personId: b, state: 'restricted', reason: 'test', setBy: igUserId, setAt: new Date() })
    expect((await queue()).map((i) => i.id)).not.toContain(pair?.id)
    const browser = await t.sessionFor(demoEmail('mash.manager'))
    expect((await browser.get(`/people/duplicates/${pair?.id}`)).statusCode).toBe(404)
    const denied = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'people.duplicates.view'), eq(auditEvents.outcome, 'denied')))
    expect(denied.length).toBeGreaterThan(0)
  })
})

describe('pages', () => {
  it('shows the queue with a sortable table and, for the manager, “Look for duplicates again”', async () => {
    const manager = await t.sessionFor(demoEmail('mash.manager'))
    const page = await manager.get('/people/duplicates')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-module="moj-sortable-table"')
    expect(page.body).toContain('Look for duplicates again')
    const scan = await manager.post('/people/duplicates/scan', {})
    expect(scan.statusCode).toBe(303)
    expect(scan.headers.location).toMatch(/^\/people\/duplicates\?scanned=\d+$/)
    const practitioner = await t.sessionFor(demoEmail('mash.social.worker'))
    const theirs = await practitioner.get('/people/duplicates')
    expect(theirs.statusCode).toBe(200)
    expect(theirs.body).not.toContain('Look for duplicates again')
    expect((await practitioner.post('/people/duplicates/scan', {})).statusCode).toBe(403)
  })

  it('shows every queued pair’s comparison page', async () => {
    const manager = await t.sessionFor(demoEmail('mash.manager'))
    for (const item of await queue()) {
      const page = await manager.get(`/people/duplicates/${item.id}`)
      expect(page.statusCode, page.body.slice(0, 2000)).toBe(200)
    }
  })

  it('compares a pair side by side with the reasons, and offers merging only to the manager', async () => {
    const [open] = await queue()
    const manager = await t.sessionFor(demoEmail('mash.manager'))
    const page = await manager.get(`/people/duplicates/${open?.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Record A')
    expect(page.body).toContain('data-qa="match-reasons"')
    const practitioner = await t.sessionFor(demoEmail('mash.social.worker'))
    const theirs = await practitioner.get(`/people/duplicates/${open?.id}`)
    expect(theirs.body).not.toContain('value="keep-first"')
    expect(theirs.body).toContain('value="not-duplicate"')
    const empty = await manager.post(`/people/duplicates/${open?.id}`, { decision: '', reason: '' })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('govuk-error-summary')
  })
})

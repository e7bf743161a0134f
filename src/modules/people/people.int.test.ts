/**
 * People, end to end through the real app: the API (create, read, change, break-glass, the identical 404), the
 * pages (create and edit forms, search results by record state) and the audit rows each of them must leave.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessNotifications, legitimateRelationships, recordProtections, sealedRecordAccess } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people, personHistory } from './schema.ts'

let t: TestApp
let manager: string // mash.manager: creates people (MASH team)
let mashWorker: string // mash.social.worker: same team as the manager
let police: string // police.missing: a searching, creating role with no relationship to what MASH creates
let igUserId: string

const db = () => t.testDb.database.db
const MINUTE = 60_000

async function api(method: 'GET' | 'POST' | 'PATCH', url: string, token: string | null, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

async function peopleCount(): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(people)
  return row?.n ?? 0
}

async function auditRows(where: { action?: string; personId?: string; resourceId?: string; outcome?: string; actorEmail?: string }) {
  const conditions = [
    where.action ? eq(auditEvents.action, where.action) : undefined,
    where.personId ? eq(auditEvents.personId, where.personId) : undefined,
    where.resourceId ? eq(auditEvents.resourceId, where.resourceId) : undefined,
    where.outcome ? eq(auditEvents.outcome, where.outcome as 'denied') : undefined,
    where.actorEmail ? eq(auditEvents.actorLabel, where.actorEmail) : undefined,
  ].filter((c) => c !== undefined)
  return db()
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(asc(auditEvents.seq))
}

const child = { givenName: 'Amira', familyName: 'Quennell', dateOfBirth: '2012-06-14', gender: 'F', postcode: 'pe1 2ab' }

async function createViaApi(token: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; [k: string]: unknown }> {
  const response = await api('POST', '/api/v1/people', token, { ...child, confirmNotDuplicate: true, ...overrides })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

async function protect(personId: string, state: 'restricted' | 'sealed') {
  await db().insert(recordProtections).values({ personId, state, reason: 'test', setBy: igUserId, setAt: new Date() })
}

beforeAll(async () => {
  t = await createTestApp()
  manager = await t.tokenFor(demoEmail('mash.manager'))
  mashWorker = await t.tokenFor(demoEmail('mash.social.worker'))
  police = await t.tokenFor(demoEmail('police.missing'))
  igUserId = await t.userId(demoEmail('ig.officer'))
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('POST /api/v1/people', () => {
  it('creates a person: 201 with the resource, and the creator’s team holds a 30-day relationship', async () => {
    const before = await peopleCount()
    const created = await createViaApi(manager)
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'child',
      givenName: 'Amira',
      middleNames: null,
      familyName: 'Quennell',
      dateOfBirth: '2012-06-14',
      dobPrecision: 'exact',
      gender: 'F',
      postcode: 'PE1 2AB',
      version: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
    })
    expect(await peopleCount()).toBe(before + 1)
    const relationships = await db().select().from(legitimateRelationships).where(eq(legitimateRelationships.personId, created.id))
    expect(relationships).toHaveLength(1)
    const [relationship] = relationships
    expect(relationship?.source).toBe('creator')
    expect(relationship?.userId).toBeNull()
    expect(relationship?.teamId).not.toBeNull()
    const days = ((relationship?.expiresAt?.getTime() ?? 0) - (relationship?.startsAt.getTime() ?? 0)) / 86_400_000
    expect(days).toBe(30)
    expect(await auditRows({ action: 'people.created', personId: created.id })).toHaveLength(1)
  })

  it.each([
    ['givenName missing', { givenName: undefined }, 'givenName'],
    ['an impossible date', { dateOfBirth: '2026-02-30' }, 'dateOfBirth'],
    ['a date in the future', { dateOfBirth: '2099-01-01' }, 'dateOfBirth'],
    ['gender "X"', { gender: 'X' }, 'gender'],
    ['an unknown extra field', { createdBy: '00000000-0000-4000-8000-000000000000' }, null],
  ])('refuses %s with 400 problem+json and field errors, saving nothing', async (_label, overrides, field) => {
    const before = await peopleCount()
    const response = await api('POST', '/api/v1/people', manager, { ...child, ...overrides })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    const body = response.json()
    expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400 })
    expect(body.errors).toEqual(expect.arrayContaining([{ field: expect.any(String), message: expect.any(String) }]))
    if (field) expect(body.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await peopleCount()).toBe(before)
  })

  it('is refused (403) for a role that does not create people, and the denial is audited', async () => {
    const researcher = await t.tokenFor(demoEmail('mash.police'))
    const before = await peopleCount()
    const response = await api('POST', '/api/v1/people', researcher, child)
    expect(response.statusCode).toBe(403)
    expect(await peopleCount()).toBe(before)
    expect(await auditRows({ action: 'people.create', outcome: 'denied', actorEmail: demoEmail('mash.police') })).toHaveLength(1)
  })
})

describe('GET /api/v1/people/{id}', () => {
  it('answers the creator’s team (200) and audits the read with its purpose', async () => {
    const created = await createViaApi(manager)
    const response = await api('GET', `/api/v1/people/${created.id}`, mashWorker)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ id: created.id, givenName: 'Amira', familyName: 'Quennell' })
    const reads = await auditRows({ action: 'people.viewed', personId: created.id })
    expect(reads).toHaveLength(1)
    expect(reads[0]).toMatchObject({ outcome: 'allowed', actorLabel: demoEmail('mash.social.worker'), purpose: 'relationship: creator' })
  })

  it('gives someone without a relationship the same 404, byte for byte, as a random id and a malformed id', async () => {
    const created = await createViaApi(manager)
    const hidden = await api('GET', `/api/v1/people/${created.id}`, police)
    const missing = await api('GET', `/api/v1/people/${randomUUID()}`, police)
    const malformed = await api('GET', '/api/v1/people/not-a-uuid', police)
    for (const response of [hidden, missing, malformed]) {
      expect(response.statusCode, response.body).toBe(404)
      expect(response.headers['content-type']).toBe(hidden.headers['content-type'])
      expect(response.headers['x-correlation-id']).toEqual(expect.any(String))
    }
    expect(hidden.rawPayload.equals(missing.rawPayload)).toBe(true)
    expect(hidden.rawPayload.equals(malformed.rawPayload)).toBe(true)
    expect(hidden.body).not.toContain(created.id)
    expect(hidden.headers['x-correlation-id']).not.toBe(missing.headers['x-correlation-id'])
  })

  it('answers a malformed id on the record page with the ordinary 404 page', async () => {
    const browser = await t.sessionFor(demoEmail('police.missing'))
    const malformed = await browser.get('/people/not-a-uuid')
    const missing = await browser.get(`/people/${randomUUID()}`)
    expect(malformed.statusCode).toBe(404)
    expect(missing.statusCode).toBe(404)
  })

  it('audits every denial', async () => {
    const created = await createViaApi(manager)
    const randomId = randomUUID()
    await api('GET', `/api/v1/people/${created.id}`, police)
    await api('GET', `/api/v1/people/${randomId}`, police)
    const denied = await auditRows({ action: 'people.view', outcome: 'denied', personId: created.id })
    expect(denied).toHaveLength(1)
    expect(denied[0]).toMatchObject({ actorLabel: demoEmail('police.missing'), roleProfile: 'police-missing-coordinator', details: { reason: expect.any(String) } })
    expect(await auditRows({ action: 'people.view', outcome: 'denied', resourceId: randomId })).toHaveLength(1)
    expect(await auditRows({ action: 'people.viewed', personId: created.id })).toHaveLength(0)
  })

  it('is 401 without a token', async () => {
    const created = await createViaApi(manager)
    const response = await api('GET', `/api/v1/people/${created.id}`, null)
    expect(response.statusCode).toBe(401)
    expect(response.headers['www-authenticate']).toBe('Bearer')
  })
})

describe('PATCH /api/v1/people/{id}', () => {
  it('changes the details, keeps the previous values in person_history and bumps the version', async () => {
    const created = await createViaApi(manager)
    const response = await api('PATCH', `/api/v1/people/${created.id}`, manager, { givenName: 'Amara', postcode: 'pe2 9xx' })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ id: created.id, givenName: 'Amara', postcode: 'PE2 9XX', familyName: 'Quennell', version: 2 })
    const history = await db().select().from(personHistory).where(eq(personHistory.personId, created.id))
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ version: 1, previous: { givenName: 'Amira', postcode: 'PE1 2AB' } })
    const [updated] = await auditRows({ action: 'people.updated', personId: created.id })
    // Field names only: the audit log is not a second copy of the record.
    expect(updated?.details).toEqual({ fields: ['givenName', 'postcode'] })
    expect(JSON.stringify(updated)).not.toContain('Amara')
  })

  it('refuses an empty change, an invalid value and an unknown field with 400, changing nothing', async () => {
    const created = await createViaApi(manager)
    for (const body of [{}, { gender: 'X' }, { version: 7 }, { dateOfBirth: '2099-12-31' }]) {
      const response = await api('PATCH', `/api/v1/people/${created.id}`, manager, body)
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json().errors).toEqual(expect.arrayContaining([{ field: expect.any(String), message: expect.any(String) }]))
    }
    const [row] = await db().select().from(people).where(eq(people.id, created.id))
    expect(row).toMatchObject({ version: 1, gender: 'F', dateOfBirth: '2012-06-14' })
  })

  it('is 404 for someone who cannot see the record', async () => {
    const created = await createViaApi(manager)
    const response = await api('PATCH', `/api/v1/people/${created.id}`, police, { givenName: 'Nope' })
    expect(response.statusCode).toBe(404)
    const [row] = await db().select().from(people).where(eq(people.id, created.id))
    expect(row?.givenName).toBe('Amira')
  })
})

describe('POST /api/v1/people/{id}/break-glass', () => {
  it('needs a reason of at least 10 characters', async () => {
    const created = await createViaApi(manager)
    for (const body of [{}, { reason: '' }, { reason: 'too short' }, { reason: '        short         ' }]) {
      const response = await api('POST', `/api/v1/people/${created.id}/break-glass`, police, body)
      expect(response.statusCode, JSON.stringify(body)).toBe(400)
      expect(response.json().errors).toEqual([{ field: 'reason', message: expect.any(String) }])
    }
    expect((await api('GET', `/api/v1/people/${created.id}`, police)).statusCode).toBe(404)
  })

  it('opens the record for 60 minutes, tells IG, and every read under it is audited with the reason', async () => {
    const created = await createViaApi(manager)
    const reason = 'Reported missing tonight, police ref MP/26/1234'
    const response = await api('POST', `/api/v1/people/${created.id}/break-glass`, police, { reason })
    expect(response.statusCode, response.body).toBe(200)
    const grant = response.json()
    expect(grant).toMatchObject({ personId: created.id, reason })
    expect(new Date(grant.expiresAt).getTime() - new Date(grant.startsAt).getTime()).toBe(60 * MINUTE)

    const alerts = await db().select().from(accessNotifications).where(eq(accessNotifications.personId, created.id))
    expect(alerts.map((a) => a.recipientRole)).toContain('information-governance-officer')
    const [used] = await auditRows({ action: 'people.break-glass', personId: created.id })
    expect(used).toMatchObject({ outcome: 'succeeded', actorLabel: demoEmail('police.missing'), purpose: `break-glass: ${reason}` })

    try {
      expect((await api('GET', `/api/v1/people/${created.id}`, police)).statusCode).toBe(200)
      t.platform.clock.advance(59 * MINUTE)
      expect((await api('GET', `/api/v1/people/${created.id}`, police)).statusCode).toBe(200)
      t.platform.clock.advance(2 * MINUTE)
      expect((await api('GET', `/api/v1/people/${created.id}`, police)).statusCode).toBe(404)
    } finally {
      t.platform.clock.set(new Date())
    }
    const reads = await auditRows({ action: 'people.viewed', personId: created.id, actorEmail: demoEmail('police.missing') })
    expect(reads).toHaveLength(2)
    for (const read of reads) expect(read.purpose).toBe(`break-glass: ${reason}`)
    expect(await auditRows({ action: 'people.view', outcome: 'denied', personId: created.id })).toHaveLength(1)
  })

  it('is allowed on a restricted record and never on a sealed one (404, like a missing record)', async () => {
    const restricted = await createViaApi(manager)
    await protect(restricted.id, 'restricted')
    expect((await api('POST', `/api/v1/people/${restricted.id}/break-glass`, police, { reason: 'Child at risk tonight, need contacts' })).statusCode).toBe(200)

    const sealed = await createViaApi(manager)
    await protect(sealed.id, 'sealed')
    // Even a user named on the sealed record cannot break glass on it.
    await db().insert(sealedRecordAccess).values({ personId: sealed.id, userId: await t.userId(demoEmail('police.missing')), grantedBy: igUserId, grantedAt: new Date() })
    const refused = await api('POST', `/api/v1/people/${sealed.id}/break-glass`, police, { reason: 'Child at risk tonight, need contacts' })
    const missing = await api('POST', `/api/v1/people/${randomUUID()}/break-glass`, police, { reason: 'Child at risk tonight, need contacts' })
    expect(refused.statusCode).toBe(404)
    expect(refused.rawPayload.equals(missing.rawPayload)).toBe(true)
    expect(await auditRows({ action: 'people.break-glass', outcome: 'denied', personId: sealed.id })).toHaveLength(1)
  })
})

describe('pages', () => {
  let browser: BrowserSession

  beforeAll(async () => {
    browser = await t.sessionFor(demoEmail('mash.manager'))
  })

  const form = (overrides: Record<string, string> = {}) => ({
    kind: 'child',
    givenName: 'Tobias',
    middleNames: '',
    familyName: 'Wrenfield',
    'dateOfBirth-day': '9',
    'dateOfBirth-month': '10',
    'dateOfBirth-year': '2011',
    gender: 'M',
    ethnicity: '',
    addressLine1: '',
    addressLine2: '',
    town: '',
    postcode: 'PE3 6AB',
    ...overrides,
  })

  it('shows the form’s errors in a GOV.UK error summary and saves nothing', async () => {
    const before = await peopleCount()
    const response = await browser.post('/people', form({ givenName: '', familyName: '', 'dateOfBirth-month': '', postcode: 'NOPE' }))
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('govuk-error-summary')
    for (const message of ['Enter a first name', 'Enter a last name', 'Date of birth must include a day, month and year', 'Enter a real postcode, like PE1 2AB']) {
      expect(response.body).toContain(message)
    }
    expect(response.body).toContain('href="#givenName"')
    expect(response.body).toContain('value="NOPE"')
    expect(await peopleCount()).toBe(before)
  })

  it('refuses a future date of birth on the form, saving nothing', async () => {
    const before = await peopleCount()
    const response = await browser.post('/people', form({ 'dateOfBirth-year': '2099' }))
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('govuk-error-summary')
    expect(response.body).toContain('Date of birth must be today or in the past')
    expect(await peopleCount()).toBe(before)
  })

  it('creates a person and redirects (303) to the record', async () => {
    const response = await browser.post('/people', form())
    expect(response.statusCode).toBe(303)
    const location = String(response.headers.location)
    expect(location).toMatch(/^\/people\/[0-9a-f-]{36}$/)
    const page = await browser.get(location)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Tobias Wrenfield')
  })

  it('refuses an edit made against a stale version and changes nothing', async () => {
    const created = await browser.post('/people', form({ givenName: 'Stale', confirmNotDuplicate: 'yes' }))
    const id = String(created.headers.location).split('/').pop() as string
    const editPage = await browser.get(`/people/${id}/edit`)
    expect(editPage.statusCode).toBe(200)
    expect(editPage.body).toContain('name="version" value="1"')
    // Someone else changes the record in the meantime.
    expect((await api('PATCH', `/api/v1/people/${id}`, manager, { town: 'Peterborough' })).statusCode).toBe(200)
    const response = await browser.post(`/people/${id}/edit`, { ...form({ givenName: 'Overwritten' }), version: '1' })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('govuk-error-summary')
    expect(response.body).toContain('Someone else changed this record while you were editing it')
    const [row] = await db().select().from(people).where(eq(people.id, id))
    expect(row).toMatchObject({ givenName: 'Stale', town: 'Peterborough', version: 2 })
    // With the current version the same edit goes through.
    const retry = await browser.post(`/people/${id}/edit`, { ...form({ givenName: 'Overwritten', town: 'Peterborough' }), version: '2' })
    expect(retry.statusCode).toBe(303)
  })

  describe('search', () => {
    const family = 'Zebrowskiwicz'
    const ids: Record<'ordinary' | 'restricted' | 'sealed', string> = { ordinary: '', restricted: '', sealed: '' }

    beforeAll(async () => {
      for (const [state, givenName] of [
        ['ordinary', 'Ottilie'],
        ['restricted', 'Rosalind'],
        ['sealed', 'Seraphina'],
      ] as const) {
        const created = await createViaApi(manager, { givenName, familyName: family, dateOfBirth: '2010-02-03' })
        ids[state] = created.id
        if (state !== 'ordinary') await protect(created.id, state)
      }
    })

    it('shows a card for an ordinary record, the stub for a restricted one and nothing for a sealed one', async () => {
      const searcher = await t.sessionFor(demoEmail('health.nurse'))
      const response = await searcher.get(`/people?familyName=${family}`)
      expect(response.statusCode).toBe(200)
      const html = response.body
      expect(html.match(/data-qa="search-result"/g)).toHaveLength(2)
      expect(html).toContain('2 possible matches')
      expect(html).toContain('Ottilie')
      expect(html).toContain(ids.ordinary)
      expect(html).toContain('A restricted record may match — contact information governance')
      expect(html).not.toContain('Rosalind')
      expect(html).not.toContain('Seraphina')
      expect(html).not.toContain(ids.sealed)
      // The card shows the postcode district, never the full postcode.
      expect(html).toContain('PE1')
      expect(html).not.toContain('PE1 2AB')
    })

    it('gives the same in the API: a card, a restricted stub with no personal details, and no sealed result', async () => {
      const response = await api('GET', `/api/v1/people/search?familyName=${family}`, police)
      expect(response.statusCode).toBe(200)
      const { results } = response.json() as { results: Array<Record<string, unknown>> }
      expect(results).toHaveLength(2)
      const card = results.find((r) => r.id === ids.ordinary)
      const stub = results.find((r) => r.id === ids.restricted)
      expect(card).toMatchObject({ givenName: 'Ottilie', familyName: family, dateOfBirth: '2010-02-03', gender: 'F', postcodeDistrict: 'PE1', restricted: false })
      expect(card).not.toHaveProperty('postcode')
      expect(stub).toMatchObject({ restricted: true })
      expect(Object.keys(stub ?? {}).sort()).toEqual(['id', 'message', 'reasons', 'restricted', 'score'])
      expect(JSON.stringify(results)).not.toContain('Seraphina')
    })

    it('audits each search with its terms', async () => {
      const searcher = await t.sessionFor(demoEmail('exploitation.lead'))
      await searcher.get(`/people?familyName=${family}&givenName=Ott`)
      const rows = await auditRows({ action: 'people.searched', actorEmail: demoEmail('exploitation.lead') })
      expect(rows).toHaveLength(1)
      expect(rows[0]?.details).toMatchObject({ terms: { familyName: family, givenName: 'Ott' }, results: expect.any(Number) })
    })

    it('answers a malformed date of birth with a page, not a server error', async () => {
      const response = await browser.get(`/people?familyName=${family}&dateOfBirth=not-a-date`)
      expect(response.statusCode).toBeLessThan(500)
    })

    it('refuses an impossible date of birth in an API search with 400, not a server error', async () => {
      const response = await api('GET', `/api/v1/people/search?familyName=${family}&dateOfBirth=2011-02-30`, police)
      expect(response.statusCode).toBe(400)
      expect(response.json().errors).toEqual(expect.arrayContaining([{ field: expect.stringContaining('dateOfBirth'), message: expect.any(String) }]))
    })

    it('answers an over-long search term with a page, not a server error', async () => {
      const response = await browser.get(`/people?familyName=${'x'.repeat(150)}`)
      expect(response.statusCode).toBeLessThan(500)
    })
  })
})

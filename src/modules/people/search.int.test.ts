/**
 * "Is this child known?" (issue 3, ADR 0008) through the real app: each tolerance the search promises, ranking,
 * reasons, restricted stubs and sealed records, the audit of terms, bad input, and search before create.
 */
import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordProtections } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people } from './schema.ts'
import { backfillSearchKeys } from './search.ts'

let t: TestApp
let manager: string
let police: string
let igUserId: string
const ids: Record<string, string> = {}

const db = () => t.testDb.database.db

async function api(method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

type Result = { id: string; score: number; reasons: Array<{ field: string; level: string; weight: number }>; restricted: boolean; [k: string]: unknown }

async function search(query: Record<string, string>, token = police): Promise<Result[]> {
  const response = await api('GET', `/api/v1/people/search?${new URLSearchParams(query)}`, token)
  expect(response.statusCode, response.body).toBe(200)
  return (response.json() as { results: Result[] }).results
}

const robert = { givenName: 'Robert', familyName: 'Thistlewood', dateOfBirth: '2012-03-07', gender: 'M', postcode: 'PE2 5XY', nhsNumber: '9434765919' }

async function create(body: Record<string, unknown>): Promise<string> {
  const response = await api('POST', '/api/v1/people', manager, { ...body, confirmNotDuplicate: true })
  expect(response.statusCode, response.body).toBe(201)
  return (response.json() as { id: string }).id
}

beforeAll(async () => {
  t = await createTestApp()
  manager = await t.tokenFor(demoEmail('mash.manager'))
  police = await t.tokenFor(demoEmail('police.missing'))
  igUserId = await t.userId(demoEmail('ig.officer'))
  ids.robert = await create(robert)
  // A near namesake: the exact match must rank above it.
  ids.roberta = await create({ givenName: 'Roberta', familyName: 'Thistlewood', dateOfBirth: '2012-03-09', gender: 'F', postcode: 'PE2 5XY' })
  // An alias and a move: the old postcode and the alias still find him.
  expect((await api('POST', `/api/v1/people/${ids.robert}/names`, manager, { kind: 'alias', givenName: 'Kestrel', familyName: 'Vantongeren' })).statusCode).toBe(201)
  expect((await api('POST', `/api/v1/people/${ids.robert}/addresses`, manager, { addressLine1: '3 Ferry Lane', town: 'March', postcode: 'PE15 8QT' })).statusCode).toBe(201)
  ids.restricted = await create({ givenName: 'Marguerite', familyName: 'Oyelaran-Brisk', dateOfBirth: '2010-05-05', gender: 'F' })
  ids.sealed = await create({ givenName: 'Marguerite', familyName: 'Oyelaran-Brisk', dateOfBirth: '2010-05-06', gender: 'F' })
  await db().insert(recordProtections).values({ personId: ids.restricted, state: 'restricted', reason: 'test', setBy: igUserId, setAt: new Date() })
  await db().insert(recordProtections).values({ personId: ids.sealed, state: 'sealed', reason: 'test', setBy: igUserId, setAt: new Date() })
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('GET /api/v1/people/search tolerates the mistakes people make', () => {
  it.each([
    ['a typo in the last name', { givenName: 'Robert', familyName: 'Thistlewod', dateOfBirth: '2012-03-07' }],
    ['a nickname (Rob for Robert)', { givenName: 'Rob', familyName: 'Thistlewood', dateOfBirth: '2012-03-07' }],
    ['a nickname (Bob for Robert)', { givenName: 'Bob', familyName: 'Thistlewood', dateOfBirth: '2012-03-07' }],
    ['a nickname and no date of birth', { givenName: 'Bobby', familyName: 'Thistlewood' }],
    ['first and last names swapped', { givenName: 'Thistlewood', familyName: 'Robert', dateOfBirth: '2012-03-07' }],
    ['day and month swapped', { givenName: 'Robert', familyName: 'Thistlewood', dateOfBirth: '2012-07-03' }],
    ['a date of birth a year out', { givenName: 'Robert', familyName: 'Thistlewood', dateOfBirth: '2011-03-07' }],
    ['a date of birth a few days out', { givenName: 'Robert', familyName: 'Thistlewood', dateOfBirth: '2012-03-17' }],
    ['an alias', { givenName: 'Kestrel', familyName: 'Vantongeren' }],
    ['the NHS number alone, with spaces', { nhsNumber: '943 476 5919' }],
  ])('finds him despite %s', async (_what, query) => {
    const results = await search(query)
    expect(results[0]?.id, JSON.stringify(results.slice(0, 3))).toBe(ids.robert)
  })

  it('finds him by a previous address’s postcode', async () => {
    const [top] = await search({ givenName: 'Robert', familyName: 'Thistlewod', postcode: 'pe2 5xy' })
    expect(top?.id).toBe(ids.robert)
    expect(top?.postcodeDistrict).toBe('PE15')
    expect(top?.reasons).toContainEqual({ field: 'postcode', level: 'exact', weight: expect.any(Number) })
  })

  it('names the reason a date matched: day and month swapped, with its weight', async () => {
    const [top] = await search({ givenName: 'Robert', familyName: 'Thistlewood', dateOfBirth: '2012-07-03' })
    expect(top?.reasons).toContainEqual({ field: 'dateOfBirth', level: 'day and month swapped', weight: expect.any(Number) })
    expect(top?.reasons.find((r) => r.field === 'dateOfBirth')?.weight).toBeGreaterThan(0)
  })

  it('ranks the exact match above a fuzzy one, best first, with card fields and per-field reasons', async () => {
    const results = await search({ givenName: 'Robert', familyName: 'Thistlewood', dateOfBirth: '2012-03-07' })
    expect(results.map((r) => r.id).slice(0, 2)).toEqual([ids.robert, ids.roberta])
    expect(results[0]?.score).toBeGreaterThan(results[1]?.score ?? 1)
    for (let i = 1; i < results.length; i++) expect(results[i - 1]?.score).toBeGreaterThanOrEqual(results[i]?.score ?? 0)
    expect(results[0]).toMatchObject({ givenName: 'Robert', familyName: 'Thistlewood', dateOfBirth: '2012-03-07', gender: 'M', postcodeDistrict: 'PE15', restricted: false, agencyTypes: expect.any(Array) })
    expect(results[0]?.reasons.map((r) => r.field)).toEqual(expect.arrayContaining(['givenName', 'familyName', 'dateOfBirth']))
    expect(results[0]?.reasons.find((r) => r.field === 'givenName')).toMatchObject({ level: 'exact' })
  })

  it('shows a restricted record as a stub with no personal details and never a sealed one', async () => {
    const results = await search({ givenName: 'Margerite', familyName: 'Oyelaran Brisk', dateOfBirth: '2010-05-05' })
    const stub = results.find((r) => r.id === ids.restricted)
    expect(stub).toMatchObject({ restricted: true, message: 'A restricted record may match — contact information governance' })
    expect(Object.keys(stub ?? {}).sort()).toEqual(['id', 'message', 'reasons', 'restricted', 'score'])
    expect(results.map((r) => r.id)).not.toContain(ids.sealed)
    expect(JSON.stringify(results)).not.toContain('Marguerite')
  })

  it('audits every search with its terms', async () => {
    const searcher = await t.tokenFor(demoEmail('mash.health'))
    await search({ familyName: 'Thistlewood', postcode: 'PE2 5XY', nhsNumber: '9434765919' }, searcher)
    const rows = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'people.searched'), eq(auditEvents.actorLabel, demoEmail('mash.health'))))
      .orderBy(asc(auditEvents.seq))
    expect(rows).toHaveLength(1)
    expect(rows[0]?.details).toMatchObject({ terms: { familyName: 'Thistlewood', postcode: 'PE2 5XY', nhsNumber: '9434765919' }, results: expect.any(Number) })
  })

  it.each([
    ['nhsNumber', { nhsNumber: '943 476 5918' }],
    ['postcode', { postcode: 'NOPE 1' }],
    ['dateOfBirth', { familyName: 'Thistlewood', dateOfBirth: '2012-02-30' }],
  ])('refuses an invalid %s with 400 problem+json and errors[]', async (field, query) => {
    const response = await api('GET', `/api/v1/people/search?${new URLSearchParams(query)}`, police)
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json().errors).toEqual(expect.arrayContaining([{ field: expect.stringContaining(field), message: expect.any(String) }]))
  })

  it('finds people whose keys were filled by the start-up backfill', async () => {
    await db().execute(sql`delete from person_search_keys`)
    expect(await backfillSearchKeys(db())).toBeGreaterThan(300)
    expect(await backfillSearchKeys(db())).toBe(0)
    const results = await search({ givenName: 'Rob', familyName: 'Thistlewood', dateOfBirth: '2012-07-03' })
    expect(results[0]?.id).toBe(ids.robert)
  })
})

describe('the search page', () => {
  let browser: BrowserSession
  beforeAll(async () => {
    browser = await t.sessionFor(demoEmail('mash.social.worker'))
  })

  it('shows ranked cards with the reasons in plain English, from a GOV.UK date input', async () => {
    const response = await browser.get('/people?givenName=Bob&familyName=Thistlewood&dateOfBirth-day=3&dateOfBirth-month=7&dateOfBirth-year=2012')
    expect(response.statusCode).toBe(200)
    const html = response.body
    const first = html.indexOf('data-qa="search-result"')
    expect(first).toBeGreaterThan(-1)
    expect(html.indexOf(ids.robert as string, first)).toBeLessThan(html.indexOf('data-qa="search-result"', first + 1) >>> 0)
    expect(html).toMatch(/Date of birth: day and month swapped \(\+\d+\.\d\)/)
    expect(html).toMatch(/First name: a nickname or short form of the same name \(\+\d+\.\d\)/)
    expect(html).toContain('name="dateOfBirth-day" type="text" value="3"')
  })

  it('shows GOV.UK error messages for an invalid NHS number, postcode and date', async () => {
    const response = await browser.get('/people?familyName=Thistlewood&nhsNumber=1234&postcode=ZZZ&dateOfBirth-day=31&dateOfBirth-month=2&dateOfBirth-year=2012')
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('govuk-error-summary')
    for (const href of ['#dateOfBirth', '#postcode', '#nhsNumber']) expect(response.body).toContain(`href="${href}`)
    expect(response.body).toContain('Enter a real postcode, like PE1 2AB')
  })
})

describe('search before create', () => {
  let browser: BrowserSession
  beforeAll(async () => {
    browser = await t.sessionFor(demoEmail('mash.manager'))
  })
  const count = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(people))[0]?.n ?? 0
  const form = (extra: Record<string, string> = {}) => ({
    kind: 'child',
    givenName: 'Bobby',
    familyName: 'Thistlewood',
    'dateOfBirth-day': '7',
    'dateOfBirth-month': '3',
    'dateOfBirth-year': '2012',
    gender: 'M',
    postcode: 'PE15 8QT',
    ...extra,
  })

  it('shows the likely existing records first and saves nothing until the user confirms none is the person', async () => {
    const before = await count()
    const first = await browser.post('/people', form())
    expect(first.statusCode).toBe(200)
    expect(first.body).toContain('These records may be the same person')
    expect(first.body).toContain(ids.robert)
    expect(first.body).toContain('None of these is the person — create a new record')
    expect(first.body).toContain('name="duplicatesShown" value="yes"')
    expect(await count()).toBe(before)

    const unconfirmed = await browser.post('/people', form({ duplicatesShown: 'yes' }))
    expect(unconfirmed.statusCode).toBe(400)
    expect(unconfirmed.body).toContain('govuk-error-summary')
    expect(unconfirmed.body).toContain('href="#confirmNotDuplicate"')
    expect(await count()).toBe(before)

    const confirmed = await browser.post('/people', form({ duplicatesShown: 'yes', confirmNotDuplicate: 'yes' }))
    expect(confirmed.statusCode).toBe(303)
    expect(await count()).toBe(before + 1)
  })

  it('answers the API with 409 and the candidates unless confirmNotDuplicate is true', async () => {
    const body = { givenName: 'Robert', familyName: 'Thistlewood', dateOfBirth: '2012-03-07', gender: 'M' }
    const before = await count()
    const refused = await api('POST', '/api/v1/people', manager, body)
    expect(refused.statusCode).toBe(409)
    expect(refused.headers['content-type']).toContain('application/problem+json')
    const problem = refused.json() as { status: number; candidates: Result[] }
    expect(problem.status).toBe(409)
    expect(problem.candidates[0]).toMatchObject({ id: ids.robert, score: expect.any(Number), reasons: expect.any(Array) })
    expect(await count()).toBe(before)
    // The look-up was a search: audited even though nothing was saved.
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.action, 'people.searched')).orderBy(asc(auditEvents.seq))
    expect(audit.at(-1)?.details).toMatchObject({ for: 'create', results: expect.any(Number) })
    const created = await api('POST', '/api/v1/people', manager, { ...body, confirmNotDuplicate: true })
    expect(created.statusCode).toBe(201)
    expect(await count()).toBe(before + 1)
  })

  it('creates a clearly new person without asking', async () => {
    const response = await api('POST', '/api/v1/people', manager, { givenName: 'Ebenezer', familyName: 'Quillfeather', dateOfBirth: '2014-08-19', gender: 'M' })
    expect(response.statusCode).toBe(201)
  })
})

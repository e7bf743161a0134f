/**
 * The person index end to end: names, identifiers, addresses, contact details and relationships through the API
 * and the pages — success, validation refusals that save nothing, the 404 for someone who cannot see the record,
 * the sync with the person's core details, and relationships that never leak a restricted or sealed record.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships, recordProtections } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people, personAddresses, personContacts, personIdentifiers, personNames, personRelationships } from './schema.ts'

let t: TestApp
let manager: string
let police: string
let browser: BrowserSession
let igUserId: string
const db = () => t.testDb.database.db

async function api(method: 'GET' | 'POST' | 'PATCH', url: string, token: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

async function create(overrides: Record<string, unknown> = {}): Promise<{ id: string; [k: string]: unknown }> {
  const response = await api('POST', '/api/v1/people', manager, { givenName: 'Kacper', familyName: 'Lindqvist', dateOfBirth: '2011-05-06', gender: 'M', postcode: 'pe1 2ab', addressLine1: '4 Mill Road', confirmNotDuplicate: true, ...overrides })
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

const count = async (table: typeof personNames | typeof personIdentifiers | typeof personAddresses | typeof personContacts | typeof personRelationships, personId: string) =>
  (await db().select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.personId, personId)))[0]?.n ?? 0

beforeAll(async () => {
  t = await createTestApp()
  manager = await t.tokenFor(demoEmail('mash.manager'))
  police = await t.tokenFor(demoEmail('police.missing'))
  browser = await t.sessionFor(demoEmail('mash.manager'))
  igUserId = await t.userId(demoEmail('ig.officer'))
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('POST /api/v1/people with the person index', () => {
  it('records the current name, the address, NHS number, UPN, aliases and language', async () => {
    const person = await create({ nhsNumber: '943 476 5919', upn: 'h801200001001', aliases: [{ givenName: 'KK' }], language: 'Polish' })
    expect(person).toMatchObject({
      language: 'Polish',
      names: expect.arrayContaining([
        expect.objectContaining({ kind: 'current', givenName: 'Kacper', familyName: 'Lindqvist', sourceAgency: expect.stringContaining('(demo)') }),
        expect.objectContaining({ kind: 'alias', givenName: 'KK', familyName: null }),
      ]),
      identifiers: expect.arrayContaining([expect.objectContaining({ type: 'nhs-number', value: '9434765919' }), expect.objectContaining({ type: 'upn', value: 'H801200001001' })]),
      addresses: [expect.objectContaining({ addressLine1: '4 Mill Road', postcode: 'PE1 2AB', current: true, to: null })],
      contactDetails: [],
      relationships: [],
    })
  })

  it.each([
    ['nhsNumber', { nhsNumber: '943 476 5918' }, 'Enter a valid NHS number, like 943 476 5919'],
    ['upn', { upn: 'Z801200001001' }, 'Enter a valid unique pupil number (UPN), like H801200001001'],
  ])('refuses an invalid %s with 400 and saves nothing', async (field, overrides, message) => {
    const before = (await db().select({ n: sql<number>`count(*)::int` }).from(people))[0]?.n
    const response = await api('POST', '/api/v1/people', manager, { givenName: 'Nope', familyName: 'Nope', dateOfBirth: '2011-05-06', gender: 'M', ...overrides })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toContainEqual({ field, message })
    expect((await db().select({ n: sql<number>`count(*)::int` }).from(people))[0]?.n).toBe(before)
  })
})

describe('adding entries through the API', () => {
  it('adds each kind of entry (201 with the entry) and GET shows them all', async () => {
    const { id } = await create()
    const other = await create({ givenName: 'Agnieszka', familyName: 'Lindqvist', dateOfBirth: '1988-01-02', kind: 'adult' })
    const added = await Promise.all([
      api('POST', `/api/v1/people/${id}/names`, manager, { kind: 'alias', givenName: 'Kas', from: '2024-01-01' }),
      api('POST', `/api/v1/people/${id}/identifiers`, manager, { type: 'police-id', value: ' 12/345678a ', issuer: 'PNC' }),
      api('POST', `/api/v1/people/${id}/contact-details`, manager, { type: 'phone', value: '07700 900 123' }),
      api('POST', `/api/v1/people/${id}/contact-details`, manager, { type: 'social-media', value: '@kas_99', platform: 'snapchat' }),
    ])
    for (const r of added) expect(r.statusCode, r.body).toBe(201)
    expect(added[1]?.json()).toMatchObject({ type: 'police-id', value: '12/345678A', issuer: 'PNC' })
    expect(added[2]?.json()).toMatchObject({ type: 'phone', value: '+447700900123', platform: null })
    const rel = await api('POST', `/api/v1/people/${id}/relationships`, manager, { relatedPersonId: other.id, type: 'parent', from: '2011-05-06' })
    expect(rel.statusCode, rel.body).toBe(201)
    expect(rel.json()).toMatchObject({ type: 'parent', relatedPerson: { id: other.id, givenName: 'Agnieszka', restricted: false, canOpen: true }, from: '2011-05-06' })

    const child = (await api('GET', `/api/v1/people/${id}`, manager)).json()
    expect(child.names.map((n: { kind: string }) => n.kind)).toEqual(['current', 'alias'])
    expect(child.contactDetails).toHaveLength(2)
    expect(child.relationships).toEqual([expect.objectContaining({ type: 'parent', relatedPerson: expect.objectContaining({ id: other.id }) })])
    // The same row read from the other end: the child is the adult's child.
    const adult = (await api('GET', `/api/v1/people/${other.id}`, manager)).json()
    expect(adult.relationships).toEqual([expect.objectContaining({ type: 'child', relatedPerson: expect.objectContaining({ id }) })])
    const audits = await db().select().from(auditEvents).where(and(eq(auditEvents.personId, id), sql`${auditEvents.action} like 'people.%-added'`))
    expect(audits.map((a) => a.action).sort()).toEqual(['people.contact-detail-added', 'people.contact-detail-added', 'people.identifier-added', 'people.name-added', 'people.relationship-added'])
    expect(JSON.stringify(audits)).not.toContain('900123')
  })

  it.each([
    ['identifiers', { type: 'nhs-number', value: '123 456 7890' }, 'value', 'Enter a valid NHS number, like 943 476 5919'],
    ['identifiers', { type: 'upn', value: 'A801200005001' }, 'value', 'Enter a valid unique pupil number (UPN), like H801200001001'],
    ['addresses', { addressLine1: '1 High Street', postcode: 'NOPE' }, 'postcode', 'Enter a real postcode, like PE1 2AB'],
    ['contact-details', { type: 'email', value: 'not-an-email' }, 'value', 'Enter an email address in the correct format, like name@example.com'],
    ['contact-details', { type: 'phone', value: '12345' }, 'value', 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192'],
    ['contact-details', { type: 'social-media', value: 'ok_handle' }, 'platform', 'Select the social media platform'],
    ['names', { kind: 'alias' }, 'givenName', 'Enter a first name or a last name'],
    ['names', { kind: 'previous', familyName: 'Old', from: '2020-01-01', to: '2019-01-01' }, 'to', 'Date they stopped using the name must be the same as or after the start date'],
    ['relationships', { relatedPersonId: randomUUID(), type: 'sibling' }, 'relatedPersonId', 'Select a person whose record you can open'],
  ])('refuses a bad %s entry (%j) with 400 problem+json, changing nothing', async (path, body, field, message) => {
    const { id } = await create()
    const before = { names: await count(personNames, id), ids: await count(personIdentifiers, id), addresses: await count(personAddresses, id), contacts: await count(personContacts, id) }
    const response = await api('POST', `/api/v1/people/${id}/${path}`, manager, body)
    expect(response.statusCode, response.body).toBe(400)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.json().errors).toContainEqual({ field, message })
    expect({ names: await count(personNames, id), ids: await count(personIdentifiers, id), addresses: await count(personAddresses, id), contacts: await count(personContacts, id) }).toEqual(before)
    expect(await count(personRelationships, id)).toBe(0)
  })

  it('is 404 for someone who cannot see the record, and saves nothing', async () => {
    const { id } = await create()
    const response = await api('POST', `/api/v1/people/${id}/contact-details`, police, { type: 'phone', value: '07700 900 123' })
    expect(response.statusCode).toBe(404)
    expect(await count(personContacts, id)).toBe(0)
    const ended = await api('POST', `/api/v1/people/${id}/addresses/${randomUUID()}/end`, police)
    expect(ended.statusCode).toBe(404)
  })

  it('refuses a second copy of the same identifier on one record', async () => {
    const { id } = await create({ nhsNumber: '9434765919' })
    const response = await api('POST', `/api/v1/people/${id}/identifiers`, manager, { type: 'nhs-number', value: '943-476-5919' })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([{ field: 'value', message: 'This identifier is already on the record' }])
  })
})

describe('addresses and names stay in step with the core details', () => {
  it('a new current address ends the old one and becomes the main address (version moves on)', async () => {
    const { id } = await create()
    const response = await api('POST', `/api/v1/people/${id}/addresses`, manager, { addressLine1: '9 New Road', town: 'March', postcode: 'pe15 8aa', from: '2026-01-10' })
    expect(response.statusCode, response.body).toBe(201)
    const person = (await api('GET', `/api/v1/people/${id}`, manager)).json()
    expect(person).toMatchObject({ addressLine1: '9 New Road', postcode: 'PE15 8AA', version: 2 })
    expect(person.addresses).toEqual([expect.objectContaining({ addressLine1: '9 New Road', current: true }), expect.objectContaining({ addressLine1: '4 Mill Road', current: false, to: '2026-01-09' })])
    const ended = await api('POST', `/api/v1/people/${id}/addresses/${person.addresses[0].id}/end`, manager)
    expect(ended.statusCode, ended.body).toBe(200)
    expect((await api('GET', `/api/v1/people/${id}`, manager)).json()).toMatchObject({ addressLine1: null, postcode: null, version: 3 })
  })

  it('changing the name through PATCH keeps the old one as a previous name', async () => {
    const { id } = await create()
    expect((await api('PATCH', `/api/v1/people/${id}`, manager, { familyName: 'Lind' })).statusCode).toBe(200)
    const names = (await api('GET', `/api/v1/people/${id}`, manager)).json().names
    expect(names).toEqual([expect.objectContaining({ kind: 'current', familyName: 'Lind' }), expect.objectContaining({ kind: 'previous', familyName: 'Lindqvist', to: expect.any(String) })])
  })

  it('the current name cannot be ended; an alias can, once', async () => {
    const { id } = await create({ aliases: [{ givenName: 'Kas' }] })
    const names = (await api('GET', `/api/v1/people/${id}`, manager)).json().names as Array<{ id: string; kind: string }>
    const current = names.find((n) => n.kind === 'current')
    const alias = names.find((n) => n.kind === 'alias')
    expect((await api('POST', `/api/v1/people/${id}/names/${current?.id}/end`, manager)).statusCode).toBe(400)
    expect((await api('POST', `/api/v1/people/${id}/names/${alias?.id}/end`, manager)).statusCode).toBe(200)
    expect((await api('POST', `/api/v1/people/${id}/names/${alias?.id}/end`, manager)).statusCode).toBe(400)
  })
})

describe('relationships never leak a record the viewer cannot open', () => {
  it('shows a restricted relative as "a restricted record", and leaves a sealed one out', async () => {
    const { id } = await create()
    const restricted = await create({ givenName: 'Rowena', familyName: 'Hiddenfield', kind: 'adult', dateOfBirth: '1980-01-01' })
    const sealed = await create({ givenName: 'Sabine', familyName: 'Sealedworth', kind: 'adult', dateOfBirth: '1981-01-01' })
    for (const other of [restricted, sealed]) expect((await api('POST', `/api/v1/people/${id}/relationships`, manager, { relatedPersonId: other.id, type: 'carer' })).statusCode).toBe(201)
    for (const [other, state] of [[restricted, 'restricted'], [sealed, 'sealed']] as const) {
      await db().insert(recordProtections).values({ personId: other.id, state, reason: 'test', setBy: igUserId, setAt: new Date() })
    }
    // The police allocation opens the child but not the relatives.
    await db().insert(legitimateRelationships).values({ personId: id, userId: await t.userId(demoEmail('police.missing')), source: 'allocation', startsAt: new Date(Date.now() - 60_000) })
    const json = (await api('GET', `/api/v1/people/${id}`, police)).json()
    expect(json.relationships).toEqual([expect.objectContaining({ type: 'carer', relatedPerson: { id: restricted.id, restricted: true } })])
    const page = await (await t.sessionFor(demoEmail('police.missing'))).get(`/people/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('A restricted record')
    for (const hidden of ['Rowena', 'Hiddenfield', 'Sabine', 'Sealedworth', sealed.id]) expect(page.body).not.toContain(hidden)
  })
})

describe('pages', () => {
  it('shows the summary cards with "Add" links on the record page', async () => {
    const { id } = await create({ nhsNumber: '9434765919' })
    const page = await browser.get(`/people/${id}`)
    expect(page.statusCode).toBe(200)
    for (const title of ['Names and aliases', 'Identifiers', 'Addresses', 'Contact details', 'Relationships']) expect(page.body).toContain(title)
    expect(page.body).toContain('943 476 5919')
    for (const path of ['names', 'identifiers', 'addresses', 'contact-details', 'relationships']) expect(page.body).toContain(`href="/people/${id}/${path}/new"`)
  })

  it.each([
    ['identifiers', { type: 'nhs-number', value: '943 476 5918' }, 'Enter a valid NHS number, like 943 476 5919'],
    ['identifiers', { type: 'upn', value: 'A801200005001' }, 'Enter a valid unique pupil number (UPN), like H801200001001'],
    ['addresses', { addressLine1: '1 High Street', postcode: 'PE1 ZZZ' }, 'Enter a real postcode, like PE1 2AB'],
    ['names', { kind: 'alias', givenName: 'Kas', 'from-day': '31', 'from-month': '2', 'from-year': '2024' }, 'Date they started using the name must be a real date'],
  ])('re-renders the %s form with a GOV.UK error summary and saves nothing', async (path, form, message) => {
    const { id } = await create()
    const before = { ids: await count(personIdentifiers, id), addresses: await count(personAddresses, id), names: await count(personNames, id) }
    const response = await browser.post(`/people/${id}/${path}`, form)
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('govuk-error-summary')
    expect(response.body).toContain(message)
    expect({ ids: await count(personIdentifiers, id), addresses: await count(personAddresses, id), names: await count(personNames, id) }).toEqual(before)
  })

  it('saves each form and returns to the record (303), and ends an entry with a button', async () => {
    const { id } = await create()
    const adult = await create({ givenName: 'Beata', familyName: 'Lindqvist', kind: 'adult', dateOfBirth: '1985-03-04' })
    const forms: Record<string, Record<string, string>> = {
      names: { kind: 'alias', givenName: 'Kas', 'from-day': '1', 'from-month': '2', 'from-year': '2024' },
      identifiers: { type: 'upn', value: 'H801200001001' },
      addresses: { addressLine1: '7 River Lane', postcode: 'pe2 9xx' },
      'contact-details': { type: 'email', value: 'kas@example.com', platform: '' },
      relationships: { relatedPersonId: adult.id, type: 'parent' },
    }
    for (const [path, form] of Object.entries(forms)) {
      const page = await browser.get(`/people/${id}/${path}/new`)
      expect(page.statusCode, path).toBe(200)
      const response = await browser.post(`/people/${id}/${path}`, form)
      expect(response.statusCode, `${path}: ${response.body.slice(0, 300)}`).toBe(303)
      expect(response.headers.location).toBe(`/people/${id}#${path}`)
    }
    const record = await browser.get(`/people/${id}`)
    expect(record.body).toContain('7 River Lane')
    expect(record.body).toContain('kas@example.com')
    expect(record.body).toContain(`href="/people/${adult.id}"`)
    const [address] = await db().select().from(personAddresses).where(and(eq(personAddresses.personId, id), eq(personAddresses.addressLine1, '7 River Lane')))
    const ended = await browser.post(`/people/${id}/addresses/${address?.id}/end`, {})
    expect(ended.statusCode).toBe(303)
    const [after] = await db().select().from(personAddresses).where(eq(personAddresses.id, address?.id ?? ''))
    expect(after?.endsOn).not.toBeNull()

  })

  it('gives the forms the same 404 as the record to someone who cannot see it', async () => {
    const { id } = await create()
    const other = await t.sessionFor(demoEmail('police.missing'))
    for (const path of ['names', 'identifiers', 'addresses', 'contact-details', 'relationships']) {
      expect((await other.get(`/people/${id}/${path}/new`)).statusCode, path).toBe(404)
      expect((await other.post(`/people/${id}/${path}`, { kind: 'alias', givenName: 'X' })).statusCode, path).toBe(404)
    }
  })
})

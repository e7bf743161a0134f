/**
 * Contacts through the real app: the API (report, list, read, decide), the triage pages (RAG, allocation, linking,
 * decision) and the access rules — the referrer sees their own contact and its outcome only, a school DSL can never
 * find out whether a child is known, a decision without a rationale saves nothing — with the audit rows each leaves.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { contactsPersonExtension } from './extensions.ts'
import { contactEvents, contacts } from './schema.ts'

let t: TestApp
const tokens: Record<string, string> = {}
let managerPage: BrowserSession
let practitionerPage: BrowserSession
const db = () => t.testDb.database.db
const HOUR = 3_600_000

async function api(method: 'GET' | 'POST', url: string, who: string | null, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

const child = { givenName: 'Tallulah', familyName: 'Brightwater', dateOfBirth: '2011-09-02', gender: 'F' }
const concern = (overrides: Record<string, unknown> = {}) => ({
  child,
  concernTypes: ['CSE', 'missing'],
  referralSource: '2A',
  narrative: 'Seen getting into cars with older men after school; missing from lessons twice this week.',
  lawfulBasis: 'public-task',
  specialCategoryCondition: 'safeguarding-children',
  ...overrides,
})

async function report(who: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
  const response = await api('POST', '/api/v1/contacts', who, concern(overrides))
  expect(response.statusCode, response.body).toBe(201)
  return response.json()
}

async function audit(action: string, resourceId?: string) {
  return db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), resourceId ? eq(auditEvents.resourceId, resourceId) : sql`true`))
    .orderBy(asc(auditEvents.seq))
}

async function mashRelationships(contactId: string) {
  return db().select().from(legitimateRelationships).where(and(eq(legitimateRelationships.sourceRef, contactId), eq(legitimateRelationships.source, 'mash-contact')))
}

beforeAll(async () => {
  t = await createTestApp()
  for (const account of ['school.dsl', 'health.nurse', 'mash.manager', 'mash.social.worker', 'mash.police', 'analyst', 'police.missing', 'social.worker']) {
    tokens[account] = await t.tokenFor(demoEmail(account))
  }
  managerPage = await t.sessionFor(demoEmail('mash.manager'))
  practitionerPage = await t.sessionFor(demoEmail('mash.social.worker'))
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('reporting a concern (POST /api/v1/contacts)', () => {
  it('creates a contact awaiting triage, unrated, with a reference, and audits it', async () => {
    const created = await report('school.dsl')
    expect(created).toMatchObject({ status: 'awaiting-triage', rag: null, decisionDueBy: null, outcome: null, child, concernTypes: ['CSE', 'missing'], referralSource: '2A', lawfulBasis: 'public-task' })
    expect(created.reference).toMatch(/^MASH-\d{6}$/)
    expect(created).not.toHaveProperty('personId')
    const [row] = await audit('contacts.created', created.id)
    expect(row).toMatchObject({ outcome: 'succeeded', actorLabel: demoEmail('school.dsl') })
    const events = await db().select().from(contactEvents).where(eq(contactEvents.contactId, created.id))
    expect(events.map((e) => e.type)).toEqual(['received'])
  })

  it('refuses bad input with problem+json field errors and saves nothing', async () => {
    const [before] = await db().select({ n: sql<number>`count(*)::int` }).from(contacts)
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ concernTypes: [] }, 'concernTypes'],
      [{ concernTypes: ['grooming'] }, 'concernTypes.0'],
      [{ referralSource: '11' }, 'referralSource'],
      [{ lawfulBasis: 'because' }, 'lawfulBasis'],
      [{ narrative: '   ' }, 'narrative'],
      [{ concernTypes: ['other'] }, 'concernOther'],
      [{ personId: randomUUID() }, 'child'],
      [{ child: { ...child, dateOfBirth: '2011-02-30' } }, 'child.dateOfBirth'],
      [{ status: 'decided' }, ''],
    ]
    for (const [overrides, field] of cases) {
      const response = await api('POST', '/api/v1/contacts', 'school.dsl', concern(overrides))
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400)
      expect(response.headers['content-type']).toContain('application/problem+json')
      if (field) expect(response.json().errors.map((e: { field: string }) => e.field), JSON.stringify(overrides)).toContain(field)
    }
    const future = await api('POST', '/api/v1/contacts', 'school.dsl', concern({ receivedAt: new Date(Date.now() + 2 * HOUR).toISOString() }))
    expect(future.statusCode).toBe(400)
    const [after] = await db().select({ n: sql<number>`count(*)::int` }).from(contacts)
    expect(after?.n).toBe(before?.n)
  })

  it('is refused to roles that do no casework (403) and to anonymous callers (401)', async () => {
    expect((await api('POST', '/api/v1/contacts', 'analyst', concern())).statusCode).toBe(403)
    expect((await api('POST', '/api/v1/contacts', null, concern())).statusCode).toBe(401)
  })
})

describe('a school DSL cannot discover a child', () => {
  it('a known child by id and an unknown id get the same 400, and both refusals are audited', async () => {
    const [known] = await db().select({ id: people.id }).from(people).where(and(eq(people.givenName, 'Amelia'), eq(people.familyName, 'Hart')))
    expect(known).toBeDefined()
    const byKnown = await api('POST', '/api/v1/contacts', 'school.dsl', concern({ child: undefined, personId: known?.id }))
    const byUnknown = await api('POST', '/api/v1/contacts', 'school.dsl', concern({ child: undefined, personId: randomUUID() }))
    expect(byKnown.statusCode).toBe(400)
    expect(byKnown.body).toBe(byUnknown.body)
    const denials = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'contacts.report-about'), eq(auditEvents.outcome, 'denied')))
    expect(denials.length).toBeGreaterThanOrEqual(2)
  })

  it('reporting a known child by name answers exactly as for an unknown one, before and after the MASH links it', async () => {
    const known = await report('school.dsl', { child: { givenName: 'Amelia', familyName: 'Hart', dateOfBirth: '2012-01-01', gender: 'F' } })
    const unknown = await report('school.dsl', { child: { givenName: 'Zephyrine', familyName: 'Oddfellow', dateOfBirth: '2012-01-01', gender: 'F' } })
    expect(Object.keys(known).sort()).toEqual(Object.keys(unknown).sort())
    const [amelia] = await db().select({ id: people.id }).from(people).where(eq(people.givenName, 'Amelia'))
    expect((await managerPage.post(`/contacts/${known.id}/link`, { personId: amelia?.id ?? '' })).statusCode).toBe(303)
    const read = (await api('GET', `/api/v1/contacts/${known.id}`, 'school.dsl')).json()
    expect(Object.keys(read).sort()).toEqual(Object.keys(unknown).sort())
    expect(JSON.stringify(read)).not.toContain(amelia?.id)
    // Nor does the record itself open for the DSL, contact or not.
    expect((await api('GET', `/api/v1/people/${amelia?.id}`, 'school.dsl')).statusCode).toBe(404)
  })

  it('the DSL has no search', async () => {
    expect((await api('GET', '/api/v1/people/search?familyName=Hart', 'school.dsl')).statusCode).toBe(403)
  })
})

describe('who reads a contact', () => {
  it('the referrer reads their own contact (without the MASH working); other reporters, researchers and analysts get the 404 of an unknown id', async () => {
    const mine = await report('school.dsl')
    const own = await api('GET', `/api/v1/contacts/${mine.id}`, 'school.dsl')
    expect(own.statusCode).toBe(200)
    for (const hidden of ['personId', 'rationale', 'allocatedTo', 'recommendation']) expect(own.json()).not.toHaveProperty(hidden)
    const unknown = await api('GET', `/api/v1/contacts/${randomUUID()}`, 'health.nurse')
    for (const who of ['health.nurse', 'mash.police', 'analyst', 'police.missing']) {
      const response = await api('GET', `/api/v1/contacts/${mine.id}`, who)
      expect(response.statusCode, who).toBe(404)
      expect(response.body).toBe(unknown.body)
    }
    const denied = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'contacts.view'), eq(auditEvents.outcome, 'denied'), eq(auditEvents.resourceId, mine.id)))
    expect(denied.length).toBe(4)
    expect((await audit('contacts.viewed', mine.id)).length).toBe(1)
  })

  it('the MASH sees every contact with status, RAG and decision time', async () => {
    const mine = await report('health.nurse')
    const response = await api('GET', `/api/v1/contacts/${mine.id}`, 'mash.social.worker')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'awaiting-triage', rag: null, decisionDueBy: null, personId: null, overdue: false })
  })

  it('lists: the DSL only their own; the MASH the queue, newest first, with ?status=open and a cursor', async () => {
    const nurse = await report('health.nurse')
    const dsl = await report('school.dsl')
    const dslList = (await api('GET', '/api/v1/contacts', 'school.dsl')).json()
    expect(dslList.items.map((c: { id: string }) => c.id)).toContain(dsl.id)
    expect(dslList.items.map((c: { id: string }) => c.id)).not.toContain(nurse.id)
    expect(dslList.items.every((c: { referrer: { name: string } }) => c.referrer.name === 'Rebecca Lowe')).toBe(true)

    const first = (await api('GET', '/api/v1/contacts?status=open&limit=2', 'mash.manager')).json()
    expect(first.items.map((c: { id: string }) => c.id)).toEqual([dsl.id, nurse.id])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = (await api('GET', `/api/v1/contacts?status=open&limit=2&cursor=${first.nextCursor}`, 'mash.manager')).json()
    expect(second.items.map((c: { id: string }) => c.id)).not.toContain(dsl.id)
    expect(second.items.every((c: { status: string }) => ['awaiting-triage', 'in-triage', 'awaiting-decision'].includes(c.status))).toBe(true)
    expect((await api('GET', '/api/v1/contacts?status=shut', 'mash.manager')).statusCode).toBe(400)
    expect((await api('GET', '/api/v1/contacts', 'analyst')).statusCode).toBe(403)
  })
})

describe('deciding (POST /api/v1/contacts/{id}/decision)', () => {
  it('without a rationale is 400 and saves nothing', async () => {
    const c = await report('school.dsl')
    for (const body of [{ outcome: 'early-help' }, { outcome: 'early-help', rationale: '   ' }]) {
      const response = await api('POST', `/api/v1/contacts/${c.id}/decision`, 'mash.manager', body)
      expect(response.statusCode).toBe(400)
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain('rationale')
    }
    const [row] = await db().select().from(contacts).where(eq(contacts.id, c.id))
    expect(row).toMatchObject({ status: 'awaiting-triage', outcome: null, rationale: null, decidedBy: null, version: 1 })
    expect((await audit('contacts.decided', c.id)).length).toBe(0)
  })

  it("is the MASH manager's from any open status; the practitioner and the referrer get 403, others 404; not twice", async () => {
    const c = await report('school.dsl')
    const body = { outcome: 'early-help', rationale: 'Family agree to support from the early help team; school to monitor attendance.' }
    expect((await api('POST', `/api/v1/contacts/${c.id}/decision`, 'mash.social.worker', body)).statusCode).toBe(403)
    expect((await api('POST', `/api/v1/contacts/${c.id}/decision`, 'school.dsl', body)).statusCode).toBe(403)
    expect((await api('POST', `/api/v1/contacts/${c.id}/decision`, 'health.nurse', body)).statusCode).toBe(404)
    const decided = await api('POST', `/api/v1/contacts/${c.id}/decision`, 'mash.manager', body)
    expect(decided.statusCode).toBe(200)
    expect(decided.json()).toMatchObject({ status: 'decided', outcome: 'early-help', rationale: body.rationale })
    expect(decided.json().signedOffBy).toEqual(decided.json().decidedBy)
    expect((await api('POST', `/api/v1/contacts/${c.id}/decision`, 'mash.manager', { ...body, outcome: 'no-further-action' })).statusCode).toBe(409)
    // The referrer sees the outcome, not the rationale.
    const seen = (await api('GET', `/api/v1/contacts/${c.id}`, 'school.dsl')).json()
    expect(seen).toMatchObject({ status: 'decided', outcome: 'early-help' })
    expect(JSON.stringify(seen)).not.toContain('early help team')
    expect((await audit('contacts.decided', c.id)).length).toBe(1)
  })
})

describe('triage on the pages', () => {
  it('RAG rating sets decisionDueBy = receivedAt + the timescale exactly, and overdue follows the test clock', async () => {
    const receivedAt = new Date(t.platform.clock.now().getTime() - 3 * HOUR)
    receivedAt.setUTCMilliseconds(123)
    const c = await report('school.dsl', { receivedAt: receivedAt.toISOString() })
    expect(c.receivedAt).toBe(receivedAt.toISOString())
    expect((await practitionerPage.post(`/contacts/${c.id}/rag`, { rag: 'red' })).statusCode).toBe(303)
    let read = (await api('GET', `/api/v1/contacts/${c.id}`, 'mash.manager')).json()
    expect(read).toMatchObject({ status: 'in-triage', rag: 'red', decisionDueBy: new Date(receivedAt.getTime() + 4 * HOUR).toISOString(), overdue: false })
    expect((await practitionerPage.post(`/contacts/${c.id}/rag`, { rag: 'green' })).statusCode).toBe(303)
    read = (await api('GET', `/api/v1/contacts/${c.id}`, 'mash.manager')).json()
    expect(read.decisionDueBy).toBe(new Date(receivedAt.getTime() + 72 * HOUR).toISOString())
    expect((await practitionerPage.post(`/contacts/${c.id}/rag`, { rag: 'amber' })).statusCode).toBe(303)
    read = (await api('GET', `/api/v1/contacts/${c.id}`, 'mash.manager')).json()
    expect(read.decisionDueBy).toBe(new Date(receivedAt.getTime() + 24 * HOUR).toISOString())
    t.platform.clock.advance(22 * HOUR)
    try {
      read = (await api('GET', `/api/v1/contacts/${c.id}`, 'mash.manager')).json()
      expect(read.overdue).toBe(true)
      const overdue = await (await t.sessionFor(demoEmail('mash.manager'))).get('/contacts?status=open&overdue=yes')
      expect(overdue.body).toContain(`/contacts/${c.id}`)
    } finally {
      t.platform.clock.advance(-22 * HOUR)
      // 22 hours idle ended the browser sessions (15-minute idle timeout): sign in again.
      managerPage = await t.sessionFor(demoEmail('mash.manager'))
      practitionerPage = await t.sessionFor(demoEmail('mash.social.worker'))
    }
    const notOverdue = await managerPage.get('/contacts?status=open&overdue=yes')
    expect(notOverdue.body).not.toContain(`/contacts/${c.id}`)
  })

  it('a bad RAG re-renders the contact page with a GOV.UK error and changes nothing', async () => {
    const c = await report('school.dsl')
    const response = await practitionerPage.post(`/contacts/${c.id}/rag`, { rag: 'purple' })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('govuk-error-summary')
    expect(response.body).toContain('Select a RAG rating')
    const [row] = await db().select().from(contacts).where(eq(contacts.id, c.id))
    expect(row?.rag).toBeNull()
  })

  it('linking gives the MASH team a mash-contact relationship while open; the decision ends it', async () => {
    const person = (await api('POST', '/api/v1/people', 'police.missing', { givenName: 'Octavia', familyName: 'Pennyworth', dateOfBirth: '2010-03-04', gender: 'F', confirmNotDuplicate: true })).json()
    const c = await report('school.dsl', { child: { givenName: 'Octavia', familyName: 'Pennyworth', dateOfBirth: '2010-03-04', gender: 'F' } })
    expect((await api('GET', `/api/v1/people/${person.id}`, 'mash.manager')).statusCode).toBe(404)
    const search = await practitionerPage.get(`/contacts/${c.id}/link`)
    expect(search.statusCode).toBe(200)
    expect(search.body).toContain(person.id)
    expect((await practitionerPage.post(`/contacts/${c.id}/link`, { personId: person.id })).statusCode).toBe(303)
    const [rel] = await mashRelationships(c.id)
    expect(rel).toMatchObject({ personId: person.id, source: 'mash-contact', endedAt: null })
    expect((await api('GET', `/api/v1/people/${person.id}`, 'mash.manager')).statusCode).toBe(200)
    expect((await api('GET', `/api/v1/contacts/${c.id}`, 'mash.manager')).json()).toMatchObject({ personId: person.id, status: 'in-triage' })
    const decided = await api('POST', `/api/v1/contacts/${c.id}/decision`, 'mash.manager', { outcome: 'exploitation-screening', rationale: 'Indicators of CSE; screening by the exploitation team.' })
    expect(decided.statusCode).toBe(200)
    const rels = await mashRelationships(c.id)
    expect(rels.every((r) => r.endedAt !== null)).toBe(true)
    expect((await api('GET', `/api/v1/people/${person.id}`, 'mash.manager')).statusCode).toBe(404)
    const linked = await audit('contacts.linked', c.id)
    expect(linked[0]?.personId).toBe(person.id)
  })

  it('linking to an id the MASH may not see (sealed) looks like an unknown id and changes nothing', async () => {
    const c = await report('school.dsl')
    const [sealed] = await db().select({ id: people.id }).from(people).where(eq(people.givenName, 'Isla'))
    const hidden = await practitionerPage.post(`/contacts/${c.id}/link`, { personId: sealed?.id ?? '' })
    const unknown = await practitionerPage.post(`/contacts/${c.id}/link`, { personId: randomUUID() })
    expect(hidden.statusCode).toBe(400)
    expect(unknown.statusCode).toBe(400)
    expect(hidden.body.replace(/name="_csrf" value="[^"]*"/g, '').replace(/nonce="[^"]*"/g, '')).toBe(unknown.body.replace(/name="_csrf" value="[^"]*"/g, '').replace(/nonce="[^"]*"/g, ''))
    const [row] = await db().select().from(contacts).where(eq(contacts.id, c.id))
    expect(row?.personId).toBeNull()
  })

  it('"none of these": creates a record from the child as reported and links it', async () => {
    const c = await report('school.dsl', { child: { givenName: 'Peregrine', familyName: 'Quillfeather', dateOfBirth: '2013-07-08', gender: 'M' } })
    expect((await managerPage.post(`/contacts/${c.id}/link-new`, {})).statusCode).toBe(303)
    const [row] = await db().select().from(contacts).where(eq(contacts.id, c.id))
    const [person] = await db().select().from(people).where(eq(people.id, row?.personId ?? randomUUID()))
    expect(person).toMatchObject({ givenName: 'Peregrine', familyName: 'Quillfeather', dateOfBirth: '2013-07-08', gender: 'M' })
  })

  it('allocation (manager only), recommendation, then the decision page with sign-off; every step in the chronology', async () => {
    const c = await report('school.dsl')
    const workerId = await t.userId(demoEmail('mash.social.worker'))
    expect((await practitionerPage.post(`/contacts/${c.id}/allocation`, { allocatedTo: workerId })).statusCode).toBe(403)
    expect((await managerPage.post(`/contacts/${c.id}/allocation`, { allocatedTo: await t.userId(demoEmail('school.dsl')) })).statusCode).toBe(400)
    expect((await managerPage.post(`/contacts/${c.id}/allocation`, { allocatedTo: workerId })).statusCode).toBe(303)
    const mine = await practitionerPage.get('/contacts?status=open&mine=yes')
    expect(mine.body).toContain(`/contacts/${c.id}`)
    expect((await practitionerPage.post(`/contacts/${c.id}/decision`, { outcome: 'assessment-s17', rationale: 'Needs a child and family assessment.' })).statusCode).toBe(303)
    expect((await api('GET', `/api/v1/contacts/${c.id}`, 'mash.manager')).json()).toMatchObject({ status: 'awaiting-decision', recommendation: { outcome: 'assessment-s17' } })
    const unsigned = await managerPage.post(`/contacts/${c.id}/decision`, { outcome: 'assessment-s17', rationale: 'Agreed.' })
    expect(unsigned.statusCode).toBe(400)
    expect(unsigned.body).toContain('Confirm that you sign off this decision')
    expect((await managerPage.post(`/contacts/${c.id}/decision`, { outcome: 'assessment-s17', rationale: 'Agreed.', signOff: 'yes' })).statusCode).toBe(303)
    const page = await managerPage.get(`/contacts/${c.id}`)
    expect(page.statusCode).toBe(200)
    for (const text of ['Concern reported', 'Allocated to Daniel Okonkwo', 'Recommended: child and family assessment (section 17)', 'Decided and signed off']) expect(page.body).toContain(text)
    const referrer = await (await t.sessionFor(demoEmail('school.dsl'))).get(`/contacts/${c.id}`)
    expect(referrer.statusCode).toBe(200)
    expect(referrer.body).toContain('Child and family assessment (section 17)')
    expect(referrer.body).not.toContain('Agreed.')
    expect(referrer.body).not.toContain('Chronology')
  })

  it('flags repeat contacts about the same child within the window', async () => {
    const first = await report('school.dsl', { child: { givenName: 'Wilhelmina', familyName: 'Asquith', dateOfBirth: '2012-02-02', gender: 'F' } })
    const second = await report('health.nurse', { child: { givenName: 'Wilhelmina', familyName: 'Asquith', dateOfBirth: '2012-02-02', gender: 'F' } })
    expect((await api('GET', `/api/v1/contacts/${second.id}`, 'mash.manager')).json().repeatContact).toBe(true)
    expect((await api('GET', `/api/v1/contacts/${first.id}`, 'mash.manager')).json().repeatContact).toBe(false)
    const page = await managerPage.get(`/contacts/${second.id}`)
    expect(page.body).toContain('Repeat contact')
  })

  it('the queue, the contact page and My contacts render; outsiders get 403 or 404', async () => {
    const c = await report('school.dsl')
    expect((await managerPage.get('/contacts')).statusCode).toBe(200)
    expect((await managerPage.get(`/contacts/${c.id}`)).statusCode).toBe(200)
    const dsl = await t.sessionFor(demoEmail('school.dsl'))
    expect((await dsl.get('/contacts')).statusCode).toBe(403)
    const mine = await dsl.get('/contacts/mine')
    expect(mine.statusCode).toBe(200)
    expect(mine.body).toContain(`/contacts/${c.id}`)
    const nurse = await t.sessionFor(demoEmail('health.nurse'))
    expect((await nurse.get(`/contacts/${c.id}`)).statusCode).toBe(404)
    expect((await nurse.get(`/contacts/${c.id}/decision`)).statusCode).toBe(404)
  })
})

describe('the people extension points', () => {
  it('adds linked contacts to the child’s chronology (concerns and outcome, no narrative) and moves them on merge and back on unmerge', async () => {
    const a = (await api('POST', '/api/v1/people', 'mash.manager', { givenName: 'Ottoline', familyName: 'Merriweather', dateOfBirth: '2011-01-05', gender: 'F', confirmNotDuplicate: true })).json()
    const b = (await api('POST', '/api/v1/people', 'mash.manager', { givenName: 'Ottilie', familyName: 'Merriweather', dateOfBirth: '2011-01-05', gender: 'F', confirmNotDuplicate: true })).json()
    const c = await report('school.dsl')
    expect((await managerPage.post(`/contacts/${c.id}/link`, { personId: b.id })).statusCode).toBe(303)
    const reader = { userId: randomUUID(), teamId: randomUUID(), agencyId: randomUUID(), roleProfile: 'social-worker' }
    const items = await contactsPersonExtension.chronology?.(db(), b.id, reader)
    expect(items).toHaveLength(1)
    expect(items?.[0]).toMatchObject({ type: 'contact', sourceId: c.id, agency: { name: 'Fenland Academy (demo)', type: 'education' } })
    expect(items?.[0]?.summary).toContain('child sexual exploitation')
    expect(items?.[0]?.summary).not.toContain('older men')
    expect(items?.[0]).not.toHaveProperty('href')

    const pair = { survivingPersonId: a.id, mergedPersonId: b.id }
    const moved = await contactsPersonExtension.repointOnMerge?.(db(), pair)
    expect(moved).toEqual({ contacts: [c.id] })
    expect((await db().select().from(contacts).where(eq(contacts.id, c.id)))[0]?.personId).toBe(a.id)
    await contactsPersonExtension.restoreOnUnmerge?.(db(), pair, moved)
    expect((await db().select().from(contacts).where(eq(contacts.id, c.id)))[0]?.personId).toBe(b.id)
  })
})

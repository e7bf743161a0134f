/**
 * Partner research requests through the real app (issue 4 point 3, ADR 0011): the MASH manager asks the police and
 * health MASH desks; each desk sees the child's record only while its own request is open, another agency's desk
 * never; answers (information with its lawful basis, or "nothing held") appear on the contact with their source;
 * withdrawing or deciding ends the desks' relationships; every step is in the chronology and the audit.
 */
import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { contactEvents, contactResearchRequests } from './schema.ts'

let t: TestApp
const tokens: Record<string, string> = {}
const pages: Record<string, BrowserSession> = {}
const db = () => t.testDb.database.db
const HOUR = 3_600_000

async function api(method: 'GET' | 'POST', url: string, who: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

let sequence = 0
/** A contact from the school DSL, linked by the manager to a new person index record; returns both ids. */
async function linkedContact(): Promise<{ id: string; personId: string }> {
  sequence += 1
  const letters = String.fromCharCode(65 + (sequence % 26)) + String.fromCharCode(97 + ((sequence * 7) % 26))
  const created = await api('POST', '/api/v1/contacts', 'school.dsl', {
    child: { givenName: 'Research', familyName: `Child${letters}`.replace(/\d/g, ''), dateOfBirth: '2011-04-03', gender: 'F' },
    concernTypes: ['CSE'],
    referralSource: '2A',
    narrative: 'Older boyfriend collecting her from school; gifts and a new phone.',
    lawfulBasis: 'public-task',
  })
  expect(created.statusCode, created.body).toBe(201)
  const id = created.json<{ id: string }>().id
  expect((await pages['mash.manager']!.post(`/contacts/${id}/link-new`, {})).statusCode).toBe(303)
  const personId = (await api('GET', `/api/v1/contacts/${id}`, 'mash.manager')).json<{ personId: string }>().personId
  expect(personId).toMatch(/^[0-9a-f-]{36}$/)
  return { id, personId }
}

const ask = (contactId: string, agencyType: string, who = 'mash.manager') => api('POST', `/api/v1/contacts/${contactId}/research-requests`, who, { agencyType, question: 'Anything held in the last 12 months?' })
const canOpen = async (who: string, personId: string) => (await api('GET', `/api/v1/people/${personId}`, who)).statusCode

beforeAll(async () => {
  t = await createTestApp()
  for (const account of ['school.dsl', 'mash.manager', 'mash.social.worker', 'mash.police', 'mash.health', 'social.worker', 'health.nurse']) {
    tokens[account] = await t.tokenFor(demoEmail(account))
  }
  for (const account of ['mash.manager', 'mash.police', 'mash.health']) pages[account] = await t.sessionFor(demoEmail(account))
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('asking partner agencies', () => {
  it('the manager asks the police desk: 201, due by the RAG timescale, and the police desk alone may open the record', async () => {
    const { id, personId } = await linkedContact()
    expect((await api('POST', `/api/v1/contacts/${id}/research-requests`, 'mash.manager', { agencyType: 'police' })).statusCode).toBe(400)
    expect(await canOpen('mash.police', personId)).toBe(404)
    const response = await ask(id, 'police')
    expect(response.statusCode, response.body).toBe(201)
    const request = response.json<{ id: string; status: string; dueBy: string; requestedAt: string; agency: { type: string } }>()
    expect(request).toMatchObject({ status: 'open', agency: { type: 'police' } })
    // Unrated contact: amber's 12 hours.
    expect(new Date(request.dueBy).getTime() - new Date(request.requestedAt).getTime()).toBe(12 * HOUR)
    expect(await canOpen('mash.police', personId)).toBe(200)
    expect(await canOpen('mash.health', personId)).toBe(404)
    // The health desk cannot see the police desk's request either: the same 404 as an unknown id.
    const other = await api('GET', `/api/v1/research-requests/${request.id}`, 'mash.health')
    const unknown = await api('GET', `/api/v1/research-requests/${randomUUID()}`, 'mash.health')
    expect(other.statusCode).toBe(404)
    expect(other.body).toBe(unknown.body)
    expect((await api('GET', '/api/v1/research-requests', 'mash.health')).json<{ items: unknown[] }>().items.map((i) => (i as { id: string }).id)).not.toContain(request.id)
    // Asking the same desk again while it has not answered is refused, and nothing is saved.
    expect((await ask(id, 'police')).statusCode).toBe(400)
    expect(await db().select().from(contactResearchRequests).where(eq(contactResearchRequests.contactId, id))).toHaveLength(1)
    // The desk sees requests, never the contact itself.
    expect((await api('GET', `/api/v1/contacts/${id}`, 'mash.police')).statusCode).toBe(404)
  })

  it('the deadline follows the RAG: red 2 hours', async () => {
    const { id } = await linkedContact()
    await pages['mash.manager']!.post(`/contacts/${id}/rag`, { rag: 'red' })
    const request = (await ask(id, 'health')).json<{ dueBy: string; requestedAt: string }>()
    expect(new Date(request.dueBy).getTime() - new Date(request.requestedAt).getTime()).toBe(2 * HOUR)
  })

  it('only the manager asks: a practitioner 403, the referring DSL 403, anyone else 404; an unlinked contact 400', async () => {
    const { id } = await linkedContact()
    expect((await ask(id, 'police', 'mash.social.worker')).statusCode).toBe(403)
    expect((await ask(id, 'police', 'school.dsl')).statusCode).toBe(403)
    expect((await ask(id, 'police', 'social.worker')).statusCode).toBe(404)
    expect((await ask(id, 'police', 'mash.police')).statusCode).toBe(404)
    const unlinked = await api('POST', '/api/v1/contacts', 'school.dsl', { child: { givenName: 'Noor', familyName: 'Unlinked', dateOfBirth: '2012-02-02', gender: 'F' }, concernTypes: ['CCE'], referralSource: '2A', narrative: 'Unlinked', lawfulBasis: 'public-task' })
    const refused = await ask(unlinked.json<{ id: string }>().id, 'police')
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('Link the contact to a person index record')
  })
})

describe('answering', () => {
  it('police share information with a lawful basis, health hold nothing: relationships end, answers show with their source', async () => {
    const { id, personId } = await linkedContact()
    const police = (await ask(id, 'police')).json<{ id: string }>()
    const health = (await ask(id, 'health')).json<{ id: string }>()
    expect(await canOpen('mash.health', personId)).toBe(200)

    // Information without a lawful basis: 400, nothing saved, the desk still holds its relationship.
    const incomplete = await api('POST', `/api/v1/research-requests/${police.id}/answer`, 'mash.police', { answer: 'information-shared', information: 'Two missing reports in October.' })
    expect(incomplete.statusCode).toBe(400)
    expect(incomplete.body).toContain('lawfulBasis')
    expect(await canOpen('mash.police', personId)).toBe(200)
    // Another desk cannot answer it.
    expect((await api('POST', `/api/v1/research-requests/${police.id}/answer`, 'mash.health', { answer: 'nothing-held' })).statusCode).toBe(404)

    const answered = await api('POST', `/api/v1/research-requests/${police.id}/answer`, 'mash.police', { answer: 'information-shared', information: 'Two missing reports in October; seen with an adult male known to police.', lawfulBasis: 'public-task', specialCategoryCondition: 'safeguarding-children' })
    expect(answered.statusCode, answered.body).toBe(200)
    expect(await canOpen('mash.police', personId)).toBe(404)
    expect(await canOpen('mash.health', personId)).toBe(200)
    // Through the page, with "nothing held" and no lawful basis.
    const form = await pages['mash.health']!.post(`/research-requests/${health.id}`, { answer: 'nothing-held', information: 'Checked the child health record and A&E attendances.' })
    expect(form.statusCode).toBe(303)
    expect(await canOpen('mash.health', personId)).toBe(404)
    // A second answer is a conflict.
    expect((await api('POST', `/api/v1/research-requests/${health.id}/answer`, 'mash.health', { answer: 'nothing-held' })).statusCode).toBe(409)

    const list = (await api('GET', `/api/v1/contacts/${id}/research-requests`, 'mash.social.worker')).json<{ items: Array<Record<string, unknown>> }>().items
    expect(list).toEqual([
      expect.objectContaining({ agency: expect.objectContaining({ type: 'police' }), status: 'answered', answer: 'information-shared', lawfulBasis: 'public-task' }),
      expect.objectContaining({ agency: expect.objectContaining({ type: 'health' }), status: 'answered', answer: 'nothing-held', lawfulBasis: null }),
    ])
    const page = await pages['mash.manager']!.get(`/contacts/${id}`)
    expect(page.body).toContain('Answer (source: ')
    expect(page.body).toContain('Two missing reports in October')
    expect(page.body).toContain('Nothing held.')
    // The referrer sees none of it.
    const dsl = await api('GET', `/api/v1/contacts/${id}`, 'school.dsl')
    expect(dsl.body).not.toContain('missing reports')
    expect((await api('GET', `/api/v1/contacts/${id}/research-requests`, 'school.dsl')).statusCode).toBe(403)

    // The desk can still read back what it sent (without the record id), but not open the record.
    const back = (await api('GET', `/api/v1/research-requests/${police.id}`, 'mash.police')).json<{ status: string; personId: string | null }>()
    expect(back).toMatchObject({ status: 'answered', personId: null })

    const events = await db().select().from(contactEvents).where(eq(contactEvents.contactId, id)).orderBy(asc(contactEvents.at))
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['research-requested', 'research-answered']))
    expect(events.filter((e) => e.type === 'research-answered').map((e) => e.summary).join(' | ')).toMatch(/answered: information shared under public task.*\|.*answered: nothing held/)
    const audit = await db().select().from(auditEvents).where(and(inArray(auditEvents.action, ['contacts.research.requested', 'contacts.research.answered']), inArray(auditEvents.resourceId, [police.id, health.id])))
    expect(audit).toHaveLength(4)
    expect(audit.every((a) => a.personId === personId)).toBe(true)
  })

  it('an overdue request is flagged in the desk queue, the contact page and the API', async () => {
    const { id } = await linkedContact()
    const request = (await ask(id, 'police')).json<{ id: string }>()
    // Its deadline passed an hour ago (moving the clock would also expire the test's sessions).
    await db().update(contactResearchRequests).set({ dueBy: new Date(t.platform.clock.now().getTime() - HOUR) }).where(eq(contactResearchRequests.id, request.id))
    const queue = (await api('GET', '/api/v1/research-requests', 'mash.police')).json<{ items: Array<{ id: string; overdue: boolean }> }>().items
    expect(queue.find((i) => i.id === request.id)?.overdue).toBe(true)
    expect((await pages['mash.police']!.get('/research-requests')).body).toContain('Overdue')
    expect((await pages['mash.manager']!.get(`/contacts/${id}`)).body).toContain('data-qa="research-overdue"')
    const late = await api('POST', `/api/v1/research-requests/${request.id}/answer`, 'mash.police', { answer: 'nothing-held' })
    expect(late.json<{ overdue: boolean }>().overdue).toBe(false)
    const [event] = await db().select().from(contactEvents).where(and(eq(contactEvents.contactId, id), eq(contactEvents.type, 'research-answered')))
    expect(event?.summary).toContain('after the deadline')
  })
})

describe('ending the enquiry', () => {
  it('withdrawing ends the desk relationship; the desk can no longer answer', async () => {
    const { id, personId } = await linkedContact()
    const request = (await ask(id, 'police')).json<{ id: string }>()
    expect((await api('POST', `/api/v1/contacts/${id}/research-requests/${request.id}/withdraw`, 'mash.social.worker')).statusCode).toBe(403)
    expect((await pages['mash.manager']!.post(`/contacts/${id}/research/${request.id}/withdraw`, {})).statusCode).toBe(303)
    expect(await canOpen('mash.police', personId)).toBe(404)
    expect((await api('POST', `/api/v1/research-requests/${request.id}/answer`, 'mash.police', { answer: 'nothing-held' })).statusCode).toBe(409)
    expect((await api('POST', `/api/v1/contacts/${id}/research-requests/${request.id}/withdraw`, 'mash.manager')).statusCode).toBe(409)
  })

  it('deciding the contact withdraws open requests and ends every desk relationship', async () => {
    const { id, personId } = await linkedContact()
    const request = (await ask(id, 'health')).json<{ id: string }>()
    expect(await canOpen('mash.health', personId)).toBe(200)
    expect((await api('POST', `/api/v1/contacts/${id}/decision`, 'mash.manager', { outcome: 'early-help', rationale: 'Early help offer via school.' })).statusCode).toBe(200)
    expect(await canOpen('mash.health', personId)).toBe(404)
    const [row] = await db().select().from(contactResearchRequests).where(eq(contactResearchRequests.id, request.id))
    expect(row?.status).toBe('withdrawn')
    const live = await db().select().from(legitimateRelationships).where(and(eq(legitimateRelationships.sourceRef, request.id)))
    expect(live.every((r) => r.endedAt !== null)).toBe(true)
    expect((await ask(id, 'police')).statusCode).toBe(409)
  })

  it('relinking the contact moves an open request’s relationship to the new record', async () => {
    const { id, personId } = await linkedContact()
    await ask(id, 'police')
    expect((await pages['mash.manager']!.post(`/contacts/${id}/link-new`, {})).statusCode).toBe(303)
    const moved = (await api('GET', `/api/v1/contacts/${id}`, 'mash.manager')).json<{ personId: string }>().personId
    expect(moved).not.toBe(personId)
    expect(await canOpen('mash.police', personId)).toBe(404)
    expect(await canOpen('mash.police', moved)).toBe(200)
  })
})

describe('pages', () => {
  it('the ask page refuses an empty form with GOV.UK errors and saves nothing; the desk answer page too', async () => {
    const { id } = await linkedContact()
    const empty = await pages['mash.manager']!.post(`/contacts/${id}/research`, {})
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Select the partner agencies to ask')
    expect(empty.body).toContain('Enter what you want to know')
    expect(await db().select().from(contactResearchRequests).where(eq(contactResearchRequests.contactId, id))).toHaveLength(0)
    const sent = await pages['mash.manager']!.post(`/contacts/${id}/research`, { agencyTypes: 'police', question: 'Any incidents?' })
    expect(sent.statusCode).toBe(303)
    const [row] = await db().select().from(contactResearchRequests).where(eq(contactResearchRequests.contactId, id))
    const blank = await pages['mash.police']!.post(`/research-requests/${row?.id}`, { answer: 'information-shared' })
    expect(blank.statusCode).toBe(400)
    expect(blank.body).toContain('Enter the information you are sharing')
    expect(blank.body).toContain('Select the lawful basis for sharing')
    expect((await pages['mash.police']!.get('/research-requests')).body).toContain(`/research-requests/${row?.id}`)
    expect((await pages['mash.health']!.get(`/research-requests/${row?.id}`)).statusCode).toBe(404)
  })
})

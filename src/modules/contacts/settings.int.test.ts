/**
 * The MASH timescales page (ADR 0011) through the real app: the system administrator changes the decision
 * timescales, research deadlines and repeat window; the MASH manager reads them; bad input (not whole hours, out of
 * range, red > amber, a research deadline past its decision timescale) is refused with GOV.UK errors and nothing
 * saved; a change is audited with old and new values and sets the due time of contacts rated afterwards.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { contactSettings } from './schema.ts'
import { loadContactSettings } from './settings.ts'

let t: TestApp
let admin: BrowserSession
let manager: BrowserSession
const db = () => t.testDb.database.db
const DEFAULTS = { ragRed: '4', ragAmber: '24', ragGreen: '72', researchRed: '2', researchAmber: '12', researchGreen: '48', repeatContactWindowDays: '365' }

beforeAll(async () => {
  t = await createTestApp()
  admin = await t.sessionFor(demoEmail('admin'))
  manager = await t.sessionFor(demoEmail('mash.manager'))
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('MASH timescales settings', () => {
  it('the administrator edits, the MASH manager reads, others 403; bad input refused with nothing saved', async () => {
    expect((await admin.get('/admin/contact-settings')).body).toContain('Save timescales')
    const read = await manager.get('/admin/contact-settings')
    expect(read.statusCode).toBe(200)
    expect(read.body).not.toContain('Save timescales')
    expect(read.body).toContain('24 hours')
    expect((await manager.post('/admin/contact-settings', DEFAULTS)).statusCode).toBe(403)
    expect((await (await t.sessionFor(demoEmail('mash.social.worker'))).get('/admin/contact-settings')).statusCode).toBe(403)

    const before = await db().select().from(contactSettings)
    const bad = await admin.post('/admin/contact-settings', { ...DEFAULTS, ragRed: '4.5', ragAmber: '', ragGreen: '900', researchRed: '6', researchAmber: '3', repeatContactWindowDays: '0' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('The red decision timescale must be a whole number of hours')
    expect(bad.body).toContain('Enter the amber decision timescale in hours')
    expect(bad.body).toContain('The green decision timescale must be between 1 and 720 hours')
    expect(bad.body).toContain('The amber research deadline must be the same as or longer than red (6 hours)')
    expect(bad.body).toContain('The repeat contact window must be between 1 and 730 days')
    // What was typed comes back in its box, with the inline error beside it.
    expect(bad.body).toContain('value="4.5"')
    expect(bad.body).toContain('id="ragRed-error"')
    const order = await admin.post('/admin/contact-settings', { ...DEFAULTS, ragRed: '30', researchRed: '40' })
    expect(order.body).toContain('The amber decision timescale must be the same as or longer than red (30 hours)')
    expect(order.body).toContain('The red research deadline must be no longer than the red decision timescale (30 hours)')
    expect(await db().select().from(contactSettings)).toEqual(before)
  })

  it('a change is saved, audited with old and new values and applies to contacts rated afterwards', async () => {
    const saved = await admin.post('/admin/contact-settings', { ...DEFAULTS, ragRed: '6', researchRed: '3', repeatContactWindowDays: '180' })
    expect(saved.statusCode, saved.body).toBe(303)
    const settings = await db().transaction((tx) => loadContactSettings(tx))
    expect(settings).toEqual({ ragTimescaleHours: { red: 6, amber: 24, green: 72 }, researchTimescaleHours: { red: 3, amber: 12, green: 48 }, repeatContactWindowDays: 180 })
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'contacts.settings.updated'))
    expect(audit?.details).toMatchObject({
      fields: ['ragTimescaleHours', 'researchTimescaleHours', 'repeatContactWindowDays'],
      before: { ragTimescaleHours: { red: 4 }, repeatContactWindowDays: 365 },
      after: { ragTimescaleHours: { red: 6 }, repeatContactWindowDays: 180 },
    })

    const token = await t.tokenFor(demoEmail('school.dsl'))
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ child: { givenName: 'Marigold', familyName: 'Ashcombe', dateOfBirth: '2012-02-20', gender: 'F' }, concernTypes: ['CCE'], referralSource: '2A', narrative: 'New older friends, cash.', lawfulBasis: 'public-task' }),
    })
    const { id, receivedAt } = created.json<{ id: string; receivedAt: string }>()
    expect((await manager.post(`/contacts/${id}/rag`, { rag: 'red' })).statusCode).toBe(303)
    const contact = await t.app.inject({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: { authorization: `Bearer ${await t.tokenFor(demoEmail('mash.manager'))}` } })
    expect(new Date(contact.json<{ decisionDueBy: string }>().decisionDueBy).getTime() - new Date(receivedAt).getTime()).toBe(6 * 3_600_000)
    expect((await manager.get(`/contacts/${id}`)).body).toContain('red 6 hours')
  })
})

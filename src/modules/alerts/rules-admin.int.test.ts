/**
 * The trigger rule pages (issue 5 point 3, ADR 0012) through the real app: the system administrator lists, changes,
 * switches off and adds rules; bad input is refused with GOV.UK errors and nothing saved; every change is audited
 * with its old and new values; and a changed rule changes what raises an alert.
 */
import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { alertRules, alerts } from './schema.ts'

let t: TestApp
let admin: BrowserSession
let police: string
const db = () => t.testDb.database.db
const HOUR = 3_600_000
const DAY = 24 * HOUR
const ago = (ms: number) => new Date(t.platform.clock.now().getTime() - ms).toISOString()
const RULE = { minEpisodes: '3', windowDays: '30', population: 'all', action: 'Consider a strategy meeting', ownerRole: 'exploitation-lead', active: 'yes' }

async function newChild(): Promise<string> {
  const id = randomUUID()
  const at = new Date(t.platform.clock.now().getTime() - 400 * DAY)
  await db().insert(people).values({ id, givenName: 'Tamsin', familyName: `Ashgrove${id.slice(0, 4).replace(/\d/g, 'x')}`, dateOfBirth: '2011-04-02', gender: 'F', createdAt: at, updatedAt: at })
  return id
}

/** A returned episode of the child's, `daysAgo` days back, at the given grade. */
async function episode(child: string, daysAgo: number, riskGrade = 'medium') {
  const post = (url: string, body: unknown) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${police}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  const r = await post('/api/v1/missing-episodes', { personId: child, missingFrom: 'home', lastSeenAt: ago(daysAgo * DAY + HOUR), reportedMissingAt: ago(daysAgo * DAY), riskGrade })
  expect(r.statusCode, r.body).toBe(201)
  expect((await post(`/api/v1/missing-episodes/${r.json().id}/return`, { returnedAt: ago(daysAgo * DAY - 3 * HOUR) })).statusCode).toBe(200)
}

const alertsOf = (child: string) => db().select().from(alerts).where(eq(alerts.personId, child))
const ruleRows = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(alertRules))[0]?.n ?? 0

beforeAll(async () => {
  t = await createTestApp()
  admin = await t.sessionFor(demoEmail('admin'))
  police = await t.tokenFor(demoEmail('police.missing'))
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('alert trigger rules', () => {
  it('lists the defaults to the system administrator only', async () => {
    const page = await admin.get('/admin/alert-rules')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('3 or more episodes in 30 days')
    expect(page.body).toContain('An episode graded high risk')
    expect(page.body).toContain('Missing for more than 24 hours')
    const lead = await t.sessionFor(demoEmail('exploitation.lead'))
    expect((await lead.get('/admin/alert-rules')).statusCode).toBe(403)
    expect((await lead.post('/admin/alert-rules/repeat-missing', { ...RULE, minEpisodes: '2' })).statusCode).toBe(403)
    expect((await admin.get('/admin/alert-rules/no-such-rule')).statusCode).toBe(404)
    expect(await ruleRows()).toBe(0)
  })

  it('refuses bad input with GOV.UK errors and saves nothing', async () => {
    const bad = await admin.post('/admin/alert-rules/repeat-missing', { ...RULE, windowDays: '0', minEpisodes: '1', population: 'everyone', ownerRole: 'analyst', action: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    for (const message of ['Enter the window as a whole number of days from 1 to 365', 'Enter the minimum number of episodes as a whole number from 2 to 100', 'Select which children the rule applies to', 'Select the role that owns the alert', 'Enter what the owner should do']) {
      expect(bad.body).toContain(message)
    }
    expect((await admin.post('/admin/alert-rules', { ...RULE, windowDays: '366' })).statusCode).toBe(400)
    expect((await admin.post('/admin/alert-rules/high-risk-missing', { ...RULE, grades: 'serious' })).body).toContain('Select the risk grades that raise this alert')
    expect(await ruleRows()).toBe(0)
  })

  it('a changed rule changes what raises an alert, audited with old and new values', async () => {
    const before = await newChild()
    await episode(before, 10)
    await episode(before, 5)
    expect(await alertsOf(before)).toHaveLength(0) // two in 30 days: the default needs three

    const saved = await admin.post('/admin/alert-rules/repeat-missing', { ...RULE, minEpisodes: '2', ownerRole: 'social-worker' })
    expect(saved.statusCode, saved.body).toBe(303)
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'alerts.rule.updated'))
    expect(audit?.details).toMatchObject({ key: 'repeat-missing', fields: ['minEpisodes', 'ownerRole'], before: { minEpisodes: 3, ownerRole: 'exploitation-lead' }, after: { minEpisodes: 2, ownerRole: 'social-worker' } })
    expect((await admin.get('/admin/alert-rules')).body).toContain('2 or more episodes in 30 days')

    const child = await newChild()
    await episode(child, 10)
    await episode(child, 5)
    expect((await alertsOf(child)).map((a) => [a.type, a.ownerRole, a.reason])).toEqual([['repeat-missing', 'social-worker', '2 missing episodes in 30 days']])
  })

  it('a rule switched off raises nothing; a new rule raises its own alert', async () => {
    expect((await admin.post('/admin/alert-rules/high-risk-missing', { ...RULE, grades: 'high', active: 'no' })).statusCode).toBe(303)
    const child = await newChild()
    await episode(child, 3, 'high')
    expect(await alertsOf(child)).toHaveLength(0)

    expect((await admin.post('/admin/alert-rules/repeat-missing', { ...RULE, active: 'no' })).statusCode).toBe(303)
    const added = await admin.post('/admin/alert-rules', { ...RULE, minEpisodes: '2', windowDays: '90', ownerRole: 'panel-chair', action: 'Refer to the exploitation panel' })
    expect(added.statusCode, added.body).toBe(303)
    const [created] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'alerts.rule.created'))
    expect(created?.details).toMatchObject({ before: null, after: { trigger: 'episode-count', windowDays: 90, minEpisodes: 2, ownerRole: 'panel-chair', active: true } })
    const other = await newChild()
    await episode(other, 60)
    await episode(other, 2)
    expect((await alertsOf(other)).map((a) => [a.ownerRole, a.reason, a.action])).toEqual([['panel-chair', '2 missing episodes in 90 days', 'Refer to the exploitation panel']])
  })
})

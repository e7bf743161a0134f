/**
 * The missing settings page (ADR 0012) through the real app: the system administrator sets "no child below medium"
 * and edits the push and pull factor lists; bad input is refused with GOV.UK errors and nothing saved; changes are
 * audited with old and new values; the minimum grade then refuses lower grades on the API.
 */
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { missingSettings } from './schema.ts'
import { DEFAULT_PULL_FACTORS, DEFAULT_PUSH_FACTORS, loadMissingSettings } from './settings.ts'

let t: TestApp
let admin: BrowserSession
let police: string
const db = () => t.testDb.database.db
const HOUR = 3_600_000
const push = DEFAULT_PUSH_FACTORS.map((f) => f.label).join('\n')
const pull = DEFAULT_PULL_FACTORS.map((f) => f.label).join('\n')

beforeAll(async () => {
  t = await createTestApp()
  admin = await t.sessionFor(demoEmail('admin'))
  police = await t.tokenFor(demoEmail('police.missing'))
  await db().delete(missingSettings)
}, 120_000)

afterAll(async () => {
  await t?.close()
})

async function record(riskGrade: string) {
  const id = randomUUID()
  const at = new Date(t.platform.clock.now().getTime() - 400 * 24 * HOUR)
  await db().insert(people).values({ id, givenName: 'Tamsin', familyName: 'Fernhollow', dateOfBirth: '2011-04-02', gender: 'F', createdAt: at, updatedAt: at })
  const now = t.platform.clock.now().getTime()
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/missing-episodes',
    headers: { authorization: `Bearer ${police}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ personId: id, missingFrom: 'home', reportedMissingAt: new Date(now - 2 * HOUR).toISOString(), riskGrade }),
  })
}

describe('missing settings', () => {
  it('the system administrator only; bad input refused with nothing saved', async () => {
    const page = await admin.get('/admin/missing-settings')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Unhappy with the placement or its instability')
    expect((await (await t.sessionFor(demoEmail('exploitation.lead'))).get('/admin/missing-settings')).statusCode).toBe(403)

    const bad = await admin.post('/admin/missing-settings', { minimumChildRiskGrade: 'serious', pushFactors: '  \n ', pullFactors: 'Drugs or alcohol\ndrugs  or alcohol' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('Select the lowest police risk grade a child may be given, or no minimum')
    expect(bad.body).toContain('Enter at least one push factor, one on each line')
    expect(bad.body).toContain('Each pull factor must be different')
    expect(await db().select().from(missingSettings)).toHaveLength(0)
  })

  it('"no child below medium" refuses lower grades; factor lists keep their codes; audited with old and new values', async () => {
    expect((await record('low')).statusCode).toBe(201)
    const saved = await admin.post('/admin/missing-settings', { minimumChildRiskGrade: 'medium', pushFactors: `${push.replace('Bullying\n', '')}\nExam pressure`, pullFactors: pull })
    expect(saved.statusCode, saved.body).toBe(303)
    const refused = await record('low')
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors[0]).toMatchObject({ field: 'riskGrade' })
    expect((await record('medium')).statusCode).toBe(201)

    const settings = await db().transaction((tx) => loadMissingSettings(tx))
    expect(settings.minimumChildRiskGrade).toBe('medium')
    expect(settings.pushFactors.map((f) => f.code)).toContain('abuse-or-neglect')
    expect(settings.pushFactors.map((f) => f.code)).not.toContain('bullying')
    expect(settings.pushFactors.at(-1)).toEqual({ code: 'exam-pressure', label: 'Exam pressure' })
    const [audit] = await db().select().from(auditEvents).where(eq(auditEvents.action, 'missing.settings.updated'))
    expect(audit?.details).toMatchObject({ fields: ['minimumChildRiskGrade', 'pushFactors'], before: { minimumChildRiskGrade: null }, after: { minimumChildRiskGrade: 'medium' } })

    // Back to no minimum: the row goes and lower grades are accepted again.
    expect((await admin.post('/admin/missing-settings', { minimumChildRiskGrade: 'off', pushFactors: push, pullFactors: pull })).statusCode).toBe(303)
    expect((await record('very-low')).statusCode).toBe(201)
  })
})

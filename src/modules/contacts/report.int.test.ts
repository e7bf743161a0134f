/**
 * "Report a concern" through the real pages: one question per page, GOV.UK errors on the right page, check your
 * answers, and nothing in the contacts table until "Accept and send"; the MASH phone line is MASH staff's.
 */
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { contactDrafts, contacts } from './schema.ts'

let t: TestApp
const db = () => t.testDb.database.db
const countContacts = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(contacts))[0]?.n ?? 0

const ANSWERS: Array<[string, Record<string, string>]> = [
  ['child', { givenName: 'Marnie', familyName: 'Fairweather', 'dateOfBirth-day': '9', 'dateOfBirth-month': '10', 'dateOfBirth-year': '2011', gender: 'F' }],
  ['home', { address: '14 Orchard Way, Wisbech', postcode: 'pe13 2ab', household: 'Mother and two younger brothers' }],
  ['concerns', { concernTypes: 'CSE' }],
  ['what-happened', { narrative: 'Seen being collected from school by an adult man in a different car each week.' }],
  ['childs-words', { childsWords: 'He buys me stuff and says I am mature.' }],
  ['immediate-risk', { immediateRisk: 'no' }],
  ['referral-source', { referralSource: '2A' }],
  ['sharing', { lawfulBasis: 'public-task', specialCategoryCondition: 'safeguarding-children', familyInformed: 'no', familyNotInformedReason: 'Mother may tell the man.' }],
]

async function start(browser: BrowserSession, channel = 'online') {
  const response = await browser.post('/report-a-concern/start', { channel })
  expect(response.statusCode).toBe(303)
  return response.headers.location
}

beforeAll(async () => {
  t = await createTestApp()
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('report a concern (pages)', () => {
  it('a school DSL answers one question per page, checks the answers and sends: the contact exists only after "Accept and send"', async () => {
    const dsl = await t.sessionFor(demoEmail('school.dsl'))
    expect((await dsl.get('/report-a-concern')).statusCode).toBe(200)
    expect(await start(dsl)).toBe('/report-a-concern/child')
    const before = await countContacts()
    // The referral source is pre-selected from the DSL's agency (a school: 2A).
    expect((await dsl.get('/report-a-concern/referral-source')).body).toMatch(/value="2A" selected/)
    for (const [step, form] of ANSWERS) {
      const page = await dsl.get(`/report-a-concern/${step}`)
      expect(page.statusCode, step).toBe(200)
      const response = await dsl.post(`/report-a-concern/${step}`, form)
      expect(response.statusCode, `${step}: ${response.body.slice(0, 300)}`).toBe(303)
    }
    expect(await countContacts()).toBe(before)
    const check = await dsl.get('/report-a-concern/check')
    expect(check.statusCode).toBe(200)
    for (const text of ['Marnie Fairweather', '9 October 2011', 'PE13 2AB', 'Child sexual exploitation', 'He buys me stuff', 'Mother may tell the man.']) expect(check.body).toContain(text)
    const sent = await dsl.post('/report-a-concern/check', {})
    expect(sent.statusCode).toBe(303)
    expect(await countContacts()).toBe(before + 1)
    const confirmation = await dsl.get(String(sent.headers.location))
    expect(confirmation.body).toMatch(/MASH-\d{6}/)
    const [row] = await db().select().from(contacts).where(eq(contacts.childFamilyName, 'Fairweather'))
    expect(row).toMatchObject({ channel: 'online', childDateOfBirth: '2011-10-09', childPostcode: 'PE13 2AB', concernTypes: ['CSE'], referralSource: '2A', immediateRisk: false, familyInformed: false, referrerName: 'Rebecca Lowe', status: 'awaiting-triage' })
    expect(await db().select().from(contactDrafts)).toHaveLength(0)
  })

  it('missing answers give GOV.UK errors on the right page and save nothing', async () => {
    const nurse = await t.sessionFor(demoEmail('health.nurse'))
    const before = await countContacts()
    await start(nurse)
    const child = await nurse.post('/report-a-concern/child', { givenName: 'Marnie', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2011' })
    expect(child.statusCode).toBe(400)
    for (const message of ["Enter the child&#39;s last name", "The child&#39;s date of birth must be a real date", "Select the child&#39;s gender"]) expect(child.body).toContain(message)
    expect(child.body).toContain('govuk-error-summary')
    const concerns = await nurse.post('/report-a-concern/concerns', { concernTypes: 'other' })
    expect(concerns.statusCode).toBe(400)
    expect(concerns.body).toContain('Enter what the other concern is')
    // Jumping to check your answers with questions unanswered: "Accept and send" goes back to the first one.
    const early = await nurse.post('/report-a-concern/check', {})
    expect(early.statusCode).toBe(303)
    expect(early.headers.location).toBe('/report-a-concern/child')
    expect(await countContacts()).toBe(before)
  })

  it('the MASH phone line: MASH staff record a call with the caller; other roles may not', async () => {
    const dsl = await t.sessionFor(demoEmail('school.dsl'))
    expect((await dsl.get('/report-a-concern?channel=phone')).statusCode).toBe(403)
    expect((await dsl.post('/report-a-concern/start', { channel: 'phone' })).statusCode).toBe(403)
    const mash = await t.sessionFor(demoEmail('mash.social.worker'))
    expect(await start(mash, 'phone')).toBe('/report-a-concern/caller')
    expect((await mash.post('/report-a-concern/caller', { callerName: 'Anonymous', callerAgency: 'Neighbour' })).statusCode).toBe(303)
    for (const [step, form] of ANSWERS) {
      const answer = step === 'referral-source' ? { referralSource: '1B' } : form
      expect((await mash.post(`/report-a-concern/${step}`, answer)).statusCode, step).toBe(303)
    }
    const sent = await mash.post('/report-a-concern/check', {})
    expect(sent.statusCode).toBe(303)
    const [row] = await db().select().from(contacts).where(and(eq(contacts.childFamilyName, 'Fairweather'), eq(contacts.channel, 'phone')))
    expect(row).toMatchObject({ channel: 'phone', referrerName: 'Anonymous', referrerAgencyName: 'Neighbour', referrerUserId: null })
  })

  it('roles that never report get 403; a draft belongs to its own session', async () => {
    const analyst = await t.sessionFor(demoEmail('analyst'))
    expect((await analyst.get('/report-a-concern')).statusCode).toBe(403)
    expect((await analyst.get('/report-a-concern/child')).statusCode).toBe(403)
    const first = await t.sessionFor(demoEmail('school.dsl'))
    await start(first)
    await first.post('/report-a-concern/child', ANSWERS[0]?.[1] ?? {})
    const second = await t.sessionFor(demoEmail('school.dsl'))
    const other = await second.get('/report-a-concern/check')
    expect(other.statusCode).toBe(303)
    expect(other.headers.location).toBe('/report-a-concern')
  })
})

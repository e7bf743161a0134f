import { and, eq, sql } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../platform/access/actor.ts'
import { accessNotifications, breakGlassGrants, recordProtections, sealedRecordAccess } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { runWork } from '../../platform/context/index.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'

let t: TestApp
let ig: BrowserSession
const db = () => t.testDb.database.db

beforeAll(async () => {
  t = await createTestApp()
  ig = await t.sessionFor(demoEmail('ig.officer'))
})

afterAll(async () => {
  await t?.close()
})

/** As nunjucks autoescape writes text into the page. */
function html(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

function expectErrorSummary(res: LightMyRequestResponse, message: string) {
  expect(res.statusCode).toBe(400)
  expect(res.body).toContain('govuk-error-summary')
  expect(res.body).toContain('<title>Error: ')
  expect(res.body).toContain(html(message))
}

async function childId(givenName: string, familyName: string): Promise<string> {
  const [row] = await db()
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.givenName, givenName), eq(people.familyName, familyName)))
  if (!row) throw new Error(`demo child ${givenName} ${familyName} not found`)
  return row.id
}

async function auditRows(action: string, filter: { personId?: string; resourceId?: string } = {}) {
  return db()
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, action),
        filter.personId ? eq(auditEvents.personId, filter.personId) : sql`true`,
        filter.resourceId ? eq(auditEvents.resourceId, filter.resourceId) : sql`true`,
      ),
    )
    .orderBy(auditEvents.seq)
}

async function apiGet(token: string, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
}

const NOWHERE = '00000000-0000-4000-8000-000000000000'

describe(`governance module (${process.env.LANTERN_TEST_DB ?? 'pglite'})`, () => {
  let poppy: string
  let jayden: string
  let grantId: string

  beforeAll(async () => {
    poppy = await childId('Poppy', 'Lawrence') // restricted, allocated to social.worker
    jayden = await childId('Jayden', 'Marsh') // allocated to social.worker and the police Missing persons unit
  })

  describe('who may use it', () => {
    const GOVERNANCE_PAGES = ['/governance', '/governance/audit', '/governance/break-glass', '/governance/protection', '/governance/protection/find']

    it('the IG officer sees every governance page', async () => {
      for (const url of GOVERNANCE_PAGES) {
        const res = await ig.get(url)
        expect(res.statusCode, url).toBe(200)
        expect(res.body.match(/<h1/g)?.length, url).toBe(1)
      }
    })

    it('every other role gets 403, and the denial is audited', async () => {
      for (const account of ['social.worker', 'admin', 'police.missing', 'analyst', 'mash.manager']) {
        const browser = await t.sessionFor(demoEmail(account))
        for (const url of [...GOVERNANCE_PAGES, `/governance/break-glass/${NOWHERE}`, `/governance/protection/${jayden}`]) {
          const res = await browser.get(url)
          expect(res.statusCode, `${account} ${url}`).toBe(403)
        }
        const review = await browser.post(`/governance/break-glass/${NOWHERE}/review`, { outcome: 'appropriate' })
        expect(review.statusCode).toBe(403)
        const protect = await browser.post(`/governance/protection/${jayden}`, { state: 'sealed', reason: 'Trying to seal this record', namedUsers: demoEmail(account) })
        expect(protect.statusCode).toBe(403)
      }
      expect(await db().select().from(recordProtections).where(eq(recordProtections.personId, jayden))).toEqual([])
      const denials = await auditRows('governance.audit.view')
      expect(denials.some((d) => d.outcome === 'denied' && d.actorLabel === demoEmail('social.worker'))).toBe(true)
      const protectDenials = await auditRows('governance.record.protect', { personId: jayden })
      expect(protectDenials.length).toBeGreaterThanOrEqual(5)
      expect(protectDenials.every((d) => d.outcome === 'denied')).toBe(true)
    })

    it('anonymous visitors are sent to sign in', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/governance/audit' })
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe('/sign-in')
    })

    it('shows the navigation items to the right roles', async () => {
      const igHome = await ig.get('/')
      expect(igHome.body).toContain('href="/governance"')
      expect(igHome.body).toContain('href="/notifications"')
      const worker = await (await t.sessionFor(demoEmail('social.worker'))).get('/')
      expect(worker.body).toContain('href="/notifications"')
      expect(worker.body).not.toContain('href="/governance"')
      const admin = await (await t.sessionFor(demoEmail('admin'))).get('/')
      expect(admin.body).not.toContain('href="/notifications"')
    })
  })

  describe('audit viewer', () => {
    it('lists events newest first and audits the viewing with the filter', async () => {
      const res = await ig.get('/governance/audit')
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('<caption')
      expect(res.body).toContain('scope="col"')
      const filtered = await ig.get(`/governance/audit?userEmail=${encodeURIComponent(demoEmail('ig.officer'))}&action=audit.viewed`)
      expect(filtered.statusCode).toBe(200)
      expect(filtered.body).toContain('governance.audit.viewed')
      expect(filtered.body).not.toContain('governance.audit.view<') // the social worker's denial is filtered out
      const viewed = await auditRows('governance.audit.viewed')
      const last = viewed[viewed.length - 1]
      expect(last?.actorLabel).toBe(demoEmail('ig.officer'))
      expect(last?.details).toMatchObject({ filter: { userEmail: demoEmail('ig.officer'), action: 'audit.viewed' } })
    })

    it('filters by person and by date (day, month and year inputs)', async () => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(t.platform.clock.now())
      const [year, month, day] = today.split('-') as [string, string, string]
      const res = await ig.get(`/governance/audit?personId=${jayden}&from-day=${day}&from-month=${month}&from-year=${year}&to=${today}`)
      expect(res.statusCode).toBe(200)
      // Only the denials of a few moments ago are about Jayden today.
      expect(res.body).toContain('governance.record.protect')
      expect(res.body).not.toContain('governance.audit.view<')
      const tomorrow = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + 1)).toISOString().slice(0, 10)
      const none = await ig.get(`/governance/audit?personId=${jayden}&from=${tomorrow}`)
      expect(none.body).toContain('No audit events match your filters')
    })

    it('refuses an invalid filter with a GOV.UK error summary and no results', async () => {
      const before = (await auditRows('governance.audit.viewed')).length
      const res = await ig.get('/governance/audit?userEmail=not-an-email&personId=123&from-day=30&from-month=2&from-year=2026&action=x')
      expectErrorSummary(res, 'Enter an email address in the correct format, like name@example.com')
      expect(res.body).toContain('Enter a person ID in the correct format')
      expect(res.body).toContain('Date from must be a real date')
      expect(res.body).toContain('href="#from-day"')
      expect(res.body).not.toContain('app-audit-table')
      expect((await auditRows('governance.audit.viewed')).length).toBe(before)
      const backwards = await ig.get('/governance/audit?from=2026-11-28&to=2026-11-01')
      expectErrorSummary(backwards, 'Date to must be the same as or after date from')
      const partial = await ig.get('/governance/audit?to-day=3&to-year=2026')
      expectErrorSummary(partial, 'Date to must include a month')
    })

    it('pages 50 at a time with a "Next page" link (keyset on seq)', async () => {
      await runWork(t.platform, systemActor('test'), 'filler', async (ctx) => {
        for (let i = 0; i < 60; i++) ctx.audit.record({ action: 'test.filler', outcome: 'succeeded' })
      })
      const first = await ig.get('/governance/audit?action=test.filler')
      expect(first.body.match(/<td class="govuk-table__cell">test\.filler<\/td>/g)?.length).toBe(50)
      const next = /href="(\/governance\/audit\?[^"]*before=\d+)"/.exec(first.body)?.[1]
      expect(next).toBeDefined()
      expect(first.body).toContain('Next page')
      const second = await ig.get((next ?? '').replaceAll('&amp;', '&'))
      expect(second.statusCode).toBe(200)
      expect(second.body.match(/<td class="govuk-table__cell">test\.filler<\/td>/g)?.length).toBe(10)
      expect(second.body).not.toContain('Next page')
      expect(second.body).toContain('First page')
    })
  })

  describe('break-glass reviews and notifications', () => {
    const reason = 'Missing from home overnight; police report PR-2211, need the care plan now'

    beforeAll(async () => {
      const token = await t.tokenFor(demoEmail('police.missing'))
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/people/${poppy}/break-glass`, headers: { authorization: `Bearer ${token}` }, payload: { reason } })
      expect(res.statusCode).toBe(200)
      grantId = (res.json() as { id: string }).id
      // What the user did with it: opened the record.
      expect((await apiGet(token, `/api/v1/people/${poppy}`)).statusCode).toBe(200)
    })

    it('puts the use in the IG review queue, awaiting review', async () => {
      const res = await ig.get('/governance/break-glass')
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('Awaiting review (1)')
      expect(res.body).toContain(`/governance/break-glass/${grantId}`)
      expect(res.body).toContain('Poppy')
      expect(res.body).toContain(html(reason))
      expect((await auditRows('governance.break-glass.listed')).length).toBeGreaterThan(0)
    })

    it('alerts IG on the landing page and in notifications', async () => {
      const landing = await ig.get('/governance')
      expect(landing.body).toContain('You have 1 unread alert.')
      expect(landing.body).toContain('used emergency access')
      expect(landing.body).toContain(`/governance/break-glass/${grantId}`)
      const list = await ig.get('/notifications')
      expect(list.statusCode).toBe(200)
      expect(list.body).toContain('used emergency access')
    })

    it("alerts the allocated worker on their /notifications, and nobody else's", async () => {
      const worker = await t.sessionFor(demoEmail('social.worker'))
      const res = await worker.get('/notifications')
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('used emergency access')
      expect(res.body).toContain('You have 1 unread notification.')
      const other = await (await t.sessionFor(demoEmail('mash.manager'))).get('/notifications')
      expect(other.statusCode).toBe(200)
      expect(other.body).not.toContain('used emergency access')
      expect(other.body).toContain('You have no notifications.')
    })

    it('shows the grant with what the user did during it', async () => {
      const res = await ig.get(`/governance/break-glass/${grantId}`)
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('Poppy')
      expect(res.body).toContain(poppy)
      expect(res.body).toContain(demoEmail('police.missing'))
      expect(res.body).toContain('Police missing persons coordinator')
      expect(res.body).toContain('people.break-glass')
      expect(res.body).toContain('people.viewed')
      expect(res.body).toContain('Was the use of emergency access appropriate?')
      const viewed = await auditRows('governance.break-glass.viewed', { resourceId: grantId })
      expect(viewed[0]?.personId).toBe(poppy)
    })

    it('unknown or malformed grant ids are 404', async () => {
      expect((await ig.get(`/governance/break-glass/${NOWHERE}`)).statusCode).toBe(404)
      expect((await ig.get('/governance/break-glass/not-a-uuid')).statusCode).toBe(404)
      expect((await ig.post(`/governance/break-glass/${NOWHERE}/review`, { outcome: 'appropriate' })).statusCode).toBe(404)
    })

    it('refuses a review without an outcome, or inappropriate without a note, and saves nothing', async () => {
      const none = await ig.post(`/governance/break-glass/${grantId}/review`, { note: 'looked fine' })
      expectErrorSummary(none, 'Select whether the use of emergency access was appropriate')
      const noNote = await ig.post(`/governance/break-glass/${grantId}/review`, { outcome: 'inappropriate', note: '  ' })
      expectErrorSummary(noNote, 'Enter why the use of emergency access was inappropriate')
      const [grant] = await db().select().from(breakGlassGrants).where(eq(breakGlassGrants.id, grantId))
      expect(grant).toMatchObject({ reviewStatus: 'awaiting-review', reviewOutcome: null, reviewedBy: null })
      expect(await auditRows('governance.break-glass.reviewed')).toEqual([])
    })

    it('records the review, audits it, and moves it to "recently reviewed"', async () => {
      const note = 'Reason does not justify access; the worker had no urgent need'
      const res = await ig.post(`/governance/break-glass/${grantId}/review`, { outcome: 'inappropriate', note })
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe(`/governance/break-glass/${grantId}?reviewed=1`)
      const [grant] = await db().select().from(breakGlassGrants).where(eq(breakGlassGrants.id, grantId))
      expect(grant).toMatchObject({ reviewStatus: 'reviewed', reviewOutcome: 'inappropriate', reviewNote: note, reviewedBy: await t.userId(demoEmail('ig.officer')) })
      const [audit] = await auditRows('governance.break-glass.reviewed', { resourceId: grantId })
      expect(audit).toMatchObject({ outcome: 'succeeded', personId: poppy, actorLabel: demoEmail('ig.officer') })
      expect(audit?.details).toMatchObject({ outcome: 'inappropriate' })
      const page = await ig.get(`/governance/break-glass/${grantId}?reviewed=1`)
      expect(page.body).toContain('Review saved')
      expect(page.body).toContain(html(note))
      const queue = await ig.get('/governance/break-glass')
      expect(queue.body).toContain('Awaiting review (0)')
      expect(queue.body).toContain('Recently reviewed')
      expect(queue.body).toContain(`/governance/break-glass/${grantId}`)
      // Reviewing clears IG's alert for it.
      expect((await ig.get('/governance')).body).toContain('You have 0 unread alerts.')
      // A second review is refused.
      const again = await ig.post(`/governance/break-glass/${grantId}/review`, { outcome: 'appropriate' })
      expectErrorSummary(again, 'This use of emergency access has already been reviewed')
    })

    it('lets a user mark their own notification read, and nobody else', async () => {
      const workerId = await t.userId(demoEmail('social.worker'))
      const [mine] = await db().select().from(accessNotifications).where(and(eq(accessNotifications.breakGlassGrantId, grantId), eq(accessNotifications.recipientUserId, workerId)))
      expect(mine?.readAt).toBeNull()
      const stranger = await t.sessionFor(demoEmail('police.missing'))
      expect((await stranger.post(`/notifications/${mine?.id}/read`, {})).statusCode).toBe(404)
      expect((await auditRows('notifications.read', { resourceId: mine?.id })).map((r) => r.outcome)).toEqual(['denied'])
      const worker = await t.sessionFor(demoEmail('social.worker'))
      const res = await worker.post(`/notifications/${mine?.id}/read`, {})
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe('/notifications')
      const [after] = await db().select().from(accessNotifications).where(eq(accessNotifications.id, mine?.id ?? NOWHERE))
      expect(after?.readAt).not.toBeNull()
      expect((await worker.get('/notifications')).body).toContain('You have 0 unread notifications.')
      expect((await auditRows('notifications.read', { resourceId: mine?.id })).map((r) => r.outcome)).toEqual(['denied', 'succeeded'])
    })
    it('lets IG mark an alert read from the overview', async () => {
      const reuben = await childId('Reuben', 'Okafor')
      const token = await t.tokenFor(demoEmail('police.missing'))
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/people/${reuben}/break-glass`, headers: { authorization: `Bearer ${token}` }, payload: { reason: 'Found with an adult of concern, need contacts' } })
      expect(res.statusCode).toBe(200)
      const second = (res.json() as { id: string }).id
      expect((await ig.get('/governance')).body).toContain('You have 1 unread alert.')
      const [alert] = await db().select().from(accessNotifications).where(and(eq(accessNotifications.breakGlassGrantId, second), eq(accessNotifications.recipientRole, 'information-governance-officer')))
      const read = await ig.post(`/notifications/${alert?.id}/read`, { returnTo: 'governance' })
      expect(read.statusCode).toBe(303)
      expect(read.headers.location).toBe('/governance')
      expect((await ig.get('/governance')).body).toContain('You have 0 unread alerts.')
      // Read, but still waiting for its review.
      expect((await ig.get('/governance/break-glass')).body).toContain('Awaiting review (1)')
    })
  })

  describe('record protection', () => {
    it('lists the restricted and sealed records with who set them', async () => {
      const res = await ig.get('/governance/protection')
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('Restricted and sealed records (4)')
      expect(res.body).toContain('Poppy')
      expect(res.body).toContain('Sealed')
      expect(res.body).toContain(`/governance/protection/${poppy}`)
    })

    it('finds a record by person id; an unknown id is a 404 page', async () => {
      const found = await ig.get(`/governance/protection/find?personId=${jayden}`)
      expect(found.statusCode).toBe(303)
      expect(found.headers.location).toBe(`/governance/protection/${jayden}`)
      const blank = await ig.get('/governance/protection/find?personId=')
      expectErrorSummary(blank, 'Enter a person ID')
      const bad = await ig.get('/governance/protection/find?personId=Jayden')
      expectErrorSummary(bad, 'Enter a person ID in the correct format')
      const unknown = await ig.get(`/governance/protection/find?personId=${NOWHERE}`)
      expect(unknown.statusCode).toBe(303)
      expect((await ig.get(String(unknown.headers.location))).statusCode).toBe(404)
      expect((await ig.get('/governance/protection/nope')).statusCode).toBe(404)
      expect((await ig.post(`/governance/protection/${NOWHERE}`, { state: 'restricted', reason: 'A perfectly good reason' })).statusCode).toBe(404)
    })

    it('refuses a missing state or a bad reason and saves nothing', async () => {
      const noState = await ig.post(`/governance/protection/${jayden}`, { reason: 'High-profile case in the local news' })
      expectErrorSummary(noState, 'Select whether the record is ordinary, restricted or sealed')
      const short = await ig.post(`/governance/protection/${jayden}`, { state: 'restricted', reason: 'too short' })
      expectErrorSummary(short, 'Reason must be 10 characters or more')
      const blank = await ig.post(`/governance/protection/${jayden}`, { state: 'restricted', reason: '' })
      expectErrorSummary(blank, 'Enter the reason for the change')
      const long = await ig.post(`/governance/protection/${jayden}`, { state: 'restricted', reason: 'x'.repeat(1001) })
      expectErrorSummary(long, 'Reason must be 1000 characters or fewer')
      expect(await db().select().from(recordProtections).where(eq(recordProtections.personId, jayden))).toEqual([])
      expect(await auditRows('governance.record.protected', { personId: jayden })).toEqual([])
    })

    it('refuses a sealing that names someone who is not an active user, naming the line', async () => {
      const res = await ig.post(`/governance/protection/${jayden}`, {
        state: 'sealed',
        reason: 'Adoption placement: seal under the records policy',
        namedUsers: `${demoEmail('social.worker')}\nnobody@demo.lantern.test\n`,
      })
      expectErrorSummary(res, 'Named users: line 2 (nobody@demo.lantern.test) is not an active Lantern user')
      const notEmail = await ig.post(`/governance/protection/${jayden}`, { state: 'sealed', reason: 'Adoption placement: seal under the records policy', namedUsers: 'Tom Fletcher' })
      expectErrorSummary(notEmail, 'Named users: line 1 (Tom Fletcher) is not an email address')
      expect(await db().select().from(recordProtections).where(eq(recordProtections.personId, jayden))).toEqual([])
      expect(await db().select().from(sealedRecordAccess).where(eq(sealedRecordAccess.personId, jayden))).toEqual([])
    })

    it('sealing hides the record from others with a relationship and leaves it to the named user', async () => {
      const police = await t.tokenFor(demoEmail('police.missing'))
      const worker = await t.tokenFor(demoEmail('social.worker'))
      expect((await apiGet(police, `/api/v1/people/${jayden}`)).statusCode).toBe(200)
      const reason = 'Adoption placement: seal under the records policy'
      const res = await ig.post(`/governance/protection/${jayden}`, { state: 'sealed', reason, namedUsers: `  ${demoEmail('social.worker').toUpperCase()}  \n` })
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe(`/governance/protection/${jayden}?saved=1`)
      expect((await apiGet(police, `/api/v1/people/${jayden}`)).statusCode).toBe(404)
      expect((await apiGet(worker, `/api/v1/people/${jayden}`)).statusCode).toBe(200)
      const [protection] = await db().select().from(recordProtections).where(eq(recordProtections.personId, jayden))
      expect(protection).toMatchObject({ state: 'sealed', reason, setBy: await t.userId(demoEmail('ig.officer')) })
      const named = await db().select().from(sealedRecordAccess).where(eq(sealedRecordAccess.personId, jayden))
      expect(named.map((n) => n.userId)).toEqual([await t.userId(demoEmail('social.worker'))])
      const [audit] = await auditRows('governance.record.protected', { personId: jayden })
      expect(audit?.details).toMatchObject({ from: 'ordinary', to: 'sealed', reason, namedUserIds: [await t.userId(demoEmail('social.worker'))] })
      const page = await ig.get(`/governance/protection/${jayden}?saved=1`)
      expect(page.body).toContain('The record is now sealed')
      expect(page.body).toContain(demoEmail('social.worker'))
    })

    it('restricting then making ordinary removes the protection and the named users', async () => {
      const restrict = await ig.post(`/governance/protection/${jayden}`, { state: 'restricted', reason: 'Sealing no longer needed; restrict for now' })
      expect(restrict.statusCode).toBe(303)
      expect((await db().select().from(recordProtections).where(eq(recordProtections.personId, jayden)))[0]?.state).toBe('restricted')
      expect(await db().select().from(sealedRecordAccess).where(eq(sealedRecordAccess.personId, jayden))).toEqual([])
      // Restricted: relationship holders still open it; searchers without one get only the stub.
      const police = await t.tokenFor(demoEmail('police.missing'))
      expect((await apiGet(police, `/api/v1/people/${jayden}`)).statusCode).toBe(200)
      const ordinary = await ig.post(`/governance/protection/${jayden}`, { state: 'ordinary', reason: 'Review complete: no longer needs protection' })
      expect(ordinary.statusCode).toBe(303)
      expect(await db().select().from(recordProtections).where(eq(recordProtections.personId, jayden))).toEqual([])
      const changes = (await auditRows('governance.record.protected', { personId: jayden })).map((r) => r.details)
      expect(changes).toMatchObject([
        { from: 'ordinary', to: 'sealed' },
        { from: 'sealed', to: 'restricted', reason: 'Sealing no longer needed; restrict for now' },
        { from: 'restricted', to: 'ordinary', reason: 'Review complete: no longer needs protection' },
      ])
      const page = await ig.get(`/governance/protection/${jayden}`)
      expect(page.body).toContain('data-qa="record-state"')
      expect(page.body).toContain('Ordinary')
      expect((await auditRows('governance.protection.viewed', { personId: jayden })).length).toBeGreaterThan(0)
    })
  })

  it('every governance action left its audit row', async () => {
    const actions = new Set((await db().select({ action: auditEvents.action }).from(auditEvents)).map((r) => r.action))
    for (const action of [
      'governance.audit.viewed',
      'governance.break-glass.listed',
      'governance.break-glass.viewed',
      'governance.break-glass.reviewed',
      'governance.protection.listed',
      'governance.protection.viewed',
      'governance.record.protected',
      'notifications.viewed',
      'notifications.read',
    ]) {
      expect(actions.has(action), action).toBe(true)
    }
  })
})

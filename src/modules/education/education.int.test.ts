/**
 * Children missing education through the real app: the MASH records a case for a child it works with, logs
 * enquiries and closes it with a reason; bad input (future dates, a child not of compulsory school age, a second
 * open case, closing without a reason) is refused with nothing saved; other roles get 404 or 403 as the ADR says;
 * the badge, the chronology and the audit trail follow the case.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { teams } from '../../platform/auth/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { educationPersonExtension } from './extensions.ts'
import { londonToday } from './rules.ts'
import { cmeActions, cmeCases } from './schema.ts'

let t: TestApp
let mash: string
let mashTeamId: string
const db = () => t.testDb.database.db
const DAY = 86_400_000

async function api(method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

const daysAgo = (n: number) => londonToday(new Date(t.platform.clock.now().getTime() - n * DAY))
const boxes = (name: string, date: string) => {
  const [y, m, d] = date.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: String(y) }
}

/** A child the MASH team works with (as if through an open contact). */
async function child(dateOfBirth: string | null = '2013-02-11', withMash = true): Promise<string> {
  const id = randomUUID()
  const at = new Date(t.platform.clock.now().getTime() - 400 * DAY)
  await db().insert(people).values({ id, givenName: 'Ellis', familyName: `Marram${id.slice(0, 4).replace(/\d/g, 'q')}`, dateOfBirth, gender: 'M', createdAt: at, updatedAt: at })
  if (withMash) await db().insert(legitimateRelationships).values({ personId: id, teamId: mashTeamId, source: 'mash-contact', startsAt: at })
  return id
}

const casesOf = async (personId: string) => db().select().from(cmeCases).where(eq(cmeCases.personId, personId))
const recordBody = (personId: string, extra: Record<string, unknown> = {}) => ({ personId, identifiedOn: daysAgo(10), source: 'removed-from-roll', reason: 'removed-without-destination', lastSchool: 'Fenland Academy (demo)', ...extra })

beforeAll(async () => {
  t = await createTestApp()
  mash = await t.tokenFor(demoEmail('mash.manager'))
  const [team] = await db().select({ id: teams.id }).from(teams).where(eq(teams.name, 'MASH'))
  mashTeamId = team?.id ?? ''
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('recording a child missing education', () => {
  it('records a case (201), gives the recording team a relationship, shows the badge and audits it', async () => {
    const id = await child()
    const response = await api('POST', '/api/v1/children-missing-education', mash, recordBody(id))
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ personId: id, identifiedOn: daysAgo(10), source: 'removed-from-roll', reason: 'removed-without-destination', status: 'open', daysOpen: 10, closure: null, actions: [] })
    const [rel] = await db().select().from(legitimateRelationships).where(and(eq(legitimateRelationships.sourceRef, body.id), eq(legitimateRelationships.source, 'creator')))
    expect(rel).toMatchObject({ personId: id, teamId: mashTeamId, expiresAt: null })
    expect(await educationPersonExtension.badges?.(db(), id)).toEqual([{ code: 'missing-education', text: 'Missing education', colour: 'orange' }])
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'education.cme.recorded'), eq(auditEvents.resourceId, body.id)))
    expect(audit).toHaveLength(1)
    expect((await api('GET', `/api/v1/children-missing-education/${body.id}`, mash)).json()).toMatchObject({ id: body.id, status: 'open' })
  })

  it('refuses bad input with clear errors and saves nothing', async () => {
    const id = await child()
    const refused = async (body: Record<string, unknown>, message: RegExp) => {
      const r = await api('POST', '/api/v1/children-missing-education', mash, body)
      expect(r.statusCode, r.body).toBe(400)
      expect(JSON.stringify(r.json().errors)).toMatch(message)
    }
    await refused(recordBody(id, { identifiedOn: daysAgo(-2) }), /Date identified must be today or in the past/)
    await refused(recordBody(id, { identifiedOn: '2026-02-30' }), /Date identified must be a real date/)
    await refused(recordBody(id, { reason: 'bored' }), /Select why the child is thought to be missing education/)
    await refused(recordBody(id, { reason: 'other' }), /Enter details of the reason/)
    await refused(recordBody(id, { colour: 'blue' }), /colour/)
    await refused(recordBody(await child('2023-06-01')), /not of compulsory school age on that date: it starts on 31 August 2028/)
    await refused(recordBody(await child('2008-03-01')), /past compulsory school age on that date/)
    await refused(recordBody(await child(null)), /date of birth/)
    expect(await casesOf(id)).toHaveLength(0)
    expect((await api('POST', '/api/v1/children-missing-education', mash, recordBody(id))).statusCode).toBe(201)
    await refused(recordBody(id, { identifiedOn: daysAgo(1) }), /already has an open children missing education case/)
    expect(await casesOf(id)).toHaveLength(1)
  })
})

describe('tracking and closing', () => {
  it('logs enquiries, lists the open case with days open and last action, and closes only with a reason', async () => {
    const id = await child()
    const created = (await api('POST', '/api/v1/children-missing-education', mash, recordBody(id))).json()
    const browser = await t.sessionFor(demoEmail('mash.manager'))

    const empty = await browser.post(`/children-missing-education/${created.id}/actions`, {})
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('govuk-error-summary')
    expect(empty.body).toContain('href="#actionOn-day"')
    expect(empty.body).toContain('Select what was done')
    expect(await db().select().from(cmeActions).where(eq(cmeActions.caseId, created.id))).toHaveLength(0)
    const early = await browser.post(`/children-missing-education/${created.id}/actions`, { ...boxes('actionOn', daysAgo(11)), actionType: 'home-visit', outcome: 'No reply', takenBy: 'CME officer' })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('Date of the action must be on or after the date the child was identified')
    const ok = await browser.post(`/children-missing-education/${created.id}/actions`, { ...boxes('actionOn', daysAgo(3)), actionType: 'home-visit', outcome: 'No reply; card left', takenBy: 'CME officer' })
    expect(ok.statusCode).toBe(303)

    const list = await browser.get('/children-missing-education')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('data-module="moj-sortable-table"')
    const row = list.body.slice(list.body.indexOf(`/children-missing-education/${created.id}`))
    expect(row.slice(0, 1200)).toMatch(/data-sort-value="10"[^<]*>10</)
    expect(row.slice(0, 1200)).toContain('Home visit')

    const noReason = await browser.post(`/children-missing-education/${created.id}/close`, boxes('closedOn', daysAgo(0)))
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('Select why the case is closing')
    const other = await api('POST', `/api/v1/children-missing-education/${created.id}/close`, mash, { closedOn: daysAgo(0), closureReason: 'other' })
    expect(other.statusCode).toBe(400)
    expect(JSON.stringify(other.json().errors)).toContain('Enter details of why the case is closing')
    const endOfAge = await api('POST', `/api/v1/children-missing-education/${created.id}/close`, mash, { closedOn: daysAgo(0), closureReason: 'end-of-compulsory-school-age' })
    expect(endOfAge.statusCode).toBe(400)
    expect((await casesOf(id))[0]?.status).toBe('open')

    const closed = await api('POST', `/api/v1/children-missing-education/${created.id}/close`, mash, { closedOn: daysAgo(1), closureReason: 'on-roll-elsewhere', closureNote: 'Norfolk confirmed the child is on roll' })
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({ status: 'closed', daysOpen: 9, closure: { closedOn: daysAgo(1), closureReason: 'on-roll-elsewhere' } })
    expect(closed.json().actions).toHaveLength(1)
    const [rel] = await db().select().from(legitimateRelationships).where(and(eq(legitimateRelationships.sourceRef, created.id), eq(legitimateRelationships.source, 'creator')))
    const closedAt = (await casesOf(id))[0]?.closedAt?.getTime() ?? 0
    expect(rel?.expiresAt?.getTime()).toBe(closedAt + 30 * DAY)

    expect((await api('POST', `/api/v1/children-missing-education/${created.id}/close`, mash, { closedOn: daysAgo(0), closureReason: 'left-country' })).statusCode).toBe(400)
    expect((await browser.post(`/children-missing-education/${created.id}/actions`, { ...boxes('actionOn', daysAgo(0)), actionType: 'home-visit', outcome: 'x', takenBy: 'y' })).statusCode).toBe(400)
    expect((await browser.get('/children-missing-education')).body).not.toContain(created.id)
    expect(await educationPersonExtension.badges?.(db(), id)).toEqual([])

    const chronology = (await api('GET', `/api/v1/people/${id}/chronology?type=children-missing-education`, mash)).json().items as Array<{ summary: string }>
    expect(chronology.map((i) => i.summary).sort()).toEqual(['Identified as missing education: removed from roll with no known destination', 'Missing education case closed: moved out of the area and confirmed on a school roll there'])
    const audited = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.resourceId, created.id))
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['education.cme.recorded', 'education.cme.action.recorded', 'education.cme.closed']))
  })
})

describe('who may see and do what', () => {
  it('hides a case from roles without access to the child (404) and the list from other roles (403)', async () => {
    const id = await child()
    const created = (await api('POST', '/api/v1/children-missing-education', mash, recordBody(id))).json()
    for (const account of ['police.missing', 'social.worker', 'health.nurse', 'school.dsl', 'analyst']) {
      const token = await t.tokenFor(demoEmail(account))
      expect((await api('GET', `/api/v1/children-missing-education/${created.id}`, token)).statusCode, account).toBe(404)
      expect((await api('POST', `/api/v1/children-missing-education/${created.id}/close`, token, { closedOn: daysAgo(0), closureReason: 'registered-at-school' })).statusCode, account).toBe(404)
    }
    const missing = await api('GET', `/api/v1/children-missing-education/${randomUUID()}`, mash)
    const hidden = await api('GET', `/api/v1/children-missing-education/${created.id}`, await t.tokenFor(demoEmail('police.missing')))
    expect(missing.body).toBe(hidden.body)
    expect((await (await t.sessionFor(demoEmail('analyst'))).get('/children-missing-education')).statusCode).toBe(403)
    expect((await (await t.sessionFor(demoEmail('school.dsl'))).get('/children-missing-education')).statusCode).toBe(403)

    // The social worker allocated to the child works the case; the list shows only children they may open.
    const socialId = await t.userId(demoEmail('social.worker'))
    await db().insert(legitimateRelationships).values({ personId: id, userId: socialId, source: 'allocation', startsAt: new Date(t.platform.clock.now().getTime() - DAY) })
    const social = await t.tokenFor(demoEmail('social.worker'))
    expect((await api('GET', `/api/v1/children-missing-education/${created.id}`, social)).statusCode).toBe(200)
    const list = (await (await t.sessionFor(demoEmail('social.worker'))).get('/children-missing-education')).body
    expect(list).toContain(created.id)
    const [{ n } = { n: 0 }] = await db().select({ n: sql<number>`count(*)::int` }).from(cmeCases).where(eq(cmeCases.status, 'open'))
    expect((list.match(/data-qa="cme-row"/g) ?? []).length).toBeLessThan(n)
    const denied = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'education.cme.view'), eq(auditEvents.outcome, 'denied')))
    expect(denied.length).toBeGreaterThan(0)
  })
})

describe('merging two records of one child', () => {
  it('moves the case to the surviving record and back on unmerge; refuses while both have an open case', async () => {
    const survivor = await child('2012-03-04')
    const merged = await child('2012-03-04')
    const onMerged = (await api('POST', '/api/v1/children-missing-education', mash, recordBody(merged))).json()
    const onSurvivor = (await api('POST', '/api/v1/children-missing-education', mash, recordBody(survivor))).json()
    const merge = () => api('POST', '/api/v1/people/merges', mash, { survivingPersonId: survivor, mergedPersonId: merged, reason: 'Same child: confirmed by school' })
    const blocked = await merge()
    expect(blocked.statusCode).toBe(409)
    expect(JSON.stringify(blocked.json().blocks)).toContain('two-open-cme-cases')
    await api('POST', `/api/v1/children-missing-education/${onSurvivor.id}/close`, mash, { closedOn: daysAgo(0), closureReason: 'registered-at-school' })

    const done = await merge()
    expect(done.statusCode, done.body).toBe(201)
    expect((await casesOf(survivor)).map((c) => c.id).sort()).toEqual([onMerged.id, onSurvivor.id].sort())
    expect(await casesOf(merged)).toHaveLength(0)
    const undone = await api('POST', `/api/v1/people/merges/${done.json().id}/unmerge`, mash, { reason: 'Different children after all' })
    expect(undone.statusCode, undone.body).toBe(200)
    expect((await casesOf(merged)).map((c) => c.id)).toEqual([onMerged.id])
    expect((await casesOf(survivor)).map((c) => c.id)).toEqual([onSurvivor.id])
  })
})

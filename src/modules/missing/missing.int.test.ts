/**
 * Missing episodes through the real app: the police missing persons unit records an episode for a child it found
 * through search, then the return; the RHI is due exactly 72 hours later; bad input is refused with nothing saved;
 * the third episode in 30 days raises the repeat-missing alert to the exploitation lead; the RHI cannot be recorded
 * while the child is missing; every read and write is audited.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { teams } from '../../platform/auth/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { systemActor } from '../../platform/access/actor.ts'
import { runWork } from '../../platform/context/index.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { alerts } from '../alerts/schema.ts'
import { missingEpisodes, missingRiskGradings, missingSettings, returnInterviews } from './schema.ts'
import { sweepDurationAlerts } from './triggers.ts'

let t: TestApp
let police: string
let lead: string
let social: string
let rhiWorker: string
const db = () => t.testDb.database.db
const HOUR = 3_600_000
const DAY = 24 * HOUR

async function api(method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

/** A child nobody has a relationship to: as if known to the partnership and found by the police through search. */
async function newChild(): Promise<string> {
  const id = randomUUID()
  const at = new Date(t.platform.clock.now().getTime() - 400 * DAY)
  await db().insert(people).values({ id, givenName: 'Tamsin', familyName: `Oakridge${id.slice(0, 4).replace(/\d/g, 'x')}`, dateOfBirth: '2011-04-02', gender: 'F', createdAt: at, updatedAt: at })
  return id
}

const ago = (ms: number) => new Date(t.platform.clock.now().getTime() - ms).toISOString()

async function count(table: typeof missingEpisodes | typeof returnInterviews | typeof alerts | typeof missingRiskGradings, personId?: string): Promise<number> {
  const column = 'personId' in table ? (table as typeof missingEpisodes).personId : undefined
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(personId && column ? eq(column, personId) : sql`true`)
  return row?.n ?? 0
}

async function record(token: string, personId: string, overrides: Record<string, unknown> = {}) {
  return api('POST', '/api/v1/missing-episodes', token, { personId, missingFrom: 'home', reportedMissingAt: ago(5 * HOUR), lastSeenAt: ago(6 * HOUR), riskGrade: 'medium', ...overrides })
}

beforeAll(async () => {
  t = await createTestApp()
  police = await t.tokenFor(demoEmail('police.missing'))
  lead = await t.tokenFor(demoEmail('exploitation.lead'))
  social = await t.tokenFor(demoEmail('social.worker'))
  rhiWorker = await t.tokenFor(demoEmail('rhi.worker'))
  const [rhiTeam] = await db().select({ id: teams.id }).from(teams).where(eq(teams.name, 'Return interview service'))
  await db().delete(missingSettings)
  await db().insert(missingSettings).values({ key: 'returnInterviewTeamId', value: rhiTeam?.id, updatedAt: new Date() })
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('recording an episode and the return', () => {
  it('the police missing persons unit records an episode for a child found through search, and the return; the RHI is due exactly 72 hours after the return', async () => {
    const child = await newChild()
    expect((await api('GET', `/api/v1/people/${child}`, police)).statusCode).toBe(404)
    const created = await record(police, child, { policeReference: 'CC-2026-1234', missingType: undefined })
    expect(created.statusCode, created.body).toBe(201)
    const episode = created.json()
    expect(episode).toMatchObject({ personId: child, missingFrom: 'home', riskGrade: 'medium', status: 'missing', durationMinutes: null, returnInterview: null, policeReference: 'CC-2026-1234' })
    expect(episode.riskGradings).toHaveLength(1)
    // Recording gave the unit's team a relationship: the child's record now opens for them.
    expect((await api('GET', `/api/v1/people/${child}`, police)).statusCode).toBe(200)
    const rels = await db().select().from(legitimateRelationships).where(and(eq(legitimateRelationships.personId, child), eq(legitimateRelationships.source, 'missing-episode')))
    expect(rels).toHaveLength(1)
    expect(rels[0]?.expiresAt).toBeNull()

    const returnedAt = new Date(Math.floor((t.platform.clock.now().getTime() - HOUR) / 1000) * 1000)
    const returned = await api('POST', `/api/v1/missing-episodes/${episode.id}/return`, police, {
      returnedAt: returnedAt.toISOString(),
      foundLocation: { description: 'Queensgate bus station', postcode: 'pe1 1nt', latitude: 52.5743, longitude: -0.2449 },
      foundWith: [{ name: 'Kyle', description: 'Older male, about 19' }],
    })
    expect(returned.statusCode, returned.body).toBe(200)
    const body = returned.json()
    expect(body.returnInterview.dueBy).toBe(new Date(returnedAt.getTime() + 72 * HOUR).toISOString())
    expect(body.returnInterview.status).toBe('due')
    expect(body.durationMinutes).toBe(Math.floor((returnedAt.getTime() - new Date(episode.lastSeenAt).getTime()) / 60_000))
    expect(body.foundLocation).toEqual({ description: 'Queensgate bus station', postcode: 'PE1 1NT', latitude: 52.5743, longitude: -0.2449 })
    expect(body.foundWith).toEqual([{ personId: null, name: 'Kyle', description: 'Older male, about 19' }])

    const read = await api('GET', `/api/v1/missing-episodes/${episode.id}`, police)
    expect(read.statusCode).toBe(200)
    expect(read.json().returnInterview).toMatchObject({ dueBy: body.returnInterview.dueBy, status: 'due' })
    const [rel] = await db().select().from(legitimateRelationships).where(and(eq(legitimateRelationships.personId, child), eq(legitimateRelationships.source, 'missing-episode')))
    expect(rel?.expiresAt).not.toBeNull()

    const audited = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.personId, child))
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['missing.episode.recorded', 'missing.episode.returned', 'missing.episode.viewed']))
  })

  it('uses the test clock: a return recorded "now" is due exactly 72 hours on', async () => {
    const child = await newChild()
    const id = (await record(police, child)).json().id
    t.platform.clock.advance(2 * HOUR)
    const returnedAt = new Date(Math.floor(t.platform.clock.now().getTime() / 1000) * 1000 - 1000)
    const response = await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: returnedAt.toISOString() })
    expect(response.statusCode, response.body).toBe(200)
    expect(Date.parse(response.json().returnInterview.dueBy) - returnedAt.getTime()).toBe(72 * HOUR)
  })
})

describe('bad input is refused and nothing is saved', () => {
  it('return before the reported time, future dates, a grade outside the list, a second return', async () => {
    const child = await newChild()
    const future = new Date(t.platform.clock.now().getTime() + HOUR).toISOString()
    const before = await count(missingEpisodes)
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ reportedMissingAt: future }, 'reportedMissingAt'],
      [{ lastSeenAt: future }, 'lastSeenAt'],
      [{ lastSeenAt: ago(HOUR), reportedMissingAt: ago(2 * HOUR) }, 'lastSeenAt'],
      [{ riskGrade: 'extreme' }, 'riskGrade'],
      [{ missingFrom: 'party' }, 'missingFrom'],
      [{ missingType: 'X' }, 'missingType'],
    ]
    for (const [overrides, field] of cases) {
      const response = await record(police, child, overrides)
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400)
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field)
    }
    expect(await count(missingEpisodes)).toBe(before)

    const id = (await record(police, child)).json().id
    const gradings = await count(missingRiskGradings)
    const early = await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: ago(5 * HOUR + 60_000) })
    expect(early.statusCode).toBe(400)
    expect(early.json().errors[0]).toMatchObject({ field: 'returnedAt', message: 'Time of return must be after the time the child was reported missing' })
    const later = await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: future })
    expect(later.statusCode).toBe(400)
    const [row] = await db().select().from(missingEpisodes).where(eq(missingEpisodes.id, id))
    expect(row?.returnedAt).toBeNull()
    expect(await count(returnInterviews, child)).toBe(0)
    expect(await count(missingRiskGradings)).toBe(gradings)
    expect((await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: ago(HOUR) })).statusCode).toBe(200)
    expect((await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: ago(HOUR) })).statusCode).toBe(400)
  })

  it('overlapping episodes for the same child are refused', async () => {
    const child = await newChild()
    const first = await record(police, child, { lastSeenAt: ago(30 * HOUR), reportedMissingAt: ago(29 * HOUR) })
    expect(first.statusCode).toBe(201)
    // Still open: any later start overlaps it.
    const second = await record(police, child, { lastSeenAt: undefined, reportedMissingAt: ago(2 * HOUR) })
    expect(second.statusCode).toBe(400)
    expect(second.json().errors[0].message).toMatch(/already has a missing episode at this time/)
    await api('POST', `/api/v1/missing-episodes/${first.json().id}/return`, police, { returnedAt: ago(20 * HOUR) })
    // Returned 20 hours ago: an episode starting 25 hours ago overlaps it, one starting 10 hours ago does not.
    expect((await record(police, child, { lastSeenAt: ago(25 * HOUR), reportedMissingAt: ago(24 * HOUR) })).statusCode).toBe(400)
    expect(await count(missingEpisodes, child)).toBe(1)
    expect((await record(police, child, { lastSeenAt: ago(10 * HOUR), reportedMissingAt: ago(9 * HOUR) })).statusCode).toBe(201)
  })

  it('the minimumChildRiskGrade setting refuses lower grades with 400 (off by default)', async () => {
    const child = await newChild()
    expect((await record(police, child, { riskGrade: 'very-low' })).statusCode).toBe(201)
    const other = await newChild()
    await db().insert(missingSettings).values({ key: 'minimumChildRiskGrade', value: 'medium', updatedAt: new Date() })
    try {
      const refused = await record(police, other, { riskGrade: 'low' })
      expect(refused.statusCode).toBe(400)
      expect(refused.json().errors[0]).toMatchObject({ field: 'riskGrade' })
      expect(await count(missingEpisodes, other)).toBe(0)
      expect((await record(police, other, { riskGrade: 'medium' })).statusCode).toBe(201)
    } finally {
      await db().delete(missingSettings).where(eq(missingSettings.key, 'minimumChildRiskGrade'))
    }
  })
})

describe('triggers and alerts', () => {
  it('the third episode in 30 days raises the repeat-missing alert to the exploitation lead, once', async () => {
    const child = await newChild()
    const episode = async (daysAgo: number) => {
      const r = await record(police, child, { lastSeenAt: ago(daysAgo * DAY + HOUR), reportedMissingAt: ago(daysAgo * DAY) })
      expect(r.statusCode, r.body).toBe(201)
      const ret = await api('POST', `/api/v1/missing-episodes/${r.json().id}/return`, police, { returnedAt: ago(daysAgo * DAY - 3 * HOUR) })
      expect(ret.statusCode, ret.body).toBe(200)
    }
    await episode(45)
    await episode(20)
    await episode(10)
    expect(await count(alerts, child)).toBe(0) // 45 days ago is outside the window: two in 30 days
    expect((await api('GET', `/api/v1/people/${child}/alerts`, lead)).statusCode).toBe(404)
    await episode(2)
    const raised = await db().select().from(alerts).where(eq(alerts.personId, child))
    expect(raised).toHaveLength(1)
    expect(raised[0]).toMatchObject({ type: 'repeat-missing', ownerRole: 'exploitation-lead', status: 'open', reason: '3 missing episodes in 30 days' })
    // The alert gives the exploitation lead a 30-day relationship: the child's alerts (and record) open for them.
    const listed = await api('GET', `/api/v1/people/${child}/alerts`, lead)
    expect(listed.statusCode, listed.body).toBe(200)
    expect(listed.json().items).toEqual([expect.objectContaining({ id: raised[0]?.id, type: 'repeat-missing', ownerRole: 'exploitation-lead', status: 'open', raisedAt: expect.any(String) })])
    expect((await api('GET', `/api/v1/people/${child}`, lead)).statusCode).toBe(200)
    const queue = await api('GET', '/api/v1/alerts', lead)
    expect(queue.json().items.map((a: { id: string }) => a.id)).toContain(raised[0]?.id)
    // A fourth episode in the window does not raise a second alert.
    await episode(1)
    expect(await count(alerts, child)).toBe(1)

    // Acknowledging: the owner only, audited; not twice.
    expect((await api('POST', `/api/v1/alerts/${raised[0]?.id}/acknowledge`, police, {})).statusCode).toBe(404)
    const ack = await api('POST', `/api/v1/alerts/${raised[0]?.id}/acknowledge`, lead, { note: 'Strategy meeting booked' })
    expect(ack.statusCode, ack.body).toBe(200)
    expect(ack.json().status).toBe('acknowledged')
    expect((await api('POST', `/api/v1/alerts/${raised[0]?.id}/acknowledge`, lead, {})).statusCode).toBe(400)
    const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'alerts.acknowledged'), eq(auditEvents.resourceId, raised[0]?.id ?? '')))
    expect(rows).toHaveLength(1)
  })

  it('a high-risk grading raises high-risk-missing, on recording and on re-grading', async () => {
    const child = await newChild()
    const id = (await record(police, child, { riskGrade: 'high' })).json().id
    expect((await db().select().from(alerts).where(eq(alerts.personId, child))).map((a) => a.type)).toEqual(['high-risk-missing'])
    const other = await newChild()
    const second = (await record(police, other, { riskGrade: 'low' })).json().id
    expect(await count(alerts, other)).toBe(0)
    const regraded = await api('POST', `/api/v1/missing-episodes/${second}/risk-grades`, police, { riskGrade: 'high', reason: 'Seen with a known adult' })
    expect(regraded.statusCode, regraded.body).toBe(200)
    expect(regraded.json().riskGradings.map((g: { grade: string }) => g.grade)).toEqual(['low', 'high'])
    expect((await db().select().from(alerts).where(eq(alerts.personId, other))).map((a) => a.type)).toEqual(['high-risk-missing'])
    expect((await api('POST', `/api/v1/missing-episodes/${id}/risk-grades`, police, { riskGrade: 'serious' })).statusCode).toBe(400)
  })

  it('a looked-after child missing from care over 24 hours raises missing-from-care-24h (the sweep, with the test clock)', async () => {
    const child = await newChild()
    const id = (await record(police, child, { missingFrom: 'care', missingType: 'M', lastSeenAt: ago(20 * HOUR), reportedMissingAt: ago(19 * HOUR) })).json().id
    const sweep = () => runWork(t.platform, systemActor('test-sweep'), 'test', (ctx) => sweepDurationAlerts(ctx))
    await sweep()
    expect(await count(alerts, child)).toBe(0)
    t.platform.clock.advance(5 * HOUR)
    await sweep()
    await sweep()
    const raised = await db().select().from(alerts).where(eq(alerts.personId, child))
    expect(raised.map((a) => [a.type, a.sourceRef])).toEqual([['missing-from-care-24h', id]])
  })
})

describe('return home interviews', () => {
  it('is refused while the child is still missing; the return interview service records it once returned', async () => {
    const child = await newChild()
    const id = (await record(police, child)).json().id
    const open = await api('PUT', `/api/v1/missing-episodes/${id}/return-interview`, lead, { status: 'offered' })
    // The lead has no relationship to this child yet: 404. With one (social worker allocation), still refused: 400.
    expect(open.statusCode).toBe(404)
    const socialUser = await t.userId(demoEmail('social.worker'))
    await db().insert(legitimateRelationships).values({ personId: child, userId: socialUser, source: 'allocation', startsAt: new Date(Date.now() - DAY) })
    const refused = await api('PUT', `/api/v1/missing-episodes/${id}/return-interview`, social, { status: 'offered' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors[0].message).toMatch(/still missing/)

    expect((await api('GET', `/api/v1/missing-episodes/${id}`, rhiWorker)).statusCode).toBe(404)
    await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: ago(HOUR) })
    // The return allocated the interview to the return interview service, whose team can now open the episode.
    expect((await api('GET', `/api/v1/missing-episodes/${id}`, rhiWorker)).statusCode).toBe(200)
    const notPossible = await api('PUT', `/api/v1/missing-episodes/${id}/return-interview`, rhiWorker, { status: 'not-possible' })
    expect(notPossible.statusCode).toBe(400)
    expect(notPossible.json().errors[0].field).toBe('statusReason')
    const badFactor = await api('PUT', `/api/v1/missing-episodes/${id}/return-interview`, rhiWorker, { status: 'completed', heldAt: ago(10 * 60_000), pushFactors: ['made-up'] })
    expect(badFactor.statusCode).toBe(400)
    const done = await api('PUT', `/api/v1/missing-episodes/${id}/return-interview`, rhiWorker, {
      status: 'completed',
      heldAt: ago(10 * 60_000),
      interviewerName: 'Chloe Adeyemi',
      whyWent: 'Argument at home',
      pushFactors: ['family-conflict'],
      pullFactors: ['friends-peer-group'],
      childsWords: 'I just needed to get out.',
      referrals: ['exploitation-screening'],
    })
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ status: 'completed', pushFactors: ['family-conflict'], referrals: ['exploitation-screening'] })
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'missing.return-interview.recorded'), eq(auditEvents.personId, child)))
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit[0]?.details)).not.toContain('needed to get out')
  })

  it('the overdue queue lists interviews past their deadline first', async () => {
    const child = await newChild()
    const id = (await record(police, child, { lastSeenAt: ago(100 * HOUR), reportedMissingAt: ago(99 * HOUR) })).json().id
    await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: ago(80 * HOUR) })
    const page = await (await t.sessionFor(demoEmail('rhi.worker'))).get('/missing/return-interviews')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Overdue')
  })
})

describe('access', () => {
  it('hidden and nonexistent episodes are the same 404, and denials are audited', async () => {
    const child = await newChild()
    const id = (await record(police, child)).json().id
    const hidden = await api('GET', `/api/v1/missing-episodes/${id}`, social)
    const missing = await api('GET', `/api/v1/missing-episodes/${randomUUID()}`, social)
    expect([hidden.statusCode, missing.statusCode]).toEqual([404, 404])
    expect(hidden.body).toBe(missing.body)
    const denied = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'missing.view'), eq(auditEvents.outcome, 'denied'), eq(auditEvents.personId, child)))
    expect(denied.length).toBeGreaterThan(0)
    // The social worker may not record for a child they have no relationship to (only the police unit may).
    expect((await record(social, await newChild())).statusCode).toBe(404)
  })
})

describe('pages', () => {
  const boxes = (prefix: string, at: Date) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at).map((x) => [x.type, x.value]))
    return { [`${prefix}-day`]: String(p.day), [`${prefix}-month`]: String(p.month), [`${prefix}-year`]: String(p.year), [`${prefix}-time`]: `${p.hour}:${p.minute}` }
  }

  it('the record form re-renders with GOV.UK errors and saves nothing; then records and redirects (303)', async () => {
    const child = await newChild()
    const browser = await t.sessionFor(demoEmail('police.missing'))
    const empty = await browser.post(`/people/${child}/missing-episodes`, {})
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('There is a problem')
    expect(empty.body).toContain('Select where the child went missing from')
    expect(empty.body).toContain('Enter the date reported missing')
    const future = await browser.post(`/people/${child}/missing-episodes`, { missingFrom: 'home', riskGrade: 'low', ...boxes('reportedMissingAt', new Date(t.platform.clock.now().getTime() + 2 * HOUR)) })
    expect(future.statusCode).toBe(400)
    expect(future.body).toContain('Time reported missing must be in the past')
    expect(await count(missingEpisodes, child)).toBe(0)
    const ok = await browser.post(`/people/${child}/missing-episodes`, { missingFrom: 'care', missingType: 'A', riskGrade: 'low', ...boxes('reportedMissingAt', new Date(t.platform.clock.now().getTime() - 2 * HOUR)) })
    expect(ok.statusCode, ok.body).toBe(303)
    expect(ok.headers.location).toMatch(/^\/missing-episodes\/[0-9a-f-]{36}$/)
    const page = await browser.get(String(ok.headers.location))
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Away without authorisation (A)')
    const board = await browser.get('/missing')
    expect(board.body).toContain(`/missing-episodes/${String(ok.headers.location).split('/').pop()}`)
  })

  it('the RHI form says the child is still missing, and its POST is refused (400) until the return', async () => {
    const child = await newChild()
    const id = (await record(police, child)).json().id
    const socialUser = await t.userId(demoEmail('social.worker'))
    await db().insert(legitimateRelationships).values({ personId: child, userId: socialUser, source: 'allocation', startsAt: new Date(Date.now() - DAY) })
    const browser = await t.sessionFor(demoEmail('social.worker'))
    const form = await browser.get(`/missing-episodes/${id}/return-interview`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('The child is still missing')
    const post = await browser.post(`/missing-episodes/${id}/return-interview`, { status: 'offered' })
    expect(post.statusCode).toBe(400)
    expect(post.body).toContain('record their return first')
  })
})

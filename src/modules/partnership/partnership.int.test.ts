import { and, eq, sql } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { breakGlassGrants } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { verifyPassword } from '../../platform/auth/passwords.ts'
import { agencies, sessions, teams, userRoleProfiles, users } from '../../platform/auth/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'

let t: TestApp
let admin: BrowserSession

beforeAll(async () => {
  t = await createTestApp()
  admin = await t.sessionFor(demoEmail('admin'))
})

afterAll(async () => {
  await t?.close()
})

const db = () => t.testDb.database.db

async function count(table: typeof agencies | typeof teams | typeof users | typeof userRoleProfiles): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(table)
  return Number(row?.n)
}

async function auditRows(action: string, resourceId?: string) {
  return db()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), resourceId ? eq(auditEvents.resourceId, resourceId) : sql`true`))
}

/** The id at the end of a 303's location, before any query string. */
function locationId(res: LightMyRequestResponse, prefix: string): string {
  expect(res.statusCode).toBe(303)
  const location = String(res.headers.location)
  expect(location.startsWith(prefix)).toBe(true)
  const id = location.slice(prefix.length).split(/[/?]/)[0] ?? ''
  expect(id).toMatch(/^[0-9a-f-]{36}$/)
  return id
}

function expectErrorSummary(res: LightMyRequestResponse, message: string) {
  expect(res.statusCode).toBe(400)
  expect(res.body).toContain('govuk-error-summary')
  expect(res.body).toContain('<title>Error: ')
  expect(res.body).toContain(html(message))
}

/** As nunjucks autoescape writes text into the page. */
function html(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

const AGENCY = {
  name: 'Wisbech Academy (demo)',
  type: 'education',
  area: 'Cambridgeshire',
  exploitationLeadName: 'Priya Example',
  exploitationLeadEmail: 'priya.example@wisbech-academy.example.org',
}

describe('partnership set-up: the system administrator', () => {
  let agencyId: string
  let teamId: string
  let newUserId: string
  const newEmail = 'sam.newstarter@demo.lantern.test'

  it('sees "Partnership set-up" in the navigation and the landing page', async () => {
    const home = await admin.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('href="/admin"')
    expect(home.body).toContain('Partnership set-up')
    const landing = await admin.get('/admin')
    expect(landing.statusCode).toBe(200)
    expect(landing.body).toContain('href="/admin/agencies"')
    expect(landing.body).toContain('href="/admin/users"')
    expect(landing.body.match(/<h1/g)).toHaveLength(1)
  })

  it('lists the demo agencies in a table with a caption and column headers', async () => {
    const [first] = await db().select().from(agencies).limit(1)
    const res = await admin.get('/admin/agencies')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<caption')
    expect(res.body).toContain('scope="col"')
    expect(res.body).toContain(html(first?.name ?? 'no agency'))
  })

  it('adds an agency, with its exploitation lead, and records it in the audit log', async () => {
    const form = await admin.get('/admin/agencies/new')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('name="_csrf"')
    const before = await count(agencies)
    const res = await admin.post('/admin/agencies', AGENCY)
    agencyId = locationId(res, '/admin/agencies/')
    expect(await count(agencies)).toBe(before + 1)
    const [row] = await db().select().from(agencies).where(eq(agencies.id, agencyId))
    expect(row).toMatchObject({ name: AGENCY.name, type: 'education', area: 'Cambridgeshire', exploitationLeadName: 'Priya Example', exploitationLeadEmail: AGENCY.exploitationLeadEmail })
    const page = await admin.get(`/admin/agencies/${agencyId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(AGENCY.name)
    expect(page.body).toContain('Priya Example')
    expect(page.body).toContain(`/admin/agencies/${agencyId}/teams/new`)
    expect(await auditRows('admin.agency.created', agencyId)).toHaveLength(1)
    const list = await admin.get('/admin/agencies')
    expect(list.body).toContain(AGENCY.name)
    expect(list.body).toContain('Education')
  })

  it('changes an agency’s details (audited, field names only)', async () => {
    const edit = await admin.get(`/admin/agencies/${agencyId}/edit`)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).toContain('Priya Example')
    const res = await admin.post(`/admin/agencies/${agencyId}/edit`, { ...AGENCY, area: 'Peterborough' })
    expect(res.statusCode).toBe(303)
    const [row] = await db().select().from(agencies).where(eq(agencies.id, agencyId))
    expect(row?.area).toBe('Peterborough')
    const [audit] = await auditRows('admin.agency.updated', agencyId)
    expect(audit?.details).toMatchObject({ fields: ['area'] })
  })

  it('refuses a duplicate agency name, a bad lead email and a missing type — 400, nothing saved', async () => {
    const before = await count(agencies)
    expectErrorSummary(await admin.post('/admin/agencies', { ...AGENCY, name: AGENCY.name.toUpperCase() }), 'An agency with this name already exists')
    expectErrorSummary(await admin.post('/admin/agencies', { ...AGENCY, name: 'Another (demo)', exploitationLeadEmail: 'not-an-email' }), 'Enter an email address in the correct format, like name@example.org')
    const { type: _type, ...withoutType } = AGENCY
    const noType = await admin.post('/admin/agencies', { ...withoutType, name: 'Typeless (demo)' })
    expectErrorSummary(noType, 'Select the type of agency')
    expect(noType.body).toContain('value="Typeless (demo)"')
    expectErrorSummary(await admin.post('/admin/agencies', { ...AGENCY, name: '   ' }), 'Enter the agency name')
    expectErrorSummary(await admin.post('/admin/agencies', { ...AGENCY, name: 'Leadless (demo)', exploitationLeadName: '', exploitationLeadEmail: '' }), 'Enter the name of the agency’s exploitation lead')
    expectErrorSummary(await admin.post('/admin/agencies', { ...AGENCY, name: 'x'.repeat(201) }), 'Agency name must be 200 characters or fewer')
    expectErrorSummary(await admin.post('/admin/agencies', { ...AGENCY, type: 'made-up' }), 'Select the type of agency')
    expect(await count(agencies)).toBe(before)
    // Renaming another agency to a taken name is refused too.
    const [other] = await db().select().from(agencies).where(sql`${agencies.id} <> ${agencyId}`).limit(1)
    expectErrorSummary(await admin.post(`/admin/agencies/${agencyId}/edit`, { ...AGENCY, name: other?.name ?? '' }), 'An agency with this name already exists')
    const [row] = await db().select().from(agencies).where(eq(agencies.id, agencyId))
    expect(row?.name).toBe(AGENCY.name)
  })

  it('adds a team to the agency; a second team of the same name is refused', async () => {
    expect((await admin.get(`/admin/agencies/${agencyId}/teams/new`)).statusCode).toBe(200)
    const res = await admin.post(`/admin/agencies/${agencyId}/teams`, { name: 'Safeguarding' })
    expect(res.statusCode).toBe(303)
    const [team] = await db().select().from(teams).where(eq(teams.agencyId, agencyId))
    expect(team?.name).toBe('Safeguarding')
    teamId = team?.id ?? ''
    expect(await auditRows('admin.team.created', teamId)).toHaveLength(1)
    const before = await count(teams)
    expectErrorSummary(await admin.post(`/admin/agencies/${agencyId}/teams`, { name: 'safeguarding' }), 'This agency already has a team with this name')
    expectErrorSummary(await admin.post(`/admin/agencies/${agencyId}/teams`, { name: '' }), 'Enter the team name')
    expect(await count(teams)).toBe(before)
    const page = await admin.get(`/admin/agencies/${agencyId}`)
    expect(page.body).toContain('Safeguarding')
  })

  it('adds a user in that team: the temporary password is shown once and works; they enrol TOTP at first sign-in', async () => {
    const form = await admin.get('/admin/users/new')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`value="${teamId}"`)
    const before = await count(users)
    const res = await admin.post('/admin/users', { email: newEmail, displayName: 'Sam Newstarter', roleProfile: 'designated-safeguarding-lead', teamId })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('User added')
    const password = /data-qa="temporary-password">([^<]+)</.exec(res.body)?.[1] ?? ''
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(await count(users)).toBe(before + 1)
    const [user] = await db().select().from(users).where(eq(users.email, newEmail))
    expect(user?.totpSecret).toBeNull()
    expect(user?.passwordHash).not.toContain(password)
    expect(await verifyPassword(user?.passwordHash ?? '', password)).toBe(true)
    newUserId = user?.id ?? ''
    const profiles = await db().select().from(userRoleProfiles).where(eq(userRoleProfiles.userId, newUserId))
    expect(profiles).toMatchObject([{ roleProfile: 'designated-safeguarding-lead', teamId }])
    const [audit] = await auditRows('admin.user.created', newUserId)
    expect(audit?.actorLabel).toBe(demoEmail('admin'))
    expect(JSON.stringify(audit?.details)).not.toContain(password)

    // The new user can be given a session and uses Lantern in that team.
    const session = await t.sessionFor(newEmail)
    const home = await session.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Sam Newstarter')
    expect(home.body).toContain(AGENCY.name)
    expect(home.body).not.toContain('href="/admin"')

    // And appears in the list, all of it and filtered by agency.
    const list = await admin.get('/admin/users')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(newEmail)
    expect(list.body).toContain(demoEmail('admin'))
    const filtered = await admin.get(`/admin/users?agency=${agencyId}`)
    expect(filtered.body).toContain(newEmail)
    expect(filtered.body).not.toContain(demoEmail('admin'))
    expect(filtered.body).toContain('Designated safeguarding lead — Safeguarding, Wisbech Academy (demo)')
  })

  it('refuses a bad user form and a taken email — 400, nothing saved', async () => {
    const before = await count(users)
    expectErrorSummary(await admin.post('/admin/users', { email: 'nope', displayName: 'X Y', roleProfile: 'analyst', teamId }), 'Enter an email address in the correct format, like name@example.org')
    expectErrorSummary(await admin.post('/admin/users', { email: 'a@b.example', displayName: '', roleProfile: 'analyst', teamId }), 'Enter the user’s full name')
    expectErrorSummary(await admin.post('/admin/users', { email: 'a@b.example', displayName: 'X Y', roleProfile: '', teamId }), 'Select a role profile')
    expectErrorSummary(await admin.post('/admin/users', { email: 'a@b.example', displayName: 'X Y', roleProfile: 'analyst', teamId: '' }), 'Select a team')
    expectErrorSummary(await admin.post('/admin/users', { email: 'a@b.example', displayName: 'X Y', roleProfile: 'analyst', teamId: '00000000-0000-4000-8000-000000000000' }), 'Select a team')
    expectErrorSummary(await admin.post('/admin/users', { email: newEmail.toUpperCase(), displayName: 'X Y', roleProfile: 'analyst', teamId }), 'A user with this email address already exists')
    expect(await count(users)).toBe(before)
  })

  it('shows a user’s details and records the view (staff personal data)', async () => {
    const before = (await auditRows('admin.user.viewed', newUserId)).length
    const res = await admin.get(`/admin/users/${newUserId}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Sam Newstarter')
    expect(res.body).toContain('Designated safeguarding lead')
    expect(res.body).toContain('Not set up yet')
    expect(res.body).not.toContain('password_hash')
    expect(await auditRows('admin.user.viewed', newUserId)).toHaveLength(before + 1)
    expect((await admin.get('/admin/users/not-a-uuid')).statusCode).toBe(404)
    expect((await admin.get('/admin/users/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    expect((await admin.get('/admin/agencies/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
  })

  it('adds and removes role profiles; no duplicates; never the last one; sessions and tokens in a removed role end', async () => {
    const [analystTeam] = await db().select({ id: teams.id }).from(teams).where(sql`${teams.id} <> ${teamId}`).limit(1)
    const added = await admin.post(`/admin/users/${newUserId}/role-profiles`, { roleProfile: 'analyst', teamId: analystTeam?.id ?? '' })
    expect(added.statusCode).toBe(303)
    expect(await auditRows('admin.user.role-profile.added', newUserId)).toHaveLength(1)
    const before = await count(userRoleProfiles)
    expectErrorSummary(await admin.post(`/admin/users/${newUserId}/role-profiles`, { roleProfile: 'analyst', teamId: analystTeam?.id ?? '' }), 'The user already has this role profile in this team')
    expectErrorSummary(await admin.post(`/admin/users/${newUserId}/role-profiles`, { roleProfile: 'wizard', teamId: analystTeam?.id ?? '' }), 'Select a role profile')
    expect(await count(userRoleProfiles)).toBe(before)

    const [analystProfile] = await db()
      .select()
      .from(userRoleProfiles)
      .where(and(eq(userRoleProfiles.userId, newUserId), eq(userRoleProfiles.roleProfile, 'analyst')))
    const analystSession = await t.sessionFor(newEmail, 'analyst')
    const dslSession = await t.sessionFor(newEmail, 'designated-safeguarding-lead')
    const token = await t.tokenFor(newEmail, 'analyst')
    expect((await analystSession.get('/')).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200)

    const removed = await admin.post(`/admin/users/${newUserId}/role-profiles/${analystProfile?.id}/remove`, {})
    expect(removed.statusCode).toBe(303)
    expect(await count(userRoleProfiles)).toBe(before - 1)
    const [audit] = await auditRows('admin.user.role-profile.removed', newUserId)
    expect(audit?.details).toMatchObject({ roleProfile: 'analyst', endedSessions: 1 })
    const after = await analystSession.get('/')
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toBe('/sign-in')
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401)
    expect((await dslSession.get('/')).statusCode).toBe(200)

    // The last role profile stays.
    const [last] = await db().select().from(userRoleProfiles).where(eq(userRoleProfiles.userId, newUserId))
    const refused = await admin.post(`/admin/users/${newUserId}/role-profiles/${last?.id}/remove`, {})
    expectErrorSummary(refused, 'A user must have at least one role profile')
    expect(refused.body).toContain(`href="#remove-${last?.id}"`)
    expect(await db().select().from(userRoleProfiles).where(eq(userRoleProfiles.userId, newUserId))).toHaveLength(1)
    // Another user's role profile id under this user is not found.
    const [foreign] = await db().select().from(userRoleProfiles).where(sql`${userRoleProfiles.userId} <> ${newUserId}`).limit(1)
    expect((await admin.post(`/admin/users/${newUserId}/role-profiles/${foreign?.id}/remove`, {})).statusCode).toBe(404)

    // A role profile that past records point to (an emergency access grant) stays: disable the user instead.
    const [mashTeam] = await db().select({ id: teams.id }).from(teams).where(eq(teams.name, 'MASH')).limit(1)
    expect((await admin.post(`/admin/users/${newUserId}/role-profiles`, { roleProfile: 'mash-practitioner', teamId: mashTeam?.id ?? '' })).statusCode).toBe(303)
    const [mash] = await db()
      .select()
      .from(userRoleProfiles)
      .where(and(eq(userRoleProfiles.userId, newUserId), eq(userRoleProfiles.roleProfile, 'mash-practitioner')))
    const [person] = await db().select({ id: people.id }).from(people).limit(1)
    const now = t.platform.clock.now()
    await db()
      .insert(breakGlassGrants)
      .values({ personId: person?.id ?? '', userId: newUserId, userRoleProfileId: mash?.id, reason: 'Test of a linked role profile', startsAt: now, expiresAt: new Date(now.getTime() + 60_000) })
    const linked = await admin.post(`/admin/users/${newUserId}/role-profiles/${mash?.id}/remove`, {})
    expectErrorSummary(linked, 'This role profile is linked to past activity, such as emergency access, and cannot be removed. Disable the user instead')
    expect(await db().select().from(userRoleProfiles).where(eq(userRoleProfiles.userId, newUserId))).toHaveLength(2)
  })

  it('disables a user: their existing session ends at once; enabling lets them back', async () => {
    const worker = await t.sessionFor(demoEmail('social.worker'))
    expect((await worker.get('/')).statusCode).toBe(200)
    const workerId = await t.userId(demoEmail('social.worker'))
    const res = await admin.post(`/admin/users/${workerId}/disable`, {})
    expect(res.statusCode).toBe(303)
    const next = await worker.get('/')
    expect(next.statusCode).toBe(303)
    expect(next.headers.location).toBe('/sign-in')
    expect(await db().select().from(sessions).where(eq(sessions.userId, workerId))).toHaveLength(0)
    expect(await auditRows('admin.user.disabled', workerId)).toHaveLength(1)
    const page = await admin.get(`/admin/users/${workerId}`)
    expect(page.body).toContain('Disabled')
    expect(page.body).toContain('Enable user')
    const list = await admin.get('/admin/users')
    expect(list.body).toContain('Disabled')

    expect((await admin.post(`/admin/users/${workerId}/enable`, {})).statusCode).toBe(303)
    expect(await auditRows('admin.user.enabled', workerId)).toHaveLength(1)
    const again = await t.sessionFor(demoEmail('social.worker'))
    expect((await again.get('/')).statusCode).toBe(200)
  })

  it('cannot disable their own account', async () => {
    const adminId = await t.userId(demoEmail('admin'))
    const res = await admin.post(`/admin/users/${adminId}/disable`, {})
    expectErrorSummary(res, 'You cannot disable your own account')
    const [row] = await db().select().from(users).where(eq(users.id, adminId))
    expect(row?.disabledAt).toBeNull()
    expect((await admin.get('/admin')).statusCode).toBe(200)
  })

  it('never reaches people or case routes', async () => {
    expect((await admin.get('/people')).statusCode).toBe(403)
    expect((await admin.get('/people/new')).statusCode).toBe(403)
  })
})

describe('partnership set-up: everyone else', () => {
  const others = ['social.worker', 'analyst', 'ig.officer', 'mash.manager', 'business.unit', 'school.dsl']

  it.each(others)('%s gets 403 on every admin route, and each denial is audited', async (account) => {
    const session = await t.sessionFor(demoEmail(account))
    const home = await session.get('/')
    expect(home.body).not.toContain('Partnership set-up')
    const [agency] = await db().select().from(agencies).limit(1)
    const [profile] = await db().select().from(userRoleProfiles).limit(1)
    const aid = agency?.id ?? ''
    const uid = profile?.userId ?? ''
    const gets = ['/admin', '/admin/agencies', '/admin/agencies/new', `/admin/agencies/${aid}`, `/admin/agencies/${aid}/edit`, `/admin/agencies/${aid}/teams/new`, '/admin/users', '/admin/users/new', `/admin/users/${uid}`]
    const posts: Array<[string, Record<string, string>]> = [
      ['/admin/agencies', { ...AGENCY, name: `Sneaky ${account} (demo)` }],
      ['/admin/agencies', {}],
      [`/admin/agencies/${aid}/edit`, AGENCY],
      [`/admin/agencies/${aid}/teams`, { name: 'Sneaky team' }],
      ['/admin/users', { email: `sneaky.${account}@example.org`, displayName: 'Sneaky', roleProfile: 'system-admin', teamId: '' }],
      [`/admin/users/${uid}/role-profiles`, { roleProfile: 'system-admin', teamId: '' }],
      [`/admin/users/${uid}/role-profiles/${profile?.id}/remove`, {}],
      [`/admin/users/${uid}/disable`, {}],
      [`/admin/users/${uid}/enable`, {}],
    ]
    const deniedBefore = (await db().select().from(auditEvents).where(and(eq(auditEvents.outcome, 'denied'), eq(auditEvents.actorLabel, demoEmail(account))))).length
    const agenciesBefore = await count(agencies)
    const usersBefore = await count(users)
    const profilesBefore = await count(userRoleProfiles)
    for (const url of gets) {
      const res = await session.get(url)
      expect(res.statusCode, `GET ${url}`).toBe(403)
    }
    for (const [url, form] of posts) {
      const res = await session.post(url, form)
      expect(res.statusCode, `POST ${url}`).toBe(403)
    }
    expect(await count(agencies)).toBe(agenciesBefore)
    expect(await count(users)).toBe(usersBefore)
    expect(await count(userRoleProfiles)).toBe(profilesBefore)
    const denied = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.outcome, 'denied'), eq(auditEvents.actorLabel, demoEmail(account))))
      .orderBy(auditEvents.seq)
    expect(denied.length - deniedBefore).toBe(gets.length + posts.length)
    expect(new Set(denied.slice(deniedBefore).map((d) => d.action))).toEqual(new Set(['admin.agencies.manage', 'admin.users.manage']))
  })

  it('a signed-out visitor is sent to sign in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/users' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/sign-in')
  })
})

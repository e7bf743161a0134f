import { asc, eq, sql } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { testEngine } from '../../testing/database.ts'
import { systemActor } from '../access/actor.ts'
import { auditEvents } from '../audit/schema.ts'
import { runWork } from '../context/index.ts'
import { queryRows } from '../db/rows.ts'
import { verifyAuditChain } from '../audit/verify.ts'
import { sessions, teams, users } from './schema.ts'
import { hashToken, SESSION_COOKIE } from './sessions.ts'
import { LOCK_MINUTES, MAX_FAILED_SIGN_INS } from './sign-in.ts'
import { demoTotpSecret, TOTP_PERIOD, totpCode } from './totp.ts'
import { createUser, disableUser } from './users.ts'

const PASSWORD = 'Lantern-demo-2026!'
/** CONTRACTS.md §1, written out here so the test does not trust the seed's own list. */
const CONTRACT_ACCOUNTS = [
  'admin',
  'ig.officer',
  'business.unit',
  'mash.manager',
  'mash.social.worker',
  'mash.police',
  'mash.health',
  'social.worker',
  'exploitation.lead',
  'police.missing',
  'rhi.worker',
  'school.dsl',
  'health.nurse',
  'analyst',
  'panel.chair',
] as const

let t: TestApp
let ipCounter = 0

/** A browser with one cookie jar and its own client address (the sign-in routes are rate-limited per address). */
class Browser {
  cookie: string | undefined
  readonly ip = `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`
  history: string[] = []

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        ...(this.cookie ? { cookie: `${SESSION_COOKIE}=${this.cookie}` } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
    })
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE)
    if (set) {
      this.cookie = set.value === '' ? undefined : set.value
      if (this.cookie) this.history.push(this.cookie)
    }
    return res
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers)
  }
  post(url: string, form: Record<string, string>, headers?: Record<string, string>) {
    return this.request('POST', url, form, headers)
  }
  /** GET a page and POST its form back with the page's CSRF token. */
  async submit(page: string, action: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    const res = await this.get(page)
    expect(res.statusCode, `${page}: ${res.body.slice(0, 200)}`).toBe(200)
    return this.post(action, { _csrf: csrfOf(res), ...form })
  }
}

function csrfOf(res: LightMyRequestResponse): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(res.body)
  if (!match?.[1]) throw new Error(`no _csrf in ${res.body.slice(0, 300)}`)
  return match[1]
}

/** A code for the user's next TOTP step (moving the test clock on if this step has been used already). */
async function nextCode(email: string, secret = demoTotpSecret(email)): Promise<string> {
  const [row] = await t.testDb.database.db.select({ last: users.totpLastStep }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()))
  const step = Math.floor(t.platform.clock.now().getTime() / 1000 / TOTP_PERIOD)
  if (row?.last != null && step <= row.last) t.platform.clock.advance((row.last - step + 1) * TOTP_PERIOD * 1000)
  return totpCode(secret, t.platform.clock.now())
}

async function signInPassword(b: Browser, email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
  return b.submit('/sign-in', '/sign-in', { email, password })
}

/** The whole journey: password, TOTP, role choice when there is one. Ends signed in on `/`. */
async function signIn(email: string, options: { roleProfileId?: string; secret?: string; password?: string } = {}): Promise<Browser> {
  const b = new Browser()
  const first = await signInPassword(b, email, options.password)
  expect(first.statusCode, first.body.slice(0, 500)).toBe(303)
  expect(first.headers.location).toBe('/sign-in/mfa')
  const mfa = await b.submit('/sign-in/mfa', '/sign-in/mfa', { code: await nextCode(email, options.secret) })
  expect(mfa.statusCode, mfa.body.slice(0, 500)).toBe(303)
  if (mfa.headers.location === '/sign-in/role') {
    const page = await b.get('/sign-in/role')
    const chosen = await b.post('/sign-in/role', { _csrf: csrfOf(page), roleProfileId: options.roleProfileId ?? (roleChoices(page.body)[0] as string) })
    expect(chosen.statusCode).toBe(303)
    expect(chosen.headers.location).toBe('/')
  } else {
    expect(mfa.headers.location).toBe('/')
  }
  const home = await b.get('/')
  expect(home.statusCode).toBe(200)
  return b
}

function roleChoices(html: string): string[] {
  return [...html.matchAll(/name="roleProfileId" type="radio" value="([^"]+)"/g)].map((m) => m[1] as string)
}

async function auditFor(res: LightMyRequestResponse) {
  const id = res.headers['x-correlation-id'] as string
  return t.testDb.database.db.select().from(auditEvents).where(eq(auditEvents.correlationId, id)).orderBy(asc(auditEvents.seq))
}

async function sessionRow(token: string | undefined) {
  if (!token) return undefined
  const [row] = await t.testDb.database.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token)))
  return row
}

/** The page with everything that legitimately varies per response taken out: CSRF token, CSP nonce, the typed email. */
function normalise(body: string, email: string): string {
  return body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replaceAll(email, 'EMAIL')
}

beforeAll(async () => {
  t = await createTestApp()
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe(`sign-in journey (${testEngine()})`, () => {
  it('every CONTRACTS §1 account signs in with password and TOTP and lands on / (200)', async () => {
    for (const account of CONTRACT_ACCOUNTS) {
      const email = demoEmail(account)
      const b = await signIn(email)
      const home = await b.get('/')
      expect(home.body, account).toContain('You are working as')
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${await t.tokenFor(email)}` } })
      expect(me.json(), account).toMatchObject({ email })
    }
  }, 120_000)

  it('the two-role demo user chooses a role; only their own role profiles are accepted', async (ctx) => {
    const email = demoEmail('dual.role')
    const [exists] = await t.testDb.database.db.select({ id: users.id }).from(users).where(eq(users.email, email))
    if (!exists) ctx.skip()
    const b = new Browser()
    await signInPassword(b, email)
    const mfa = await b.submit('/sign-in/mfa', '/sign-in/mfa', { code: await nextCode(email) })
    expect(mfa.headers.location).toBe('/sign-in/role')
    const chooseCookie = b.cookie
    // A choose-role session is not signed in.
    expect((await b.get('/')).headers.location).toBe('/sign-in/role')
    const page = await b.get('/sign-in/role')
    const choices = roleChoices(page.body)
    expect(choices).toHaveLength(2)
    expect(page.body).toContain('Social worker')
    expect(page.body).toContain('Exploitation lead')
    // Someone else's role profile id is refused.
    const [other] = await queryRows<{ id: string }>(t.testDb.database.db, sql`select id from user_role_profiles where user_id <> ${exists?.id} limit 1`)
    const refused = await b.post('/sign-in/role', { _csrf: csrfOf(page), roleProfileId: other?.id as string })
    expect(refused.statusCode).toBe(400)
    expect(b.cookie).toBe(chooseCookie)
    const exploitationLead = choices[page.body.indexOf('Social worker') < page.body.indexOf('Exploitation lead') ? 1 : 0] as string
    const chosen = await b.post('/sign-in/role', { _csrf: csrfOf(refused), roleProfileId: exploitationLead })
    expect(chosen.statusCode).toBe(303)
    expect(chosen.headers.location).toBe('/')
    expect(b.cookie).not.toBe(chooseCookie)
    expect(await sessionRow(chooseCookie)).toBeUndefined()
    const home = await b.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('You are working as exploitation lead')
    expect((await auditFor(chosen)).map((r) => [r.action, r.outcome])).toContainEqual(['auth.sign-in.completed', 'succeeded'])
  })

  it('sets the session cookie with __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain', async () => {
    const res = await new Browser().get('/sign-in')
    const header = ([] as string[]).concat(res.headers['set-cookie'] as string | string[]).find((c) => c.startsWith(`${SESSION_COOKIE}=`)) as string
    expect(header).toBeDefined()
    const attributes = header.split(';').slice(1).map((a) => a.trim().toLowerCase())
    expect(attributes).toContain('secure')
    expect(attributes).toContain('httponly')
    expect(attributes).toContain('samesite=lax')
    expect(attributes).toContain('path=/')
    expect(attributes.some((a) => a.startsWith('domain'))).toBe(false)
    expect(SESSION_COOKIE).toBe('__Host-lantern')
    // 256-bit token (ASVS 7.2.3).
    expect(header.split(';')[0]?.split('=')[1]).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('rotates the session id at every step; earlier ids are dead afterwards (ASVS 7.2.4)', async () => {
    const email = demoEmail('mash.police')
    const b = new Browser()
    await b.get('/sign-in')
    const anonymous = b.cookie
    expect(anonymous).toBeDefined()
    await signInPassword(b, email)
    const passwordOnly = b.cookie
    expect(passwordOnly).not.toBe(anonymous)
    expect(await sessionRow(anonymous)).toBeUndefined()
    await b.submit('/sign-in/mfa', '/sign-in/mfa', { code: await nextCode(email) })
    const active = b.cookie
    expect(active).not.toBe(passwordOnly)
    expect(await sessionRow(passwordOnly)).toBeUndefined()
    expect((await sessionRow(active))?.stage).toBe('active')
    // Each earlier cookie, replayed, gets nowhere.
    for (const old of [anonymous, passwordOnly]) {
      const res = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${old}` } })
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe('/sign-in')
      const mfa = await t.app.inject({ method: 'GET', url: '/sign-in/mfa', headers: { cookie: `${SESSION_COOKIE}=${old}` } })
      expect(mfa.headers.location).toBe('/sign-in')
    }
    expect(new Set(b.history).size).toBe(b.history.length)
  })

  it('ignores a session id chosen by an attacker (fixation)', async () => {
    const b = new Browser()
    b.cookie = 'attacker-chosen-session-id-0123456789abcdef'
    const res = await b.get('/sign-in')
    expect(res.statusCode).toBe(200)
    expect(b.cookie).not.toBe('attacker-chosen-session-id-0123456789abcdef')
    expect(await sessionRow('attacker-chosen-session-id-0123456789abcdef')).toBeUndefined()
  })

  it('a password-only session reaches no protected route (ASVS 6.3.3)', async () => {
    const email = demoEmail('mash.manager')
    const b = new Browser()
    const res = await signInPassword(b, email)
    expect(res.headers.location).toBe('/sign-in/mfa')
    for (const url of ['/', '/people', '/people/new', '/account', `/people/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`]) {
      const page = await b.get(url)
      expect(page.statusCode, url).toBe(303)
      expect(page.headers.location, url).toBe('/sign-in/mfa')
    }
    const mfaPage = await b.get('/sign-in/mfa')
    const csrf = csrfOf(mfaPage)
    const peopleCount = () => queryRows<{ n: number }>(t.testDb.database.db, sql`select count(*)::int as n from people`)
    const before = await peopleCount()
    const post = await b.post('/people', { _csrf: csrf, givenName: 'X', familyName: 'Y', kind: 'child' })
    expect(post.statusCode).toBe(303)
    expect(post.headers.location).toBe('/sign-in/mfa')
    expect(await peopleCount()).toEqual(before)
    // The API never takes the cookie.
    const api = await b.get('/api/v1/me')
    expect(api.statusCode).toBe(401)
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/)
    // Nor may it skip the TOTP step to the role choice or enrolment.
    expect((await b.get('/sign-in/role')).headers.location).toBe('/sign-in')
    expect((await b.get('/sign-in/enrol')).headers.location).toBe('/sign-in')
  })

  it('wrong password and unknown email: same status, byte-identical page (no enumeration, ASVS 6.3.8), both audited', async () => {
    const known = demoEmail('panel.chair')
    const unknown = 'no.such.person@demo.lantern.test'
    const wrong = await signInPassword(new Browser(), known, 'Not-the-password-1')
    const missing = await signInPassword(new Browser(), unknown, 'Not-the-password-1')
    expect(wrong.statusCode).toBe(400)
    expect(missing.statusCode).toBe(wrong.statusCode)
    expect(missing.headers['content-type']).toBe(wrong.headers['content-type'])
    expect(wrong.headers['set-cookie']).toBeUndefined()
    expect(missing.headers['set-cookie']).toBeUndefined()
    expect(normalise(missing.body, unknown)).toBe(normalise(wrong.body, known))
    expect(wrong.body).toContain('Enter a correct email address and password')
    const userId = await t.userId(known)
    expect((await auditFor(wrong)).map((r) => [r.action, r.outcome, r.resourceId])).toEqual([['auth.sign-in.password', 'failed', userId]])
    expect((await auditFor(missing)).map((r) => [r.action, r.outcome, r.actorLabel])).toEqual([['auth.sign-in.password', 'failed', `sign-in:${unknown}`]])
    // Odd input (a NUL, right-to-left override, very long) gets the same answer, and is still audited.
    for (const odd of ['nul\u0000byte@demo.lantern.test', '\u202Eevil@demo.lantern.test', `${'a'.repeat(300)}@demo.lantern.test`]) {
      const res = await signInPassword(new Browser(), odd, 'Not-the-password-1')
      expect(res.statusCode, JSON.stringify(odd)).toBe(400)
      expect((await auditFor(res)).map((r) => [r.action, r.outcome])).toEqual([['auth.sign-in.password', 'failed']])
    }
    // Signing in properly afterwards is unaffected.
    await signIn(known)
  })

  it('a TOTP code cannot be used twice (ASVS 6.5.1), and a wrong code is audited', async () => {
    const email = demoEmail('mash.health')
    const code = await nextCode(email)
    const first = new Browser()
    await signInPassword(first, email)
    const ok = await first.submit('/sign-in/mfa', '/sign-in/mfa', { code })
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe('/')
    expect((await auditFor(ok)).map((r) => [r.action, r.outcome])).toEqual([
      ['auth.sign-in.mfa', 'succeeded'],
      ['auth.sign-in.completed', 'succeeded'],
    ])

    const second = new Browser()
    await signInPassword(second, email)
    const stillMfa = second.cookie
    const replay = await second.submit('/sign-in/mfa', '/sign-in/mfa', { code })
    expect(replay.statusCode).toBe(400)
    expect(replay.body).toContain('The security code is not correct or has expired')
    expect(second.cookie).toBe(stillMfa)
    expect((await sessionRow(stillMfa))?.stage).toBe('mfa')
    expect((await auditFor(replay)).map((r) => [r.action, r.outcome])).toEqual([['auth.sign-in.mfa', 'failed']])
    expect((await second.get('/')).headers.location).toBe('/sign-in/mfa')

    const wrong = await second.submit('/sign-in/mfa', '/sign-in/mfa', { code: code === '000000' ? '111111' : '000000' })
    expect(wrong.statusCode).toBe(400)
    // The next step's code works.
    const good = await second.submit('/sign-in/mfa', '/sign-in/mfa', { code: await nextCode(email) })
    expect(good.headers.location).toBe('/')
  })

  it('the same code raced on two sessions signs in exactly one of them', async () => {
    const email = demoEmail('ig.officer')
    const a = new Browser()
    const b = new Browser()
    await signInPassword(a, email)
    await signInPassword(b, email)
    const [pageA, pageB] = [await a.get('/sign-in/mfa'), await b.get('/sign-in/mfa')]
    const code = await nextCode(email)
    const results = await Promise.all([a.post('/sign-in/mfa', { _csrf: csrfOf(pageA), code }), b.post('/sign-in/mfa', { _csrf: csrfOf(pageB), code })])
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 400])
  })

  it(`${MAX_FAILED_SIGN_INS} failures lock the account for ${LOCK_MINUTES} minutes; the lock then expires`, async () => {
    const email = demoEmail('analyst')
    const b = new Browser()
    const failures: LightMyRequestResponse[] = []
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) failures.push(await signInPassword(b, email, `Wrong-password-${i}`))
    expect(failures.every((f) => f.statusCode === 400)).toBe(true)
    const lockAudit = await auditFor(failures.at(-1) as LightMyRequestResponse)
    expect(lockAudit.map((r) => [r.action, r.outcome])).toEqual([
      ['auth.sign-in.password', 'failed'],
      ['auth.account.locked', 'failed'],
    ])
    // The right password is now refused, with the very same page as a wrong one.
    const locked = await signInPassword(b, email)
    expect(locked.statusCode).toBe(400)
    expect(normalise(locked.body, email)).toBe(normalise(failures[0]?.body as string, email))
    expect((await auditFor(locked))[0]?.details).toEqual({ reason: 'account locked' })
    t.platform.clock.advance((LOCK_MINUTES - 1) * 60_000)
    expect((await signInPassword(b, email)).statusCode).toBe(400)
    t.platform.clock.advance(60_000 + 1000)
    await signIn(email)
  })

  it('also locks after TOTP failures (password and code failures count together)', async () => {
    const email = demoEmail('business.unit')
    const b = new Browser()
    await signInPassword(b, email)
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      const res = await b.submit('/sign-in/mfa', '/sign-in/mfa', { code: String(100000 + i) })
      expect(res.statusCode).toBe(400)
    }
    const good = await b.submit('/sign-in/mfa', '/sign-in/mfa', { code: await nextCode(email) })
    expect(good.statusCode).toBe(400)
    expect((await signInPassword(new Browser(), email)).statusCode).toBe(400)
    t.platform.clock.advance(LOCK_MINUTES * 60_000 + 1000)
    await signIn(email)
  })

  it('rate-limits sign-in attempts per client address', async () => {
    const b = new Browser()
    const page = await b.get('/sign-in')
    const csrf = csrfOf(page)
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) statuses.push((await b.post('/sign-in', { _csrf: csrf, email: `x${i}@example.org`, password: 'x' })).statusCode)
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true)
    expect(statuses[20]).toBe(429)
  })

  it('idle timeout: 15 minutes without a request ends the session (ASVS 7.3.1)', async () => {
    const b = await signIn(demoEmail('rhi.worker'))
    for (let i = 0; i < 3; i++) {
      t.platform.clock.advance(14 * 60_000)
      expect((await b.get('/')).statusCode).toBe(200)
    }
    t.platform.clock.advance(15 * 60_000 + 1000)
    const res = await b.get('/')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/sign-in')
    expect(await sessionRow(b.cookie)).toBeUndefined()
  })

  it('absolute timeout: 12 hours after sign-in, however active (ASVS 7.3.2)', async () => {
    const b = await signIn(demoEmail('school.dsl'))
    const started = t.platform.clock.now().getTime()
    while (t.platform.clock.now().getTime() - started < 12 * 60 * 60_000 - 10 * 60_000) {
      t.platform.clock.advance(10 * 60_000)
      expect((await b.get('/')).statusCode).toBe(200)
    }
    t.platform.clock.advance(11 * 60_000)
    const res = await b.get('/')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/sign-in')
  })

  it('signing out ends the session: the old cookie is dead (ASVS 7.4.1), and it is audited', async () => {
    const b = await signIn(demoEmail('social.worker'))
    const cookie = b.cookie
    const out = await b.submit('/', '/sign-out', {})
    expect(out.statusCode).toBe(303)
    expect(out.headers.location).toBe('/sign-in?signedOut=1')
    expect(b.cookie).toBeUndefined()
    expect(await sessionRow(cookie)).toBeUndefined()
    const replay = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })
    expect(replay.headers.location).toBe('/sign-in')
    expect((await auditFor(out)).map((r) => [r.action, r.outcome])).toEqual([['auth.sign-out', 'succeeded']])
  })

  it('"sign out everywhere" ends every session of that user, and only theirs', async () => {
    const email = demoEmail('exploitation.lead')
    const a = await signIn(email)
    const b = await signIn(email)
    const other = await signIn(demoEmail('police.missing'))
    const res = await a.submit('/account', '/sign-out/everywhere', {})
    expect(res.statusCode).toBe(303)
    expect((await b.get('/')).headers.location).toBe('/sign-in')
    expect((await a.get('/')).headers.location).toBe('/sign-in')
    expect((await other.get('/')).statusCode).toBe(200)
    expect((await auditFor(res)).map((r) => r.action)).toEqual(['auth.sign-out.everywhere'])
  })

  it('disabling a user kills their sessions and their API tokens on the next request (ASVS 7.4.2)', async () => {
    const email = demoEmail('health.nurse')
    const b = await signIn(email)
    const token = await t.tokenFor(email)
    const api = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
    expect((await api()).statusCode).toBe(200)
    const userId = await t.userId(email)
    await runWork(t.platform, systemActor('test'), 'test-disable', (ctx) => disableUser(ctx, userId))
    expect((await b.get('/')).headers.location).toBe('/sign-in')
    expect((await api()).statusCode).toBe(401)
    // And the right password no longer signs in, with the same page as a wrong one.
    const refused = await signInPassword(new Browser(), email)
    expect(refused.statusCode).toBe(400)
    expect((await auditFor(refused))[0]?.details).toEqual({ reason: 'account disabled' })
  })

  it('a new user enrols an authenticator at first sign-in; the secret is stored only once confirmed', async () => {
    const [team] = await t.testDb.database.db.select({ id: teams.id }).from(teams).where(eq(teams.name, 'MASH'))
    const email = 'new.starter@demo.lantern.test'
    const password = 'A-long-enough-first-password'
    const user = await runWork(t.platform, systemActor('test'), 'test-create', (ctx) =>
      createUser(ctx, { email, displayName: 'New Starter', password, roleProfiles: [{ roleProfile: 'mash-practitioner', teamId: team?.id as string }] }),
    )
    expect(user.totpSecret).toBeNull()
    const b = new Browser()
    const res = await signInPassword(b, email, password)
    expect(res.headers.location).toBe('/sign-in/enrol')
    // Not signed in yet.
    expect((await b.get('/')).headers.location).toBe('/sign-in/enrol')
    expect((await b.get('/sign-in/mfa')).headers.location).toBe('/sign-in')
    const page = await b.get('/sign-in/enrol')
    const secret = /data-qa="totp-secret">([A-Z2-7 ]+)</.exec(page.body)?.[1]?.replace(/ /g, '') as string
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
    const current = await totpCode(secret, t.platform.clock.now())
    const wrong = await b.post('/sign-in/enrol', { _csrf: csrfOf(page), code: current === '000000' ? '111111' : '000000' })
    expect(wrong.statusCode).toBe(400)
    const [stillNone] = await t.testDb.database.db.select({ s: users.totpSecret }).from(users).where(eq(users.id, user.id))
    expect(stillNone?.s).toBeNull()
    const ok = await b.post('/sign-in/enrol', { _csrf: csrfOf(wrong), code: await totpCode(secret, t.platform.clock.now()) })
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe('/')
    expect((await b.get('/')).statusCode).toBe(200)
    const [stored] = await t.testDb.database.db.select({ s: users.totpSecret }).from(users).where(eq(users.id, user.id))
    expect(stored?.s).toBe(secret)
    expect((await auditFor(ok)).map((r) => [r.action, r.outcome])).toEqual([
      ['auth.mfa.enrol', 'succeeded'],
      ['auth.sign-in.completed', 'succeeded'],
    ])
    // Next time: the ordinary TOTP step with the enrolled secret.
    await signIn(email, { secret, password })
  })

  it('a temporary password from an administrator must be replaced at first sign-in, before any role is reached', async () => {
    const [team] = await t.testDb.database.db.select({ id: teams.id }).from(teams).where(eq(teams.name, 'MASH'))
    const email = 'temporary.starter@demo.lantern.test'
    const temporary = 'Temp-0123456789abcdef'
    const user = await runWork(t.platform, systemActor('test'), 'test-create', (ctx) =>
      createUser(ctx, {
        email,
        displayName: 'Temporary Starter',
        password: temporary,
        passwordChangeRequired: true,
        roleProfiles: [{ roleProfile: 'mash-practitioner', teamId: team?.id as string }],
      }),
    )
    const b = new Browser()
    expect((await signInPassword(b, email, temporary)).headers.location).toBe('/sign-in/enrol')
    const enrolPage = await b.get('/sign-in/enrol')
    const secret = /data-qa="totp-secret">([A-Z2-7 ]+)</.exec(enrolPage.body)?.[1]?.replace(/ /g, '') as string
    const enrolled = await b.post('/sign-in/enrol', { _csrf: csrfOf(enrolPage), code: await totpCode(secret, t.platform.clock.now()) })
    expect(enrolled.headers.location).toBe('/sign-in/new-password')
    // Not signed in: every page sends the user back to this step, and the role choice is out of reach.
    expect((await b.get('/')).headers.location).toBe('/sign-in/new-password')
    expect((await b.get('/sign-in/role')).headers.location).toBe('/sign-in')

    const refusals: Array<[Record<string, string>, string]> = [
      [{ newPassword: '', confirmPassword: '' }, 'Enter a new password'],
      [{ newPassword: 'too-short', confirmPassword: 'too-short' }, 'Password must be 12 characters or more'],
      [{ newPassword: temporary, confirmPassword: temporary }, 'Your new password must be different from your current password'],
      [{ newPassword: 'Correct-horse-battery', confirmPassword: 'Correct-horse-batteryX' }, 'Enter the same new password twice'],
    ]
    for (const [form, message] of refusals) {
      const res = await b.submit('/sign-in/new-password', '/sign-in/new-password', form)
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain(message)
      const [row] = await t.testDb.database.db.select().from(users).where(eq(users.id, user.id))
      expect(row?.passwordChangeRequired, 'nothing changed').toBe(true)
    }
    const saved = await b.submit('/sign-in/new-password', '/sign-in/new-password', { newPassword: 'Correct-horse-battery', confirmPassword: 'Correct-horse-battery' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe('/')
    expect((await b.get('/')).statusCode).toBe(200)
    const [row] = await t.testDb.database.db.select().from(users).where(eq(users.id, user.id))
    expect(row?.passwordChangeRequired).toBe(false)
    expect((await auditFor(saved)).map((r) => r.action)).toEqual(['auth.password.changed', 'auth.sign-in.completed'])

    // The temporary password no longer works; the new one does, straight to the TOTP step.
    const old = await signInPassword(new Browser(), email, temporary)
    expect(old.statusCode).toBe(400)
    t.platform.clock.advance(TOTP_PERIOD * 1000)
    await signIn(email, { secret, password: 'Correct-horse-battery' })
  })

  it('a signed-in user changes their password from their account: current password checked, other sessions end', async () => {
    const [team] = await t.testDb.database.db.select({ id: teams.id }).from(teams).where(eq(teams.name, 'MASH'))
    const email = 'changing.password@demo.lantern.test'
    const first = 'First-password-of-mine'
    await runWork(t.platform, systemActor('test'), 'test-create', (ctx) =>
      createUser(ctx, { email, displayName: 'Changing Password', password: first, roleProfiles: [{ roleProfile: 'mash-practitioner', teamId: team?.id as string }] }),
    )
    // Enrol once, then two sessions.
    const e = new Browser()
    await signInPassword(e, email, first)
    const enrolPage = await e.get('/sign-in/enrol')
    const secret = /data-qa="totp-secret">([A-Z2-7 ]+)</.exec(enrolPage.body)?.[1]?.replace(/ /g, '') as string
    expect((await e.post('/sign-in/enrol', { _csrf: csrfOf(enrolPage), code: await totpCode(secret, t.platform.clock.now()) })).headers.location).toBe('/')
    t.platform.clock.advance(TOTP_PERIOD * 1000)
    const other = await signIn(email, { secret, password: first })

    const wrong = await e.submit('/account/password', '/account/password', { currentPassword: 'not-my-password', newPassword: 'Second-password-of-mine', confirmPassword: 'Second-password-of-mine' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('Your current password is not correct')
    expect((await other.get('/')).statusCode, 'a refused change ends nothing').toBe(200)

    const ok = await e.submit('/account/password', '/account/password', { currentPassword: first, newPassword: 'Second-password-of-mine', confirmPassword: 'Second-password-of-mine' })
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe('/account?passwordChanged=1')
    expect((await e.get('/account?passwordChanged=1')).body).toContain('Your password has been changed')
    expect((await other.get('/')).headers.location, 'the other session ended').toBe('/sign-in')
    expect((await signInPassword(new Browser(), email, first)).statusCode).toBe(400)
  })

  it('every sign-in event of this file is in the audit log, and the chain verifies', async () => {
    const rows = await t.testDb.database.db
      .select({ action: auditEvents.action, outcome: auditEvents.outcome, n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(sql`${auditEvents.action} like 'auth.%'`)
      .groupBy(auditEvents.action, auditEvents.outcome)
    const counts = Object.fromEntries(rows.map((r) => [`${r.action}:${r.outcome}`, r.n]))
    expect(counts['auth.sign-in.password:succeeded']).toBeGreaterThanOrEqual(CONTRACT_ACCOUNTS.length)
    expect(counts['auth.sign-in.password:failed']).toBeGreaterThanOrEqual(MAX_FAILED_SIGN_INS + 2)
    expect(counts['auth.sign-in.mfa:succeeded']).toBeGreaterThanOrEqual(CONTRACT_ACCOUNTS.length)
    expect(counts['auth.sign-in.mfa:failed']).toBeGreaterThanOrEqual(MAX_FAILED_SIGN_INS)
    expect(counts['auth.sign-in.completed:succeeded']).toBeGreaterThanOrEqual(CONTRACT_ACCOUNTS.length)
    expect(counts['auth.account.locked:failed']).toBeGreaterThanOrEqual(2)
    expect(counts['auth.sign-out:succeeded']).toBeGreaterThanOrEqual(1)
    expect(await verifyAuditChain(t.testDb.database.db, t.testDb.auditKey, t.testDb.checkpointFile)).toMatchObject({ ok: true })
  })
})

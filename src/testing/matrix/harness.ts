/**
 * Runs matrix cases against one test app: signs each role's demo account in (browser session and API token),
 * creates the person fixtures per role × record state directly in the database, makes each case's request and
 * classifies the answer.
 */
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { auditEvents } from '../../platform/audit/schema.ts'
import type { LightMyRequestResponse } from 'fastify'
import { breakGlassGrants, legitimateRelationships, recordProtections, sealedRecordAccess } from '../../platform/access/schema.ts'
import { systemActor } from '../../platform/access/actor.ts'
import { issueApiToken } from '../../platform/auth/api-tokens.ts'
import { userRoleProfiles, users } from '../../platform/auth/schema.ts'
import { createSession, csrfTokenFor, SESSION_COOKIE } from '../../platform/auth/sessions.ts'
import { totpCode } from '../../platform/auth/totp.ts'
import { runWork } from '../../platform/context/index.ts'
import { people } from '../../modules/people/schema.ts'
import type { TestApp } from '../app.ts'
import {
  DEMO_ACCOUNTS,
  MATRIX_ROLES,
  PERSON_STATES,
  demoAccountEmail,
  isPersonEntry,
  type CaseContext,
  type MatrixEntry,
  type MatrixRole,
  type MatrixUser,
  type Outcome,
  type PersonFixture,
  type PersonState,
  type Subject,
} from './types.ts'

type Browser = { cookie: string; csrf: string }

/** What came back, as a matrix outcome, or `status N` for anything that is not one (400, 409, 429, 500…). */
export function classify(status: number, location: string | undefined): Outcome | `status ${number}` {
  if (status === 401) return '401'
  if (status === 403) return '403'
  if (status === 404) return '404'
  if (status >= 300 && status < 400 && location === '/sign-in') return 'sign-in'
  if (status >= 200 && status < 400) return 'allow'
  return `status ${status}`
}

export type CaseResult = {
  subject: Subject
  state: PersonState | null
  expected: Outcome
  actual: Outcome | `status ${number}`
  detail: string
  /** For a 403 or 404 to a signed-in user: whether the request left a `denied` audit row. */
  deniedAudited?: boolean
}

export class MatrixHarness {
  readonly users = {} as Record<MatrixRole, MatrixUser>
  private readonly browsers = new Map<Subject, Browser>()
  private readonly tokens = new Map<MatrixRole, string>()
  private readonly persons = new Map<string, PersonFixture>()
  private readonly memos = new Map<string, Promise<unknown>>()
  private igUserId = ''
  private sequence = 0
  private addressCounter = 0
  cases = 0

  constructor(readonly t: TestApp) {}

  get db() {
    return this.t.testDb.database.db
  }

  /** Look up the demo accounts, sign them in, and create the person fixtures for every role × state. */
  async setUp(): Promise<void> {
    for (const role of MATRIX_ROLES) {
      const email = demoAccountEmail(DEMO_ACCOUNTS[role])
      const [row] = await this.db
        .select({ userId: users.id, userRoleProfileId: userRoleProfiles.id, teamId: userRoleProfiles.teamId })
        .from(userRoleProfiles)
        .innerJoin(users, eq(users.id, userRoleProfiles.userId))
        .where(and(eq(users.email, email), eq(userRoleProfiles.roleProfile, role)))
      if (!row) throw new Error(`The demo partnership has no ${email} with role profile ${role} (CONTRACTS.md §1)`)
      this.users[role] = { role, email, ...row }
      this.tokens.set(role, await this.t.tokenFor(email, role))
    }
    this.igUserId = this.users['information-governance-officer'].userId
    for (const role of MATRIX_ROLES) {
      for (const state of PERSON_STATES) this.persons.set(`${role}|${state}`, await this.createPerson(this.users[role], state))
    }
    this.persons.set('anonymous|no-relationship', await this.createPerson(this.users.analyst, 'no-relationship'))
    this.persons.set('anonymous|nonexistent', await this.createPerson(this.users.analyst, 'nonexistent'))
  }

  /** A person in `state` as seen by `user`. */
  async createPerson(user: MatrixUser, state: PersonState): Promise<PersonFixture> {
    this.sequence += 1
    const fixture: PersonFixture = {
      id: randomUUID(),
      givenName: 'Matrix',
      // Letters only: names with digits are refused by the person form, and edit cases post the name back.
      familyName: `Case${lettersFor(this.sequence)}`,
      dateOfBirth: '2012-05-01',
      gender: 'F',
    }
    if (state === 'nonexistent') return fixture
    const now = this.t.platform.clock.now()
    const dayAgo = new Date(now.getTime() - 86_400_000)
    const db = this.db
    await db.insert(people).values({ ...fixture, createdAt: dayAgo, updatedAt: dayAgo })
    const userRelationship = (source: 'allocation' | 'ig-grant') =>
      db.insert(legitimateRelationships).values({ personId: fixture.id, userId: user.userId, source, startsAt: dayAgo })
    const protect = (level: 'restricted' | 'sealed') =>
      db.insert(recordProtections).values({ personId: fixture.id, state: level, reason: 'Authorization matrix fixture', setBy: this.igUserId, setAt: dayAgo })
    switch (state) {
      case 'relationship':
        await userRelationship('allocation')
        break
      case 'team-relationship':
        await db.insert(legitimateRelationships).values({
          personId: fixture.id,
          teamId: user.teamId,
          source: 'creator',
          startsAt: dayAgo,
          expiresAt: new Date(now.getTime() + 29 * 86_400_000),
        })
        break
      case 'no-relationship':
        break
      case 'break-glass':
        await db.insert(breakGlassGrants).values({
          personId: fixture.id,
          userId: user.userId,
          userRoleProfileId: user.userRoleProfileId,
          reason: 'Authorization matrix fixture',
          startsAt: new Date(now.getTime() - 60_000),
          expiresAt: new Date(now.getTime() + 59 * 60_000),
        })
        break
      case 'restricted-relationship':
        await protect('restricted')
        await userRelationship('ig-grant')
        break
      case 'restricted-no-relationship':
        await protect('restricted')
        break
      case 'sealed-named':
        await protect('sealed')
        await db.insert(sealedRecordAccess).values({ personId: fixture.id, userId: user.userId, grantedBy: this.igUserId, grantedAt: dayAgo })
        break
      case 'sealed-unnamed':
        await protect('sealed')
        await userRelationship('allocation')
        break
    }
    return fixture
  }

  private async newBrowser(subject: Subject, stage: 'active' | 'anonymous' | 'mfa' | 'mfa-enrol' | 'new-password' | 'choose-role'): Promise<Browser> {
    const now = this.t.platform.clock.now()
    let fields: Parameters<typeof createSession>[1]
    if (subject === 'anonymous' || stage === 'anonymous') {
      fields = { stage: 'anonymous' }
    } else {
      const user = this.users[subject]
      fields =
        stage === 'active'
          ? { stage, userId: user.userId, userRoleProfileId: user.userRoleProfileId }
          : stage === 'mfa-enrol'
            ? { stage, userId: user.userId, pendingTotpSecret: await this.totpSecret(user.userId) }
            : { stage, userId: user.userId }
    }
    const { token, session } = await createSession(this.db, fields, now)
    return { cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfTokenFor(session) }
  }

  private async browser(subject: Subject): Promise<Browser> {
    let browser = this.browsers.get(subject)
    if (!browser) {
      browser = await this.newBrowser(subject, subject === 'anonymous' ? 'anonymous' : 'active')
      this.browsers.set(subject, browser)
    }
    return browser
  }

  async totpSecret(userId: string): Promise<string> {
    const [user] = await this.db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, userId))
    if (!user?.secret) throw new Error(`user ${userId} has no TOTP secret`)
    return user.secret
  }

  async totpCode(userId: string): Promise<string> {
    const secret = await this.totpSecret(userId)
    await this.db.update(users).set({ totpLastStep: null, failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId))
    return totpCode(secret, this.t.platform.clock.now())
  }

  memo<T>(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.memos.get(key)
    if (!value) {
      value = make()
      this.memos.set(key, value)
    }
    return value as Promise<T>
  }

  private context(subject: Subject, state: PersonState | null, person: PersonFixture): CaseContext {
    const anonymous = subject === 'anonymous'
    return {
      subject,
      anonymous,
      user: anonymous ? this.users.analyst : this.users[subject],
      reviewee: this.users['mash-manager'],
      state,
      person,
      db: this.db,
      now: () => this.t.platform.clock.now(),
      totpCode: (userId) => this.totpCode(userId),
      totpSecret: (userId) => this.totpSecret(userId),
      throwawayTokenId: async (user) => {
        const { record } = await runWork(this.t.platform, systemActor('matrix'), 'matrix', (ctx) =>
          issueApiToken(ctx, { userId: user.userId, userRoleProfileId: user.userRoleProfileId, name: 'matrix throwaway' }),
        )
        return record.id
      },
      memo: (key, make) => this.memo(key, make),
    }
  }

  /** The (subject, state) cases of an entry: every role in every state for person routes, plus anonymous. */
  casesOf(entry: MatrixEntry): Array<{ subject: Subject; state: PersonState | null; expected: Outcome }> {
    if (isPersonEntry(entry)) {
      const out: Array<{ subject: Subject; state: PersonState | null; expected: Outcome }> = []
      for (const role of MATRIX_ROLES) {
        PERSON_STATES.forEach((state, i) => out.push({ subject: role, state, expected: entry.expect[role][i] as Outcome }))
      }
      out.push({ subject: 'anonymous', state: 'no-relationship', expected: entry.expect.anonymous })
      out.push({ subject: 'anonymous', state: 'nonexistent', expected: entry.expect.anonymous })
      return out
    }
    return [...MATRIX_ROLES, 'anonymous' as const].map((subject) => ({ subject, state: null, expected: entry.expect[subject] }))
  }

  async run(entry: MatrixEntry): Promise<CaseResult[]> {
    const results: CaseResult[] = []
    for (const c of this.casesOf(entry)) results.push(await this.runCase(entry, c.subject, c.state, c.expected))
    return results
  }

  async runCase(entry: MatrixEntry, subject: Subject, state: PersonState | null, expected: Outcome): Promise<CaseResult> {
    this.cases += 1
    const fixtureKey = `${subject}|${state ?? 'no-relationship'}`
    let person = this.persons.get(fixtureKey) ?? this.persons.get('anonymous|no-relationship')
    if (!person) throw new Error('fixtures not set up')
    if (entry.freshPerson && state && subject !== 'anonymous') person = await this.createPerson(this.users[subject], state)
    const ctx = this.context(subject, state, person)
    const [method, pattern] = entry.route.split(' ') as [string, string]
    const params: Record<string, string> = { ...(isPersonEntry(entry) ? { id: person.id } : {}), ...(await entry.request?.params?.(ctx)) }
    const path = pattern.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
      const value = params[name]
      if (value === undefined) throw new Error(`${entry.route}: no value for :${name}`)
      return encodeURIComponent(value)
    })
    const query = entry.request?.query?.(ctx)
    const url = query ? `${path}?${new URLSearchParams(query).toString()}` : path
    const body = await entry.request?.body?.(ctx)
    const headers: Record<string, string> = {}
    let payload: string | undefined
    // Every case from its own address, so per-address rate limits (sign-in, break-glass) never decide a case.
    this.addressCounter += 1
    const remoteAddress = `10.${(this.addressCounter >> 16) & 255}.${(this.addressCounter >> 8) & 255}.${this.addressCounter & 255}`
    if (entry.kind === 'api') {
      if (subject !== 'anonymous') headers.authorization = `Bearer ${this.tokens.get(subject)}`
      if (body !== undefined) {
        headers['content-type'] = 'application/json'
        payload = JSON.stringify(body)
      }
    } else {
      const session = entry.session ?? 'default'
      const browser =
        session === 'default'
          ? await this.browser(subject)
          : await this.newBrowser(subject, session === 'fresh' ? (subject === 'anonymous' ? 'anonymous' : 'active') : session)
      headers.cookie = browser.cookie
      const file = entry.request?.file?.(ctx)
      if (method !== 'GET' && file) {
        const boundary = `----matrix${randomUUID()}`
        const fields = { _csrf: browser.csrf, ...Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)])) }
        const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        parts.push(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: text/csv\r\n\r\n${file.content}\r\n--${boundary}--\r\n`)
        headers['content-type'] = `multipart/form-data; boundary=${boundary}`
        payload = parts.join('')
      } else if (method !== 'GET') {
        headers['content-type'] = 'application/x-www-form-urlencoded'
        const form: Record<string, string> = { _csrf: browser.csrf }
        for (const [k, v] of Object.entries(body ?? {})) form[k] = String(v)
        payload = new URLSearchParams(form).toString()
      }
    }
    let response: LightMyRequestResponse
    try {
      response = await this.t.app.inject({ method: method as 'GET', url, headers, remoteAddress, ...(payload !== undefined ? { payload } : {}) })
    } finally {
      if (entry.endsUserSessions && subject !== 'anonymous') this.browsers.delete(subject)
      await entry.request?.after?.(ctx)
    }
    const location = typeof response.headers.location === 'string' ? response.headers.location : undefined
    const actual = classify(response.statusCode, location)
    const detail = `${method} ${url} → ${response.statusCode}${location ? ` → ${location}` : ''}`
    const result: CaseResult = { subject, state, expected, actual, detail }
    if ((actual === '403' || actual === '404') && subject !== 'anonymous') {
      const correlationId = String(response.headers['x-correlation-id'] ?? '')
      const rows = await this.db
        .select({ seq: auditEvents.seq })
        .from(auditEvents)
        .where(and(eq(auditEvents.correlationId, correlationId), eq(auditEvents.outcome, 'denied')))
      result.deniedAudited = rows.length > 0
    }
    return result
  }
}

/** Refusals that left no `denied` audit row (ASVS 16.3.2: every authorization decision is logged). */
export function describeUnaudited(entry: MatrixEntry, results: readonly CaseResult[]): string[] {
  return results
    .filter((r) => r.deniedAudited === false && !(r.actual === '404' && entry.unauditedNotFound))
    .map((r) => `${r.subject}${r.state ? ` × ${r.state}` : ''}: ${r.actual} without a denied audit row (${r.detail})`)
}

/** One line per mismatch, for the assertion message. */
export function describeMismatches(results: readonly CaseResult[]): string[] {
  return results
    .filter((r) => r.actual !== r.expected)
    .map((r) => `${r.subject}${r.state ? ` × ${r.state}` : ''}: expected ${r.expected}, got ${r.actual} (${r.detail})`)
}

/** 1 → "a", 26 → "z", 27 → "aa": a unique, letters-only suffix for fixture names. */
function lettersFor(n: number): string {
  let out = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(97 + ((k - 1) % 26)) + out
  return out || 'a'
}

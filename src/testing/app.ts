import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, asc, eq, sql } from 'drizzle-orm'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { issueApiToken } from '../platform/auth/api-tokens.ts'
import { agencies, teams, userRoleProfiles, users } from '../platform/auth/schema.ts'
import { createSession, csrfTokenFor, SESSION_COOKIE } from '../platform/auth/sessions.ts'
import { systemActor } from '../platform/access/actor.ts'
import { AuditLog } from '../platform/audit/log.ts'
import { loadConfig, type Config } from '../platform/config/index.ts'
import { runWork, type Platform } from '../platform/context/index.ts'
import { buildApp, ROOT_DIR } from '../platform/http/app.ts'
import { modules } from '../modules/index.ts'
import { openTestDatabase, testClock, type TestClock, type TestDatabase } from './database.ts'

export type TestApp = {
  app: FastifyInstance
  platform: Platform & { clock: TestClock }
  testDb: TestDatabase
  config: Config
  /** A signed-in browser session for a user (by email), optionally in a given role profile. */
  sessionFor(email: string, roleProfile?: string): Promise<BrowserSession>
  /** An API bearer token for a user. */
  tokenFor(email: string, roleProfile?: string): Promise<string>
  userId(email: string): Promise<string>
  close(): Promise<void>
}

export type BrowserSession = {
  cookie: string
  csrf: string
  get(url: string): Promise<LightMyRequestResponse>
  post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse>
}

export const demoEmail = (account: string) => `${account}@demo.lantern.test`

/**
 * The whole app over a fresh test database (demo partnership loaded), driven with `inject` — real routes, real
 * templates, real policies and audit, no network. Sessions are made directly in the database; the sign-in
 * journey itself has its own tests.
 */
export async function createTestApp(options: { seeded?: boolean } = {}): Promise<TestApp> {
  const testDb = await openTestDatabase(options)
  const clock = testClock()
  const platform = { database: testDb.database, auditLog: new AuditLog(testDb.auditKey, testDb.checkpointFile), clock }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-app-'))
  // Production mode caches compiled templates (~120 ms a page otherwise); it changes nothing an outcome depends on.
  const config = loadConfig({ LANTERN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', LANTERN_TODAY: '2026-11-28', NODE_ENV: 'production' })
  const app = await buildApp({ platform, config, modules, rootDir: ROOT_DIR, logger: false })
  await app.ready()
  const db = testDb.database.db

  async function profileOf(email: string, roleProfile?: string) {
    const rows = await db
      .select({ userId: users.id, profileId: userRoleProfiles.id })
      .from(userRoleProfiles)
      .innerJoin(users, eq(users.id, userRoleProfiles.userId))
      .innerJoin(teams, eq(teams.id, userRoleProfiles.teamId))
      .innerJoin(agencies, eq(agencies.id, teams.agencyId))
      .where(and(eq(sql`lower(${users.email})`, email.toLowerCase()), roleProfile ? eq(userRoleProfiles.roleProfile, roleProfile as never) : sql`true`))
      .orderBy(asc(userRoleProfiles.position))
    const row = rows[0]
    if (!row) throw new Error(`No user ${email}${roleProfile ? ` with role profile ${roleProfile}` : ''}`)
    return row
  }

  return {
    app,
    platform,
    testDb,
    config,
    async sessionFor(email, roleProfile) {
      const { userId, profileId } = await profileOf(email, roleProfile)
      const { token, session } = await createSession(db, { stage: 'active', userId, userRoleProfileId: profileId }, clock.now())
      const cookie = `${SESSION_COOKIE}=${token}`
      const csrf = csrfTokenFor(session)
      return {
        cookie,
        csrf,
        get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
        post: (url, form) => app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...form }).toString() }),
      }
    },
    async tokenFor(email, roleProfile) {
      const { userId, profileId } = await profileOf(email, roleProfile)
      const { token } = await runWork(platform, systemActor('test'), 'test', (ctx) => issueApiToken(ctx, { userId, userRoleProfileId: profileId, name: 'test' }))
      return token
    },
    async userId(email) {
      return (await profileOf(email)).userId
    },
    async close() {
      await app.close()
      await testDb.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

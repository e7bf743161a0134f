import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { testEngine } from '../../testing/database.ts'
import { systemActor } from '../access/actor.ts'
import { auditEvents } from '../audit/schema.ts'
import { runWork } from '../context/index.ts'
import { ValidationError } from '../errors.ts'
import { issueApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts'
import { apiTokens, userRoleProfiles, users } from './schema.ts'
import { hashToken } from './sessions.ts'

let t: TestApp

const me = (authorization: string | undefined, url = '/api/v1/me') =>
  t.app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } })

async function profileOf(email: string) {
  const [row] = await t.testDb.database.db
    .select({ userId: users.id, profileId: userRoleProfiles.id, roleProfile: userRoleProfiles.roleProfile })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .where(eq(users.email, email))
    .orderBy(asc(userRoleProfiles.position))
  if (!row) throw new Error(`no ${email}`)
  return row
}

const issue = (input: Parameters<typeof issueApiToken>[1]) => runWork(t.platform, systemActor('test'), 'test-issue', (ctx) => issueApiToken(ctx, input))

beforeAll(async () => {
  t = await createTestApp()
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe(`API tokens (${testEngine()})`, () => {
  it('are 256-bit, shown once, stored only as a SHA-256 hash, and act as their role profile', async () => {
    const p = await profileOf(demoEmail('police.missing'))
    const { token, record } = await issue({ userId: p.userId, userRoleProfileId: p.profileId, name: 'Case system', expiresDays: 30 })
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(record.tokenHash).toBe(hashToken(token))
    const [stored] = await t.testDb.database.db.select().from(apiTokens).where(eq(apiTokens.id, record.id))
    expect(Object.values(stored ?? {}).some((v) => v === token)).toBe(false)
    const res = await me(`Bearer ${token}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ email: demoEmail('police.missing'), roleProfile: 'police-missing-coordinator' })
    const [used] = await t.testDb.database.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, record.id))
    expect(used?.lastUsedAt).toBeInstanceOf(Date)
    const audit = await t.testDb.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, record.id))
    expect(audit.map((r) => [r.action, r.outcome])).toEqual([['auth.api-token.issued', 'succeeded']])
    expect(JSON.stringify(audit)).not.toContain(token)
  })

  it('can only carry one of the user’s own role profiles; bad names and expiries are refused', async () => {
    const p = await profileOf(demoEmail('police.missing'))
    const other = await profileOf(demoEmail('admin'))
    await expect(issue({ userId: p.userId, userRoleProfileId: other.profileId, name: 'Escalate' })).rejects.toBeInstanceOf(ValidationError)
    for (const bad of [
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(101) },
      { name: 'ok', expiresDays: 0 },
      { name: 'ok', expiresDays: 367 },
      { name: 'ok', expiresDays: 1.5 },
      { name: 'ok', expiresDays: -1 },
    ]) {
      await expect(issue({ userId: p.userId, userRoleProfileId: p.profileId, ...bad }), JSON.stringify(bad)).rejects.toBeInstanceOf(ValidationError)
    }
  })

  it('refuse malformed, foreign-scheme and query-string credentials (ASVS 14.2.1)', async () => {
    const p = await profileOf(demoEmail('mash.police'))
    const { token } = await issue({ userId: p.userId, userRoleProfileId: p.profileId, name: 'Probe' })
    for (const header of [undefined, '', 'Bearer', `Bearer  `, `Basic ${Buffer.from(`x:${token}`).toString('base64')}`, `Bearer ${token} extra`, `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, token]) {
      const res = await me(header)
      expect(res.statusCode, String(header)).toBe(401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    }
    expect((await me(undefined, `/api/v1/me?access_token=${token}`)).statusCode).toBe(401)
    expect((await me(undefined, `/api/v1/me?token=${token}`)).statusCode).toBe(401)
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200)
  })

  it('stop working once expired', async () => {
    const p = await profileOf(demoEmail('mash.health'))
    const { token } = await issue({ userId: p.userId, userRoleProfileId: p.profileId, name: 'Short', expiresDays: 1 })
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200)
    t.platform.clock.advance(86_400_000 - 60_000)
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200)
    t.platform.clock.advance(2 * 60_000)
    expect((await me(`Bearer ${token}`)).statusCode).toBe(401)
  })

  it('are revoked by their owner only, and a revoked token fails on the next request (ASVS 8.3.2)', async () => {
    const owner = await profileOf(demoEmail('exploitation.lead'))
    const stranger = await profileOf(demoEmail('social.worker'))
    const { token, record } = await issue({ userId: owner.userId, userRoleProfileId: owner.profileId, name: 'Revocable' })
    const revoke = (userId: string, id: string) => runWork(t.platform, systemActor('test'), 'test-revoke', (ctx) => revokeApiToken(ctx, userId, id))
    expect(await revoke(stranger.userId, record.id)).toBe(false)
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200)
    expect(await revoke(owner.userId, 'not-a-uuid')).toBe(false)
    expect(await revoke(owner.userId, record.id)).toBe(true)
    expect((await me(`Bearer ${token}`)).statusCode).toBe(401)
    expect(await revoke(owner.userId, record.id)).toBe(false)
    const listed = await runWork(t.platform, systemActor('test'), 'test-list', (ctx) => listApiTokens(ctx, owner.userId))
    expect(listed.find((x) => x.id === record.id)?.revokedAt).toBeInstanceOf(Date)
    const revokedRows = await t.testDb.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.api-token.revoked'))
    expect(revokedRows.map((r) => r.resourceId)).toEqual([record.id])
  })

  it('through the account page: the token is shown once, then only its name; another user cannot revoke it', async () => {
    const session = await t.sessionFor(demoEmail('rhi.worker'))
    const created = await session.post('/account/api-tokens', { name: 'From the page', expiresDays: '' })
    expect(created.statusCode).toBe(200)
    const token = /data-qa="new-api-token">([A-Za-z0-9_-]{43})</.exec(created.body)?.[1] as string
    expect(token).toBeDefined()
    expect((await me(`Bearer ${token}`)).json()).toMatchObject({ email: demoEmail('rhi.worker') })
    const later = await session.get('/account')
    expect(later.body).toContain('From the page')
    expect(later.body).not.toContain(token)
    const [row] = await t.testDb.database.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)))
    expect(row?.expiresAt).toBeInstanceOf(Date)
    // Default expiry is 90 days.
    expect(Math.round(((row?.expiresAt as Date).getTime() - (row?.createdAt as Date).getTime()) / 86_400_000)).toBe(90)
    const stranger = await t.sessionFor(demoEmail('school.dsl'))
    const attempt = await stranger.post(`/account/api-tokens/${row?.id}/revoke`, {})
    expect(attempt.statusCode).toBe(303)
    expect((await me(`Bearer ${token}`)).statusCode).toBe(200)
    const mine = await session.post(`/account/api-tokens/${row?.id}/revoke`, {})
    expect(mine.statusCode).toBe(303)
    expect((await me(`Bearer ${token}`)).statusCode).toBe(401)
  })
})

/**
 * The user's own account: `GET /api/v1/me`, and API tokens issued and revoked on the account page.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiTokens } from '../../platform/auth/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { hashToken } from '../../platform/auth/sessions.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'

let t: TestApp
const db = () => t.testDb.database.db

const me = (token: string | null) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: token === null ? {} : { authorization: `Bearer ${token}` } })

/** The token shown once on the page after "Create token". */
function shownToken(html: string): string | undefined {
  return /data-qa="new-api-token">([A-Za-z0-9_-]+)</.exec(html)?.[1]
}

async function tokenRow(token: string) {
  const [row] = await db().select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)))
  return row
}

beforeAll(async () => {
  t = await createTestApp()
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('GET /api/v1/me', () => {
  it('says who the token acts as: user, role profile, team and agency', async () => {
    const token = await t.tokenFor(demoEmail('police.missing'))
    const response = await me(token)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      id: await t.userId(demoEmail('police.missing')),
      email: demoEmail('police.missing'),
      displayName: expect.any(String),
      roleProfile: 'police-missing-coordinator',
      team: { id: expect.any(String), name: 'Missing persons unit' },
      agency: { id: expect.any(String), name: expect.stringContaining('(demo)'), type: 'police' },
    })
  })

  it('is 401 problem+json without a token, with a malformed one, with an unknown one, and with a session cookie', async () => {
    const browser = await t.sessionFor(demoEmail('police.missing'))
    const responses = [
      await me(null),
      await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer short' } }),
      await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }),
      await me('A'.repeat(43)),
      await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: browser.cookie } }),
    ]
    for (const response of responses) {
      expect(response.statusCode).toBe(401)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(response.headers['www-authenticate']).toBe('Bearer')
    }
  })
})

describe('API tokens on the account page', () => {
  let browser: BrowserSession

  beforeAll(async () => {
    browser = await t.sessionFor(demoEmail('mash.manager'))
  })

  it('shows a new token once; it works on the API as the page’s role profile; only its hash is stored', async () => {
    const created = await browser.post('/account/api-tokens', { name: 'Police case system', expiresDays: '30' })
    expect(created.statusCode).toBe(200)
    const token = shownToken(created.body)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    if (!token) return

    const response = await me(token)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ email: demoEmail('mash.manager'), roleProfile: 'mash-manager' })

    const row = await tokenRow(token)
    expect(row).toMatchObject({ name: 'Police case system', revokedAt: null })
    expect(JSON.stringify(row)).not.toContain(token)
    const days = ((row?.expiresAt?.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0)) / 86_400_000
    expect(days).toBe(30)

    const again = await browser.get('/account')
    expect(again.statusCode).toBe(200)
    expect(again.body).not.toContain(token)
    expect(shownToken(again.body)).toBeUndefined()
    expect(again.body).toContain('Police case system')

    const issued = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.api-token.issued'), eq(auditEvents.resourceId, row?.id ?? '')))
    expect(issued).toHaveLength(1)
    expect(JSON.stringify(issued)).not.toContain(token)
  })

  it('defaults to 90 days when no expiry is given', async () => {
    const created = await browser.post('/account/api-tokens', { name: 'Default expiry', expiresDays: '' })
    const token = shownToken(created.body) as string
    const row = await tokenRow(token)
    expect(((row?.expiresAt?.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0)) / 86_400_000).toBe(90)
  })

  it('acts as the role profile the user signed in with, for a user with two', async () => {
    const dual = await t.sessionFor(demoEmail('dual.role'), 'exploitation-lead')
    const created = await dual.post('/account/api-tokens', { name: 'Dual', expiresDays: '5' })
    const token = shownToken(created.body) as string
    expect((await me(token)).json()).toMatchObject({ roleProfile: 'exploitation-lead' })
  })

  it('stops working as soon as it is revoked', async () => {
    const created = await browser.post('/account/api-tokens', { name: 'To revoke', expiresDays: '7' })
    const token = shownToken(created.body) as string
    expect((await me(token)).statusCode).toBe(200)
    const row = await tokenRow(token)
    const page = await browser.get('/account')
    expect(page.body).toContain(`action="/account/api-tokens/${row?.id}/revoke"`)

    const revoked = await browser.post(`/account/api-tokens/${row?.id}/revoke`, {})
    expect(revoked.statusCode).toBe(303)
    expect(revoked.headers.location).toBe('/account')
    expect((await me(token)).statusCode).toBe(401)
    expect((await tokenRow(token))?.revokedAt).toBeInstanceOf(Date)
    expect((await browser.get('/account')).body).toContain('Revoked')
    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.api-token.revoked'), eq(auditEvents.resourceId, row?.id ?? '')))
    expect(audit).toHaveLength(1)
  })

  it('cannot revoke someone else’s token', async () => {
    const created = await browser.post('/account/api-tokens', { name: 'Not yours', expiresDays: '7' })
    const token = shownToken(created.body) as string
    const row = await tokenRow(token)
    const other = await t.sessionFor(demoEmail('analyst'))
    await other.post(`/account/api-tokens/${row?.id}/revoke`, {})
    expect((await me(token)).statusCode).toBe(200)
    expect((await tokenRow(token))?.revokedAt).toBeNull()
  })

  it('refuses a bad expiry or a missing name with the GOV.UK error summary, creating nothing', async () => {
    const count = async () => (await db().select({ id: apiTokens.id }).from(apiTokens)).length
    const start = await count()
    for (const expiresDays of ['0', '367', 'abc', '1.5', '-3']) {
      const response = await browser.post('/account/api-tokens', { name: 'Bad expiry', expiresDays })
      expect(response.statusCode, expiresDays).toBe(400)
      expect(response.body).toContain('govuk-error-summary')
      expect(response.body).toContain('Expiry must be a whole number of days from 1 to 366')
      expect(shownToken(response.body)).toBeUndefined()
    }
    const unnamed = await browser.post('/account/api-tokens', { name: '   ', expiresDays: '5' })
    expect(unnamed.statusCode).toBe(400)
    expect(unnamed.body).toContain('Enter a name for the token, 100 characters or fewer')
    expect(await count()).toBe(start)
  })

  it('stops working once expired', async () => {
    const created = await browser.post('/account/api-tokens', { name: 'Short-lived', expiresDays: '1' })
    const token = shownToken(created.body) as string
    try {
      t.platform.clock.advance(23 * 3_600_000)
      expect((await me(token)).statusCode).toBe(200)
      t.platform.clock.advance(2 * 3_600_000)
      expect((await me(token)).statusCode).toBe(401)
    } finally {
      t.platform.clock.set(new Date())
    }
  })

  it('refuses a token form posted without the CSRF token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/account/api-tokens',
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=No+CSRF&expiresDays=5',
    })
    expect(response.statusCode).toBe(403)
  })
})

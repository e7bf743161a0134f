import { describe, expect, it } from 'vitest'
import { ABSOLUTE_TIMEOUT_MS, csrfTokenFor, csrfTokenValid, hashToken, IDLE_TIMEOUT_MS, newToken, SESSION_COOKIE, type Session } from './sessions.ts'
import Tokens from '@fastify/csrf'

const tokens = Tokens()
function fakeSession(): Session {
  const at = new Date('2026-11-28T10:00:00Z')
  return {
    tokenHash: hashToken(newToken()),
    userId: null,
    stage: 'anonymous',
    userRoleProfileId: null,
    csrfSecret: tokens.secretSync(),
    pendingTotpSecret: null,
    createdAt: at,
    lastSeenAt: at,
    ipAddress: null,
    userAgent: null,
  }
}

describe('session tokens', () => {
  it('are 256 bits from the CSPRNG, base64url, never repeated (ASVS 7.2.3)', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const t = newToken()
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Buffer.from(t, 'base64url').length).toBe(32)
      seen.add(t)
    }
    expect(seen.size).toBe(1000)
  })

  it('are stored only as SHA-256 hex', () => {
    const t = newToken()
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(t)).not.toContain(t)
    expect(hashToken(t)).toBe(hashToken(t))
  })

  it('use a __Host- cookie and the 15 min idle / 12 h absolute limits', () => {
    expect(SESSION_COOKIE.startsWith('__Host-')).toBe(true)
    expect(IDLE_TIMEOUT_MS).toBe(15 * 60 * 1000)
    expect(ABSOLUTE_TIMEOUT_MS).toBe(12 * 60 * 60 * 1000)
  })
})

describe('CSRF tokens', () => {
  it('are bound to their session', () => {
    const a = fakeSession()
    const b = fakeSession()
    const token = csrfTokenFor(a)
    expect(csrfTokenValid(a, token)).toBe(true)
    expect(csrfTokenValid(b, token)).toBe(false)
  })

  it('refuse missing, empty, non-string and tampered values', () => {
    const s = fakeSession()
    const token = csrfTokenFor(s)
    for (const bad of [undefined, null, '', 0, ['x'], { token }, `${token}x`, token.slice(0, -1), token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))]) {
      expect(csrfTokenValid(s, bad)).toBe(false)
    }
  })
})

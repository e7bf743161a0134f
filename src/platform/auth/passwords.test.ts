import { describe, expect, it } from 'vitest'
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from './passwords.ts'

describe('passwords', () => {
  it('hashes with argon2id at the OWASP minimum and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false)
    expect(await verifyPassword(hash, '')).toBe(false)
  })

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('Lantern-demo-2026!')).not.toBe(await hashPassword('Lantern-demo-2026!'))
  })

  it('treats a malformed stored hash as a failed check, not an error', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false)
    expect(await verifyPassword('', 'x')).toBe(false)
  })

  it('the dummy check used for unknown accounts never succeeds', async () => {
    expect(await verifyAgainstDummy('lantern-dummy-password-for-timing')).toBe(false)
    expect(await verifyAgainstDummy('anything')).toBe(false)
  })

  it('asks for length, not composition', () => {
    expect(passwordProblem('short')).toMatch(/12 characters/)
    expect(passwordProblem('a'.repeat(11))).toBeDefined()
    expect(passwordProblem('a'.repeat(12))).toBeUndefined()
    expect(passwordProblem('alllowercase words')).toBeUndefined()
    expect(passwordProblem('a'.repeat(257))).toMatch(/256/)
  })
})

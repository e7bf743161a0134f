import { describe, expect, it } from 'vitest'
import { checkTotp, demoTotpSecret, newTotpSecret, TOTP_PERIOD, totpCode, totpUri } from './totp.ts'

const secret = demoTotpSecret('mash.manager@demo.lantern.test')
// A fixed instant in the middle of a 30-second step.
const now = new Date(Math.floor(Date.parse('2026-11-28T10:00:00Z') / 1000 / TOTP_PERIOD) * TOTP_PERIOD * 1000 + 15_000)
const stepOf = (d: Date) => Math.floor(d.getTime() / 1000 / TOTP_PERIOD)
const shift = (d: Date, steps: number) => new Date(d.getTime() + steps * TOTP_PERIOD * 1000)

describe('demoTotpSecret', () => {
  it('is a deterministic 32-character base32 secret per email, case-insensitive', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(demoTotpSecret('MASH.Manager@demo.lantern.test')).toBe(secret)
    expect(demoTotpSecret('admin@demo.lantern.test')).not.toBe(secret)
  })
})

describe('newTotpSecret', () => {
  it('is random base32', () => {
    const a = newTotpSecret()
    expect(a).toMatch(/^[A-Z2-7]+=*$/)
    expect(a.length).toBeGreaterThanOrEqual(16)
    expect(newTotpSecret()).not.toBe(a)
  })
  it('builds an otpauth URI', () => {
    expect(totpUri('x@example.org', secret)).toMatch(/^otpauth:\/\/totp\/.*secret=/)
  })
})

describe('checkTotp', () => {
  it('accepts the current code and returns its step', async () => {
    expect(await checkTotp(secret, await totpCode(secret, now), null, now)).toBe(stepOf(now))
  })

  it('tolerates one step of drift either way, and no more', async () => {
    expect(await checkTotp(secret, await totpCode(secret, shift(now, -1)), null, now)).toBe(stepOf(now) - 1)
    expect(await checkTotp(secret, await totpCode(secret, shift(now, 1)), null, now)).toBe(stepOf(now) + 1)
    expect(await checkTotp(secret, await totpCode(secret, shift(now, -2)), null, now)).toBeNull()
    expect(await checkTotp(secret, await totpCode(secret, shift(now, 2)), null, now)).toBeNull()
  })

  it('refuses a replayed code: the same step, or any step before the last accepted one (ASVS 6.5.1)', async () => {
    const code = await totpCode(secret, now)
    const step = await checkTotp(secret, code, null, now)
    expect(step).not.toBeNull()
    expect(await checkTotp(secret, code, step, now)).toBeNull()
    // The previous step's code is still inside the drift window but is older than the accepted one.
    expect(await checkTotp(secret, await totpCode(secret, shift(now, -1)), step, now)).toBeNull()
    // The next step is fine.
    expect(await checkTotp(secret, await totpCode(secret, shift(now, 1)), step, now)).toBe(stepOf(now) + 1)
  })

  it('refuses rather than throws when the last accepted step is ahead of the clock (clock moved back)', async () => {
    const code = await totpCode(secret, now)
    expect(await checkTotp(secret, code, stepOf(now) + 1, now)).toBeNull()
    expect(await checkTotp(secret, code, stepOf(now) + 5, now)).toBeNull()
  })

  it('refuses malformed input and accepts spaces inside the code', async () => {
    const code = await totpCode(secret, now)
    expect(await checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, now)).toBe(stepOf(now))
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`, ' ', '１２３４５６']) {
      expect(await checkTotp(secret, bad, null, now)).toBeNull()
    }
  })

  it('refuses another account’s code', async () => {
    const other = demoTotpSecret('admin@demo.lantern.test')
    const code = await totpCode(other, now)
    // Vanishingly unlikely to collide; if it ever does for this fixed instant the test would say so plainly.
    expect(code).not.toBe(await totpCode(secret, now))
    expect(await checkTotp(secret, code, null, now)).toBeNull()
  })
})

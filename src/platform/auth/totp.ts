import { createHmac } from 'node:crypto'
import { generate, generateSecret, generateURI, verify } from 'otplib'

export const TOTP_PERIOD = 30

export function newTotpSecret(): string {
  return generateSecret()
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: 'Lantern', label: email, secret })
}

/**
 * Check a code, allowing one step of clock drift either way, and refusing any step at or before the last one
 * accepted for this user (a code cannot be replayed, ASVS 6.5.1). Returns the accepted step, or null.
 */
export async function checkTotp(secret: string, code: string, lastStep: number | null, now: Date): Promise<number | null> {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return null
  const epoch = Math.floor(now.getTime() / 1000)
  // A step accepted "in the future" (the clock has since moved back) leaves nothing acceptable in the window;
  // otplib throws for that case, which would turn a refusal into a 500.
  if (lastStep !== null && lastStep > Math.floor(epoch / TOTP_PERIOD) + 1) return null
  const result = await verify({
    secret,
    token,
    epoch,
    epochTolerance: TOTP_PERIOD,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  })
  return result.valid ? Math.floor(epoch / TOTP_PERIOD) + result.delta : null
}

export function totpCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) })
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * Demo accounts only: a TOTP secret derived from the email, so that `lantern demo totp EMAIL` can print a code
 * without opening the database (CONTRACTS.md §3). Real users enrol with a random secret.
 */
export function demoTotpSecret(email: string): string {
  const bytes = createHmac('sha256', 'lantern-demo-totp-v1').update(email.toLowerCase()).digest().subarray(0, 20)
  let bits = ''
  for (const b of bytes) bits += b.toString(2).padStart(8, '0')
  let out = ''
  for (let i = 0; i + 5 <= bits.length; i += 5) out += BASE32[parseInt(bits.slice(i, i + 5), 2)]
  return out
}

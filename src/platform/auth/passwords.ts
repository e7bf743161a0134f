import { hash, verify } from '@node-rs/argon2'

// OWASP Password Storage Cheat Sheet minimum for argon2id (STACK.md gotcha 6).
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id: a const enum, unusable under verbatimModuleSyntax */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Verified against when the email is unknown, so that an unknown account costs the same time as a wrong password
// (no account enumeration by timing, ASVS 6.3.8). Computed once, lazily.
let dummyHash: Promise<string> | undefined
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('lantern-dummy-password-for-timing')
  await verifyPassword(await dummyHash, password)
  return false
}

/** NCSC/NIST-style rule: length, not composition. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'Password must be 12 characters or more'
  if (password.length > 256) return 'Password must be 256 characters or fewer'
  return undefined
}

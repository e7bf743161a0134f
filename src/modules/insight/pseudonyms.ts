import { createHmac, randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Tx } from '../../platform/db/client.ts'
import { insightPseudonymKeys } from './schema.ts'

/**
 * Pseudonyms for the analyst (issue 7 point 6, SECURITY.md §7): `YP-` and 8 characters of HMAC-SHA-256 over the
 * person's id, keyed by the dataset's own random key. Stable within a dataset (the same scope), unlinkable across
 * datasets, and not reversible without the key (an id is 122 random bits, so there is nothing to brute-force from
 * the pseudonym alone; the key is still required to compute one). Pseudonymised data is still personal data.
 */
export type Pseudonymiser = { scope: string; of(personId: string): string }

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ' // Crockford base32: no I, L, O or U to misread.

function encode(digest: Buffer, length: number): string {
  let out = ''
  let bits = 0
  let acc = 0
  for (const byte of digest) {
    acc = (acc << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(acc >> (bits - 5)) & 31]
      bits -= 5
    }
    if (out.length >= length) break
  }
  return out
}

/** The pseudonym of one id under one key (pure; exported for tests). */
export function pseudonymOf(key: Buffer, personId: string): string {
  return `YP-${encode(createHmac('sha256', key).update(personId).digest(), 8)}`
}

/** The dataset's key, created (256 random bits) the first time the scope is used. */
async function keyFor(tx: Tx, scope: string, now: Date): Promise<Buffer> {
  await tx.insert(insightPseudonymKeys).values({ scope, key: randomBytes(32), createdAt: now }).onConflictDoNothing()
  const [row] = await tx.select({ key: insightPseudonymKeys.key }).from(insightPseudonymKeys).where(eq(insightPseudonymKeys.scope, scope))
  if (!row) throw new Error(`no pseudonym key for ${scope}`)
  return row.key
}

/**
 * A pseudonymiser for one dataset. Scopes name what the dataset is and its period, for example
 * `cohort:2026-10-01:2026-12-31` or `profile:2026-10-01:2026-12-31`.
 */
export async function pseudonymiser(tx: Tx, scope: string, now: Date): Promise<Pseudonymiser> {
  const key = await keyFor(tx, scope, now)
  return { scope, of: (personId) => pseudonymOf(key, personId) }
}

/** Which of these ids has this pseudonym in this dataset (for an audited drill-down), or null. */
export function resolvePseudonym(p: Pseudonymiser, pseudonym: string, candidates: readonly string[]): string | null {
  return candidates.find((id) => p.of(id) === pseudonym) ?? null
}

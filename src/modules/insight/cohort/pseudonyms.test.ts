import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pseudonymOf, resolvePseudonym } from '../pseudonyms.ts'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** An independent reading of the encoding: the digest's first 40 bits, as eight 5-bit Crockford digits. */
function expected(key: Buffer, id: string): string {
  const digest = createHmac('sha256', key).update(id).digest()
  let bits = 0n
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte)
  let out = ''
  for (let i = 7; i >= 0; i--) out += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)]
  return `YP-${out}`
}

describe('pseudonymOf', () => {
  it('is YP- and the first 40 bits of HMAC-SHA-256 in Crockford base32 (no I, L, O, U)', () => {
    const key = Buffer.alloc(32, 7)
    expect(pseudonymOf(key, '3f1c1d9e-0000-4000-8000-000000000001')).toBe(expected(key, '3f1c1d9e-0000-4000-8000-000000000001'))
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uuid(), (bytes, id) => {
        const key = Buffer.from(bytes)
        const p = pseudonymOf(key, id)
        expect(p).toMatch(/^YP-[0-9A-HJKMNP-TV-Z]{8}$/)
        expect(p).toBe(expected(key, id))
        expect(pseudonymOf(key, id)).toBe(p)
      }),
    )
  })

  it('depends on the key: the same id under two keys gives different pseudonyms (but for a 2^-40 chance)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uuid(), (a, b, id) => {
        fc.pre(Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0)
        expect(pseudonymOf(Buffer.from(a), id)).not.toBe(pseudonymOf(Buffer.from(b), id))
      }),
    )
  })

  it('resolves a pseudonym among candidates, and nothing that is not one of them', () => {
    const key = Buffer.alloc(32, 1)
    const p = { scope: 'cohort:2026-01-01:2026-03-31', of: (id: string) => pseudonymOf(key, id) }
    const ids = ['a1', 'b2', 'c3']
    expect(resolvePseudonym(p, p.of('b2'), ids)).toBe('b2')
    expect(resolvePseudonym(p, p.of('d4'), ids)).toBeNull()
  })
})

import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, computeRowHash, GENESIS_HASH, type ChainedRow } from './chain.ts'

const KEY = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8')

function sampleRow(overrides: Partial<ChainedRow> = {}): ChainedRow {
  return {
    seq: 7,
    at: new Date('2026-11-28T09:15:30.123Z'),
    actorUserId: '7b0c6a2e-7d1f-4a53-9a4c-2f0d1e6b9a11',
    actorLabel: 'mash.manager@demo.lantern.test',
    roleProfile: 'mash-manager',
    agencyId: '0d6f0c0e-3b5a-4f5e-8d7e-1c2b3a4d5e6f',
    action: 'people.viewed',
    outcome: 'allowed',
    resourceType: 'person',
    resourceId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    personId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    purpose: 'relationship: allocation',
    correlationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    details: { fields: ['name', 'dateOfBirth'], nested: { b: 2, a: 1 } },
    prevHash: 'ab'.repeat(32),
    ...overrides,
  }
}

describe('canonicalJson', () => {
  it('sorts keys, so insertion order does not matter', () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe('{"a":2,"b":1,"c":3}')
    expect(canonicalJson({ c: 3, a: 2, b: 1 })).toBe(canonicalJson({ a: 2, b: 1, c: 3 }))
  })

  it('sorts keys at every depth, including objects inside arrays', () => {
    const one = { z: { y: 1, x: [{ q: 1, p: 2 }, { b: null, a: 'x' }] }, a: true }
    const two = { a: true, z: { x: [{ p: 2, q: 1 }, { a: 'x', b: null }], y: 1 } }
    expect(canonicalJson(one)).toBe(canonicalJson(two))
    expect(canonicalJson(one)).toBe('{"a":true,"z":{"x":[{"p":2,"q":1},{"a":"x","b":null}],"y":1}}')
  })

  it('keeps array order (arrays are ordered data)', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]))
  })

  it('emits no whitespace', () => {
    expect(canonicalJson({ a: [1, { b: 'c d' }] })).toBe('{"a":[1,{"b":"c d"}]}')
  })

  it('is stable for unicode: the same code points give the same bytes, whatever the key order', () => {
    const value = { 'ключ': 'значение', 'é': 'café', '😀': '👩‍👧', 'a\u0000b': '\u2028', 'ä': 'Zoë Ó Briain' }
    const reversed = Object.fromEntries(Object.entries(value).reverse())
    expect(canonicalJson(reversed)).toBe(canonicalJson(value))
    // Round-trips through JSON (which is what jsonb gives back).
    expect(JSON.parse(canonicalJson(value))).toEqual(value)
    // Different normalisation forms are different data and must not collide.
    expect(canonicalJson({ name: 'Zoe\u0308' })).not.toBe(canonicalJson({ name: 'Zo\u00eb' }))
  })

  it('drops undefined properties (jsonb cannot store them) but keeps null', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}')
  })

  it('renders dates as ISO strings', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.006Z') })).toBe('{"at":"2026-01-02T03:04:05.006Z"}')
  })

  it('gives different output for different scalars that stringify alike', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }))
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({ a: 'null' }))
    expect(canonicalJson({ a: true })).not.toBe(canonicalJson({ a: 'true' }))
  })

  it('is invariant under key shuffling and equals what a JSON round trip gives back (property)', () => {
    const jsonValue = fc.jsonValue({ maxDepth: 4 })
    fc.assert(
      fc.property(jsonValue, (value) => {
        const roundTripped = JSON.parse(JSON.stringify(value)) as unknown
        expect(canonicalJson(roundTripped)).toBe(canonicalJson(value))
        expect(canonicalJson(shuffleKeys(value))).toBe(canonicalJson(value))
        // Canonical output is itself valid JSON that decodes to an equal value.
        expect(JSON.parse(canonicalJson(value))).toEqual(roundTripped)
      }),
      { numRuns: 200 },
    )
  })
})

function shuffleKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffleKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, shuffleKeys(v)]),
  )
}

describe('computeRowHash', () => {
  it('is a 64-character lower-case hex HMAC-SHA-256', () => {
    expect(computeRowHash(KEY, sampleRow())).toMatch(/^[0-9a-f]{64}$/)
  })

  it('is deterministic, and independent of key order inside details', () => {
    const a = computeRowHash(KEY, sampleRow({ details: { x: 1, y: { b: 2, a: 1 } } }))
    const b = computeRowHash(KEY, sampleRow({ details: { y: { a: 1, b: 2 }, x: 1 } }))
    expect(a).toBe(b)
  })

  it('depends on the key', () => {
    expect(computeRowHash(randomBytes(32), sampleRow())).not.toBe(computeRowHash(KEY, sampleRow()))
  })

  // One change per column: every column of audit_events except `hash` is covered by the HMAC (CONTRACTS.md §4).
  const changes: Record<keyof ChainedRow, Partial<ChainedRow>[]> = {
    seq: [{ seq: 8 }],
    at: [{ at: new Date('2026-11-28T09:15:30.124Z') }],
    actorUserId: [{ actorUserId: null }, { actorUserId: '7b0c6a2e-7d1f-4a53-9a4c-2f0d1e6b9a12' }],
    actorLabel: [{ actorLabel: 'someone.else@demo.lantern.test' }],
    roleProfile: [{ roleProfile: null }, { roleProfile: 'system-admin' }],
    agencyId: [{ agencyId: null }],
    action: [{ action: 'people.edited' }],
    outcome: [{ outcome: 'denied' }],
    resourceType: [{ resourceType: null }, { resourceType: 'contact' }],
    resourceId: [{ resourceId: null }, { resourceId: 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' }],
    personId: [{ personId: null }],
    purpose: [{ purpose: null }, { purpose: 'break-glass: urgent' }],
    correlationId: [{ correlationId: null }, { correlationId: 'other' }],
    details: [{ details: {} }, { details: { fields: ['name'], nested: { a: 1, b: 2 } } }, { details: { fields: ['name', 'dateOfBirth'], nested: { a: 1, b: '2' } } }],
    prevHash: [{ prevHash: GENESIS_HASH }, { prevHash: 'ac'.repeat(32) }],
  }
  for (const [column, variants] of Object.entries(changes)) {
    it(`changes when ${column} changes`, () => {
      const base = computeRowHash(KEY, sampleRow())
      for (const variant of variants) expect(computeRowHash(KEY, sampleRow(variant))).not.toBe(base)
    })
  }

  it('covers every ChainedRow column (the table above is complete)', () => {
    expect(Object.keys(changes).sort()).toEqual(Object.keys(sampleRow()).sort())
  })

  it('does not let a value move between adjacent columns unnoticed', () => {
    // Field boundaries are part of the hashed text: shifting text from one column into the next changes the hash.
    const a = computeRowHash(KEY, sampleRow({ resourceType: 'person', resourceId: 'x' }))
    const b = computeRowHash(KEY, sampleRow({ resourceType: 'personx', resourceId: '' }))
    expect(a).not.toBe(b)
    const c = computeRowHash(KEY, sampleRow({ action: 'a', outcome: 'allowed' }))
    const d = computeRowHash(KEY, sampleRow({ action: 'aallowed', outcome: '' }))
    expect(c).not.toBe(d)
  })

  it('changes for any single-character edit of a random row (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (text, pos, ch) => {
        const i = pos % text.length
        const edited = text.slice(0, i) + ch + text.slice(i + 1)
        fc.pre(edited !== text)
        expect(computeRowHash(KEY, sampleRow({ details: { note: edited } }))).not.toBe(computeRowHash(KEY, sampleRow({ details: { note: text } })))
        expect(computeRowHash(KEY, sampleRow({ actorLabel: edited }))).not.toBe(computeRowHash(KEY, sampleRow({ actorLabel: text })))
      }),
      { numRuns: 100 },
    )
  })
})

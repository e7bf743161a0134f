import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { comparableDate } from './duplicates-scan.ts'
import { builtInBlocks, mergeNotes, type GuardFacts } from './merge-guards.ts'
import { decodeCursor, encodeCursor } from './merge-schemas.ts'

const base: GuardFacts = { id: 'a', kind: 'child', dateOfBirth: '2012-04-05', dobPrecision: 'exact', nhsNumbers: [], state: 'ordinary', mergedIntoId: null }
const person = (changes: Partial<GuardFacts>): GuardFacts => ({ ...base, ...changes })
const codes = (a: GuardFacts, b: GuardFacts) => builtInBlocks(a, b).map((x) => x.code)

const facts = fc.record({
  id: fc.constantFrom('a', 'b', 'c'),
  kind: fc.constantFrom('child' as const, 'adult' as const),
  dateOfBirth: fc.constantFrom('2012-04-05', '2012-05-04', '2011-01-01', null),
  dobPrecision: fc.constantFrom('exact' as const, 'month' as const, 'year' as const, 'estimated' as const),
  nhsNumbers: fc.subarray(['9434765919', '9876543210']),
  state: fc.constantFrom('ordinary' as const, 'restricted' as const, 'sealed' as const),
  mergedIntoId: fc.constantFrom(null, 'z'),
})

describe('built-in merge guards', () => {
  it('let an ordinary pair with the same details through', () => {
    expect(codes(person({ id: 'a', nhsNumbers: ['9434765919'] }), person({ id: 'b', nhsNumbers: ['9434765919'] }))).toEqual([])
  })

  it.each<[string, Partial<GuardFacts>, Partial<GuardFacts>, string[]]>([
    ['different NHS numbers', { nhsNumbers: ['9434765919'] }, { nhsNumbers: ['9876543210'] }, ['different-nhs-numbers']],
    ['an extra NHS number on one side', { nhsNumbers: ['9434765919'] }, { nhsNumbers: ['9434765919', '9876543210'] }, ['different-nhs-numbers']],
    ['different verified dates of birth', {}, { dateOfBirth: '2012-05-04' }, ['different-dates-of-birth']],
    ['a restricted record', { state: 'restricted' }, {}, ['protected-record']],
    ['a sealed record', {}, { state: 'sealed' }, ['protected-record']],
    ['a record already merged', {}, { mergedIntoId: 'z' }, ['already-merged']],
    ['everything at once', { nhsNumbers: ['9434765919'], state: 'restricted' }, { nhsNumbers: ['9876543210'], dateOfBirth: '2011-01-01', mergedIntoId: 'z' }, ['already-merged', 'different-nhs-numbers', 'different-dates-of-birth', 'protected-record']],
  ])('block %s', (_what, a, b, expected) => {
    expect(codes(person({ id: 'a', ...a }), person({ id: 'b', ...b }))).toEqual(expected)
  })

  it.each<[string, Partial<GuardFacts>]>([
    ['an NHS number on one side only', { nhsNumbers: ['9876543210'] }],
    ['a date of birth that is only estimated', { dateOfBirth: '2011-01-01', dobPrecision: 'estimated' }],
    ['a date of birth known to the month', { dateOfBirth: '2012-04-01', dobPrecision: 'month' }],
    ['no date of birth', { dateOfBirth: null }],
    ['an adult and a child', { kind: 'adult' }],
  ])('do not block %s', (_what, b) => {
    expect(codes(person({ id: 'a' }), person({ id: 'b', ...b }))).toEqual([])
  })

  it('refuse a record merged with itself, and nothing else then', () => {
    expect(codes(person({ id: 'a', state: 'sealed' }), person({ id: 'a', state: 'sealed' }))).toEqual(['same-person'])
  })

  it('are symmetric, and block exactly when one of the rules says so (property)', () => {
    fc.assert(
      fc.property(facts, facts, (a, b) => {
        const forward = codes(a, b)
        expect(codes(b, a)).toEqual(forward)
        if (a.id === b.id) {
          expect(forward).toEqual(['same-person'])
          return
        }
        const nhsDiffer = a.nhsNumbers.length > 0 && b.nhsNumbers.length > 0 && a.nhsNumbers.join() !== b.nhsNumbers.join()
        const verified = (p: GuardFacts) => p.dobPrecision === 'exact' && p.dateOfBirth !== null
        const dobDiffer = verified(a) && verified(b) && a.dateOfBirth !== b.dateOfBirth
        expect(forward.includes('different-nhs-numbers')).toBe(nhsDiffer)
        expect(forward.includes('different-dates-of-birth')).toBe(dobDiffer)
        expect(forward.includes('protected-record')).toBe(a.state !== 'ordinary' || b.state !== 'ordinary')
        expect(forward.includes('already-merged')).toBe(a.mergedIntoId !== null || b.mergedIntoId !== null)
        for (const block of builtInBlocks(a, b)) expect(block.message).toMatch(/^[A-Z].{20,}[^.]$/)
      }),
      { numRuns: 2000 },
    )
  })

  it('note a child/adult difference and a recorded relationship between the two, without blocking', () => {
    expect(mergeNotes(person({ id: 'a' }), person({ id: 'b', kind: 'adult' }), ['sibling', 'sibling'])).toEqual([
      'One record is of a child and the other of an adult',
      'These records are recorded as related to each other (sibling): that relationship stays on the record that is kept',
    ])
    expect(mergeNotes(person({ id: 'a' }), person({ id: 'b' }), [])).toEqual([])
  })
})

describe('dates of birth for scoring a pair', () => {
  it('compare only what is known', () => {
    expect(comparableDate('2012-04-05', 'exact')).toBe('2012-04-05')
    expect(comparableDate('2012-04-01', 'month')).toBe('2012-04')
    expect(comparableDate('2012-01-01', 'year')).toBe('2012')
    expect(comparableDate('2012-01-01', 'estimated')).toBeNull()
    expect(comparableDate(null, 'exact')).toBeNull()
  })
})

describe('queue cursor', () => {
  it('round-trips and rejects anything else', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.uuid(), (probability, id) => {
        expect(decodeCursor(encodeCursor({ probability, id }))).toEqual({ probability, id })
      }),
    )
    expect(decodeCursor('not-a-cursor')).toBeUndefined()
    expect(decodeCursor(Buffer.from("0.5|1' or 1=1").toString('base64url'))).toBeUndefined()
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { damerauLevenshtein, jaro, jaroWinkler, jaroWinklerAtLeast, withinOneEdit } from './strings.ts'

describe('Jaro-Winkler (jellyfish semantics)', () => {
  it.each([
    ['martha', 'marhta', 0.9611],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.8133],
    ['jellyfish', 'smellyfish', 0.8963],
    ['richard', 'rick', 0.8083],
    ['abc', 'xyz', 0],
  ])('jaroWinkler(%s, %s) ≈ %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 4)
  })

  it.each([
    ['martha', 'marhta', 0.9444],
    ['dixon', 'dicksonx', 0.7667],
  ])('jaro(%s, %s) ≈ %d', (a, b, expected) => {
    expect(jaro(a, b)).toBeCloseTo(expected, 4)
  })

  it('is 0 for an empty string and 1 for equal strings', () => {
    expect(jaroWinkler('', 'abc')).toBe(0)
    expect(jaroWinkler('abc', 'abc')).toBe(1)
  })

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const x = jaroWinkler(a, b)
        expect(x).toBeGreaterThanOrEqual(0)
        expect(x).toBeLessThanOrEqual(1)
        expect(Math.abs(x - jaroWinkler(b, a))).toBeLessThan(1e-12)
      }),
    )
  })
})

describe('Damerau-Levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['ca', 'ac', 1],
    ['19840702', '19840207', 2],
    ['19840712', '19840721', 1],
    ['', 'abc', 3],
  ])('distance(%s, %s) = %d', (a, b, expected) => {
    expect(damerauLevenshtein(a, b)).toBe(expected)
  })

  it('is symmetric, non-negative, zero only for equal strings, and agrees with withinOneEdit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = damerauLevenshtein(a, b)
        expect(d).toBe(damerauLevenshtein(b, a))
        expect(d >= 0 && d <= Math.max(a.length, b.length)).toBe(true)
        expect(d === 0).toBe(a === b)
        expect(withinOneEdit(a, b)).toBe(d <= 1)
      }),
    )
  })

  it('withinOneEdit agrees on near-identical strings', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c')
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 6 }), fc.array(alphabet, { maxLength: 6 }), (x, y) => {
        const a = x.join('')
        const b = y.join('')
        expect(withinOneEdit(a, b)).toBe(damerauLevenshtein(a, b) <= 1)
      }),
    )
  })
})

describe('jaroWinklerAtLeast (bounded early exit)', () => {
  it('agrees with jaroWinkler on every threshold at or above the floor', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-e ]{0,12}$/), fc.stringMatching(/^[a-e ]{0,12}$/), fc.constantFrom(0.7, 0.8, 0.88, 0.9, 0.92), (a, b, floor) => {
        const exact = jaroWinkler(a, b)
        const bounded = jaroWinklerAtLeast(a, b, floor)
        expect(bounded >= floor).toBe(exact >= floor)
        if (exact >= floor) expect(bounded).toBe(exact)
      }),
      { numRuns: 3000 },
    )
  })
})

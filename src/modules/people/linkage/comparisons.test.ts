import { describe, expect, it } from 'vitest'
import { comparisonById } from './comparisons.ts'
import { compareRecords, type LinkageModel } from './model.ts'
import { DEFAULT_MODEL } from './defaults.ts'
import { standardiseRecord as std } from './records.ts'

const level = (id: Parameters<typeof comparisonById>[0], a: Parameters<typeof std>[0], b: Parameters<typeof std>[0]) => {
  const c = comparisonById(id)
  return c.levels[c.level(std(a), std(b))]
}

describe('comparison levels', () => {
  it('grades given names', () => {
    expect(level('given', { given_name: 'robert' }, { given_name: 'Robert' })).toBe('exact')
    expect(level('given', { given_name: 'robert', family_name: 'allen' }, { given_name: 'allen', family_name: 'robert' })).toBe('swapped with family name')
    expect(level('given', { given_name: 'martha' }, { given_name: 'marhta' })).toBe('jaro-winkler ≥ 0.92')
    expect(level('given', { given_name: 'bob' }, { given_name: 'robert' })).toBe('nickname')
    expect(level('given', { given_name: 'stephen' }, { given_name: 'steven' })).toBe('jaro-winkler ≥ 0.88')
    expect(level('given', { given_name: 'catherine' }, { given_name: 'kathryn' })).toBe('sounds alike')
    expect(level('given', { given_name: 'anna' }, {})).toBe('null')
    expect(level('given', { given_name: 'anna' }, { given_name: 'xavier' })).toBe('different')
  })

  it('grades dates of birth', () => {
    const d = (a: string, b: string) => level('dob', { date_of_birth: a }, { date_of_birth: b })
    expect(d('2012-03-04', '04/03/2012')).toBe('exact')
    expect(d('2012-03-04', '2012-04-03')).toBe('day and month swapped')
    expect(d('2012-03-04', '2012-03-14')).toBe('one digit different')
    expect(d('2012-03-31', '2012-04-02')).toBe('within a month')
    expect(d('2012-03-04', '2012-10-25')).toBe('within a year')
    expect(d('2012-03-04', '2005-10-25')).toBe('within 10 years')
    expect(d('2012-03-04', '1960-10-25')).toBe('different')
    expect(level('dob', { birth_year: '2012' }, { date_of_birth: '2012-03-04' })).toBe('partial date agrees')
  })

  it('grades postcodes', () => {
    expect(level('postcode', { postcode: 'SW1A 1AA' }, { postcode: 'sw1a1aa' })).toBe('exact')
    expect(level('postcode', { postcode: 'SW1A 1AA' }, { postcode: 'SW1A 1AB' })).toBe('one character different')
    expect(level('postcode', { postcode: 'SW1A 1AA' }, { postcode: 'SW1A 2ZZ' })).toBe('same district')
  })
})

describe('compareRecords', () => {
  it('gives the same answer as the batch scoring would: prior plus level weights, with reasons', () => {
    const model: LinkageModel = {
      lambda: 0.001,
      params: { given: { m: [0, 0.9, 0.01, 0.02, 0.01, 0.01, 0.01, 0.02, 0.02], u: [0, 0.01, 0.001, 0.005, 0.005, 0.001, 0.01, 0.1, 0.867] } },
      tfMinimumU: 0.001,
    }
    const r = compareRecords(model, std({ given_name: 'Ann' }), std({ given_name: 'ann' }))
    expect(r.reasons).toEqual([{ field: 'given', level: 1, label: 'exact', weight: Math.log2(0.9 / 0.01) }])
    expect(r.matchWeight).toBeCloseTo(Math.log2(0.001 / 0.999) + Math.log2(90), 10)
    expect(r.probability).toBeCloseTo(2 ** r.matchWeight / (1 + 2 ** r.matchWeight), 12)
  })

  it('has a usable default model for single records', () => {
    const a = std({ given_name: 'Jayden', family_name: 'Okafor', date_of_birth: '2011-05-06', postcode: 'LS6 2AB' })
    const same = compareRecords(DEFAULT_MODEL, a, std({ given_name: 'Jaydon', family_name: 'Okafor', date_of_birth: '2011-06-05', postcode: 'LS6 2AB' }))
    const other = compareRecords(DEFAULT_MODEL, a, std({ given_name: 'Maria', family_name: 'Lopez', date_of_birth: '2009-01-20', postcode: 'M1 1AA' }))
    expect(same.probability).toBeGreaterThan(0.9)
    expect(other.probability).toBeLessThan(0.01)
  })
})

import { describe, expect, it } from 'vitest'
import { ageOn, isRealDate, isValidPostcode, normalisePostcode, postcodeDistrict } from './rules.ts'

describe('isValidPostcode', () => {
  it.each(['PE1 2AB', 'pe12ab', ' SW1A 1AA ', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'EC1A 1BB', 'W1A 0AX', 'GIR 0AA', 'gir0aa'])('accepts %j', (postcode) => {
    expect(isValidPostcode(postcode)).toBe(true)
  })

  it.each([
    ['', 'empty'],
    ['PE1', 'outward code only'],
    ['2AB', 'inward code only'],
    ['12345', 'a US ZIP code'],
    ['QE1 2AB', 'Q never starts a postcode'],
    ['PE1 2CB', 'C never appears in the inward code'],
    ['PE1-2AB', 'a hyphen'],
    ['PE1  2AB X', 'trailing text'],
    ['PE1 2AB;DROP', 'injection-looking text'],
  ])('refuses %j (%s)', (postcode) => {
    expect(isValidPostcode(postcode)).toBe(false)
  })
})

describe('normalisePostcode', () => {
  it.each([
    ['pe12ab', 'PE1 2AB'],
    ['PE1 2AB', 'PE1 2AB'],
    [' sw1a   1aa ', 'SW1A 1AA'],
    ['m11ae', 'M1 1AE'],
    ['dn551pt', 'DN55 1PT'],
  ])('%j → %j', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected)
  })
})

describe('postcodeDistrict', () => {
  it('is the outward code of a normalised postcode', () => {
    expect(postcodeDistrict('pe12ab')).toBe('PE1')
    expect(postcodeDistrict('SW1A 1AA')).toBe('SW1A')
    expect(postcodeDistrict('dn55 1pt')).toBe('DN55')
  })

  it('is null when there is no postcode', () => {
    expect(postcodeDistrict(null)).toBeNull()
    expect(postcodeDistrict('')).toBeNull()
  })
})

describe('isRealDate', () => {
  it.each(['2011-03-27', '2024-02-29', '2000-02-29', '1900-01-01', '2026-12-31'])('accepts %s', (date) => {
    expect(isRealDate(date)).toBe(true)
  })

  it.each([
    ['2026-02-30', 'no 30 February'],
    ['2026-02-29', 'not a leap year'],
    ['1900-02-29', 'century, not a leap year'],
    ['2026-13-01', 'no month 13'],
    ['2026-00-10', 'no month 0'],
    ['2026-04-31', '30 days hath April'],
    ['2026-1-01', 'month not two digits'],
    ['27/03/2011', 'not ISO'],
    ['2011-03-27T00:00:00Z', 'a timestamp'],
    ['', 'empty'],
  ])('refuses %j (%s)', (date) => {
    expect(isRealDate(date)).toBe(false)
  })
})

describe('ageOn', () => {
  it('counts whole years', () => {
    expect(ageOn('2010-03-15', '2026-03-14')).toBe(15)
    expect(ageOn('2010-03-15', '2026-03-15')).toBe(16)
    expect(ageOn('2010-03-15', '2026-12-31')).toBe(16)
    expect(ageOn('2026-11-28', '2026-11-28')).toBe(0)
  })

  it('turns a 29 February birthday over on 1 March in other years', () => {
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13)
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14)
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16)
  })

  it('is 17 the day before an 18th birthday and 18 on it', () => {
    expect(ageOn('2008-11-29', '2026-11-28')).toBe(17)
    expect(ageOn('2008-11-28', '2026-11-28')).toBe(18)
  })
})

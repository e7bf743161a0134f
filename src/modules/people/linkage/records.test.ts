import { describe, expect, it } from 'vitest'
import { dateFromParts, normalisePostcode, parseDate, standardiseRecord, createStandardiser } from './records.ts'

describe('standardising records', () => {
  it('reads the three date formats and nothing else', () => {
    expect(parseDate('20120304')?.text).toBe('20120304')
    expect(parseDate('2012-03-04')?.text).toBe('20120304')
    expect(parseDate('04/03/2012')?.text).toBe('20120304')
    expect(parseDate('1857')).toMatchObject({ text: '1857', month: 0, day: 0 })
    expect(parseDate('1857-03')).toMatchObject({ text: '185703', month: 3, day: 0 })
    for (const bad of ['2012/03/04', '4 March 2012', '20121304', '', 'NA', '12-03-2012']) expect(parseDate(bad)).toBeUndefined()
  })

  it('builds partial dates from year, month and day columns', () => {
    expect(dateFromParts('1967', '9', '27')?.text).toBe('19670927')
    expect(dateFromParts('1967', 'NA', '27')).toMatchObject({ text: '1967', month: 0, day: 0 })
    expect(dateFromParts('NA', '9', '27')).toBeUndefined()
  })

  it('lower-cases names, strips diacritics and punctuation, treats NA and blanks as missing', () => {
    const r = standardiseRecord({ given_name: '  Zoë ', family_name: "O'Brien-Smith", middle_name: 'NA', postcode: 'sw1a 1aa', email: ' ' })
    expect(r.given?.text).toBe('zoe')
    expect(r.family?.text).toBe('obrien smith')
    expect(r.middle).toBeUndefined()
    expect(r.email).toBeUndefined()
    expect(r.postcode).toBe(normalisePostcode('SW1A1AA'))
    expect(r.given?.codes.length).toBeGreaterThan(0)
  })

  it('splits a full name when given and family names are not mapped', () => {
    const r = standardiseRecord({ full_name: 'Mary Ann Jones' })
    expect([r.given?.text, r.middle?.text, r.family?.text]).toEqual(['mary', 'ann', 'jones'])
  })

  it('interns equal values within one standardiser', () => {
    const s = createStandardiser()
    expect(s({ given_name: 'Robert' }).given).toBe(s({ given_name: 'ROBERT' }).given)
  })

  it('knows nicknames', () => {
    const bob = standardiseRecord({ given_name: 'Bob' }).given
    const robert = standardiseRecord({ given_name: 'Robert' }).given
    expect(bob?.nick.some((g) => robert?.nick.includes(g))).toBe(true)
  })
})

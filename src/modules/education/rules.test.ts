import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { closureErrors, compulsorySchoolAgeEnds, compulsorySchoolAgeStarts, daysBetween, futureErrors, isOfCompulsorySchoolAge, londonToday, schoolAgeErrors } from './rules.ts'

describe('compulsory school age', () => {
  it('starts on the first prescribed day (31 Dec, 31 Mar, 31 Aug) on or after the 5th birthday', () => {
    expect(compulsorySchoolAgeStarts('2015-09-10')).toBe('2020-12-31')
    expect(compulsorySchoolAgeStarts('2015-01-15')).toBe('2020-03-31')
    expect(compulsorySchoolAgeStarts('2015-05-01')).toBe('2020-08-31')
    expect(compulsorySchoolAgeStarts('2015-12-31')).toBe('2020-12-31')
  })

  it('ends on the last Friday of June of the school year the child turns 16', () => {
    // Turns 16 on 10 Sept 2026 (school year 2026/27): last Friday of June 2027 is 25 June.
    expect(compulsorySchoolAgeEnds('2010-09-10')).toBe('2027-06-25')
    // Turns 16 on 15 July 2026 (school year 2025/26): last Friday of June 2026 is 26 June, before the birthday.
    expect(compulsorySchoolAgeEnds('2010-07-15')).toBe('2026-06-26')
    // Turns 16 on 31 August 2026: still the 2025/26 school year.
    expect(compulsorySchoolAgeEnds('2010-08-31')).toBe('2026-06-26')
  })

  it('treats a 29 February birthday as 28 February in a common year', () => {
    expect(compulsorySchoolAgeStarts('2016-02-29')).toBe('2021-03-31')
  })

  it('holds from the start to the end inclusive and not a day either side', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2022-12-31'), noInvalidDate: true }), (dob) => {
        const d = dob.toISOString().slice(0, 10)
        const start = compulsorySchoolAgeStarts(d)
        const end = compulsorySchoolAgeEnds(d)
        const shift = (s: string, n: number) => new Date(Date.parse(`${s}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
        expect(isOfCompulsorySchoolAge(d, start)).toBe(true)
        expect(isOfCompulsorySchoolAge(d, end)).toBe(true)
        expect(isOfCompulsorySchoolAge(d, shift(start, -1))).toBe(false)
        expect(isOfCompulsorySchoolAge(d, shift(end, 1))).toBe(false)
        // Between the 5th birthday and 17th birthday, whatever the birthday.
        expect(daysBetween(d, start)).toBeGreaterThanOrEqual(5 * 365)
        expect(daysBetween(d, end)).toBeLessThan(17 * 366)
      }),
    )
  })
})

describe('recording and closing checks', () => {
  const now = new Date('2026-11-28T23:30:00Z') // already 28 November in London (GMT)

  it('refuses a child under or over compulsory school age, with the dates in words', () => {
    expect(schoolAgeErrors('2022-01-01', '2026-11-01')[0]?.message).toBe('The child was not of compulsory school age on that date: it starts on 31 March 2027, after their 5th birthday')
    expect(schoolAgeErrors('2008-01-01', '2026-11-01')[0]?.message).toMatch(/past compulsory school age on that date: it ended on 28 June 2024/)
    expect(schoolAgeErrors(null, '2026-11-01')[0]?.message).toMatch(/date of birth/)
    expect(schoolAgeErrors('2012-05-01', '2026-11-01')).toEqual([])
  })

  it('refuses a date after today in the UK', () => {
    expect(londonToday(now)).toBe('2026-11-28')
    expect(futureErrors('2026-11-29', now, 'identifiedOn', 'Date identified')).toEqual([{ field: 'identifiedOn', message: 'Date identified must be today or in the past' }])
    expect(futureErrors('2026-11-28', now, 'identifiedOn', 'Date identified')).toEqual([])
  })

  it('refuses closing before the case began, in the future, or for end of school age before it is reached', () => {
    const c = { identifiedOn: '2026-10-01' }
    expect(closureErrors({ closedOn: '2026-09-30', closureReason: 'registered-at-school' }, c, '2012-05-01', now).map((e) => e.field)).toEqual(['closedOn'])
    expect(closureErrors({ closedOn: '2026-12-01', closureReason: 'registered-at-school' }, c, '2012-05-01', now).map((e) => e.field)).toEqual(['closedOn'])
    expect(closureErrors({ closedOn: '2026-11-01', closureReason: 'end-of-compulsory-school-age' }, c, '2012-05-01', now)[0]?.message).toBe('The child does not reach the end of compulsory school age until 30 June 2028')
    expect(closureErrors({ closedOn: '2026-11-01', closureReason: 'end-of-compulsory-school-age' }, { identifiedOn: '2026-01-05' }, '2009-10-01', now)).toEqual([])
    expect(closureErrors({ closedOn: '2026-11-01', closureReason: 'registered-at-school' }, c, '2012-05-01', now)).toEqual([])
  })
})

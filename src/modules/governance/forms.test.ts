import { describe, expect, it } from 'vitest'
import { auditFilterQuery, formatAuditTime, londonMidnight, nextDay, parseAuditFilter, parseProtectionForm, parseReviewForm } from './forms.ts'

describe('London calendar days', () => {
  it('starts a winter day at UTC midnight and a summer day an hour earlier', () => {
    expect(londonMidnight('2026-11-28').toISOString()).toBe('2026-11-28T00:00:00.000Z')
    expect(londonMidnight('2026-07-01').toISOString()).toBe('2026-06-30T23:00:00.000Z')
  })

  it('is right on the days the clocks change', () => {
    expect(londonMidnight('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z') // clocks go forward at 01:00 UTC
    expect(londonMidnight('2026-03-30').toISOString()).toBe('2026-03-29T23:00:00.000Z')
    expect(londonMidnight('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z') // clocks go back at 01:00 UTC
    expect(londonMidnight('2026-10-26').toISOString()).toBe('2026-10-26T00:00:00.000Z')
  })

  it('steps over month and year ends', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01')
    expect(nextDay('2028-02-28')).toBe('2028-02-29')
  })

  it('formats audit times in UK time with seconds', () => {
    expect(formatAuditTime(new Date('2026-07-01T14:05:09Z'))).toBe('1 Jul 2026, 15:05:09')
  })
})

describe('audit filter', () => {
  it('takes day, month and year inputs or YYYY-MM-DD, and keeps the filter in links', () => {
    const parsed = parseAuditFilter({ 'from-day': '1', 'from-month': '11', 'from-year': '2026', to: '2026-11-28', action: ' people. ', userEmail: 'A@B.test' })
    expect(parsed.errors).toEqual([])
    expect(parsed.filter).toEqual({ from: '2026-11-01', to: '2026-11-28', action: 'people.', userEmail: 'A@B.test' })
    expect(auditFilterQuery(parsed.filter ?? {}, 42)).toBe('userEmail=A%40B.test&from=2026-11-01&to=2026-11-28&action=people.&before=42')
  })

  it('has no filter and no errors when nothing is given', () => {
    expect(parseAuditFilter({})).toMatchObject({ filter: {}, errors: [], filtered: false })
  })

  it('names each bad field, in form order', () => {
    const parsed = parseAuditFilter({ action: 'x'.repeat(101), 'to-day': '31', 'to-month': '4', 'to-year': '2026', personId: 'nope', userEmail: 'nope', before: '-1' })
    expect(parsed.filter).toBeUndefined()
    expect(parsed.errors.map((e) => e.field)).toEqual(['userEmail', 'personId', 'to', 'action', 'before'])
    expect(parsed.errors.find((e) => e.field === 'to')?.message).toBe('Date to must be a real date')
  })

  it('ignores repeated parameters rather than failing on them', () => {
    expect(parseAuditFilter({ action: ['a', 'b'] }).filter).toEqual({})
  })
})

describe('review form', () => {
  it('needs an outcome, and a note when inappropriate', () => {
    expect(parseReviewForm({}).errors.map((e) => e.field)).toEqual(['outcome'])
    expect(parseReviewForm({ outcome: 'inappropriate', note: ' ' }).errors.map((e) => e.field)).toEqual(['note'])
    expect(parseReviewForm({ outcome: 'appropriate' }).input).toEqual({ outcome: 'appropriate', note: null })
    expect(parseReviewForm({ outcome: 'maybe' }).errors[0]?.message).toBe('Select whether the use of emergency access was appropriate')
  })
})

describe('protection form', () => {
  it('reads named users one per line, de-duplicated, with their line numbers', () => {
    const parsed = parseProtectionForm({ state: 'sealed', reason: 'Adoption placement', namedUsers: 'A@x.test\r\n\r\n  b@x.test \na@X.test' })
    expect(parsed.input?.namedUsers).toEqual([
      { line: 1, email: 'a@x.test' },
      { line: 3, email: 'b@x.test' },
    ])
  })

  it('names every line that is not an email address', () => {
    const parsed = parseProtectionForm({ state: 'sealed', reason: 'Adoption placement', namedUsers: 'one\na@x.test\ntwo' })
    expect(parsed.errors).toEqual([{ field: 'namedUsers', message: 'Named users: line 1 (one) and line 3 (two) are not email addresses' }])
  })

  it('ignores named users unless sealing, and checks the reason length', () => {
    expect(parseProtectionForm({ state: 'restricted', reason: 'Staff relative', namedUsers: 'junk' }).input).toEqual({ state: 'restricted', reason: 'Staff relative', namedUsers: [] })
    expect(parseProtectionForm({ state: 'restricted', reason: '123456789' }).errors[0]?.message).toBe('Reason must be 10 characters or more')
    expect(parseProtectionForm({ state: 'restricted', reason: '1234567890' }).errors).toEqual([])
    expect(parseProtectionForm({ state: 'hidden', reason: 'x'.repeat(1001) }).errors.map((e) => e.field)).toEqual(['state', 'reason'])
  })
})

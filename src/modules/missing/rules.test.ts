import { describe, expect, it } from 'vitest'
import { effectiveRules, DEFAULT_ALERT_RULES } from '../alerts/rules.ts'
import { londonToInstant, parseDateTime, parseTime } from './forms.ts'
import { checkEpisodeTimes, checkReturnTime, durationMinutes, durationText, gradeAllowed, isLookedAfterEpisode, periodsOverlap, rhiDueBy, rhiOverdue } from './rules.ts'

const at = (iso: string) => new Date(iso)

describe('missing-episode rules', () => {
  it('the RHI is due exactly 72 hours after the return, across a clock change too', () => {
    expect(rhiDueBy(at('2026-03-28T10:15:30.123Z')).toISOString()).toBe('2026-03-31T10:15:30.123Z')
  })

  it('duration runs from last seen when given, else from the report, to the return', () => {
    expect(durationMinutes({ lastSeenAt: at('2026-01-01T10:00:00Z'), reportedMissingAt: at('2026-01-01T12:00:00Z'), returnedAt: at('2026-01-02T10:30:59Z') })).toBe(24 * 60 + 30)
    expect(durationMinutes({ lastSeenAt: null, reportedMissingAt: at('2026-01-01T12:00:00Z'), returnedAt: at('2026-01-01T13:00:00Z') })).toBe(60)
    expect(durationMinutes({ lastSeenAt: null, reportedMissingAt: at('2026-01-01T12:00:00Z'), returnedAt: null })).toBeNull()
    expect(durationMinutes({ lastSeenAt: null, reportedMissingAt: at('2026-01-01T12:00:00Z'), returnedAt: null }, at('2026-01-01T12:45:00Z'))).toBe(45)
  })

  it('says how long in words', () => {
    expect(durationText(0)).toBe('less than a minute')
    expect(durationText(45)).toBe('45 minutes')
    expect(durationText(61)).toBe('1 hour 1 minute')
    expect(durationText(3 * 1440 + 120)).toBe('3 days 2 hours')
  })

  it('orders grades for the partnership minimum, which is off by default', () => {
    expect(gradeAllowed('very-low', null)).toBe(true)
    expect(gradeAllowed('low', 'medium')).toBe(false)
    expect(gradeAllowed('medium', 'medium')).toBe(true)
    expect(gradeAllowed('high', 'medium')).toBe(true)
  })

  it('overlap: an open period never ends, touching is not overlapping', () => {
    const p = (s: string, e: string | null) => ({ start: at(s), end: e ? at(e) : null })
    expect(periodsOverlap(p('2026-01-01T00:00Z', '2026-01-02T00:00Z'), p('2026-01-02T00:00Z', null))).toBe(false)
    expect(periodsOverlap(p('2026-01-01T00:00Z', '2026-01-02T00:00Z'), p('2026-01-01T23:59Z', null))).toBe(true)
    expect(periodsOverlap(p('2026-01-05T00:00Z', null), p('2026-01-01T00:00Z', null))).toBe(true)
    expect(periodsOverlap(p('2026-01-05T00:00Z', '2026-01-06T00:00Z'), p('2026-01-01T00:00Z', '2026-01-02T00:00Z'))).toBe(false)
  })

  it('refuses future times, last seen after the report, a return before the report', () => {
    const now = at('2026-06-01T12:00:00Z')
    expect(checkEpisodeTimes({ reportedMissingAt: at('2026-06-01T12:00:01Z') }, now).map((e) => e.field)).toEqual(['reportedMissingAt'])
    expect(checkEpisodeTimes({ reportedMissingAt: at('2026-06-01T10:00:00Z'), lastSeenAt: at('2026-06-01T11:00:00Z') }, now).map((e) => e.field)).toEqual(['lastSeenAt'])
    expect(checkEpisodeTimes({ reportedMissingAt: at('2026-06-01T10:00:00Z'), lastSeenAt: at('2026-06-01T09:00:00Z') }, now)).toEqual([])
    expect(checkReturnTime(at('2026-06-01T09:59:59Z'), at('2026-06-01T10:00:00Z'), now)[0]?.message).toMatch(/after the time the child was reported missing/)
    expect(checkReturnTime(at('2026-06-01T12:00:01Z'), at('2026-06-01T10:00:00Z'), now)[0]?.message).toMatch(/in the past/)
    expect(checkReturnTime(at('2026-06-01T10:00:00Z'), at('2026-06-01T10:00:00Z'), now)).toEqual([])
  })

  it('overdue RHIs are the open ones past their deadline', () => {
    const now = at('2026-06-04T12:00:00Z')
    expect(rhiOverdue({ status: 'due', dueBy: at('2026-06-04T11:59:59Z') }, now)).toBe(true)
    expect(rhiOverdue({ status: 'completed', dueBy: at('2026-06-01T00:00:00Z') }, now)).toBe(false)
    expect(rhiOverdue({ status: 'offered', dueBy: at('2026-06-04T12:00:00Z') }, now)).toBe(false)
  })

  it('a looked-after episode is one from care or with an M/A type', () => {
    expect(isLookedAfterEpisode({ missingFrom: 'care', missingType: null })).toBe(true)
    expect(isLookedAfterEpisode({ missingFrom: 'education', missingType: 'A' })).toBe(true)
    expect(isLookedAfterEpisode({ missingFrom: 'home', missingType: null })).toBe(false)
  })
})

describe('trigger rules', () => {
  it('defaults: 3 in 30 days, high risk, missing from care 24 h, all owned by the exploitation lead', () => {
    expect(DEFAULT_ALERT_RULES.map((r) => [r.key, r.ownerRole])).toEqual([
      ['repeat-missing', 'exploitation-lead'],
      ['high-risk-missing', 'exploitation-lead'],
      ['missing-from-care-24h', 'exploitation-lead'],
    ])
  })

  it('a configuration row replaces the default of the same key, and can switch it off', () => {
    const base = DEFAULT_ALERT_RULES[0]
    if (!base) throw new Error('no default')
    const rules = effectiveRules([{ ...base, minEpisodes: 2, windowDays: 7 }, { ...base, key: 'high-risk-missing', active: false }])
    expect(rules.find((r) => r.key === 'repeat-missing')).toMatchObject({ minEpisodes: 2, windowDays: 7 })
    expect(rules.some((r) => r.key === 'high-risk-missing')).toBe(false)
  })
})

describe('page date and time', () => {
  it('reads UK times, summer and winter', () => {
    expect(londonToInstant(2026, 7, 1, 14, 30).toISOString()).toBe('2026-07-01T13:30:00.000Z')
    expect(londonToInstant(2026, 12, 1, 14, 30).toISOString()).toBe('2026-12-01T14:30:00.000Z')
    expect(londonToInstant(2026, 3, 29, 0, 30).toISOString()).toBe('2026-03-29T00:30:00.000Z')
  })

  it('reads times the way people write them', () => {
    expect(parseTime('14:30')).toEqual([14, 30])
    expect(parseTime('2:30pm')).toEqual([14, 30])
    expect(parseTime('12am')).toEqual([0, 0])
    expect(parseTime('midday')).toEqual([12, 0])
    expect(parseTime('25:00')).toBeNull()
    expect(parseTime('14')).toBeNull()
  })

  it('gives GOV.UK errors for incomplete or unreal dates and times', () => {
    const errors: { field: string; message: string }[] = []
    expect(parseDateTime({ 'x-day': '31', 'x-month': '2', 'x-year': '2026', 'x-time': '10:00' }, 'x', 'Date reported missing', true, errors)).toBeUndefined()
    expect(parseDateTime({}, 'y', 'Date of return', true, errors)).toBeUndefined()
    expect(parseDateTime({ 'z-day': '1', 'z-month': '2', 'z-year': '2026' }, 'z', 'Date last seen', false, errors)).toBeUndefined()
    expect(errors).toEqual([
      { field: 'x', message: 'Date reported missing must be a real date' },
      { field: 'y', message: 'Enter the date of return' },
      { field: 'z-time', message: 'Enter the time for the date last seen, like 14:30 or 2:30pm' },
    ])
  })
})

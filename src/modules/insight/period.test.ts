import { describe, expect, it } from 'vitest'
import { parsePeriodForm } from './forms.ts'
import { currentQuarterPeriod, isRealDate, londonDay, parseDateParts, parsePeriodQuery, quarterLabel, quarterPeriod, quartersEndingWith } from './period.ts'

describe('insight periods', () => {
  it('knows real dates, leap years included', () => {
    expect(isRealDate('2028-02-29')).toBe(true)
    expect(isRealDate('2026-02-29')).toBe(false)
    expect(isRealDate('2026-4-1')).toBe(false)
    expect(isRealDate('1899-12-31')).toBe(false)
  })

  it('places an instant on its London day (BST moves 23:30 UTC to the next day)', () => {
    expect(londonDay(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    expect(londonDay(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31')
  })

  it('defaults to the calendar quarter containing today in London', () => {
    expect(currentQuarterPeriod(new Date('2026-03-31T23:30:00Z'))).toEqual({ from: '2026-04-01', to: '2026-06-30' })
    expect(currentQuarterPeriod(new Date('2026-11-28T12:00:00Z'))).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(quarterPeriod({ year: 2028, quarter: 1 })).toEqual({ from: '2028-01-01', to: '2028-03-31' })
    expect(quarterLabel({ year: 2026, quarter: 4 })).toBe('October to December 2026')
  })

  it('lists the last 8 quarters oldest first, across years', () => {
    expect(quartersEndingWith({ year: 2026, quarter: 2 }, 8).map((q) => `${q.year}-Q${q.quarter}`)).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'])
  })

  it('reads the API period: both or neither, real dates, to not before from', () => {
    const now = new Date('2026-11-28T12:00:00Z')
    expect(parsePeriodQuery(undefined, undefined, now)).toEqual({ period: { from: '2026-10-01', to: '2026-12-31' }, errors: [] })
    expect(parsePeriodQuery('2026-06-30', '2026-06-30', now).period).toEqual({ from: '2026-06-30', to: '2026-06-30' })
    expect(parsePeriodQuery('', '2026-06-30', now).errors).toEqual([{ field: 'from', message: 'Enter a date from, like 2026-10-01' }])
    expect(parsePeriodQuery('2026-07-01', '2026-06-30', now).errors).toEqual([{ field: 'to', message: 'Date to must be the same as or after date from' }])
  })

  it('reads GOV.UK date inputs with GOV.UK messages', () => {
    expect(parseDateParts({ day: '1', month: '4', year: '2026' }, 'Date from')).toEqual({ value: '2026-04-01' })
    expect(parseDateParts({ day: '', month: '', year: '' }, 'Date from')).toEqual({ error: 'Enter a date from' })
    expect(parseDateParts({ day: '', month: '4', year: '' }, 'Date to')).toEqual({ error: 'Date to must include a day and year' })
    expect(parseDateParts({ day: '31', month: '4', year: '2026' }, 'Date to')).toEqual({ error: 'Date to must be a real date' })
  })

  it('reads the page form: a quarter, dates, or nothing (the current quarter)', () => {
    const now = new Date('2026-11-28T12:00:00Z')
    expect(parsePeriodForm({}, now)).toMatchObject({ period: { from: '2026-10-01', to: '2026-12-31' }, values: { quarter: '2026-Q4' } })
    expect(parsePeriodForm({ quarter: '2025-Q1' }, now).period).toEqual({ from: '2025-01-01', to: '2025-03-31' })
    expect(parsePeriodForm({ quarter: 'soon' }, now).errors).toEqual([{ field: 'quarter', message: 'Select a quarter' }])
    const dates = { 'from-day': '5', 'from-month': '11', 'from-year': '2026', 'to-day': '4', 'to-month': '11', 'to-year': '2026' }
    expect(parsePeriodForm(dates, now).errors).toEqual([{ field: 'to', message: 'Date to must be the same as or after date from' }])
    expect(parsePeriodForm({ ...dates, 'to-day': '5' }, now)).toMatchObject({ period: { from: '2026-11-05', to: '2026-11-05' }, values: { quarter: '' } })
  })
})

import type { FieldError } from '../../platform/errors.ts'

/**
 * Reporting periods (ADR 0017). A period is two inclusive Europe/London calendar days (CONTRACTS.md §5); the SQL
 * turns them into the half-open instant range [from 00:00 London, day after `to` 00:00 London). Quarters are
 * calendar quarters (January–March, …), the default period being the one that contains today in London.
 */
export type Period = { from: string; to: string }
export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const QUARTER_KEY = /^(\d{4})-Q([1-4])$/
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

const pad = (n: number) => String(n).padStart(2, '0')
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`

/** A real calendar day between 1900 and 9999 written YYYY-MM-DD. */
export function isRealDate(value: string): boolean {
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The calendar day an instant falls on in London. */
export function londonDay(instant: Date): string {
  return LONDON_DAY.format(instant)
}

export function quarterOf(day: string): Quarter {
  const match = ISO_DATE.exec(day)
  if (!match) throw new Error(`not a date: ${day}`)
  return { year: Number(match[1]), quarter: (Math.floor((Number(match[2]) - 1) / 3) + 1) as Quarter['quarter'] }
}

export function quarterPeriod(q: Quarter): Period {
  const firstMonth = (q.quarter - 1) * 3 + 1
  const lastDay = new Date(Date.UTC(q.year, firstMonth + 2, 0)).getUTCDate()
  return { from: ymd(q.year, firstMonth, 1), to: ymd(q.year, firstMonth + 2, lastDay) }
}

/** `2026-Q4`: the key a quarter select posts. */
export const quarterKey = (q: Quarter) => `${q.year}-Q${q.quarter}`

export function parseQuarterKey(key: string): Quarter | null {
  const match = QUARTER_KEY.exec(key)
  if (!match) return null
  const year = Number(match[1])
  return year < 1900 ? null : { year, quarter: Number(match[2]) as Quarter['quarter'] }
}

/** "October to December 2026". */
export function quarterLabel(q: Quarter): string {
  const first = (q.quarter - 1) * 3
  return `${MONTHS[first]} to ${MONTHS[first + 2]} ${q.year}`
}

/** The `count` quarters ending with `last`, oldest first. */
export function quartersEndingWith(last: Quarter, count: number): Quarter[] {
  const index = last.year * 4 + (last.quarter - 1)
  return Array.from({ length: count }, (_, i) => {
    const n = index - (count - 1) + i
    return { year: Math.floor(n / 4), quarter: ((n % 4) + 1) as Quarter['quarter'] }
  })
}

export function currentQuarterPeriod(now: Date): Period {
  return quarterPeriod(quarterOf(londonDay(now)))
}

/** "1 October 2026". */
export function formatDay(day: string): string {
  const match = ISO_DATE.exec(day)
  if (!match) return day
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`
}

/**
 * The API's `from`/`to`: both or neither (neither = the current quarter). Messages are GOV.UK style, naming the
 * field as the caller wrote it.
 */
export function parsePeriodQuery(from: string | undefined, to: string | undefined, now: Date): { period?: Period; errors: FieldError[] } {
  const errors: FieldError[] = []
  const given = (v: string | undefined) => v !== undefined && v.trim() !== ''
  if (!given(from) && !given(to)) return { period: currentQuarterPeriod(now), errors }
  if (!given(from)) errors.push({ field: 'from', message: 'Enter a date from, like 2026-10-01' })
  else if (!isRealDate(from!.trim())) errors.push({ field: 'from', message: 'Date from must be a real date, like 2026-10-01' })
  if (!given(to)) errors.push({ field: 'to', message: 'Enter a date to, like 2026-12-31' })
  else if (!isRealDate(to!.trim())) errors.push({ field: 'to', message: 'Date to must be a real date, like 2026-12-31' })
  if (errors.length) return { errors }
  const period = { from: from!.trim(), to: to!.trim() }
  if (period.to < period.from) return { errors: [{ field: 'to', message: 'Date to must be the same as or after date from' }] }
  return { period, errors }
}

export type DateParts = { day: string; month: string; year: string }

/** One GOV.UK date input (`from-day`, `from-month`, `from-year`) as a day, or the message to show. */
export function parseDateParts(parts: DateParts, label: string): { value?: string; error?: string } {
  const { day, month, year } = parts
  if (!day && !month && !year) return { error: `Enter a ${label.toLowerCase()}` }
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean)
  if (missing.length) return { error: `${label} must include a ${missing.join(' and ')}` }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { error: `${label} must be a real date` }
  const value = ymd(Number(year), Number(month), Number(day))
  return isRealDate(value) ? { value } : { error: `${label} must be a real date` }
}

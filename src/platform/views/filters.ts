/**
 * Date and time formatting for pages, in GOV.UK style and the Europe/London time zone. Exported so presenters can
 * use the same wording as the templates' `dateEnGb`, `dateTimeEnGb` and `timeAgo` filters.
 */

const LONDON = 'Europe/London'
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON })
// A bare calendar date ("2026-11-28") is no instant, so it is shown as written rather than shifted by a time zone.
const longCalendarDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const clock = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: LONDON })
const relative = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' })

type DateInput = Date | string | number | null | undefined

/** Parses a Date, an ISO 8601 string or epoch milliseconds; `undefined` for anything empty or invalid. */
function toInstant(value: DateInput): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

function calendarDate(value: DateInput): Date | undefined {
  if (typeof value !== 'string') return undefined
  const match = DATE_ONLY.exec(value)
  if (!match) return undefined
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** "28 November 2026". Empty string for empty or invalid input. */
export function formatDate(value: DateInput): string {
  const calendar = calendarDate(value)
  if (calendar) return longCalendarDate.format(calendar)
  const instant = toInstant(value)
  return instant ? longDate.format(instant) : ''
}

/** GOV.UK style time: "3:05pm", "9am", "midday", "midnight". */
export function formatTime(value: DateInput): string {
  const instant = toInstant(value)
  if (!instant) return ''
  const parts = Object.fromEntries(clock.formatToParts(instant).map((part) => [part.type, part.value]))
  const hour = parts.hour ?? ''
  const minute = parts.minute ?? '00'
  const period = (parts.dayPeriod ?? '').toLowerCase().replace(/\W/g, '')
  if (hour === '12' && minute === '00') return period === 'am' ? 'midnight' : 'midday'
  return minute === '00' ? `${hour}${period}` : `${hour}:${minute}${period}`
}

/** "28 November 2026 at 3:05pm". A bare date ("2026-11-28") gives the date alone. */
export function formatDateTime(value: DateInput): string {
  if (calendarDate(value)) return formatDate(value)
  const instant = toInstant(value)
  return instant ? `${longDate.format(instant)} at ${formatTime(instant)}` : ''
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** "3 minutes ago", "yesterday", "in 2 hours"; "just now" within a minute. */
export function timeAgo(value: DateInput, now: Date = new Date()): string {
  const instant = toInstant(value)
  if (!instant) return ''
  const seconds = Math.round((instant.getTime() - now.getTime()) / 1000)
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit)
  }
  return 'just now'
}

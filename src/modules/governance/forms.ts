import type { FieldError } from '../../platform/errors.ts'
import type { RecordState } from '../../platform/access/schema.ts'

/**
 * Parsing the governance forms: the audit filter (a GET form), the break-glass review and the record protection
 * form. Messages are written the GOV.UK way; nothing here touches the database.
 */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export const isUuid = (value: string): boolean => UUID.test(value)

/** A form or query value as one string: repeated parameters and anything else non-string count as blank. */
export function field(source: unknown, name: string): string {
  if (!source || typeof source !== 'object') return ''
  const value = (source as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : ''
}

function isRealYmd(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** London's offset from UTC at an instant, in milliseconds (0 in winter, one hour in summer). */
function londonOffsetMs(instant: Date): number {
  const p = Object.fromEntries(LONDON_PARTS.formatToParts(instant).map((part) => [part.type, part.value]))
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000
}

/**
 * The instant a calendar day starts in Europe/London. Clocks change at 01:00 UTC, so London midnight is never
 * inside a change and the offset at UTC midnight of the same date is the right one.
 */
export function londonMidnight(ymd: string): Date {
  const match = ISO_DATE.exec(ymd)
  if (!match) throw new Error(`not a date: ${ymd}`)
  const guess = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return new Date(guess - londonOffsetMs(new Date(guess)))
}

/** The calendar day after `ymd`. */
export function nextDay(ymd: string): string {
  const match = ISO_DATE.exec(ymd)
  if (!match) throw new Error(`not a date: ${ymd}`)
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1)).toISOString().slice(0, 10)
}

const AUDIT_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** "28 Nov 2026, 15:05:07" in Europe/London: the audit viewer needs seconds. */
export function formatAuditTime(instant: Date): string {
  return AUDIT_TIME.format(instant)
}

// ---------------------------------------------------------------------------------------------------------------
// Audit filter
// ---------------------------------------------------------------------------------------------------------------

export type AuditFilter = {
  userEmail?: string
  personId?: string
  /** Inclusive calendar days, YYYY-MM-DD, in Europe/London. */
  from?: string
  to?: string
  action?: string
  /** Keyset pagination: rows with seq below this. */
  before?: number
}

/** What the form shows back: every input as typed. */
export type AuditFilterValues = {
  userEmail: string
  personId: string
  action: string
  from: { day: string; month: string; year: string }
  to: { day: string; month: string; year: string }
}

export type ParsedAuditFilter = { filter?: AuditFilter; values: AuditFilterValues; errors: FieldError[]; filtered: boolean }

function parseDate(query: unknown, name: 'from' | 'to', label: string, errors: FieldError[]): { value?: string; parts: AuditFilterValues['from'] } {
  let day = field(query, `${name}-day`).trim()
  let month = field(query, `${name}-month`).trim()
  let year = field(query, `${name}-year`).trim()
  const single = field(query, name).trim()
  if (!day && !month && !year && single) {
    // The short form used by links: ?from=2026-11-28.
    const match = ISO_DATE.exec(single)
    if (!match) {
      errors.push({ field: name, message: `${label} must be a real date, like 2026-11-28` })
      return { parts: { day: '', month: '', year: '' } }
    }
    ;[year, month, day] = [match[1] ?? '', match[2] ?? '', match[3] ?? '']
  }
  const parts = { day, month, year }
  if (!day && !month && !year) return { parts }
  if (!day || !month || !year) {
    const missing = [!day && 'a day', !month && 'a month', !year && 'a year'].filter(Boolean).join(' and ')
    errors.push({ field: name, message: `${label} must include ${missing}` })
    return { parts }
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isRealYmd(Number(year), Number(month), Number(day))) {
    errors.push({ field: name, message: `${label} must be a real date` })
    return { parts }
  }
  return { parts, value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` }
}

export function parseAuditFilter(query: unknown): ParsedAuditFilter {
  const errors: FieldError[] = []
  const userEmail = field(query, 'userEmail').trim()
  const personId = field(query, 'personId').trim()
  const action = field(query, 'action').trim()
  const beforeText = field(query, 'before').trim()
  if (userEmail && (userEmail.length > 254 || !EMAIL.test(userEmail))) {
    errors.push({ field: 'userEmail', message: 'Enter an email address in the correct format, like name@example.com' })
  }
  if (personId && !isUuid(personId)) {
    errors.push({ field: 'personId', message: 'Enter a person ID in the correct format, like 0b6a5f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' })
  }
  const from = parseDate(query, 'from', 'Date from', errors)
  const to = parseDate(query, 'to', 'Date to', errors)
  if (from.value && to.value && to.value < from.value) errors.push({ field: 'to', message: 'Date to must be the same as or after date from' })
  if (action.length > 100) errors.push({ field: 'action', message: 'Action must be 100 characters or fewer' })
  if (beforeText && !/^[1-9]\d{0,15}$/.test(beforeText)) errors.push({ field: 'before', message: 'The page link is not valid. Search again.' })
  const values: AuditFilterValues = { userEmail, personId, action, from: from.parts, to: to.parts }
  const filtered = Boolean(userEmail || personId || action || from.value || to.value)
  if (errors.length > 0) return { values, errors: orderErrors(errors), filtered }
  const filter: AuditFilter = {
    ...(userEmail ? { userEmail } : {}),
    ...(personId ? { personId: personId.toLowerCase() } : {}),
    ...(from.value ? { from: from.value } : {}),
    ...(to.value ? { to: to.value } : {}),
    ...(action ? { action } : {}),
    ...(beforeText ? { before: Number(beforeText) } : {}),
  }
  return { filter, values, errors: [], filtered }
}

const AUDIT_ORDER = ['userEmail', 'personId', 'from', 'to', 'action', 'before']
function orderErrors(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => AUDIT_ORDER.indexOf(a.field) - AUDIT_ORDER.indexOf(b.field))
}

/** The query string for a filter (without `before` unless given): links keep the filter. */
export function auditFilterQuery(filter: AuditFilter, before?: number): string {
  const params = new URLSearchParams()
  if (filter.userEmail) params.set('userEmail', filter.userEmail)
  if (filter.personId) params.set('personId', filter.personId)
  if (filter.from) params.set('from', filter.from)
  if (filter.to) params.set('to', filter.to)
  if (filter.action) params.set('action', filter.action)
  if (before !== undefined) params.set('before', String(before))
  return params.toString()
}

// ---------------------------------------------------------------------------------------------------------------
// Break-glass review
// ---------------------------------------------------------------------------------------------------------------

export const REVIEW_OUTCOMES = ['appropriate', 'inappropriate'] as const
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number]
export type ReviewInput = { outcome: ReviewOutcome; note: string | null }
export type ReviewValues = { outcome: string; note: string }

export function parseReviewForm(body: unknown): { input?: ReviewInput; values: ReviewValues; errors: FieldError[] } {
  const outcome = field(body, 'outcome').trim()
  const note = field(body, 'note').trim()
  const values = { outcome, note: note.slice(0, 2000) }
  const errors: FieldError[] = []
  if (!(REVIEW_OUTCOMES as readonly string[]).includes(outcome)) {
    errors.push({ field: 'outcome', message: 'Select whether the use of emergency access was appropriate' })
  }
  if (note.length > 2000) errors.push({ field: 'note', message: 'Note must be 2000 characters or fewer' })
  else if (outcome === 'inappropriate' && !note) errors.push({ field: 'note', message: 'Enter why the use of emergency access was inappropriate' })
  if (errors.length > 0) return { values, errors }
  return { input: { outcome: outcome as ReviewOutcome, note: note || null }, values, errors }
}

// ---------------------------------------------------------------------------------------------------------------
// Record protection
// ---------------------------------------------------------------------------------------------------------------

export const MAX_NAMED_USERS = 50
export type NamedUserLine = { line: number; email: string }
export type ProtectionInput = { state: RecordState; reason: string; namedUsers: NamedUserLine[] }
export type ProtectionValues = { state: string; reason: string; namedUsers: string }

const STATES: readonly string[] = ['ordinary', 'restricted', 'sealed']

export function parseProtectionForm(body: unknown): { input?: ProtectionInput; values: ProtectionValues; errors: FieldError[] } {
  const state = field(body, 'state').trim()
  const reason = field(body, 'reason').trim()
  const namedText = field(body, 'namedUsers')
  const values = { state, reason: reason.slice(0, 1000), namedUsers: namedText.slice(0, 20_000) }
  const errors: FieldError[] = []
  if (!STATES.includes(state)) errors.push({ field: 'state', message: 'Select whether the record is ordinary, restricted or sealed' })
  if (!reason) errors.push({ field: 'reason', message: 'Enter the reason for the change' })
  else if (reason.length < 10) errors.push({ field: 'reason', message: 'Reason must be 10 characters or more' })
  else if (reason.length > 1000) errors.push({ field: 'reason', message: 'Reason must be 1000 characters or fewer' })
  const namedUsers: NamedUserLine[] = []
  if (state === 'sealed') {
    const seen = new Set<string>()
    const bad: string[] = []
    namedText.split(/\r\n|\r|\n/).forEach((raw, index) => {
      const email = raw.trim()
      if (!email) return
      if (email.length > 254 || !EMAIL.test(email)) {
        bad.push(`line ${index + 1} (${email.slice(0, 60)})`)
        return
      }
      const key = email.toLowerCase()
      if (seen.has(key)) return
      seen.add(key)
      namedUsers.push({ line: index + 1, email: key })
    })
    if (namedText.length > 20_000 || namedUsers.length > MAX_NAMED_USERS) {
      errors.push({ field: 'namedUsers', message: `Enter ${MAX_NAMED_USERS} named users or fewer` })
    } else if (bad.length > 0) {
      errors.push({ field: 'namedUsers', message: `Named users: ${joinLines(bad)} ${bad.length === 1 ? 'is not an email address' : 'are not email addresses'}` })
    }
  }
  if (errors.length > 0) return { values, errors }
  return { input: { state: state as RecordState, reason, namedUsers }, values, errors }
}

/** "line 2 (a)", "line 2 (a) and line 4 (b)", "line 1 (a), line 2 (b) and line 4 (c)". */
export function joinLines(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

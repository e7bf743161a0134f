/**
 * Pure rules of children missing education (no database, no clock of their own): compulsory school age, the date
 * checks every recording must pass, and days open. Dates are `YYYY-MM-DD` strings (Europe/London calendar days).
 * Unit-tested in rules.test.ts.
 */
import type { FieldError } from '../../platform/errors.ts'

const DAY_MS = 86_400_000
const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today's date in the UK, for "not in the future" checks. */
export function londonToday(now: Date): string {
  return londonDay.format(now)
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
const parts = (date: string): [number, number, number] => {
  const [y, m, d] = date.split('-').map(Number)
  return [y ?? 0, m ?? 0, d ?? 0]
}

/** Whole days from `from` to `to` (calendar days; 0 on the same day). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from)
  const [ty, tm, td] = parts(to)
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / DAY_MS)
}

/** The child's birthday in a year (29 February → 28 February in a common year, as the law reads a birthday). */
function birthday(dateOfBirth: string, year: number): string {
  const [, m, d] = parts(dateOfBirth)
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return iso(year, m, Math.min(d, last))
}

/**
 * Compulsory school age starts on the first "prescribed day" (31 December, 31 March, 31 August) on or after the
 * child's fifth birthday (Education Act 1996 s.8; the Education (Start of Compulsory School Age) Order 1998).
 */
export function compulsorySchoolAgeStarts(dateOfBirth: string): string {
  const fifth = birthday(dateOfBirth, parts(dateOfBirth)[0] + 5)
  const [y] = parts(fifth)
  const prescribed = [iso(y, 3, 31), iso(y, 8, 31), iso(y, 12, 31)]
  return prescribed.find((p) => p >= fifth) ?? iso(y + 1, 3, 31)
}

/** The last Friday of June of a year. */
function lastFridayOfJune(year: number): string {
  const june30 = new Date(Date.UTC(year, 5, 30))
  const back = (june30.getUTCDay() - 5 + 7) % 7
  return iso(year, 6, 30 - back)
}

/**
 * Compulsory school age ends on the last Friday of June of the school year (1 September to 31 August) in which the
 * child turns 16 (Education Act 1996 s.8(4); the Education (School Leaving Date) Order 1997).
 */
export function compulsorySchoolAgeEnds(dateOfBirth: string): string {
  const sixteenth = birthday(dateOfBirth, parts(dateOfBirth)[0] + 16)
  const [y, m] = parts(sixteenth)
  return lastFridayOfJune(m >= 9 ? y + 1 : y)
}

export function isOfCompulsorySchoolAge(dateOfBirth: string, on: string): boolean {
  return on >= compulsorySchoolAgeStarts(dateOfBirth) && on <= compulsorySchoolAgeEnds(dateOfBirth)
}

const long = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' })
export const dateText = (date: string) => {
  const [y, m, d] = parts(date)
  return long.format(new Date(Date.UTC(y, m - 1, d)))
}

/**
 * A child can be missing education only while of compulsory school age (the definition, DOMAIN.md §1.5): the
 * identified date must fall inside it. Without a date of birth nobody can tell, so the record must say it first.
 */
export function schoolAgeErrors(dateOfBirth: string | null, identifiedOn: string, field = 'identifiedOn'): FieldError[] {
  if (!dateOfBirth) return [{ field, message: 'Add the child’s date of birth to their record first: a child is missing education only while of compulsory school age (5 to 16)' }]
  const starts = compulsorySchoolAgeStarts(dateOfBirth)
  const ends = compulsorySchoolAgeEnds(dateOfBirth)
  if (identifiedOn < starts) return [{ field, message: `The child was not of compulsory school age on that date: it starts on ${dateText(starts)}, after their 5th birthday` }]
  if (identifiedOn > ends) return [{ field, message: `The child was past compulsory school age on that date: it ended on ${dateText(ends)}, the last Friday of June of the school year they turned 16` }]
  return []
}

/** A date the user gives is never in the future (UK calendar). */
export function futureErrors(date: string, now: Date, field: string, label: string): FieldError[] {
  return date > londonToday(now) ? [{ field, message: `${label} must be today or in the past` }] : []
}

/**
 * Closing: not in the future, not before the case was identified, and "reached the end of compulsory school age"
 * only once it has been reached.
 */
export function closureErrors(input: { closedOn: string; closureReason: string }, c: { identifiedOn: string }, dateOfBirth: string | null, now: Date): FieldError[] {
  const errors = futureErrors(input.closedOn, now, 'closedOn', 'Date closed')
  if (input.closedOn < c.identifiedOn) errors.push({ field: 'closedOn', message: `Date closed must be on or after the date the child was identified (${dateText(c.identifiedOn)})` })
  if (input.closureReason === 'end-of-compulsory-school-age') {
    const ends = dateOfBirth ? compulsorySchoolAgeEnds(dateOfBirth) : null
    if (!ends || input.closedOn < ends) {
      errors.push({ field: 'closureReason', message: ends ? `The child does not reach the end of compulsory school age until ${dateText(ends)}` : 'The child’s date of birth is not known, so the end of compulsory school age cannot be confirmed' })
    }
  }
  return errors
}

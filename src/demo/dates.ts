/** Date arithmetic for the demo data, all in UTC so that the same `today` gives the same rows anywhere. */

const DAY_MS = 86_400_000

export function parseToday(today: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be a date YYYY-MM-DD, got "${today}"`)
  const date = new Date(`${today}T00:00:00Z`)
  if (Number.isNaN(date.getTime()) || isoDate(date) !== today) throw new Error(`today is not a real date: "${today}"`)
  return date
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS)
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000)
}

/** The same calendar day `years` earlier (29 February becomes 28 February). */
export function subtractYears(date: Date, years: number): Date {
  const y = date.getUTCFullYear() - years
  const m = date.getUTCMonth()
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  return new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay)))
}

/** Whole days from `a` to `b` (b later is positive). */
export function daysBetween(a: Date, b: Date): number {
  return Math.floor((b.getTime() - a.getTime()) / DAY_MS)
}

/** Age in whole years on `on`. */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number]
  let age = on.getUTCFullYear() - y
  const beforeBirthday = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)
  if (beforeBirthday) age -= 1
  return age
}

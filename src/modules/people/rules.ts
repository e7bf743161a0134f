/** Pure rules about people's details: no database, no HTTP. */

// The UK postcode shape (BS 7666), case-insensitive, space optional. Shape only: a well-formed postcode may still
// not exist, and the person index (issue 3) may check against a postcode list.
const POSTCODE = /^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/i

export function isValidPostcode(value: string): boolean {
  return POSTCODE.test(value.trim())
}

/** "pe1 2ab" → "PE1 2AB". */
export function normalisePostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase()
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}

/** The outward code, "PE1 2AB" → "PE1": what a search card may show instead of the full address. */
export function postcodeDistrict(postcode: string | null): string | null {
  if (!postcode) return null
  const normal = normalisePostcode(postcode)
  return normal.split(' ')[0] ?? null
}

/** A real calendar date as YYYY-MM-DD (rejects 2026-02-30). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** Whole years between a date of birth and a day (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = day.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

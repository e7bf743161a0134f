import type { MatchReason } from './linkage/index.ts'

/**
 * How a search result matched, in the API's field names and in plain English for the card. Reasons describe only
 * how the searched terms compare with the record (a level and its weight), never the record's values, so a
 * restricted stub's reasons say nothing about the person.
 */

export type SearchReason = { field: string; level: string; weight: number }

const FIELDS: Record<string, { api: string; label: string }> = {
  given: { api: 'givenName', label: 'First name' },
  middle: { api: 'middleNames', label: 'Middle names' },
  family: { api: 'familyName', label: 'Last name' },
  dob: { api: 'dateOfBirth', label: 'Date of birth' },
  gender: { api: 'gender', label: 'Gender' },
  postcode: { api: 'postcode', label: 'Postcode' },
  address: { api: 'address', label: 'Address' },
  town: { api: 'town', label: 'Town' },
  email: { api: 'email', label: 'Email' },
  phone: { api: 'phone', label: 'Phone' },
  identifier: { api: 'nhsNumber', label: 'NHS number' },
}

const LEVELS: Record<string, string> = {
  exact: 'the same',
  same: 'the same',
  different: 'different',
  'swapped with family name': 'matches the last name (first and last names swapped)',
  'swapped with given name': 'matches the first name (first and last names swapped)',
  'jaro-winkler ≥ 0.92': 'spelt almost the same',
  'jaro-winkler ≥ 0.88': 'spelt similarly',
  'jaro-winkler ≥ 0.70': 'spelt a little alike',
  nickname: 'a nickname or short form of the same name',
  'sounds alike': 'sounds alike',
  'one part of the other': 'one name contains the other',
  'day and month swapped': 'day and month swapped',
  'one digit different': 'one digit different',
  'within a month': 'within a month',
  'within a year': 'within a year',
  'within 10 years': 'within 10 years',
  'partial date agrees': 'the part that is known agrees',
  'one character different': 'one character different',
  'same district': 'same postcode district',
  'same initial': 'same initial',
}

const round1 = (n: number) => Math.round(n * 10) / 10

/** The engine's reasons → API reasons (camelCase field, level label, weight in bits to one decimal place). */
export function apiReasons(reasons: readonly MatchReason[]): SearchReason[] {
  return reasons.map((r) => ({ field: FIELDS[r.field]?.api ?? r.field, level: r.label, weight: round1(r.weight) }))
}

/** "Date of birth: day and month swapped (+4.1)". */
export function describeReason(reason: SearchReason): string {
  const field = Object.values(FIELDS).find((f) => f.api === reason.field)?.label ?? reason.field
  const level = LEVELS[reason.level] ?? reason.level
  const weight = reason.weight.toFixed(1)
  return `${field}: ${level} (${reason.weight > 0 ? '+' : reason.weight < 0 ? '−' : '±'}${weight.replace('-', '')})`
}

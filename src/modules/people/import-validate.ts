import type { ImportField } from './import-schema.ts'
import { isValidNhsNumber, isValidUpn, normaliseNhsNumber, normaliseReference, normaliseUpn } from './identifier-rules.ts'
import { isRealDate, isValidPostcode, normalisePostcode } from './rules.ts'

/**
 * One extract row's mapped values → the values to stage, in Lantern's normal forms, or what is wrong with them.
 * A bad value in any mapped column (optional or not) refuses the file: "nothing imported from that batch", and a
 * dropped NHS number would quietly weaken the match. Pure: no database.
 */

/** What a staged row holds: the record id and first and last name always, the rest when the file had them. */
export type RowValues = { sourceRecordId: string; givenName: string; familyName: string } & Partial<Record<Exclude<ImportField, 'fullName'>, string>>

export type RowProblem = { field: ImportField; message: string }

// The person form's rule (fields.ts): letters in any script, spaces, hyphens and apostrophes.
const NAME = /^[\p{L}\p{M} '’-]+$/u

const clip = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value)

/** "27/03/2011", "27-03-2011", "27.3.2011" (UK order) or "2011-03-27" → "2011-03-27"; null if not a date shape. */
export function parseExtractDate(value: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(value)
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: .*)?$/.exec(value)
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : []
  if (!y || !m || !d) return null
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  return isRealDate(date) ? date : null
}

const GENDERS: Record<string, 'F' | 'M' | 'U'> = {
  f: 'F',
  female: 'F',
  girl: 'F',
  m: 'M',
  male: 'M',
  boy: 'M',
  u: 'U',
  unknown: 'U',
  'not known': 'U',
  'not specified': 'U',
  'not stated': 'U',
  other: 'U',
  // ISO/IEC 5218, used by NHS and police systems: 0 not known, 1 male, 2 female, 9 not applicable.
  '0': 'U',
  '1': 'M',
  '2': 'F',
  '9': 'U',
}

/** "Smith, John Paul" (family first, as police and NHS extracts print it) or "John Paul Smith". */
export function splitFullName(value: string): { givenName?: string; middleNames?: string; familyName?: string } {
  const comma = value.indexOf(',')
  if (comma >= 0) {
    const family = value.slice(0, comma).trim()
    const [given, ...middle] = value.slice(comma + 1).trim().split(/\s+/).filter(Boolean)
    return { familyName: family || undefined, givenName: given, middleNames: middle.length ? middle.join(' ') : undefined }
  }
  const parts = value.trim().split(/\s+/).filter(Boolean)
  if (parts.length < 2) return { givenName: parts[0] }
  return { givenName: parts[0], middleNames: parts.length > 2 ? parts.slice(1, -1).join(' ') : undefined, familyName: parts.at(-1) }
}

export function validateRow(raw: Partial<Record<ImportField, string>>, today: string): { ok: true; values: RowValues } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = []
  const out: Partial<Record<ImportField, string>> = {}
  const bad = (field: ImportField, message: string) => problems.push({ field, message })

  const id = raw.sourceRecordId
  if (!id) bad('sourceRecordId', 'the record id is empty; every row needs the agency’s id for it')
  else if (id.length > 100) bad('sourceRecordId', 'the record id is longer than 100 characters')
  else out.sourceRecordId = id

  const names = raw.fullName ? splitFullName(raw.fullName) : { givenName: raw.givenName, middleNames: raw.middleNames, familyName: raw.familyName }
  const nameField = (f: 'givenName' | 'middleNames' | 'familyName'): ImportField => (raw.fullName ? 'fullName' : f)
  for (const f of ['givenName', 'middleNames', 'familyName'] as const) {
    const value = names[f]
    if (!value) continue
    if (value.length > 100) bad(nameField(f), `the name '${clip(value)}' is longer than 100 characters`)
    else if (!NAME.test(value)) bad(nameField(f), `the name '${clip(value)}' must only include letters, spaces, hyphens and apostrophes`)
    else out[f] = value.replace(/\s+/g, ' ')
  }
  if (!names.givenName) bad(nameField('givenName'), 'the first name is empty; every row needs a first name and a last name')
  else if (!names.familyName) bad(nameField('familyName'), 'the last name is empty; every row needs a first name and a last name')

  if (raw.dateOfBirth) {
    const date = parseExtractDate(raw.dateOfBirth)
    if (!date) bad('dateOfBirth', `'${clip(raw.dateOfBirth)}' is not a real date (use DD/MM/YYYY or YYYY-MM-DD)`)
    else if (date > today) bad('dateOfBirth', `the date of birth ${raw.dateOfBirth} is in the future`)
    else if (date < '1900-01-01') bad('dateOfBirth', `the date of birth ${raw.dateOfBirth} is before 1900`)
    else out.dateOfBirth = date
  }
  if (raw.gender) {
    const gender = GENDERS[raw.gender.trim().toLowerCase()]
    if (!gender) bad('gender', `'${clip(raw.gender)}' is not a gender Lantern knows (use F, M or U; Female, Male or Unknown; or 2, 1 or 0)`)
    else out.gender = gender
  }
  if (raw.postcode) {
    if (!isValidPostcode(raw.postcode) || raw.postcode.length > 10) bad('postcode', `'${clip(raw.postcode)}' is not a real postcode`)
    else out.postcode = normalisePostcode(raw.postcode)
  }
  if (raw.addressLine1) {
    if (raw.addressLine1.length > 200) bad('addressLine1', 'the address line is longer than 200 characters')
    else out.addressLine1 = raw.addressLine1
  }
  if (raw.town) {
    if (raw.town.length > 100) bad('town', 'the town is longer than 100 characters')
    else out.town = raw.town
  }
  if (raw.nhsNumber) {
    if (!isValidNhsNumber(raw.nhsNumber)) bad('nhsNumber', `'${clip(raw.nhsNumber)}' is not a valid NHS number (10 digits with a correct check digit)`)
    else out.nhsNumber = normaliseNhsNumber(raw.nhsNumber)
  }
  if (raw.upn) {
    if (!isValidUpn(raw.upn)) bad('upn', `'${clip(raw.upn)}' is not a valid UPN (a check letter and 12 characters)`)
    else out.upn = normaliseUpn(raw.upn)
  }
  for (const f of ['policeId', 'laId'] as const) {
    const value = raw[f]
    if (!value) continue
    if (value.length > 50) bad(f, 'the id is longer than 50 characters')
    else out[f] = normaliseReference(value)
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: out as RowValues }
}

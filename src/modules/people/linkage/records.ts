import { doubleMetaphone } from 'double-metaphone'
import { nicknameGroups } from './nicknames.ts'

/** The fields a linkage input can map (the `--field NAME=COLUMN` names of `lantern link`). */
export const FIELD_NAMES = [
  'given_name',
  'middle_name',
  'family_name',
  'full_name',
  'date_of_birth',
  'birth_year',
  'birth_month',
  'birth_day',
  'gender',
  'postcode',
  'address',
  'town',
  'email',
  'phone',
  'identifier',
] as const
export type FieldName = (typeof FIELD_NAMES)[number]

/** One input record as text, keyed by field; absent, empty and `NA` values are missing. */
export type RawRecord = Partial<Record<FieldName, string>>

/** A standardised name: lower-case ASCII words, with its phonetic codes and nickname groups worked out once. */
export interface NameValue {
  readonly text: string
  /** Double Metaphone primary and (when different) secondary code. */
  readonly codes: readonly string[]
  /** Rows of the nickname table the name appears in (sorted). */
  readonly nick: readonly number[]
}

/** A date of birth; `month`/`day` are 0 when the source gave only a year or a year and month. */
export interface DateValue {
  /** YYYYMMDD when complete, else YYYY or YYYYMM. */
  readonly text: string
  readonly year: number
  readonly month: number
  readonly day: number
  /** Days since 1970-01-01 when complete, else NaN. */
  readonly dayNumber: number
}

/** A record ready for comparison. Equal values are the same object within one standardiser (cheap equality). */
export interface StandardisedRecord {
  given?: NameValue
  middle?: NameValue
  family?: NameValue
  dob?: DateValue
  gender?: string
  postcode?: string
  address?: string
  town?: string
  email?: string
  phone?: string
  identifier?: string
}

export function isMissing(value: string | undefined): value is undefined {
  if (value === undefined) return true
  const v = value.trim()
  return v === '' || v === 'NA'
}

/** Lower-case, strip diacritics, turn every run of non-letters/digits into one space. */
export function normaliseText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

function normaliseName(value: string): string {
  return normaliseText(value).replace(/[0-9]+/g, ' ').replace(/\s+/g, ' ').trim()
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1800 && y <= 2200 && m >= 0 && m <= 12 && d >= 0 && d <= 31 && !(m === 0 && d > 0)
}

function makeDate(y: number, m: number, d: number): DateValue | undefined {
  if (!validYmd(y, m, d)) return undefined
  const pad = (n: number) => String(n).padStart(2, '0')
  if (m === 0) return { text: String(y), year: y, month: 0, day: 0, dayNumber: NaN }
  if (d === 0) return { text: `${y}${pad(m)}`, year: y, month: m, day: 0, dayNumber: NaN }
  return { text: `${y}${pad(m)}${pad(d)}`, year: y, month: m, day: d, dayNumber: Date.UTC(y, m - 1, d) / 86_400_000 }
}

/** Reads YYYYMMDD, YYYY-MM-DD or DD/MM/YYYY, or a partial YYYY or YYYY-MM; anything else (or an impossible date) is missing. */
export function parseDate(value: string | undefined): DateValue | undefined {
  if (isMissing(value)) return undefined
  const v = value.trim()
  let match = /^(\d{4})(\d{2})(\d{2})$/.exec(v) ?? /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v)
  if (match) return makeDate(Number(match[1]), Number(match[2]), Number(match[3]))
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v)
  if (match) return makeDate(Number(match[3]), Number(match[2]), Number(match[1]))
  // Partial dates: a year, or a year and month.
  match = /^(\d{4})(?:-(\d{1,2}))?$/.exec(v)
  if (match) return makeDate(Number(match[1]), Number(match[2] ?? 0), 0)
  return undefined
}

/** A date from separate year, month and day columns; a missing month or day leaves a partial date. */
export function dateFromParts(year?: string, month?: string, day?: string): DateValue | undefined {
  const num = (s: string | undefined, re: RegExp) => (isMissing(s) || !re.test(s.trim()) ? 0 : Number(s.trim()))
  const y = num(year, /^\d{4}$/)
  if (y === 0) return undefined
  const m = num(month, /^\d{1,2}$/)
  const d = m === 0 ? 0 : num(day, /^\d{1,2}$/)
  return makeDate(y, m, d) ?? makeDate(y, 0, 0)
}

export function normalisePostcode(value: string): string {
  return value.normalize('NFKD').toUpperCase().replace(/[^A-Z0-9]/g, '')
}

export function normaliseGender(value: string): string {
  const v = normaliseText(value)
  if (/^(m|male|man|boy)$/.test(v)) return 'm'
  if (/^(f|female|woman|girl)$/.test(v)) return 'f'
  return v
}

export function normalisePhone(value: string): string | undefined {
  const digits = value.replace(/x.*$/i, '').replace(/\D/g, '')
  if (digits.length < 6) return undefined
  return digits.length > 10 ? digits.slice(-10) : digits
}

/**
 * Builds standardised records, interning equal values so that a batch of a million records holds each distinct
 * name once. Use one standardiser per batch; `standardiseRecord` uses a fresh one.
 */
export function createStandardiser(): (raw: RawRecord) => StandardisedRecord {
  const names = new Map<string, NameValue>()
  const dates = new Map<string, DateValue>()
  const strings = new Map<string, string>()
  const intern = (s: string | undefined): string | undefined => {
    if (!s) return undefined
    const known = strings.get(s)
    if (known !== undefined) return known
    strings.set(s, s)
    return s
  }
  const name = (value: string | undefined): NameValue | undefined => {
    if (isMissing(value)) return undefined
    const text = normaliseName(value)
    if (!text) return undefined
    let out = names.get(text)
    if (!out) {
      const [primary, secondary] = doubleMetaphone(text.replace(/ /g, ''))
      const codes = primary && secondary && secondary !== primary ? [primary, secondary] : primary ? [primary] : []
      out = { text, codes, nick: nicknameGroups(text) }
      names.set(text, out)
    }
    return out
  }
  const date = (d: DateValue | undefined): DateValue | undefined => {
    if (!d) return undefined
    const known = dates.get(d.text)
    if (known) return known
    dates.set(d.text, d)
    return d
  }
  const text = (value: string | undefined, fn: (v: string) => string | undefined) => (isMissing(value) ? undefined : intern(fn(value.trim())))

  return (raw) => {
    const record: StandardisedRecord = {}
    let given = name(raw.given_name)
    let family = name(raw.family_name)
    let middle = name(raw.middle_name)
    const full = isMissing(raw.full_name) ? [] : normaliseName(raw.full_name).split(' ').filter(Boolean)
    if (full.length > 0) {
      given ??= name(full[0])
      if (full.length > 1) family ??= name(full[full.length - 1])
      if (full.length > 2) middle ??= name(full.slice(1, -1).join(' '))
    }
    if (given) record.given = given
    if (family) record.family = family
    if (middle) record.middle = middle
    const dob = date(parseDate(raw.date_of_birth) ?? dateFromParts(raw.birth_year, raw.birth_month, raw.birth_day))
    if (dob) record.dob = dob
    const gender = text(raw.gender, normaliseGender)
    if (gender) record.gender = gender
    const postcode = text(raw.postcode, normalisePostcode)
    if (postcode) record.postcode = postcode
    const address = text(raw.address, normaliseText)
    if (address) record.address = address
    const town = text(raw.town, normaliseText)
    if (town) record.town = town
    const email = text(raw.email, (v) => v.toLowerCase())
    if (email) record.email = email
    const phone = text(raw.phone, normalisePhone)
    if (phone) record.phone = phone
    const identifier = text(raw.identifier, normalisePostcode)
    if (identifier) record.identifier = identifier
    return record
  }
}

/** Standardises one record on its own (the interactive search path). */
export function standardiseRecord(raw: RawRecord): StandardisedRecord {
  return createStandardiser()(raw)
}

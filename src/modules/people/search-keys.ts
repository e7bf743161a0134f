import { standardiseRecord, type NameValue } from './linkage/index.ts'

/**
 * Blocking keys for "is this child known?" (ADR 0008). Pure: no database. A person's keys come from every name they
 * have had (current, previous, aliases), their date of birth, every address's postcode and their identifiers; a
 * search turns its terms into the keys a matching person would carry, allowing for the errors people make: a
 * misspelt name that sounds the same (Double Metaphone), a nickname (Rob → Robert: the engine's nickname groups),
 * given and family names swapped, day and month swapped, a date slightly or a year wrong, a moved address.
 *
 * Key shapes (F = a family-name code, G = a given-name code or nickname group `~N`):
 * - `nm:F:G`  a name (with the birth year beside it, so a search with a date narrows to ±1 year)
 * - `nf:F` / `ng:G`  one part of a name, for searches that give only a last or only a first name (also ±1 year)
 * - `d:YYYYMMDD`, `dg:YYYYMMDD:i`, `df:YYYYMMDD:i`  date of birth, alone and with a name's initial (catches
 *   names misspelt beyond phonetic agreement when the date is right, swapped or a year out)
 * - `pc:POSTCODE`  every address, current and previous
 * - `id:VALUE`  NHS numbers and UPNs
 */

export type KeyName = { givenName?: string | null | undefined; middleNames?: string | null | undefined; familyName?: string | null | undefined }

export type KeySource = {
  names: readonly KeyName[]
  dateOfBirth?: string | null | undefined
  postcodes: readonly (string | null | undefined)[]
  identifiers: readonly string[]
}

export type PersonKey = { key: string; birthYear: number | null }

/** Name keys with the birth year (narrowed by a searched date of birth) and exact keys (matched as they are). */
export type QueryKeys = { named: string[]; exact: string[]; birthYear: number | null }

function standardName(given: string | null | undefined, family: string | null | undefined): { given?: NameValue; family?: NameValue } {
  const r = standardiseRecord({ ...(given ? { given_name: given } : {}), ...(family ? { family_name: family } : {}) })
  return { ...(r.given ? { given: r.given } : {}), ...(r.family ? { family: r.family } : {}) }
}

/** Phonetic codes of a name. */
export function codesOf(name: NameValue | undefined): string[] {
  return name ? [...name.codes] : []
}

/** Phonetic codes plus nickname groups (used on the given-name side). */
export function givenKeysOf(name: NameValue | undefined): string[] {
  return name ? [...name.codes, ...name.nick.map((n) => `~${n}`)] : []
}

function initialOf(name: NameValue | undefined): string | undefined {
  return name?.text.charAt(0) || undefined
}

/** "2011-03-27" → { compact: "20110327", y, m, d }. */
function splitDate(iso: string | null | undefined): { compact: string; y: number; m: number; d: number } | undefined {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null
  if (!match) return undefined
  return { compact: `${match[1]}${match[2]}${match[3]}`, y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }
}

export function compactPostcode(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

function isRealYmd(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The keys one person carries. */
export function personSearchKeys(source: KeySource): PersonKey[] {
  const dob = splitDate(source.dateOfBirth)
  const year = dob?.y ?? null
  const named = new Set<string>()
  const exact = new Set<string>()
  for (const n of source.names) {
    const { given, family } = standardName(n.givenName, n.familyName)
    const fam = codesOf(family)
    const giv = givenKeysOf(given)
    for (const f of fam) {
      named.add(`nf:${f}`)
      for (const g of giv) named.add(`nm:${f}:${g}`)
    }
    for (const g of codesOf(given)) named.add(`ng:${g}`)
    if (dob) {
      const gi = initialOf(given)
      const fi = initialOf(family)
      if (gi) exact.add(`dg:${dob.compact}:${gi}`)
      if (fi) exact.add(`df:${dob.compact}:${fi}`)
    }
  }
  if (dob) exact.add(`d:${dob.compact}`)
  for (const p of source.postcodes) if (p) exact.add(`pc:${compactPostcode(p)}`)
  for (const i of source.identifiers) exact.add(`id:${i.replace(/\s+/g, '').toUpperCase()}`)
  return [...[...named].map((key) => ({ key, birthYear: year })), ...[...exact].map((key) => ({ key, birthYear: null }))]
}

export type QueryTerms = {
  givenName?: string | undefined
  familyName?: string | undefined
  dateOfBirth?: string | undefined
  postcode?: string | undefined
  nhsNumber?: string | undefined
}

/** The dates a mistyped date of birth may really be: as given, day and month swapped, a year either side. */
export function dateVariants(iso: string): string[] {
  const dob = splitDate(iso)
  if (!dob) return []
  const out = new Set<string>([dob.compact])
  if (dob.d !== dob.m && isRealYmd(dob.y, dob.d, dob.m)) out.add(`${dob.y}${pad(dob.d)}${pad(dob.m)}`)
  for (const y of [dob.y - 1, dob.y + 1]) if (isRealYmd(y, dob.m, dob.d)) out.add(`${y}${pad(dob.m)}${pad(dob.d)}`)
  return [...out]
}

/** The keys a person matching these terms would carry (either way round for the names). */
export function queryKeys(terms: QueryTerms): QueryKeys {
  const dob = splitDate(terms.dateOfBirth)
  const named = new Set<string>()
  const exact = new Set<string>()
  const { given, family } = standardName(terms.givenName, terms.familyName)
  const pairs = (fam: NameValue | undefined, giv: NameValue | undefined) => {
    for (const f of codesOf(fam)) for (const g of givenKeysOf(giv)) named.add(`nm:${f}:${g}`)
  }
  if (given && family) {
    pairs(family, given)
    // Swapped: the given name searched may be stored as the family name, and the other way round.
    pairs(given, family)
  } else if (family) {
    for (const f of codesOf(family)) named.add(`nf:${f}`)
    // A lone name may be either part.
    for (const g of codesOf(family)) named.add(`ng:${g}`)
  } else if (given) {
    for (const g of codesOf(given)) named.add(`ng:${g}`)
    for (const f of codesOf(given)) named.add(`nf:${f}`)
  }
  if (dob) {
    const initials = new Set([initialOf(given), initialOf(family)].filter((i): i is string => Boolean(i)))
    for (const date of dateVariants(terms.dateOfBirth as string)) {
      if (initials.size === 0) exact.add(`d:${date}`)
      for (const i of initials) {
        exact.add(`dg:${date}:${i}`)
        exact.add(`df:${date}:${i}`)
      }
    }
  }
  if (terms.postcode) exact.add(`pc:${compactPostcode(terms.postcode)}`)
  if (terms.nhsNumber) exact.add(`id:${terms.nhsNumber.replace(/\s+/g, '')}`)
  return { named: [...named], exact: [...exact], birthYear: dob?.y ?? null }
}

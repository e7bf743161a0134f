import { sharesGroup } from './nicknames.ts'
import type { DateValue, NameValue, StandardisedRecord } from './records.ts'
import { jaroWinklerAtLeast, withinOneEdit } from './strings.ts'

/**
 * Comparison levels, one comparison per attribute. Level 0 is always "missing on either side" and weighs 0; the
 * first level whose condition holds wins. These functions are the single definition of "how alike are two records"
 * for the batch engine and for the interactive "is this child known?" search.
 */
export const COMPARISON_IDS = ['given', 'middle', 'family', 'dob', 'gender', 'postcode', 'address', 'town', 'email', 'phone', 'identifier'] as const
export type ComparisonId = (typeof COMPARISON_IDS)[number]

export interface Comparison {
  readonly id: ComparisonId
  /** Level labels, index = level; [0] is the null level. */
  readonly levels: readonly string[]
  /** The level the term-frequency adjustment applies to (exact agreement), if any. */
  readonly tfLevel?: number
  /** The value whose frequency drives the TF adjustment. */
  readonly tfValue?: (r: StandardisedRecord) => string | undefined
  /** Present when the record has a value for this comparison. */
  readonly has: (r: StandardisedRecord) => boolean
  readonly level: (a: StandardisedRecord, b: StandardisedRecord) => number
}

/** Jaro-Winkler of two names, exact at and above `floor` (the lowest band the caller tests). */
function fuzzyName(a: NameValue, b: NameValue, floor: number): number {
  return jaroWinklerAtLeast(a.text, b.text, floor)
}

function sharesCode(a: NameValue, b: NameValue): boolean {
  for (const x of a.codes) for (const y of b.codes) if (x === y) return true
  return false
}

/** One name is a whole word of the other ("smith" in "smith jones"); no allocation. */
function oneContainsOther(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  if (short.length < 3) return false
  if (short.length === long.length) return short === long
  for (let at = long.indexOf(short); at >= 0; at = long.indexOf(short, at + 1)) {
    const end = at + short.length
    if ((at === 0 || long.charCodeAt(at - 1) === 32) && (end === long.length || long.charCodeAt(end) === 32)) return true
  }
  return false
}

const given: Comparison = {
  id: 'given',
  levels: ['null', 'exact', 'swapped with family name', 'jaro-winkler ≥ 0.92', 'jaro-winkler ≥ 0.88', 'nickname', 'sounds alike', 'jaro-winkler ≥ 0.70', 'different'],
  tfLevel: 1,
  tfValue: (r) => r.given?.text,
  has: (r) => r.given !== undefined,
  level(a, b) {
    const x = a.given
    const y = b.given
    if (!x || !y) return 0
    if (x.text === y.text) return 1
    if (x.text === b.family?.text || y.text === a.family?.text) return 2
    const jw = fuzzyName(x, y, 0.7)
    if (jw >= 0.92) return 3
    if (jw >= 0.88) return 4
    if (sharesGroup(x.nick, y.nick)) return 5
    if (sharesCode(x, y)) return 6
    return jw >= 0.7 ? 7 : 8
  },
}

const family: Comparison = {
  id: 'family',
  levels: ['null', 'exact', 'swapped with given name', 'jaro-winkler ≥ 0.92', 'jaro-winkler ≥ 0.88', 'one part of the other', 'sounds alike', 'jaro-winkler ≥ 0.70', 'different'],
  tfLevel: 1,
  tfValue: (r) => r.family?.text,
  has: (r) => r.family !== undefined,
  level(a, b) {
    const x = a.family
    const y = b.family
    if (!x || !y) return 0
    if (x.text === y.text) return 1
    if (x.text === b.given?.text || y.text === a.given?.text) return 2
    const jw = fuzzyName(x, y, 0.7)
    if (jw >= 0.92) return 3
    if (jw >= 0.88) return 4
    if (oneContainsOther(x.text, y.text)) return 5
    if (sharesCode(x, y)) return 6
    return jw >= 0.7 ? 7 : 8
  },
}

const middle: Comparison = {
  id: 'middle',
  levels: ['null', 'exact', 'jaro-winkler ≥ 0.88', 'same initial', 'different'],
  has: (r) => r.middle !== undefined,
  level(a, b) {
    const x = a.middle
    const y = b.middle
    if (!x || !y) return 0
    if (x.text === y.text) return 1
    if (fuzzyName(x, y, 0.88) >= 0.88) return 2
    return x.text.charCodeAt(0) === y.text.charCodeAt(0) ? 3 : 4
  },
}

function dobLevel(x: DateValue, y: DateValue): number {
  if (x === y || x.text === y.text) return 1
  const complete = x.day > 0 && y.day > 0
  if (complete) {
    if (x.year === y.year && x.month === y.day && x.day === y.month) return 2
    if (withinOneEdit(x.text, y.text)) return 3
    const days = Math.abs(x.dayNumber - y.dayNumber)
    if (days <= 31) return 4
    if (days <= 366) return 5
  } else if (x.year === y.year && (x.month === 0 || y.month === 0 || x.month === y.month)) {
    return 6
  }
  return Math.abs(x.year - y.year) <= 10 ? 7 : 8
}

const dob: Comparison = {
  id: 'dob',
  levels: ['null', 'exact', 'day and month swapped', 'one digit different', 'within a month', 'within a year', 'partial date agrees', 'within 10 years', 'different'],
  tfLevel: 1,
  tfValue: (r) => r.dob?.text,
  has: (r) => r.dob !== undefined,
  level: (a, b) => (a.dob && b.dob ? dobLevel(a.dob, b.dob) : 0),
}

const gender: Comparison = {
  id: 'gender',
  levels: ['null', 'same', 'different'],
  has: (r) => r.gender !== undefined,
  level: (a, b) => (a.gender === undefined || b.gender === undefined ? 0 : a.gender === b.gender ? 1 : 2),
}

/** The outward code of a UK postcode (all but the last three characters); otherwise the first three characters. */
export function postcodeDistrict(postcode: string): string {
  return /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(postcode) ? postcode.slice(0, -3) : postcode.slice(0, 3)
}

const postcode: Comparison = {
  id: 'postcode',
  levels: ['null', 'exact', 'one character different', 'same district', 'different'],
  tfLevel: 1,
  tfValue: (r) => r.postcode,
  has: (r) => r.postcode !== undefined,
  level(a, b) {
    const x = a.postcode
    const y = b.postcode
    if (x === undefined || y === undefined) return 0
    if (x === y) return 1
    if (withinOneEdit(x, y)) return 2
    return postcodeDistrict(x) === postcodeDistrict(y) ? 3 : 4
  },
}

function textComparison(id: ComparisonId, pick: (r: StandardisedRecord) => string | undefined, bands: readonly number[], tf: boolean): Comparison {
  return {
    id,
    levels: ['null', 'exact', ...bands.map((b) => `jaro-winkler ≥ ${b.toFixed(2)}`), 'different'],
    ...(tf ? { tfLevel: 1, tfValue: pick } : {}),
    has: (r) => pick(r) !== undefined,
    level(a, b) {
      const x = pick(a)
      const y = pick(b)
      if (x === undefined || y === undefined) return 0
      if (x === y) return 1
      const jw = jaroWinklerAtLeast(x, y, bands[bands.length - 1] ?? 0)
      const band = bands.findIndex((t) => jw >= t)
      return band < 0 ? bands.length + 2 : band + 2
    },
  }
}

const email: Comparison = {
  id: 'email',
  levels: ['null', 'exact', 'same user name', 'jaro-winkler ≥ 0.88', 'different'],
  has: (r) => r.email !== undefined,
  level(a, b) {
    const x = a.email
    const y = b.email
    if (x === undefined || y === undefined) return 0
    if (x === y) return 1
    const at = x.indexOf('@')
    if (at > 0 && x.slice(0, at + 1) === y.slice(0, at + 1)) return 2
    return jaroWinklerAtLeast(x, y, 0.88) >= 0.88 ? 3 : 4
  },
}

function editComparison(id: ComparisonId, pick: (r: StandardisedRecord) => string | undefined): Comparison {
  return {
    id,
    levels: ['null', 'exact', 'one character different', 'different'],
    has: (r) => pick(r) !== undefined,
    level(a, b) {
      const x = pick(a)
      const y = pick(b)
      if (x === undefined || y === undefined) return 0
      if (x === y) return 1
      return withinOneEdit(x, y) ? 2 : 3
    },
  }
}

/** Every comparison, in model order (the order of COMPARISON_IDS). */
export const COMPARISONS: readonly Comparison[] = [
  given,
  middle,
  family,
  dob,
  gender,
  postcode,
  textComparison('address', (r) => r.address, [0.9, 0.8], false),
  textComparison('town', (r) => r.town, [0.88], true),
  email,
  editComparison('phone', (r) => r.phone),
  editComparison('identifier', (r) => r.identifier),
]

export function comparisonById(id: ComparisonId): Comparison {
  const found = COMPARISONS.find((c) => c.id === id)
  if (!found) throw new Error(`unknown comparison ${id}`)
  return found
}

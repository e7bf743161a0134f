import type { StandardisedRecord } from './records.ts'

/**
 * Blocking: only pairs that agree exactly on at least one rule's key are compared. Rules are OR-ed. Every rule's
 * pairs go into one buffer as integer pair codes (left · n + right), which is then sorted and de-duplicated, so a
 * pair found by several rules is compared once, and the candidates come out in record order (good memory locality
 * for the comparison stage).
 *
 * Coarse keys are refined automatically, never silently dropped: a rule whose blocks would hold more than
 * max(2 × records, 1M) pairs (a bare date of birth in a million records: 16M) keeps only pairs that also share
 * both name initials (either order); and a single block over `maxBlockSize` records ("john" + a big town) is split
 * by the same initials, with only a sub-block still over the limit skipped. Small batches are never refined.
 */
export interface BlockingRule {
  readonly name: string
  /**
   * The blocking key as a number, or undefined when the record lacks a part of it. `id` turns any value into a
   * small integer (the same value, the same integer, within one blocking run), so keys are built by arithmetic
   * instead of string concatenation.
   */
  readonly key: (r: StandardisedRecord, id: (value: string | undefined) => number | undefined) => number | undefined
}

const SHIFT = 2 ** 26
/** Two small integers (< 2^26) as one key; undefined when either is missing. */
const pair = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a * SHIFT + b)
const fullDob = (r: StandardisedRecord) => (r.dob && r.dob.day > 0 ? r.dob.text : undefined)
const monthDay = (r: StandardisedRecord) => (r.dob && r.dob.day > 0 ? r.dob.month * 32 + r.dob.day : undefined)
const year = (r: StandardisedRecord) => r.dob?.year
const initial = (name: { text: string } | undefined) => name?.text.charAt(0) || undefined
/** Given and family initial in either order (a forename/surname swap keeps the key). */
const initials = (r: StandardisedRecord) => {
  const g = initial(r.given)
  const f = initial(r.family)
  return g && f ? (g < f ? g + f : f + g) : (g ?? f)
}
const emailPart = (email: string | undefined, part: 0 | 1) => {
  const at = email?.lastIndexOf('@') ?? -1
  if (!email || at < 1) return undefined
  const value = part === 0 ? email.slice(0, at) : email.slice(at + 1)
  return value.length >= 3 ? value : undefined
}

export const BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'date of birth', key: (r, id) => id(fullDob(r)) },
  // Unordered, so forename/surname swaps land in the same block.
  {
    name: 'given + family name (either order)',
    key: (r, id) => {
      const g = id(r.given?.text)
      const f = id(r.family?.text)
      return g === undefined || f === undefined ? undefined : pair(Math.min(g, f), Math.max(g, f))
    },
  },
  { name: 'family name + birth year', key: (r, id) => pair(id(r.family?.text), year(r)) },
  { name: 'given name + birth year', key: (r, id) => pair(id(r.given?.text), year(r)) },
  { name: 'family name + birth day and month', key: (r, id) => pair(id(r.family?.text), monthDay(r)) },
  { name: 'given name + birth day and month', key: (r, id) => pair(id(r.given?.text), monthDay(r)) },
  { name: 'sounds-alike given + family name', key: (r, id) => pair(id(r.given?.codes[0]), id(r.family?.codes[0])) },
  { name: 'given name + town', key: (r, id) => pair(id(r.given?.text), id(r.town)) },
  { name: 'family name + town', key: (r, id) => pair(id(r.family?.text), id(r.town)) },
  { name: 'postcode', key: (r, id) => id(r.postcode) },
  { name: 'identifier', key: (r, id) => id(r.identifier) },
  { name: 'email', key: (r, id) => id(r.email) },
  { name: 'email user name', key: (r, id) => id(emailPart(r.email, 0)) },
  { name: 'email domain + birth year', key: (r, id) => pair(id(emailPart(r.email, 1)), year(r)) },
  { name: 'phone', key: (r, id) => id(r.phone) },
]

export interface RuleStats {
  readonly name: string
  /** Pairs in the rule's blocks (before removing pairs that other rules also produced). */
  readonly pairs: number
  /** Blocks over the size limit (split by initials). */
  readonly oversizedBlocks: number
  /** Sub-blocks still over the limit after the split, skipped. */
  readonly skippedBlocks: number
  /** The rule made more than the budget of pairs per record, so its pairs had to share name initials too. */
  readonly refined: boolean
}

export interface BlockingResult {
  /** Candidate pairs as parallel index arrays (left < right in dedupe mode; left from file 1 in link mode). */
  readonly left: Int32Array
  readonly right: Int32Array
  readonly rules: readonly RuleStats[]
}

export interface BlockingOptions {
  /** File number per record (link mode: only pairs across files are produced). */
  readonly source?: Uint8Array
  /** Blocks with more records than this are split by initials; sub-blocks still larger are skipped. */
  readonly maxBlockSize?: number
  readonly rules?: readonly BlockingRule[]
  /**
   * A rule whose blocks hold more than max(pairsPerRecord × records, refineAbovePairs) pairs is too coarse for
   * this batch and is refined by name initials (defaults 2 and 1,000,000: only large batches are ever refined).
   */
  readonly pairsPerRecord?: number
  readonly refineAbovePairs?: number
}

/** Growable buffer of pair codes. */
class CodeBuffer {
  codes = new Float64Array(1 << 16)
  length = 0
  push(code: number): void {
    if (this.length === this.codes.length) {
      const next = new Float64Array(this.codes.length * 2)
      next.set(this.codes)
      this.codes = next
    }
    this.codes[this.length++] = code
  }
}

/**
 * Records grouped by a key: CSR layout (members[start[b] .. start[b+1]) share key b). Keys are `hi · 2^26 + lo`
 * with small non-negative hi and lo (NaN = no key); grouping is a two-pass counting (radix) sort, no hash map.
 */
function group(count: number, keyOf: (i: number) => number | undefined) {
  const hi = new Int32Array(count).fill(-1)
  const lo = new Int32Array(count)
  let maxHi = 0
  let maxLo = 0
  let keyed = 0
  for (let i = 0; i < count; i++) {
    const key = keyOf(i)
    if (key === undefined) continue
    const h = Math.floor(key / SHIFT)
    const l = key - h * SHIFT
    hi[i] = h
    lo[i] = l
    if (h > maxHi) maxHi = h
    if (l > maxLo) maxLo = l
    keyed++
  }
  // LSD radix: by lo, then stably by hi.
  const byLo = new Int32Array(keyed)
  const countLo = new Int32Array(maxLo + 2)
  for (let i = 0; i < count; i++) if ((hi[i] ?? -1) >= 0) countLo[(lo[i] ?? 0) + 1]!++
  for (let v = 0; v <= maxLo; v++) countLo[v + 1]! += countLo[v] ?? 0
  for (let i = 0; i < count; i++) if ((hi[i] ?? -1) >= 0) byLo[countLo[lo[i] ?? 0]!++] = i
  const members = new Int32Array(keyed)
  const countHi = new Int32Array(maxHi + 2)
  for (let x = 0; x < keyed; x++) countHi[(hi[byLo[x] ?? 0] ?? 0) + 1]!++
  for (let v = 0; v <= maxHi; v++) countHi[v + 1]! += countHi[v] ?? 0
  for (let x = 0; x < keyed; x++) {
    const i = byLo[x] ?? 0
    members[countHi[hi[i] ?? 0]!++] = i
  }
  const starts: number[] = []
  for (let x = 0; x < keyed; x++) {
    const i = members[x] ?? 0
    const p = members[x - 1] ?? 0
    if (x === 0 || hi[i] !== hi[p] || lo[i] !== lo[p]) starts.push(x)
  }
  starts.push(keyed)
  return { start: Int32Array.from(starts), members, blocks: starts.length - 1 }
}

export function blockPairs(records: readonly StandardisedRecord[], options: BlockingOptions = {}): BlockingResult {
  const rules = options.rules ?? BLOCKING_RULES
  const maxBlock = options.maxBlockSize ?? 1000
  const budget = Math.max((options.pairsPerRecord ?? 2) * records.length, options.refineAbovePairs ?? 1_000_000)
  const source = options.source
  const n = records.length
  const out = new CodeBuffer()
  // Name initials per record as one integer (either order; −1 when there is no name): the sub-key.
  const initialsCode = Int32Array.from(records, (r) => {
    const k = initials(r)
    return k === undefined ? -1 : k.length === 1 ? 65_536 + k.charCodeAt(0) : k.charCodeAt(0) * 256 + k.charCodeAt(1)
  })
  /** Pairs of members[s..e); with `refine`, only pairs whose initials agree too. */
  const emit = (members: ArrayLike<number>, s: number, e: number, refine: boolean) => {
    for (let x = s; x < e; x++) {
      const i = members[x] ?? 0
      const ci = initialsCode[i] ?? -1
      if (refine && ci < 0) continue
      for (let y = x + 1; y < e; y++) {
        const j = members[y] ?? 0
        if (refine && initialsCode[j] !== ci) continue
        if (source) {
          const si = source[i] ?? 0
          const sj = source[j] ?? 0
          if (si === sj) continue
          out.push(si < sj ? i * n + j : j * n + i)
        } else out.push(i < j ? i * n + j : j * n + i)
      }
    }
  }
  const pairsIn = (members: Int32Array, s: number, e: number) => {
    if (!source) return ((e - s) * (e - s - 1)) / 2
    let first = 0
    for (let x = s; x < e; x++) if (source[members[x] ?? 0] === 0) first++
    return first * (e - s - first)
  }
  const values = new Map<string, number>()
  const id = (value: string | undefined) => {
    if (value === undefined || value === '') return undefined
    let v = values.get(value)
    if (v === undefined) {
      v = values.size
      values.set(value, v)
    }
    return v
  }
  const stats: RuleStats[] = []
  for (const rule of rules) {
    const { start, members, blocks } = group(n, (i) => rule.key(records[i] ?? {}, id))
    let planned = 0
    for (let b = 0; b < blocks; b++) {
      const size = (start[b + 1] ?? 0) - (start[b] ?? 0)
      if (size >= 2 && size <= maxBlock) planned += pairsIn(members, start[b] ?? 0, start[b + 1] ?? 0)
    }
    // A rule that alone would make more pairs than the budget is too coarse for this batch (a bare date of birth
    // in a million records makes 16M): its pairs must also share name initials (either order).
    const refine = planned > budget
    const before = out.length
    let oversized = 0
    let skipped = 0
    for (let b = 0; b < blocks; b++) {
      const s = start[b] ?? 0
      const e = start[b + 1] ?? 0
      if (e - s < 2) continue
      if (e - s <= maxBlock) {
        emit(members, s, e, refine)
        continue
      }
      oversized++
      const block = members.subarray(s, e)
      const sub = group(block.length, (x) => {
        const c = initialsCode[block[x] ?? 0] ?? -1
        return c < 0 ? undefined : c
      })
      const mapped = Int32Array.from(sub.members, (x) => block[x] ?? 0)
      for (let c = 0; c < sub.blocks; c++) {
        const cs = sub.start[c] ?? 0
        const ce = sub.start[c + 1] ?? 0
        if (ce - cs > maxBlock) skipped++
        else emit(mapped, cs, ce, false)
      }
    }
    stats.push({ name: rule.name, pairs: out.length - before, oversizedBlocks: oversized, skippedBlocks: skipped, refined: refine })
  }
  const codes = out.codes.subarray(0, out.length).sort()
  let unique = 0
  for (let k = 0; k < codes.length; k++) if (k === 0 || codes[k] !== codes[k - 1]) codes[unique++] = codes[k] ?? 0
  const left = new Int32Array(unique)
  const right = new Int32Array(unique)
  for (let k = 0; k < unique; k++) {
    const code = codes[k] ?? 0
    const i = Math.floor(code / n)
    left[k] = i
    right[k] = code - i * n
  }
  return { left, right, rules: stats }
}

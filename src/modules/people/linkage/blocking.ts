import type { StandardisedRecord } from './records.ts'

/**
 * Blocking: only pairs that agree exactly on at least one rule's key are compared. Rules are OR-ed; a pair is
 * produced by the first rule that would produce it (checked by comparing the earlier rules' keys), so each pair is
 * scored once without a global pair set.
 */
export interface BlockingRule {
  readonly name: string
  /** The blocking key, or undefined when the record lacks a part of it. */
  readonly key: (r: StandardisedRecord) => string | undefined
}

const fullDob = (r: StandardisedRecord) => (r.dob && r.dob.day > 0 ? r.dob.text : undefined)
const monthDay = (r: StandardisedRecord) => (r.dob && r.dob.day > 0 ? r.dob.text.slice(4) : undefined)
const year = (r: StandardisedRecord) => (r.dob ? String(r.dob.year) : undefined)
const emailPart = (email: string | undefined, part: 0 | 1) => {
  const at = email?.lastIndexOf('@') ?? -1
  if (!email || at < 1) return undefined
  const value = part === 0 ? email.slice(0, at) : email.slice(at + 1)
  return value.length >= 3 ? value : undefined
}
const join = (...parts: (string | undefined)[]) => (parts.every((p) => p !== undefined && p !== '') ? parts.join('|') : undefined)

export const BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'date of birth', key: fullDob },
  // Unordered, so forename/surname swaps land in the same block.
  { name: 'given + family name (either order)', key: (r) => (r.given && r.family ? [r.given.text, r.family.text].sort().join('|') : undefined) },
  { name: 'family name + birth year', key: (r) => join(r.family?.text, year(r)) },
  { name: 'given name + birth year', key: (r) => join(r.given?.text, year(r)) },
  { name: 'family name + birth day and month', key: (r) => join(r.family?.text, monthDay(r)) },
  { name: 'given name + birth day and month', key: (r) => join(r.given?.text, monthDay(r)) },
  { name: 'sounds-alike given + family name', key: (r) => join(r.given?.codes[0], r.family?.codes[0]) },
  { name: 'given name + town', key: (r) => join(r.given?.text, r.town) },
  { name: 'family name + town', key: (r) => join(r.family?.text, r.town) },
  { name: 'postcode', key: (r) => r.postcode },
  { name: 'identifier', key: (r) => r.identifier },
  { name: 'email', key: (r) => r.email },
  { name: 'email user name', key: (r) => emailPart(r.email, 0) },
  { name: 'email domain + birth year', key: (r) => join(emailPart(r.email, 1), year(r)) },
  { name: 'phone', key: (r) => r.phone },
]

export interface BlockingResult {
  /** Candidate pairs as parallel index arrays (left < right in dedupe mode; left from file 1 in link mode). */
  readonly left: Int32Array
  readonly right: Int32Array
  readonly rules: readonly { name: string; pairs: number; oversizedBlocks: number }[]
}

export interface BlockingOptions {
  /** File number per record (link mode: only pairs across files are produced). */
  readonly source?: Uint8Array
  /** Blocks with more records than this are skipped (their pairs must come from a stricter rule). */
  readonly maxBlockSize?: number
  readonly rules?: readonly BlockingRule[]
}

class PairBuffer {
  left = new Int32Array(1 << 16)
  right = new Int32Array(1 << 16)
  length = 0
  push(i: number, j: number): void {
    if (this.length === this.left.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2)
        b.set(a)
        return b
      }
      this.left = grow(this.left)
      this.right = grow(this.right)
    }
    this.left[this.length] = i
    this.right[this.length] = j
    this.length++
  }
}

/** Keys as dense ids (−1 = no key) and records grouped by key. */
function indexRule(records: readonly StandardisedRecord[], rule: BlockingRule) {
  const ids = new Int32Array(records.length).fill(-1)
  const dictionary = new Map<string, number>()
  const sizes: number[] = []
  records.forEach((r, i) => {
    const key = rule.key(r)
    if (key === undefined) return
    let id = dictionary.get(key)
    if (id === undefined) {
      id = sizes.length
      dictionary.set(key, id)
      sizes.push(0)
    }
    ids[i] = id
    sizes[id] = (sizes[id] ?? 0) + 1
  })
  const start = new Int32Array(sizes.length + 1)
  for (let k = 0; k < sizes.length; k++) start[k + 1] = (start[k] ?? 0) + (sizes[k] ?? 0)
  const fill = start.slice(0, sizes.length)
  const members = new Int32Array(start[sizes.length] ?? 0)
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] ?? -1
    if (id >= 0) members[fill[id]!++] = i // fill has one slot per key id
  }
  return { ids, start, members, blocks: sizes.length }
}

export function blockPairs(records: readonly StandardisedRecord[], options: BlockingOptions = {}): BlockingResult {
  const rules = options.rules ?? BLOCKING_RULES
  const maxBlock = options.maxBlockSize ?? 2000
  const source = options.source
  const out = new PairBuffer()
  const earlier: { ids: Int32Array; oversized: Uint8Array }[] = []
  const stats: { name: string; pairs: number; oversizedBlocks: number }[] = []
  for (const rule of rules) {
    const { ids, start, members, blocks } = indexRule(records, rule)
    const oversized = new Uint8Array(blocks)
    const before = out.length
    let skipped = 0
    for (let b = 0; b < blocks; b++) {
      const s = start[b] ?? 0
      const e = start[b + 1] ?? 0
      if (e - s < 2) continue
      if (e - s > maxBlock) {
        oversized[b] = 1
        skipped++
        continue
      }
      for (let x = s; x < e; x++) {
        const i = members[x] ?? 0
        for (let y = x + 1; y < e; y++) {
          let j = members[y] ?? 0
          let a = i
          if (source) {
            if (source[a] === source[j]) continue
            if ((source[a] ?? 0) > (source[j] ?? 0)) [a, j] = [j, a]
          }
          if (seenEarlier(earlier, a, j)) continue
          out.push(a, j)
        }
      }
    }
    earlier.push({ ids, oversized })
    stats.push({ name: rule.name, pairs: out.length - before, oversizedBlocks: skipped })
  }
  return { left: out.left.slice(0, out.length), right: out.right.slice(0, out.length), rules: stats }
}

function seenEarlier(earlier: readonly { ids: Int32Array; oversized: Uint8Array }[], i: number, j: number): boolean {
  for (const { ids, oversized } of earlier) {
    const k = ids[i] ?? -1
    if (k >= 0 && k === ids[j] && oversized[k] === 0) return true
  }
  return false
}

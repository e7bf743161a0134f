import type { Comparison } from './comparisons.ts'
import type { StandardisedRecord } from './records.ts'

/**
 * A comparison vector (one level per active comparison) packed into one number, four bits per comparison
 * (≤ 16 levels, ≤ 13 comparisons stay below 2^53). Pairs with the same vector share a "pattern", so training and
 * scoring work on a few thousand patterns instead of millions of pairs.
 */
export const LEVEL_BITS = 16

export function encodePair(comparisons: readonly Comparison[], a: StandardisedRecord, b: StandardisedRecord): number {
  let code = 0
  let scale = 1
  for (const c of comparisons) {
    code += c.level(a, b) * scale
    scale *= LEVEL_BITS
  }
  return code
}

export function decodeLevel(code: number, index: number): number {
  return Math.floor(code / LEVEL_BITS ** index) % LEVEL_BITS
}

export function decodeLevels(code: number, size: number): number[] {
  const out: number[] = []
  for (let k = 0; k < size; k++) {
    out.push(code % LEVEL_BITS)
    code = Math.floor(code / LEVEL_BITS)
  }
  return out
}

/** Codes for the pairs (left[k], right[k]), k in [from, to). */
export function encodePairs(
  comparisons: readonly Comparison[],
  records: readonly StandardisedRecord[],
  left: Int32Array,
  right: Int32Array,
  from = 0,
  to = left.length,
): Float64Array {
  const out = new Float64Array(to - from)
  for (let k = from; k < to; k++) {
    const a = records[left[k] ?? 0]
    const b = records[right[k] ?? 0]
    if (a && b) out[k - from] = encodePair(comparisons, a, b)
  }
  return out
}

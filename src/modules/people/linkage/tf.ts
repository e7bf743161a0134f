import type { Comparison, ComparisonId } from './comparisons.ts'
import type { StandardisedRecord } from './records.ts'

/** Relative frequency of each value of every TF-enabled comparison, over the records that have a value. */
export function termFrequencies(
  records: readonly StandardisedRecord[],
  comparisons: readonly Comparison[],
): Partial<Record<ComparisonId, ReadonlyMap<string, number>>> {
  const out: Partial<Record<ComparisonId, ReadonlyMap<string, number>>> = {}
  for (const c of comparisons) {
    const pick = c.tfValue
    if (c.tfLevel === undefined || !pick) continue
    const counts = new Map<string, number>()
    let total = 0
    for (const r of records) {
      const v = pick(r)
      if (v === undefined) continue
      counts.set(v, (counts.get(v) ?? 0) + 1)
      total++
    }
    if (total === 0) continue
    for (const [k, n] of counts) counts.set(k, n / total)
    out[c.id] = counts
  }
  return out
}

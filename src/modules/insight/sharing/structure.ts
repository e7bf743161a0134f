import type { Dimension, IndicatorId, IndicatorSet } from '../catalogue.ts'

/**
 * What an outsider can derive from a published indicator set, beyond its cells (issue 7 point 5, DOMAIN.md §8).
 * Checked against the SQL of `../queries.ts`:
 *
 * - Every dimension but `stage` is a partition of its indicator's units: each unit has exactly one value (the
 *   columns are NOT NULL with CHECKed value lists, and the age, ethnicity and agency CASEs are exhaustive), so a
 *   dimension's cells add up to the shared `total` row. Should a dimension ever leave units out, the difference
 *   `total − Σ cells` is itself a count (the "unclassified" residual) and is protected like a cell.
 * - `stage` (return interviews) is nested, not a partition: total ⊇ offered ⊇ offered-within-72h ⊇
 *   completed-within-72h and offered ⊇ completed ⊇ completed-within-72h. The difference of any two comparable
 *   stages is a count of interviews ("offered but not completed"), so it is protected too.
 * - Across indicators: every CSE contact is an exploitation contact, cell by cell (same contact, same dimension
 *   values), so `exploitation − cse` is the count of other-exploitation contacts for every row. Missing episodes
 *   and children share the child's gender and ethnicity (and the total), so `episodes − children` is the count of
 *   repeat episodes for those rows. (Age band and missing-from are taken from different episodes, so those
 *   differences are not counts of anything and are not treated as derivable.) Return interviews are placed by the
 *   return date, missing episodes by the report date: no cell of one is a sum of the other's.
 */
export type CellKey = string
export const cellKey = (indicator: string, dimension: string, value: string | null): CellKey => `${indicator}|${dimension}|${value ?? ''}`

/** Dimensions whose cells add up to the total. */
export const isPartition = (dimension: 'total' | Dimension) => dimension !== 'total' && dimension !== 'stage'

/** Every comparable pair of return-interview stages (transitively closed), larger first. */
const STAGE_ORDER: ReadonlyArray<readonly [string | null, string]> = [
  [null, 'offered'],
  [null, 'offered-within-72h'],
  [null, 'completed'],
  [null, 'completed-within-72h'],
  ['offered', 'offered-within-72h'],
  ['offered', 'completed'],
  ['offered', 'completed-within-72h'],
  ['offered-within-72h', 'completed-within-72h'],
  ['completed', 'completed-within-72h'],
]

/** A pair of published counts whose difference is itself a count: `sup ≥ sub` always. */
export type NestedPair = { sup: CellKey; sub: CellKey }

const CROSS: ReadonlyArray<{ sup: IndicatorId; sub: IndicatorId; dimensions: ReadonlyArray<'total' | Dimension> | 'all' }> = [
  { sup: 'exploitation-contacts', sub: 'cse-contacts', dimensions: 'all' },
  { sup: 'missing-episodes', sub: 'missing-children', dimensions: ['total', 'gender', 'ethnicity'] },
]

export function nestedPairs(set: Pick<IndicatorSet, 'indicators'>): NestedPair[] {
  const pairs: NestedPair[] = []
  const byId = new Map(set.indicators.map((i) => [i.id, i]))
  const rhi = byId.get('return-interviews')
  if (rhi) {
    for (const [sup, sub] of STAGE_ORDER) pairs.push({ sup: sup === null ? cellKey(rhi.id, 'total', null) : cellKey(rhi.id, 'stage', sup), sub: cellKey(rhi.id, 'stage', sub) })
  }
  for (const c of CROSS) {
    const sup = byId.get(c.sup)
    const sub = byId.get(c.sub)
    if (!sup || !sub) continue
    const supKeys = new Set(sup.rows.map((r) => cellKey(sup.id, r.dimension, r.value)))
    for (const r of sub.rows) {
      if (c.dimensions !== 'all' && !c.dimensions.includes(r.dimension)) continue
      const key = cellKey(sup.id, r.dimension, r.value)
      if (supKeys.has(key)) pairs.push({ sup: key, sub: cellKey(sub.id, r.dimension, r.value) })
    }
  }
  return pairs
}

/** The partition groups of one indicator: per dimension, its cells' keys (the total is `cellKey(id,'total',null)`). */
export function partitionGroups(indicator: IndicatorSet['indicators'][number]): Array<{ dimension: string; cells: CellKey[] }> {
  const groups = new Map<string, CellKey[]>()
  for (const r of indicator.rows) {
    if (!isPartition(r.dimension)) continue
    const list = groups.get(r.dimension) ?? []
    list.push(cellKey(indicator.id, r.dimension, r.value))
    groups.set(r.dimension, list)
  }
  return [...groups].map(([dimension, cells]) => ({ dimension, cells }))
}

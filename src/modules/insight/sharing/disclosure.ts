import type { IndicatorId, IndicatorRow, IndicatorSet } from '../catalogue.ts'
import { cellKey, nestedPairs, partitionGroups, type CellKey } from './structure.ts'

/**
 * Statistical disclosure control for figures shared outside the partnership (DOMAIN.md §8, SECURITY.md §7): DfE
 * practice is to replace every count from 1 to 5 by "c" and to suppress further cells where a "c" could otherwise be
 * worked out by subtraction. A 0 is a true zero and is published. Pure: no database.
 */
export type SdcPolicy = { suppressMin: number; suppressMax: number; symbol: string; secondarySuppression: boolean }
export const DFE_POLICY: SdcPolicy = Object.freeze({ suppressMin: 1, suppressMax: 5, symbol: 'c', secondarySuppression: true })

export type SharedRow = Omit<IndicatorRow, 'count'> & { count: number | null; suppressed?: true }
export type SharedIndicator = { id: IndicatorId; title: string; rows: SharedRow[] }
export type SharedSet = { from: string; to: string; indicators: SharedIndicator[] }

export const isSmall = (policy: SdcPolicy, n: number) => n >= policy.suppressMin && n <= policy.suppressMax

type Cell = { count: number; suppressed: boolean }

/**
 * Primary suppression of every small count, then (with `secondarySuppression`) complementary suppression until no
 * suppressed cell, small residual or small difference of nested cells can be derived:
 * - within each partition (a dimension whose cells add up to the total) a suppressed cell must never be the only
 *   unknown, and the unknowns must not all be forced to 1 (zeros are published, so a "c" is at least 1). The next
 *   smallest non-zero cell is suppressed; when none is left, the total (shared by every dimension) is;
 * - with the total suppressed, every dimension needs an unknown of its own, or that dimension gives the total back;
 * - a published pair of nested cells (see ./structure.ts) must not differ by a small count: the smaller is suppressed;
 * - a suppressed cell must not be pinned between equal published bounds of its nested cells.
 * Every step only adds suppression, so the loop ends.
 */
export function applyDisclosureControl(set: IndicatorSet, policy: SdcPolicy = DFE_POLICY): SharedSet {
  const cells = new Map<CellKey, Cell>()
  for (const ind of set.indicators) for (const r of ind.rows) if (r.count !== null) cells.set(cellKey(ind.id, r.dimension, r.value), { count: r.count, suppressed: isSmall(policy, r.count) })

  if (policy.secondarySuppression) secondary(set, cells, policy)

  return {
    from: set.from,
    to: set.to,
    indicators: set.indicators.map((ind) => ({
      id: ind.id,
      title: ind.title,
      rows: ind.rows.map((r) => {
        const cell = cells.get(cellKey(ind.id, r.dimension, r.value))
        if (!cell) return { dimension: r.dimension, value: r.value, count: null }
        return cell.suppressed ? { dimension: r.dimension, value: r.value, count: null, suppressed: true as const } : { dimension: r.dimension, value: r.value, count: cell.count }
      }),
    })),
  }
}

function secondary(set: IndicatorSet, cells: Map<CellKey, Cell>, policy: SdcPolicy): void {
  const pairs = nestedPairs(set)
  const published = (k: CellKey) => {
    const c = cells.get(k)
    return c !== undefined && !c.suppressed
  }
  const suppress = (k: CellKey) => {
    cells.get(k)!.suppressed = true
  }
  /** The smallest published non-zero cell of a group, if any. */
  const smallest = (keys: CellKey[]) =>
    keys
      .filter((k) => published(k) && cells.get(k)!.count > 0)
      .sort((a, b) => cells.get(a)!.count - cells.get(b)!.count)[0]

  for (let changed = true; changed; ) {
    changed = false
    for (const ind of set.indicators) {
      const totalKey = cellKey(ind.id, 'total', null)
      const total = cells.get(totalKey)
      if (!total) continue
      for (const group of partitionGroups(ind)) {
        const sum = group.cells.reduce((s, k) => s + (cells.get(k)?.count ?? 0), 0)
        const residual = total.count - sum
        const unknowns = group.cells.filter((k) => cells.get(k)?.suppressed).map((k) => cells.get(k)!.count)
        // A non-zero residual is never published: it is an unknown, and protected if it is small.
        if (residual !== 0) unknowns.push(residual)
        const anyProtected = group.cells.some((k) => cells.get(k)?.suppressed) || isSmall(policy, residual)
        if (!total.suppressed) {
          const derivable = unknowns.length === 1 || unknowns.reduce((s, n) => s + n, 0) === unknowns.length
          if (!anyProtected || !derivable) continue
          const next = smallest(group.cells)
          suppress(next ?? totalKey)
          changed = true
        } else if (unknowns.length === 0) {
          // The total is suppressed, but this dimension adds up to it.
          const next = smallest(group.cells)
          if (next) {
            suppress(next)
            changed = true
          }
        }
      }
    }
    for (const { sup, sub } of pairs) {
      if (published(sup) && published(sub) && isSmall(policy, cells.get(sup)!.count - cells.get(sub)!.count)) {
        suppress(sub)
        changed = true
      }
    }
    for (const key of cells.keys()) {
      if (published(key)) continue
      const bounds = sandwich(key, pairs, cells)
      if (bounds && bounds.lo === bounds.hi) {
        suppress(bounds.loKey ?? bounds.hiKey)
        changed = true
      }
    }
  }
}

/** The published bounds of a suppressed cell from its nested cells: at least 1 (zeros are published). */
function sandwich(key: CellKey, pairs: readonly { sup: CellKey; sub: CellKey }[], cells: Map<CellKey, Cell>) {
  let lo = 1
  let loKey: CellKey | undefined
  let hi = Infinity
  let hiKey: CellKey | undefined
  for (const { sup, sub } of pairs) {
    const above = sub === key ? cells.get(sup) : undefined
    const below = sup === key ? cells.get(sub) : undefined
    if (above && !above.suppressed && above.count < hi) [hi, hiKey] = [above.count, sup]
    if (below && !below.suppressed && below.count > lo) [lo, loKey] = [below.count, sub]
  }
  return hiKey ? { lo, hi, loKey, hiKey } : null
}

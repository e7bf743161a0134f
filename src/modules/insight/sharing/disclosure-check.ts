import type { IndicatorSet } from '../catalogue.ts'
import { isSmall, type SdcPolicy, type SharedSet } from './disclosure.ts'
import { cellKey, nestedPairs, partitionGroups, type CellKey } from './structure.ts'

/**
 * An independent check of a shared set against the true figures: what could an outsider who knows how the
 * indicators are built (./structure.ts) work out? Written apart from the suppression algorithm (row reduction of
 * the partition equations rather than counting unknowns) so each checks the other; the export refuses to send a
 * set this finds fault with. Returns the problems found, none when safe.
 *
 * The outsider knows: every published count; that a "c" is not zero (zeros are published); each partition equation
 * `Σ cells + unclassified = total` (and which dimensions are complete); the nesting of ./structure.ts.
 */
export function findDisclosures(truth: IndicatorSet, shared: SharedSet, policy: SdcPolicy): string[] {
  const problems: string[] = []
  const actual = new Map<CellKey, number>()
  for (const ind of truth.indicators) for (const r of ind.rows) if (r.count !== null) actual.set(cellKey(ind.id, r.dimension, r.value), r.count)
  /** Published count, or null when suppressed; absent when not recorded. */
  const seen = new Map<CellKey, number | null>()
  for (const ind of shared.indicators) {
    for (const r of ind.rows) {
      const key = cellKey(ind.id, r.dimension, r.value)
      if (r.suppressed) seen.set(key, null)
      else if (r.count !== null) seen.set(key, r.count)
    }
  }
  for (const [key, count] of actual) {
    if (!seen.has(key)) problems.push(`${key}: missing from the shared set`)
    else if (seen.get(key) !== null && seen.get(key) !== count) problems.push(`${key}: published ${seen.get(key)} but is ${count}`)
  }
  for (const [key, count] of seen) if (count !== null && isSmall(policy, count)) problems.push(`${key}: small count ${count} published`)

  const pairs = nestedPairs(truth)
  for (const { sup, sub } of pairs) {
    const a = seen.get(sup)
    const b = seen.get(sub)
    if (a != null && b != null && isSmall(policy, a - b)) problems.push(`${sup} − ${sub}: small difference ${a - b} derivable`)
  }

  for (const ind of truth.indicators) problems.push(...partitionProblems(ind, actual, seen, policy))

  // Bounds from nesting: a suppressed cell pinned between equal published neighbours is known.
  for (const [key, count] of seen) {
    if (count !== null) continue
    const his = pairs.filter((p) => p.sub === key && seen.get(p.sup) != null).map((p) => seen.get(p.sup)!)
    const los = pairs.filter((p) => p.sup === key && seen.get(p.sub) != null).map((p) => seen.get(p.sub)!)
    if (his.length && Math.min(...his) === Math.max(1, ...los)) problems.push(`${key}: suppressed but pinned to ${Math.min(...his)} by nested cells`)
  }
  return problems
}

type Variable = { key: string; protect: boolean }

function partitionProblems(ind: IndicatorSet['indicators'][number], actual: Map<CellKey, number>, seen: Map<CellKey, number | null>, policy: SdcPolicy): string[] {
  const totalKey = cellKey(ind.id, 'total', null)
  const total = actual.get(totalKey)
  if (total === undefined) return []
  const groups = partitionGroups(ind)
  if (groups.length === 0) return []
  const problems: string[] = []
  const variables: Variable[] = []
  const index = new Map<string, number>()
  const variable = (key: string, protect: boolean) => {
    if (!index.has(key)) {
      index.set(key, variables.length)
      variables.push({ key, protect })
    }
    return index.get(key)!
  }
  const totalHidden = seen.get(totalKey) === null
  if (totalHidden) variable(totalKey, true)
  const equations: Array<Map<number, number>> = []
  for (const g of groups) {
    const row = new Map<number, number>()
    let knownSum = 0
    let unknownCount = 0
    for (const k of g.cells) {
      if (seen.get(k) === null) {
        row.set(variable(k, true), 1)
        unknownCount++
      } else knownSum += seen.get(k) ?? 0
    }
    const residual = total - g.cells.reduce((s, k) => s + (actual.get(k) ?? 0), 0)
    if (residual !== 0) {
      row.set(variable(`${ind.id}|${g.dimension}|(unclassified)`, isSmall(policy, residual)), 1)
      unknownCount++
    }
    if (totalHidden) row.set(index.get(totalKey)!, -1)
    equations.push(row)
    // Every unknown is at least 1: when they add up to their number, each is 1.
    if (!totalHidden && unknownCount > 0 && total - knownSum === unknownCount) {
      const names = [...row.keys()].map((i) => variables[i]!)
      if (names.some((v) => v.protect)) problems.push(`${ind.id}|${g.dimension}: every unknown is forced to 1`)
    }
  }
  for (const i of determinedVariables(equations, variables.length)) {
    if (variables[i]!.protect) problems.push(`${variables[i]!.key}: recoverable from its partition`)
  }
  return problems
}

/** Indexes of the variables fixed by a linear system (a unit row in its reduced row echelon form). */
export function determinedVariables(equations: ReadonlyArray<Map<number, number>>, width: number): number[] {
  const m = equations.map((e) => Array.from({ length: width }, (_, j) => e.get(j) ?? 0))
  const EPS = 1e-9
  let rank = 0
  for (let col = 0; col < width && rank < m.length; col++) {
    const pivot = m.findIndex((r, i) => i >= rank && Math.abs(r[col]!) > EPS)
    if (pivot < 0) continue
    ;[m[rank], m[pivot]] = [m[pivot]!, m[rank]!]
    const p = m[rank]!
    const f = p[col]!
    for (let j = 0; j < width; j++) p[j] = p[j]! / f
    for (let i = 0; i < m.length; i++) {
      if (i === rank) continue
      const factor = m[i]![col]!
      if (Math.abs(factor) > EPS) for (let j = 0; j < width; j++) m[i]![j] = m[i]![j]! - factor * p[j]!
    }
    rank++
  }
  const out: number[] = []
  for (const r of m.slice(0, rank)) {
    const nonZero = r.map((v, j) => (Math.abs(v) > EPS ? j : -1)).filter((j) => j >= 0)
    if (nonZero.length === 1) out.push(nonZero[0]!)
  }
  return out
}

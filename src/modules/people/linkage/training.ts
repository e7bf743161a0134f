import type { Comparison, ComparisonId } from './comparisons.ts'
import { log2, priorWeight, probabilityFromWeight, type ComparisonParams } from './model.ts'
import { decodeLevels } from './patterns.ts'

/**
 * Unsupervised estimation (no labels anywhere):
 * - u from the comparison vectors of random pairs (nearly all are different people);
 * - starting m from Splink's round robin: EM on pairs with the same date of birth (estimates everything but the
 *   date), then on pairs with the same names (everything but the names);
 * - m and λ together from a final EM over all candidate pairs with u fixed and the *global* prior (below). On data
 *   where one record carries one error, fields are not independent given a match, and λ from a deterministic
 *   rule's guessed or estimated recall is badly off (RLdata10000: ×4 to ×12); the global EM lands within a few
 *   per cent of the true number of matches on every development set.
 */
export interface PatternTable {
  /** Levels per pattern, row-major: levels[p * comparisons + k]. */
  readonly levels: Uint8Array
  readonly counts: Float64Array
  readonly size: number
}

export function patternTable(codes: readonly number[], counts: readonly number[], comparisons: number): PatternTable {
  const levels = new Uint8Array(codes.length * comparisons)
  codes.forEach((code, p) => levels.set(decodeLevels(code, comparisons), p * comparisons))
  return { levels, counts: Float64Array.from(counts), size: codes.length }
}

/** u per level from the codes of random pairs: level frequency among pairs where both values are present. */
export function estimateU(table: PatternTable, comparisons: readonly Comparison[]): number[][] {
  const K = comparisons.length
  return comparisons.map((c, k) => {
    const counts = new Array<number>(c.levels.length).fill(0)
    for (let p = 0; p < table.size; p++) {
      const level = table.levels[p * K + k] ?? 0
      counts[level] = (counts[level] ?? 0) + (table.counts[p] ?? 0)
    }
    const present = counts.slice(1).reduce((a, b) => a + b, 0)
    // Half a count of smoothing: a level never seen among random pairs is rare, not impossible.
    const denom = present + 0.5 * (counts.length - 1)
    return counts.map((n, level) => (level === 0 ? 0 : (n + 0.5) / denom))
  })
}

/** A starting m: most mass on exact agreement, decaying over the fuzzier levels. */
export function initialM(c: Comparison): number[] {
  const n = c.levels.length - 1
  const raw = c.levels.map((_, level) => (level === 0 ? 0 : level === n ? 0.05 : 0.6 ** level))
  const total = raw.reduce((a, b) => a + b, 0)
  return raw.map((v) => v / total)
}


export interface EmPass {
  readonly name: string
  /** Comparisons the pass blocks on: not estimated, not used in its E-step. */
  readonly blocked: readonly ComparisonId[]
  /** Which patterns the pass's blocking rule keeps. */
  readonly keep: (levelOf: (id: ComparisonId) => number) => boolean
}

export interface EmResult {
  readonly pass: string
  readonly pairs: number
  /** Expected matches among the pass's pairs. */
  readonly matches: number
  /** m per comparison estimated here, conditional on both values present. */
  readonly m: Partial<Record<ComparisonId, number[]>>
  readonly iterations: number
}

/**
 * EM with u fixed. In a blocked pass (Splink's round robin) the prior is the pass's own share of matches and the
 * comparisons it blocks on are left out. In the final pass over all candidate pairs the prior is the global one,
 * λ = expected matches / all pairs: a candidate pair's comparison vector already carries the evidence that made it
 * a candidate, so using the (much higher) share of matches among candidates as the prior would count that
 * evidence twice — which is what makes naive EM on blocked pairs overshoot.
 */
export function runEm(
  table: PatternTable,
  comparisons: readonly Comparison[],
  u: readonly (readonly number[])[],
  mStart: readonly (readonly number[])[],
  pass: EmPass,
  options: { maxIterations: number; totalPairs?: number; startMatches?: number; fixM?: boolean },
): EmResult | undefined {
  const K = comparisons.length
  const index = new Map(comparisons.map((c, k) => [c.id, k]))
  const rows: number[] = []
  let pairs = 0
  for (let p = 0; p < table.size; p++) {
    const levelOf = (id: ComparisonId) => table.levels[p * K + (index.get(id) ?? -1)] ?? 0
    if (pass.keep(levelOf)) {
      rows.push(p)
      pairs += table.counts[p] ?? 0
    }
  }
  if (pairs < (options.fixM ? 1 : 20)) return undefined
  const free = comparisons.map((c) => !pass.blocked.includes(c.id))
  const present = comparisons.map((_, k) => rows.reduce((n, p) => n + ((table.levels[p * K + k] ?? 0) > 0 ? (table.counts[p] ?? 0) : 0), 0))
  // With fewer than two informative comparisons the mixture is not identifiable (any share of matches fits).
  if (!options.fixM && comparisons.filter((_, k) => free[k] && (present[k] ?? 0) >= 0.1 * pairs).length < 2) return undefined
  const global = options.totalPairs
  let m = mStart.map((x) => [...x])
  let matches = options.startMatches ?? pairs / 2
  let iterations = 0
  for (; iterations < options.maxIterations; iterations++) {
    const prior = priorWeight(Math.min(matches / (global ?? pairs), 1 - 1e-9))
    const sums = comparisons.map((c) => new Array<number>(c.levels.length).fill(0))
    let matched = 0
    for (const p of rows) {
      let w = prior
      for (let k = 0; k < K; k++) {
        const level = table.levels[p * K + k] ?? 0
        if (free[k] && level !== 0) w += log2((m[k]?.[level] ?? 1e-9) / (u[k]?.[level] ?? 1))
      }
      const n = (table.counts[p] ?? 0) * probabilityFromWeight(w)
      matched += n
      for (let k = 0; k < K; k++) {
        const s = sums[k]
        const level = table.levels[p * K + k] ?? 0
        if (s) s[level] = (s[level] ?? 0) + n
      }
    }
    const next = sums.map((s, k) => {
      const total = s.reduce((a, b, level) => (level === 0 ? a : a + b), 0)
      if (!free[k] || total <= 0 || options.fixM) return m[k] ?? []
      return s.map((v, level) => (level === 0 ? 0 : Math.max(v / total, 1e-6)))
    })
    const delta = Math.abs(matched - matches) / Math.max(matches, 1) + next.reduce((d, row, k) => d + row.reduce((e, v, level) => e + Math.abs(v - (m[k]?.[level] ?? 0)), 0), 0)
    m = next
    matches = matched
    if (delta < 1e-6) break
  }
  const out: Partial<Record<ComparisonId, number[]>> = {}
  comparisons.forEach((c, k) => {
    const row = m[k]
    if (free[k] && row && (present[k] ?? 0) > 0) out[c.id] = row
  })
  return { pass: pass.name, pairs, matches, m: out, iterations }
}

/** Splink's round robin: each comparison is estimated by a pass that does not block on it. */
export const EM_PASSES: readonly EmPass[] = [
  { name: 'pairs with the same date of birth', blocked: ['dob'], keep: (level) => level('dob') === 1 },
  { name: 'pairs with the same given and family name', blocked: ['given', 'family'], keep: (level) => level('given') === 1 && level('family') === 1 },
]

const ALL_CANDIDATES: EmPass = { name: 'all candidate pairs', blocked: [], keep: () => true }

export interface TrainingResult {
  readonly params: Partial<Record<ComparisonId, ComparisonParams>>
  readonly lambda: number
  readonly expectedMatches: number
  readonly passes: readonly EmResult[]
}

/**
 * Round-robin passes give starting m values; a final EM over all candidate pairs with the global prior then
 * estimates m and the expected number of matches together (λ = matches / all pairs). Matches outside the
 * candidates are taken as negligible (blocking keeps ≥ 0.98 of true pairs on the development sets).
 */
export function train(
  candidates: PatternTable,
  comparisons: readonly Comparison[],
  u: readonly (readonly number[])[],
  totalPairs: number,
  records: number,
  fallback?: Partial<Record<ComparisonId, ComparisonParams>>,
): TrainingResult {
  if (fallback && totalPairs < SMALL_BATCH_PAIRS) return trainSmall(candidates, comparisons, totalPairs, records, fallback)
  const mStart = comparisons.map((c) => initialM(c))
  const passes = EM_PASSES.map((pass) => runEm(candidates, comparisons, u, mStart, pass, { maxIterations: 50 })).filter((r) => r !== undefined)
  const mInit = comparisons.map((c, k) => {
    const estimates = passes.map((p) => p.m[c.id]).filter((m) => m !== undefined)
    const start = mStart[k] ?? []
    return estimates.length === 0 ? start : start.map((_, level) => estimates.reduce((s, e) => s + (e[level] ?? 0), 0) / estimates.length)
  })
  // Start from one duplicate per two records; the global EM moves far from any reasonable start.
  let final = runEm(candidates, comparisons, u, mInit, ALL_CANDIDATES, { maxIterations: 300, totalPairs, startMatches: Math.max(records / 2, 1) })
  // Plausibility guard: the class the global EM calls "match" must agree on names more often than it disagrees. When
  // non-matches hold a strong structure of their own (many people sharing a first name and a birth place), the
  // mixture can lock onto it instead (m(exact family name) < m(different)). Then keep the round-robin m, which was
  // estimated on pairs blocked on a date or on both names, and fit only λ.
  if (final && !plausible(final, comparisons)) {
    const fit = runEm(candidates, comparisons, u, mInit, { ...ALL_CANDIDATES, name: 'all candidate pairs (λ only; round-robin m kept)' }, { maxIterations: 300, totalPairs, startMatches: Math.max(records / 2, 1), fixM: true })
    if (fit) final = { ...fit, m: Object.fromEntries(comparisons.map((c, k) => [c.id, mInit[k] ?? []])) }
  }
  const expectedMatches = final?.matches ?? passes[0]?.matches ?? Math.sqrt(totalPairs)
  const params: Partial<Record<ComparisonId, ComparisonParams>> = {}
  comparisons.forEach((c, k) => {
    const uk = u[k] ?? []
    const m = neutralUnseen(final?.m[c.id] ?? mInit[k] ?? [], uk, expectedMatches)
    params[c.id] = { m, u: uk }
  })
  const lambda = Math.min(Math.max(expectedMatches / totalPairs, 1 / (totalPairs * 10)), 0.5)
  return { params, lambda, expectedMatches, passes: final ? [...passes, final] : passes }
}

/** Names: exact agreement at least as likely as plain disagreement among matches. */
function plausible(result: EmResult, comparisons: readonly Comparison[]): boolean {
  return comparisons.every((c) => {
    if (c.id !== 'given' && c.id !== 'family') return true
    const m = result.m[c.id]
    return !m || (m[1] ?? 0) >= (m[m.length - 1] ?? 0)
  })
}

/**
 * An agreement level (anything but null and the final "different") that almost no match reached in this batch
 * (fewer than two expected) has no estimate, not a strong negative one: its weight is raised to at least 0. Without
 * this, a batch with no nickname pairs would learn that a nickname match is evidence *against* a match.
 */
export function neutralUnseen(m: readonly number[], u: readonly number[], matches: number): number[] {
  return m.map((v, level) => (level === 0 || level === m.length - 1 || v * matches >= 2 ? v : Math.max(v, u[level] ?? v)))
}

/** Below this many possible pairs, random-pair u and EM are too noisy: use the frozen default m and u. */
export const SMALL_BATCH_PAIRS = 50_000

function trainSmall(
  candidates: PatternTable,
  comparisons: readonly Comparison[],
  totalPairs: number,
  records: number,
  fallback: Partial<Record<ComparisonId, ComparisonParams>>,
): TrainingResult {
  const params: Partial<Record<ComparisonId, ComparisonParams>> = {}
  for (const c of comparisons) params[c.id] = fallback[c.id] ?? { m: initialM(c), u: c.levels.map((_, l) => (l === 0 ? 0 : 1 / (c.levels.length - 1))) }
  const m = comparisons.map((c) => [...(params[c.id]?.m ?? [])])
  const u = comparisons.map((c) => [...(params[c.id]?.u ?? [])])
  // λ alone by EM with m and u fixed (the global prior, as in the full path).
  const fit = runEm(candidates, comparisons, u, m, ALL_CANDIDATES, { maxIterations: 300, totalPairs, startMatches: Math.max(records / 2, 1), fixM: true })
  const expectedMatches = Math.max(fit?.matches ?? 0, 0.5)
  const lambda = Math.min(Math.max(expectedMatches / totalPairs, 1 / (totalPairs * 10)), 0.5)
  return { params, lambda, expectedMatches, passes: fit ? [fit] : [] }
}

import { COMPARISONS, type Comparison, type ComparisonId } from './comparisons.ts'
import type { StandardisedRecord } from './records.ts'

/** m and u per level (index = level; index 0, the null level, is unused and weighs 0). Both exclude missing values. */
export interface ComparisonParams {
  readonly m: readonly number[]
  readonly u: readonly number[]
}

/**
 * A Fellegi–Sunter model: per comparison level, m = P(level | same person) and u = P(level | different people), plus
 * λ = P(two random records are the same person). Optional term-frequency tables (relative frequency of each value)
 * sharpen exact agreement on rare values and soften it on common ones.
 */
export interface LinkageModel {
  readonly lambda: number
  readonly params: Partial<Record<ComparisonId, ComparisonParams>>
  readonly tf?: Partial<Record<ComparisonId, ReadonlyMap<string, number>>>
  /** Floor on a value's frequency in the TF adjustment, so a one-off misspelling cannot carry a huge weight. */
  readonly tfMinimumU: number
}

export interface MatchReason {
  readonly field: ComparisonId
  readonly level: number
  readonly label: string
  /** Bits of evidence (log2 Bayes factor), TF adjustment included. */
  readonly weight: number
}

export interface MatchResult {
  /** log2 posterior odds: prior plus the sum of reason weights. */
  readonly matchWeight: number
  readonly probability: number
  readonly reasons: readonly MatchReason[]
}

export const log2 = Math.log2

export function priorWeight(lambda: number): number {
  return log2(lambda / (1 - lambda))
}

export function probabilityFromWeight(weight: number): number {
  const odds = 2 ** weight
  return odds === Infinity ? 1 : odds / (1 + odds)
}

/** Bayes factor of one level in bits, without the TF adjustment; 0 for the null level or unknown parameters. */
export function levelWeight(params: ComparisonParams | undefined, level: number): number {
  if (!params || level === 0) return 0
  const m = params.m[level]
  const u = params.u[level]
  return m === undefined || u === undefined ? 0 : log2(m / u)
}

/** The TF adjustment (Splink's formula with weight 1): log2 u(level) − log2 max(tf(value), tfMinimumU). */
export function tfAdjustment(model: LinkageModel, comparison: Comparison, level: number, a: StandardisedRecord, b: StandardisedRecord): number {
  if (comparison.tfLevel !== level || !comparison.tfValue) return 0
  const table = model.tf?.[comparison.id]
  const u = model.params[comparison.id]?.u[level]
  if (!table || u === undefined) return 0
  const va = comparison.tfValue(a)
  const vb = comparison.tfValue(b)
  const fa = va === undefined ? undefined : table.get(va)
  const fb = vb === undefined ? undefined : table.get(vb)
  if (fa === undefined && fb === undefined) return 0
  return log2(u) - log2(Math.max(fa ?? 0, fb ?? 0, model.tfMinimumU))
}

/**
 * Compares two standardised records with a model: the same levels and weights the batch engine uses. Comparisons
 * without parameters in the model are skipped.
 */
export function compareRecords(model: LinkageModel, a: StandardisedRecord, b: StandardisedRecord): MatchResult {
  const reasons: MatchReason[] = []
  let weight = priorWeight(model.lambda)
  for (const comparison of COMPARISONS) {
    const params = model.params[comparison.id]
    if (!params) continue
    const level = comparison.level(a, b)
    if (level === 0) continue
    const w = levelWeight(params, level) + tfAdjustment(model, comparison, level, a, b)
    weight += w
    reasons.push({ field: comparison.id, level, label: comparison.levels[level] ?? String(level), weight: w })
  }
  return { matchWeight: weight, probability: probabilityFromWeight(weight), reasons }
}

/** The same model with another prior (e.g. 1 / size of the population searched). */
export function withPrior(model: LinkageModel, lambda: number): LinkageModel {
  return { ...model, lambda }
}

/**
 * Accuracy against known truth, for tests and benchmarks only (the engine never sees labels). Entities are given
 * as a label per record; in link mode only pairs across the two files count.
 */
export interface Scores {
  readonly tp: number
  readonly fp: number
  readonly fn: number
  readonly precision: number
  readonly recall: number
  readonly f1: number
}

function scores(tp: number, predicted: number, truth: number): Scores {
  const precision = predicted ? tp / predicted : 1
  const recall = truth ? tp / truth : 1
  return { tp, fp: predicted - tp, fn: truth - tp, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 }
}

/** Number of true pairs implied by entity labels. */
export function truePairCount(entity: readonly string[], source?: Uint8Array): number {
  return groupPairs(entity.map((e, i) => e || `\0${i}`), entity.map((e, i) => e || `\0${i}`), source)
}

/** Pairs inside groups of `group`, counting only those that also share `entity` when given. */
function groupPairs(group: readonly string[] | Int32Array, entity: readonly string[], source?: Uint8Array): number {
  const cells = new Map<string, [number, number]>()
  for (let i = 0; i < entity.length; i++) {
    const key = `${group[i]}\u0001${entity[i]}`
    const cell = cells.get(key) ?? [0, 0]
    if (source?.[i] === 1) cell[1]++
    else cell[0]++
    cells.set(key, cell)
  }
  let pairs = 0
  for (const [a, b] of cells.values()) pairs += source ? a * b : (a * (a - 1)) / 2
  return pairs
}

export function pairwiseScores(
  left: Int32Array,
  right: Int32Array,
  probability: Float64Array,
  threshold: number,
  entity: readonly string[],
  source?: Uint8Array,
): Scores {
  let tp = 0
  let predicted = 0
  for (let k = 0; k < left.length; k++) {
    if ((probability[k] ?? 0) < threshold) continue
    predicted++
    const a = entity[left[k] ?? 0]
    if (a && a === entity[right[k] ?? 0]) tp++
  }
  return scores(tp, predicted, truePairCount(entity, source))
}

export function clusterScores(clusters: Int32Array, entity: readonly string[], source?: Uint8Array): Scores {
  const labels = entity.map((e, i) => e || `\0${i}`)
  const predicted = groupPairs(clusters, Array.from(clusters, () => ''), source)
  const tp = groupPairs(clusters, labels, source)
  return scores(tp, predicted, truePairCount(entity, source))
}

/** Share of true pairs among the candidate pairs (blocking recall). */
export function pairsCompleteness(left: Int32Array, right: Int32Array, entity: readonly string[], source?: Uint8Array): number {
  let found = 0
  for (let k = 0; k < left.length; k++) {
    const a = entity[left[k] ?? 0]
    if (a && a === entity[right[k] ?? 0]) found++
  }
  const truth = truePairCount(entity, source)
  return truth ? found / truth : 1
}

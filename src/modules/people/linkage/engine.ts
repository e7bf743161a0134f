import { blockPairs, type RuleStats } from './blocking.ts'
import { clusterRecords, DEFAULT_CLUSTER_OPTIONS, type ClusterOptions } from './cluster.ts'
import { COMPARISONS, type Comparison } from './comparisons.ts'
import { compareRecords, log2, priorWeight, type LinkageModel } from './model.ts'
import { patternTable, estimateU, train, SMALL_BATCH_PAIRS, type EmResult } from './training.ts'
import { termFrequencies } from './tf.ts'
import type { StandardisedRecord } from './records.ts'
import { CodeEncoder, defaultThreads } from './workers.ts'
import { DEFAULT_MODEL } from './defaults.ts'
import { mulberry32 } from './random.ts'

/**
 * The batch pipeline: block → compare (worker threads) → train (u, m, λ; no labels) → score (with TF) → cluster.
 * Pure: records in, pairs and clusters out; no files, no database.
 */
export interface LinkOptions {
  /** Operating threshold (match probability) for a link. */
  readonly threshold?: number
  /** Pairs below this probability are not returned. */
  readonly minScore?: number
  readonly threads?: number
  /** Random pairs compared to estimate u. */
  readonly uSamplePairs?: number
  readonly tfMinimumU?: number
  readonly maxBlockSize?: number
  /** Blocking rules making more than max(this × records, blockingRefineAbovePairs) pairs are refined by initials. */
  readonly blockingPairsPerRecord?: number
  readonly blockingRefineAbovePairs?: number
  readonly seed?: number
  readonly cluster?: Partial<ClusterOptions>
  readonly onProgress?: (message: string) => void
}

/** The frozen configuration: one threshold and one set of settings for every dataset. */
export const DEFAULT_LINK_OPTIONS = {
  threshold: 0.5,
  minScore: 0.01,
  uSamplePairs: 1_000_000,
  tfMinimumU: 0.001,
  maxBlockSize: 1000,
  blockingPairsPerRecord: 2,
  blockingRefineAbovePairs: 1_000_000,
  seed: 42,
} as const

export interface LinkStats {
  readonly records: number
  readonly candidatePairs: number
  readonly randomPairs: number
  readonly comparisons: readonly string[]
  readonly blockingRules: readonly RuleStats[]
  readonly seconds: Record<'block' | 'compare' | 'train' | 'score' | 'cluster' | 'total', number>
  readonly comparisonsPerSecond: number
  readonly expectedMatches: number
  readonly passes: readonly Omit<EmResult, 'm' | 'mWithNull'>[]
  readonly splitClusters: number
}

export interface LinkResult {
  readonly left: Int32Array
  readonly right: Int32Array
  readonly probability: Float64Array
  readonly matchWeight: Float64Array
  /** Cluster number per record. */
  readonly clusters: Int32Array
  readonly model: LinkageModel
  readonly threshold: number
  readonly stats: LinkStats
}


/** Random distinct pairs (across files in link mode), for u. */
function randomPairs(n: number, source: Uint8Array | undefined, count: number, seed: number): { left: Int32Array; right: Int32Array } {
  const random = mulberry32(seed)
  const left = new Int32Array(count)
  const right = new Int32Array(count)
  const first: number[] = []
  const second: number[] = []
  if (source) source.forEach((s, i) => (s === 0 ? first : second).push(i))
  for (let k = 0; k < count; k++) {
    if (source) {
      left[k] = first[Math.floor(random() * first.length)] ?? 0
      right[k] = second[Math.floor(random() * second.length)] ?? 0
    } else {
      const i = Math.floor(random() * n)
      let j = Math.floor(random() * (n - 1))
      if (j >= i) j++
      left[k] = i
      right[k] = j
    }
  }
  return { left, right }
}

function countPatterns(codes: Float64Array): { index: Uint32Array; codes: number[]; counts: number[] } {
  const ids = new Map<number, number>()
  const list: number[] = []
  const counts: number[] = []
  const index = new Uint32Array(codes.length)
  for (let k = 0; k < codes.length; k++) {
    const code = codes[k] ?? 0
    let id = ids.get(code)
    if (id === undefined) {
      id = list.length
      ids.set(code, id)
      list.push(code)
      counts.push(0)
    }
    counts[id] = (counts[id] ?? 0) + 1
    index[k] = id
  }
  return { index, codes: list, counts }
}

export async function linkRecords(records: readonly StandardisedRecord[], source: Uint8Array | undefined, options: LinkOptions = {}): Promise<LinkResult> {
  const o = { ...DEFAULT_LINK_OPTIONS, ...options }
  const progress = options.onProgress ?? (() => {})
  const clock = () => performance.now() / 1000
  const t0 = clock()
  const n = records.length
  const fileSizes = source ? [source.filter((s) => s === 0).length, source.filter((s) => s === 1).length] : undefined
  const totalPairs = fileSizes ? (fileSizes[0] ?? 0) * (fileSizes[1] ?? 0) : (n * (n - 1)) / 2
  const comparisons: Comparison[] = COMPARISONS.filter((c) => records.some((r) => c.has(r)))

  const blocked = blockPairs(records, {
    ...(source ? { source } : {}),
    maxBlockSize: o.maxBlockSize,
    pairsPerRecord: o.blockingPairsPerRecord,
    refineAbovePairs: o.blockingRefineAbovePairs,
  })
  const t1 = clock()
  progress(`blocking: ${blocked.left.length} candidate pairs from ${n} records`)

  const encoder = new CodeEncoder(records, comparisons, o.threads ?? defaultThreads())
  let candidateCodes: Float64Array
  let randomCodes: Float64Array
  const sample = Math.max(0, Math.min(o.uSamplePairs, Math.floor(totalPairs)))
  try {
    candidateCodes = await encoder.encode(blocked.left, blocked.right)
    const random = randomPairs(n, source, sample, o.seed)
    randomCodes = await encoder.encode(random.left, random.right)
  } finally {
    await encoder.close()
  }
  const t2 = clock()
  progress(`compared ${blocked.left.length} candidate and ${sample} random pairs in ${(t2 - t1).toFixed(1)} s`)

  const randomPatterns = countPatterns(randomCodes)
  const u = estimateU(patternTable(randomPatterns.codes, randomPatterns.counts, comparisons.length), comparisons)
  const patterns = countPatterns(candidateCodes)
  const table = patternTable(patterns.codes, patterns.counts, comparisons.length)
  const trained = train(table, comparisons, u, Math.max(totalPairs, 1), n, DEFAULT_MODEL.params)
  // In a small batch every value looks common: frequencies mean nothing there, so no TF adjustment.
  const tf = totalPairs < SMALL_BATCH_PAIRS ? undefined : termFrequencies(records, comparisons)
  const model: LinkageModel = { lambda: trained.lambda, params: trained.params, ...(tf ? { tf } : {}), tfMinimumU: o.tfMinimumU }
  const t3 = clock()
  progress(`trained: λ = ${trained.lambda.toExponential(3)} (≈ ${Math.round(trained.expectedMatches)} matching pairs)`)

  const scored = scorePairs(model, comparisons, records, blocked.left, blocked.right, patterns.index, table)
  const keep = log2(o.minScore / (1 - o.minScore))
  const kept: number[] = []
  for (let k = 0; k < scored.length; k++) if ((scored[k] ?? -Infinity) >= keep) kept.push(k)
  const left = Int32Array.from(kept, (k) => blocked.left[k] ?? 0)
  const right = Int32Array.from(kept, (k) => blocked.right[k] ?? 0)
  const matchWeight = Float64Array.from(kept, (k) => scored[k] ?? 0)
  const probability = matchWeight.map((w) => 2 ** w / (1 + 2 ** w))
  const t4 = clock()

  const clusterOptions = { ...DEFAULT_CLUSTER_OPTIONS, threshold: o.threshold, ...options.cluster }
  const pairWeight = (i: number, j: number) => {
    const a = records[i]
    const b = records[j]
    if (!a || !b) return -Infinity
    if (source && source[i] === source[j]) return 0 // link mode: same-file pairs are not judged
    return compareRecords(model, a, b).matchWeight
  }
  const { clusters, split } = clusterRecords(n, left, right, matchWeight, pairWeight, clusterOptions)
  const t5 = clock()
  const compared = blocked.left.length + sample
  return {
    left,
    right,
    probability,
    matchWeight,
    clusters,
    model,
    threshold: o.threshold,
    stats: {
      records: n,
      candidatePairs: blocked.left.length,
      randomPairs: sample,
      comparisons: comparisons.map((c) => c.id),
      blockingRules: blocked.rules,
      seconds: { block: t1 - t0, compare: t2 - t1, train: t3 - t2, score: t4 - t3, cluster: t5 - t4, total: t5 - t0 },
      comparisonsPerSecond: compared / Math.max(t2 - t1, 1e-9),
      expectedMatches: trained.expectedMatches,
      passes: trained.passes.map(({ pass, pairs, matches, iterations }) => ({ pass, pairs, matches, iterations })),
      splitClusters: split,
    },
  }
}

/** Match weight per candidate pair: prior + pattern weight + TF adjustments on exact levels. */
function scorePairs(
  model: LinkageModel,
  comparisons: readonly Comparison[],
  records: readonly StandardisedRecord[],
  left: Int32Array,
  right: Int32Array,
  patternOf: Uint32Array,
  table: ReturnType<typeof patternTable>,
): Float64Array {
  const K = comparisons.length
  const prior = priorWeight(model.lambda)
  const patternWeight = new Float64Array(table.size)
  // Per pattern: the comparisons whose exact level takes a TF adjustment.
  const tfAt: number[][] = []
  for (let p = 0; p < table.size; p++) {
    let w = prior
    const tf: number[] = []
    comparisons.forEach((c, k) => {
      const level = table.levels[p * K + k] ?? 0
      const params = model.params[c.id]
      if (level === 0 || !params) return
      w += log2((params.m[level] ?? 1e-9) / (params.u[level] ?? 1))
      if (c.tfLevel === level && model.tf?.[c.id]) tf.push(k)
    })
    patternWeight[p] = w
    tfAt.push(tf)
  }
  // Per record and TF comparison: log2 u(exact) − log2 max(tf(value), floor), worked out once.
  const tfAdjust = comparisons.map((c) => {
    const table = model.tf?.[c.id]
    const u = c.tfLevel === undefined ? undefined : model.params[c.id]?.u[c.tfLevel]
    if (!table || u === undefined || !c.tfValue) return undefined
    const pick = c.tfValue
    return Float64Array.from(records, (r) => {
      const v = pick(r)
      const f = v === undefined ? undefined : table.get(v)
      return f === undefined ? 0 : log2(u) - log2(Math.max(f, model.tfMinimumU))
    })
  })
  const out = new Float64Array(left.length)
  for (let k = 0; k < left.length; k++) {
    const p = patternOf[k] ?? 0
    let w = patternWeight[p] ?? 0
    for (const c of tfAt[p] ?? []) w += tfAdjust[c]?.[left[k] ?? 0] ?? 0
    out[k] = w
  }
  return out
}

/**
 * From scored pairs to entities. Connected components at the threshold alone let one false link chain two people
 * together, so every component with more than two records is checked with all its internal pairs scored (not only
 * the blocked ones): when some pair inside is a clear non-match, the component is rebuilt by average linkage on
 * match weight — two groups merge only when, on average, their members look like the same person, not merely
 * when one member of each does.
 */
export interface ClusterOptions {
  /** Match probability of a link. */
  readonly threshold: number
  /** A pair inside a component below this match weight (bits) counts as contradictory evidence. */
  readonly contradictionWeight: number
  /** Components larger than this are split by weakest links only (all-pairs scoring would be quadratic). */
  readonly maxCheckedSize: number
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { threshold: 0.5, contradictionWeight: -5, maxCheckedSize: 300 }

class UnionFind {
  readonly parent: Int32Array
  readonly size: Int32Array
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i)
    this.size = new Int32Array(n).fill(1)
  }
  find(x: number): number {
    let p = this.parent[x] ?? x
    while (p !== x) {
      const g = this.parent[p] ?? p
      this.parent[x] = g
      x = p
      p = g
    }
    return x
  }
  union(a: number, b: number): void {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return
    if ((this.size[ra] ?? 0) > (this.size[rb] ?? 0)) [ra, rb] = [rb, ra]
    this.parent[ra] = rb
    this.size[rb] = (this.size[rb] ?? 0) + (this.size[ra] ?? 0)
  }
}

/** Components of the graph of links (pairs with probability ≥ threshold): a cluster number per record. */
export function connectedComponents(n: number, left: Int32Array, right: Int32Array, weight: Float64Array, minWeight: number): Int32Array {
  const uf = new UnionFind(n)
  for (let k = 0; k < left.length; k++) if ((weight[k] ?? -Infinity) >= minWeight) uf.union(left[k] ?? 0, right[k] ?? 0)
  const label = new Int32Array(n).fill(-1)
  const out = new Int32Array(n)
  let next = 0
  for (let i = 0; i < n; i++) {
    const root = uf.find(i)
    if (label[root] === -1) label[root] = next++
    out[i] = label[root] ?? 0
  }
  return out
}

/**
 * Average-linkage agglomeration of one component. `weights` is the full matrix of match weights (row-major,
 * size × size). Groups merge while the best average weight between two groups is at least `minWeight`.
 */
export function averageLinkage(size: number, weights: Float64Array, minWeight: number): Int32Array {
  const groups: number[][] = Array.from({ length: size }, (_, i) => [i])
  const sum = Float64Array.from(weights) // sum of weights between groups (indexed by group representative)
  const alive = new Uint8Array(size).fill(1)
  for (;;) {
    let best = -Infinity
    let bi = -1
    let bj = -1
    for (let i = 0; i < size; i++) {
      if (!alive[i]) continue
      for (let j = i + 1; j < size; j++) {
        if (!alive[j]) continue
        const avg = (sum[i * size + j] ?? 0) / ((groups[i]?.length ?? 1) * (groups[j]?.length ?? 1))
        if (avg > best) {
          best = avg
          bi = i
          bj = j
        }
      }
    }
    if (bi < 0 || best < minWeight) break
    for (let k = 0; k < size; k++) {
      const s = (sum[bi * size + k] ?? 0) + (sum[bj * size + k] ?? 0)
      sum[bi * size + k] = s
      sum[k * size + bi] = s
    }
    groups[bi]?.push(...(groups[bj] ?? []))
    groups[bj] = []
    alive[bj] = 0
  }
  const out = new Int32Array(size)
  let label = 0
  groups.forEach((members) => {
    if (members.length === 0) return
    for (const m of members) out[m] = label
    label++
  })
  return out
}

/**
 * Final clusters: components at the threshold, with components that hold a contradictory pair rebuilt by average
 * linkage. `pairWeight(i, j)` scores any two records (the same model as the candidate pairs).
 */
export function clusterRecords(
  n: number,
  left: Int32Array,
  right: Int32Array,
  weight: Float64Array,
  pairWeight: (i: number, j: number) => number,
  options: ClusterOptions,
): { clusters: Int32Array; split: number } {
  const minWeight = Math.log2(options.threshold / (1 - options.threshold))
  const components = connectedComponents(n, left, right, weight, minWeight)
  const members = new Map<number, number[]>()
  components.forEach((c, i) => {
    const list = members.get(c)
    if (list) list.push(i)
    else members.set(c, [i])
  })
  const out = new Int32Array(n).fill(-1)
  let next = 0
  let split = 0
  for (const list of members.values()) {
    const size = list.length
    if (size <= 2 || size > options.maxCheckedSize) {
      for (const i of list) out[i] = next
      next++
      continue
    }
    const weights = new Float64Array(size * size)
    let contradiction = false
    for (let a = 0; a < size; a++) {
      for (let b = a + 1; b < size; b++) {
        const w = pairWeight(list[a] ?? 0, list[b] ?? 0)
        weights[a * size + b] = w
        weights[b * size + a] = w
        if (w < options.contradictionWeight) contradiction = true
      }
    }
    if (!contradiction) {
      for (const i of list) out[i] = next
      next++
      continue
    }
    split++
    const labels = averageLinkage(size, weights, minWeight)
    let top = 0
    labels.forEach((l, a) => {
      out[list[a] ?? 0] = next + l
      top = Math.max(top, l)
    })
    next += top + 1
  }
  return { clusters: out, split }
}

/**
 * String similarity kernels for linkage. Hand-written so the semantics are pinned and tested:
 * Jaro and Jaro-Winkler follow the Python `jellyfish` package (the library Splink and recordlinkage users compare
 * against): prefix scale 0.1, at most 4 prefix characters, the Winkler boost only when Jaro > 0.7, no long-string
 * tolerance. Distances count UTF-16 code units; inputs are already lower-cased ASCII after standardisation.
 */

// Reused scratch buffers: the kernels run millions of times per second, so no per-call allocation.
let flags1 = new Uint8Array(64)
let flags2 = new Uint8Array(64)

/** Jaro similarity in [0, 1]; 0 when either string is empty. */
export function jaro(s1: string, s2: string): number {
  const len1 = s1.length
  const len2 = s2.length
  if (len1 === 0 || len2 === 0) return 0
  if (s1 === s2) return 1
  if (len1 > flags1.length) flags1 = new Uint8Array(len1 * 2)
  if (len2 > flags2.length) flags2 = new Uint8Array(len2 * 2)
  flags1.fill(0, 0, len1)
  flags2.fill(0, 0, len2)
  const range = Math.max(0, (Math.max(len1, len2) >> 1) - 1)
  let common = 0
  for (let i = 0; i < len1; i++) {
    const c = s1.charCodeAt(i)
    const lo = Math.max(0, i - range)
    const hi = Math.min(i + range, len2 - 1)
    for (let j = lo; j <= hi; j++) {
      if (flags2[j] === 0 && s2.charCodeAt(j) === c) {
        flags1[i] = 1
        flags2[j] = 1
        common++
        break
      }
    }
  }
  if (common === 0) return 0
  let k = 0
  let transpositions = 0
  for (let i = 0; i < len1; i++) {
    if (flags1[i] === 0) continue
    let j = k
    while (j < len2 && flags2[j] === 0) j++
    k = j + 1
    if (s1.charCodeAt(i) !== s2.charCodeAt(j)) transpositions++
  }
  transpositions >>= 1
  return (common / len1 + common / len2 + (common - transpositions) / common) / 3
}

/** Jaro-Winkler similarity in [0, 1] (jellyfish `jaro_winkler_similarity`). */
export function jaroWinkler(s1: string, s2: string): number {
  if (s1 === s2) return s1.length === 0 ? 0 : 1
  const weight = jaro(s1, s2)
  if (weight <= 0.7) return weight
  const max = Math.min(4, s1.length, s2.length)
  let prefix = 0
  while (prefix < max && s1.charCodeAt(prefix) === s2.charCodeAt(prefix)) prefix++
  return prefix > 0 ? weight + prefix * 0.1 * (1 - weight) : weight
}

const histogram = new Int32Array(128)

/**
 * Jaro-Winkler similarity when it can reach `floor`; otherwise a value below `floor` (possibly not the exact one).
 * The common-character count of Jaro is at most the letters the strings share (as multisets), which bounds Jaro
 * and hence Jaro-Winkler from above in O(length): most random pairs are rejected without the O(length²) match.
 * Every comparison level only asks "is JW ≥ t" for t ≥ floor, so the levels are exactly those of jaroWinkler.
 */
export function jaroWinklerAtLeast(s1: string, s2: string, floor: number): number {
  if (s1 === s2) return s1.length === 0 ? 0 : 1
  const len1 = s1.length
  const len2 = s2.length
  if (len1 === 0 || len2 === 0) return 0
  for (let i = 0; i < len1; i++) histogram[s1.charCodeAt(i) & 127]!++
  let shared = 0
  for (let j = 0; j < len2; j++) {
    const c = s2.charCodeAt(j) & 127
    if ((histogram[c] ?? 0) > 0) {
      histogram[c]!--
      shared++
    }
  }
  for (let i = 0; i < len1; i++) histogram[s1.charCodeAt(i) & 127] = 0
  const jaroBound = shared === 0 ? 0 : (shared / len1 + shared / len2 + 1) / 3
  const bound = jaroBound > 0.7 ? jaroBound + 0.4 * (1 - jaroBound) : jaroBound
  if (bound < floor) return bound
  return jaroWinkler(s1, s2)
}

/**
 * Damerau-Levenshtein distance, optimal-string-alignment variant (adjacent transpositions, no substring edited
 * twice). It equals the unrestricted distance whenever either is ≤ 1, which is the only band the comparisons use.
 */
export function damerauLevenshtein(a: string, b: string): number {
  const n = a.length
  const m = b.length
  if (n === 0) return m
  if (m === 0) return n
  let prevPrev = new Array<number>(m + 1).fill(0)
  let prev = Array.from({ length: m + 1 }, (_, j) => j)
  let curr = new Array<number>(m + 1).fill(0)
  for (let i = 1; i <= n; i++) {
    curr[0] = i
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let v = Math.min((prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost)
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, (prevPrev[j - 2] ?? 0) + 1)
      }
      curr[j] = v
    }
    ;[prevPrev, prev, curr] = [prev, curr, prevPrev]
  }
  return prev[m] ?? 0
}

/** True when the strings are at most one edit apart (insert, delete, substitute, or swap two adjacent characters). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true
  const n = a.length
  const m = b.length
  if (Math.abs(n - m) > 1) return false
  let i = 0
  while (i < n && i < m && a.charCodeAt(i) === b.charCodeAt(i)) i++
  if (n === m) {
    // Substitution at i, or transposition of i and i+1.
    if (a.slice(i + 1) === b.slice(i + 1)) return true
    return a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2)
  }
  // One insertion: skip a character in the longer string.
  return n > m ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
}

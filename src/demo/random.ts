/**
 * A small seeded pseudo-random generator for the demo partnership: the same date always gives the same people,
 * addresses and ids, so screenshots, tests and acceptance stories agree. Not for anything security-related.
 */

/** 32-bit FNV-1a hash of a string, then an avalanche step (murmur3 finaliser) so nearby dates diverge at once. */
export function hashString(value: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** mulberry32: 32-bit state, period 2^32, plenty for a few thousand draws. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

export type Weighted<T> = ReadonlyArray<readonly [T, number]>

export class Random {
  private readonly nextUint32: () => number

  constructor(seed: number) {
    this.nextUint32 = mulberry32(seed)
  }

  /** A generator seeded from a label, e.g. `Random.from('lantern-demo:2026-11-28:people')`. */
  static from(label: string): Random {
    return new Random(hashString(label))
  }

  uint32(): number {
    return this.nextUint32()
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min`)
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  weighted<T>(entries: Weighted<T>): T {
    let total = 0
    for (const [, w] of entries) total += w
    let r = this.next() * total
    for (const [value, w] of entries) {
      r -= w
      if (r < 0) return value
    }
    const last = entries[entries.length - 1]
    if (!last) throw new RangeError('weighted pick from an empty list')
    return last[0]
  }

  /** A new array in random order (Fisher–Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }

  /** `count` distinct items in random order (all of them if there are fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, count))
  }

  /** A UUID shaped like version 4 (RFC 9562 version and variant bits set), but drawn from this generator. */
  uuid(): string {
    const bytes = new Uint8Array(16)
    for (let i = 0; i < 16; i += 4) {
      const n = this.nextUint32()
      bytes[i] = n >>> 24
      bytes[i + 1] = (n >>> 16) & 0xff
      bytes[i + 2] = (n >>> 8) & 0xff
      bytes[i + 3] = n & 0xff
    }
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
}

/** Separate streams per purpose, so that adding a field to people does not reshuffle every id. */
export function demoRandom(today: string, stream: string): Random {
  return Random.from(`lantern-demo:${today}:${stream}`)
}

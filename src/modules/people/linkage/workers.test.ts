import { describe, expect, it } from 'vitest'
import { COMPARISONS } from './comparisons.ts'
import { encodePairs } from './patterns.ts'
import { createStandardiser } from './records.ts'
import { CodeEncoder } from './workers.ts'

describe('scoring on worker threads', () => {
  it('gives the same comparison vectors as the main thread (TypeScript worker under vitest)', async () => {
    const s = createStandardiser()
    const names = ['ann', 'anne', 'bob', 'robert', 'zoe', 'chloe']
    const records = Array.from({ length: 300 }, (_, i) =>
      s({ given_name: names[i % 6], family_name: `smith${i % 7}`, date_of_birth: `20${String(10 + (i % 9)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`, postcode: `LS${i % 5} 1AA` }),
    )
    const left = Int32Array.from({ length: 5000 }, (_, k) => k % 300)
    const right = Int32Array.from({ length: 5000 }, (_, k) => (k * 7 + 1) % 300)
    const encoder = new CodeEncoder(records, COMPARISONS, 2, 0)
    try {
      const threaded = await encoder.encode(left.slice(), right.slice())
      expect([...threaded]).toEqual([...encodePairs(COMPARISONS, records, left, right)])
    } finally {
      await encoder.close()
    }
  }, 20_000)
})

import { describe, expect, it } from 'vitest'
import { BLOCKING_RULES, blockPairs } from './blocking.ts'
import { createStandardiser, type RawRecord } from './records.ts'

const standardise = createStandardiser()
const pairsOf = (r: { left: Int32Array; right: Int32Array }) => Array.from(r.left, (l, k) => `${l}-${r.right[k]}`)

describe('blocking', () => {
  it('produces each pair once, in record order, even when several rules find it', () => {
    const raw: RawRecord[] = [
      { given_name: 'ann', family_name: 'lee', date_of_birth: '2010-01-02', town: 'leeds', postcode: 'LS1 1AA' },
      { given_name: 'bob', family_name: 'kay', date_of_birth: '2011-03-04' },
      { given_name: 'ann', family_name: 'lee', date_of_birth: '2010-01-02', town: 'leeds', postcode: 'LS1 1AA' },
    ]
    const result = blockPairs(raw.map(standardise))
    expect(pairsOf(result)).toEqual(['0-2'])
    expect(result.rules.find((r) => r.name === 'date of birth')?.pairs).toBe(1)
  })

  it('link mode: only pairs across files, left from file 1', () => {
    const raw: RawRecord[] = [
      { given_name: 'ann', family_name: 'lee', date_of_birth: '2010-01-02' },
      { given_name: 'ann', family_name: 'lee', date_of_birth: '2010-01-02' },
      { given_name: 'ann', family_name: 'lee', date_of_birth: '2010-01-02' },
    ]
    const result = blockPairs(raw.map(standardise), { source: Uint8Array.from([1, 0, 1]) })
    expect(pairsOf(result)).toEqual(['1-0', '1-2'])
  })

  it('refines a rule that is too coarse for the batch by name initials, and splits oversized blocks', () => {
    // 40 records with one date of birth: 780 pairs. Initials (either order): 30 × "al", 10 × "bk".
    const names = ['ann lee', 'amy lin', 'bob kay', 'lee ann']
    const raw: RawRecord[] = Array.from({ length: 40 }, (_, i) => ({ full_name: `${names[i % 4]}${'x'.repeat(i)}`, date_of_birth: '2010-01-02' }))
    const records = raw.map(standardise)
    const rules = BLOCKING_RULES.filter((r) => r.name === 'date of birth')
    expect(blockPairs(records, { rules }).left.length).toBe(780)
    // Over a budget of 100 pairs: only pairs sharing both initials (435 + 45).
    const refined = blockPairs(records, { rules, pairsPerRecord: 1, refineAbovePairs: 100 })
    expect(refined.rules[0]?.refined).toBe(true)
    expect(refined.left.length).toBe(435 + 45)
    // A block over maxBlockSize is split by initials; a sub-block still over it is skipped.
    const split = blockPairs(records, { rules, maxBlockSize: 25 })
    expect(split.rules[0]).toMatchObject({ oversizedBlocks: 1, skippedBlocks: 1, refined: false })
    expect(split.left.length).toBe(45)
  })
})

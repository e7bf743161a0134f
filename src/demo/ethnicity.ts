import type { Heritage } from './names.ts'
import type { Random, Weighted } from './random.ts'

/**
 * DfE "main" ethnicity codes (DOMAIN.md §3.5) in rough proportions for children known to children's services in
 * Cambridgeshire and Peterborough: a White British majority, a large "any other White background" group
 * (Eastern European families), and Peterborough's Pakistani, Indian and African communities. Illustrative only.
 */
export const CHILD_ETHNICITY_WEIGHTS: Weighted<string> = [
  ['WBRI', 60],
  ['WIRI', 0.7],
  ['WIRT', 0.8],
  ['WOTH', 12],
  ['WROM', 1.8],
  ['MWBC', 2.5],
  ['MWBA', 1.2],
  ['MWAS', 1.6],
  ['MOTH', 2],
  ['AIND', 1.8],
  ['APKN', 4.5],
  ['ABAN', 0.8],
  ['AOTH', 1.2],
  ['BCRB', 0.6],
  ['BAFR', 3],
  ['BOTH', 0.6],
  ['CHNE', 0.4],
  ['OOTH', 1.5],
  ['REFU', 0.5],
  ['NOBT', 2.5],
]

/** The name pools for a person of this ethnicity: given names from one, family name from the other. */
export type NameOrigin = { given: Heritage; family: Heritage }

const SINGLE: Record<string, Heritage> = {
  WBRI: 'british',
  WIRI: 'irish',
  WIRT: 'traveller',
  WOTH: 'easternEuropean',
  WROM: 'roma',
  AIND: 'indian',
  APKN: 'pakistani',
  ABAN: 'bangladeshi',
  AOTH: 'otherAsian',
  BCRB: 'caribbean',
  BAFR: 'african',
  CHNE: 'chinese',
  OOTH: 'otherEthnic',
}

/** For mixed backgrounds, the two heritages a child's parents might bring. */
const MIXED: Record<string, readonly [Heritage, Heritage]> = {
  MWBC: ['british', 'caribbean'],
  MWBA: ['british', 'african'],
  MWAS: ['british', 'pakistani'],
  MOTH: ['british', 'otherEthnic'],
}

/** When ethnicity was refused or not yet obtained, the name says nothing certain: draw from the whole area. */
const UNKNOWN_ORIGIN: Weighted<Heritage> = [
  ['british', 70],
  ['easternEuropean', 14],
  ['pakistani', 4],
  ['african', 4],
  ['indian', 2],
  ['otherEthnic', 3],
  ['caribbean', 1],
  ['roma', 2],
]

export function nameOrigin(random: Random, ethnicity: string): NameOrigin {
  const single = SINGLE[ethnicity]
  if (single) return { given: single, family: single }
  if (ethnicity === 'BOTH') {
    const h = random.pick<Heritage>(['african', 'caribbean'])
    return { given: h, family: h }
  }
  const mixed = MIXED[ethnicity]
  if (mixed) {
    const [a, b] = mixed
    if (ethnicity === 'MOTH' && random.chance(0.4)) return { given: random.pick<Heritage>(['british', 'chinese', 'otherAsian']), family: b }
    return random.chance(0.5) ? { given: a, family: b } : { given: random.pick([a, b]), family: a }
  }
  const h = random.weighted(UNKNOWN_ORIGIN)
  return { given: h, family: h }
}

/** Plausible ethnicity for a parent of a child with this code (mixed-heritage children have parents of each). */
export function parentEthnicity(random: Random, childEthnicity: string, parentIndex: 0 | 1): string {
  const mixed = MIXED[childEthnicity]
  if (mixed) {
    const side = parentIndex === 0 ? 'WBRI' : ({ MWBC: 'BCRB', MWBA: 'BAFR', MWAS: 'APKN', MOTH: 'OOTH' }[childEthnicity] ?? 'OOTH')
    return random.chance(0.85) ? side : 'NOBT'
  }
  if (childEthnicity === 'REFU' || childEthnicity === 'NOBT') return childEthnicity
  return random.chance(0.95) ? childEthnicity : 'NOBT'
}

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DIMENSION_VALUES, INDICATORS, type Dimension, type Indicator, type IndicatorId, type IndicatorSet } from '../catalogue.ts'
import { applyDisclosureControl, DFE_POLICY, type SharedSet } from './disclosure.ts'
import { determinedVariables, findDisclosures } from './disclosure-check.ts'

/**
 * Suppression is property-tested (issue 7, Correctness): indicator sets are built from generated units (contacts,
 * children with their episodes, return interviews), so every set is one the SQL could produce — partitions add up,
 * CSE ⊆ exploitation, episodes ≥ children, stages nested — with small counts everywhere. Sometimes a unit has no
 * value for a dimension, to exercise the unclassified residual.
 */
type Unit = Partial<Record<Dimension, number>>

function tabulate(id: IndicatorId, units: readonly Unit[]): Indicator {
  const def = INDICATORS.find((d) => d.id === id)!
  const rows: Indicator['rows'] = [{ dimension: 'total', value: null, count: def.notYetRecorded ? null : units.length }]
  for (const dim of def.dimensions) {
    DIMENSION_VALUES[dim].forEach((value, i) => rows.push({ dimension: dim, value, count: def.notYetRecorded ? null : units.filter((u) => u[dim] === i).length }))
  }
  return { id, title: def.title, rows }
}

/** A value index per dimension; index = length means "unclassified" (rare). */
const valueOf = (dim: Dimension) => fc.oneof({ weight: 30, arbitrary: fc.nat({ max: DIMENSION_VALUES[dim].length - 1 }) }, { weight: 1, arbitrary: fc.constant(DIMENSION_VALUES[dim].length) })
const unitOf = (dims: readonly Dimension[]) => fc.record(Object.fromEntries(dims.map((d) => [d, valueOf(d)])) as Record<Dimension, fc.Arbitrary<number>>)

const contactDims = INDICATORS.find((d) => d.id === 'cse-contacts')!.dimensions
const contact = fc.record({ cse: fc.boolean(), unit: unitOf(contactDims) })
const child = fc.record({
  person: unitOf(['ageBand', 'gender', 'ethnicity', 'missingFrom']),
  episodes: fc.array(fc.record({ ageBand: valueOf('ageBand'), missingFrom: valueOf('missingFrom'), episodeLength: valueOf('episodeLength') }), { minLength: 1, maxLength: 12 }),
})
/** not offered | offered late or in time × not completed | completed late | completed in time (valid data only). */
const interview = fc.constantFrom(
  { o: 0, oi: 0, c: 0, ci: 0 },
  { o: 1, oi: 0, c: 0, ci: 0 },
  { o: 1, oi: 0, c: 1, ci: 0 },
  { o: 1, oi: 1, c: 0, ci: 0 },
  { o: 1, oi: 1, c: 1, ci: 0 },
  { o: 1, oi: 1, c: 1, ci: 1 },
)

const frequency = (n: number) => (n === 1 ? 0 : n === 2 ? 1 : n <= 5 ? 2 : n <= 10 ? 3 : 4)

export const indicatorSetArb: fc.Arbitrary<IndicatorSet> = fc
  .record({
    contacts: fc.array(contact, { maxLength: 70 }),
    children: fc.array(child, { maxLength: 25 }),
    interviews: fc.array(interview, { maxLength: 40 }),
  })
  .map(({ contacts, children, interviews }) => {
    const episodes: Unit[] = children.flatMap((c) => c.episodes.map((e) => ({ ...e, gender: c.person.gender, ethnicity: c.person.ethnicity })))
    const rhi = tabulate('return-interviews', [])
    const n = (k: 'o' | 'oi' | 'c' | 'ci') => interviews.filter((i) => i[k] === 1).length
    rhi.rows = [
      { dimension: 'total', value: null, count: interviews.length },
      { dimension: 'stage', value: 'offered', count: n('o') },
      { dimension: 'stage', value: 'offered-within-72h', count: n('oi') },
      { dimension: 'stage', value: 'completed', count: n('c') },
      { dimension: 'stage', value: 'completed-within-72h', count: n('ci') },
    ]
    return {
      from: '2026-10-01',
      to: '2026-12-31',
      indicators: [
        tabulate('cse-contacts', contacts.filter((c) => c.cse).map((c) => c.unit)),
        tabulate('exploitation-contacts', contacts.map((c) => c.unit)),
        tabulate('missing-children', children.map((c) => ({ ...c.person, episodeFrequency: frequency(c.episodes.length) }))),
        tabulate('missing-episodes', episodes),
        rhi,
        tabulate('panel-high-risk-cases', []),
      ],
    }
  })

const rowsOf = (shared: SharedSet, id: string, dimension: string) => shared.indicators.find((i) => i.id === id)!.rows.filter((r) => r.dimension === dimension)

describe('statistical disclosure control (property)', () => {
  it('publishes no count or derivable difference of 1–5 and leaves no suppressed cell recoverable', () => {
    fc.assert(
      fc.property(indicatorSetArb, (set) => {
        const shared = applyDisclosureControl(set)
        expect(findDisclosures(set, shared, DFE_POLICY)).toEqual([])
      }),
      { numRuns: 10_000 },
    )
  }, 180_000)

  it('keeps zeros and large counts that need no protection, and never marks a not-recorded indicator suppressed', () => {
    fc.assert(
      fc.property(indicatorSetArb, (set) => {
        const shared = applyDisclosureControl(set)
        set.indicators.forEach((ind, i) =>
          ind.rows.forEach((row, j) => {
            const out = shared.indicators[i]!.rows[j]!
            if (row.count === null) expect(out).toEqual({ dimension: row.dimension, value: row.value, count: null })
            else if (row.count === 0) expect(out.count).toBe(0)
            else if (out.suppressed) expect(out.count).toBeNull()
            else expect(out.count).toBe(row.count)
          }),
        )
      }),
      { numRuns: 1_000 },
    )
  }, 60_000)

  it('without secondary suppression, the checker finds what primary suppression alone leaves open', () => {
    // The checker is not vacuous: some generated sets are disclosive when only 1–5 are hidden.
    const found = fc.sample(indicatorSetArb, { numRuns: 300, seed: 7 }).some((set) => findDisclosures(set, applyDisclosureControl(set, { ...DFE_POLICY, secondarySuppression: false }), DFE_POLICY).length > 0)
    expect(found).toBe(true)
  })
})

describe('statistical disclosure control (hand-worked tables)', () => {
  const base = (rows: Array<[string, string | null, number | null]>, id: IndicatorId = 'missing-children'): IndicatorSet => ({
    from: '2026-10-01',
    to: '2026-12-31',
    indicators: [{ id, title: id, rows: rows.map(([dimension, value, count]) => ({ dimension: dimension as Dimension, value, count })) }],
  })

  it('a single small cell takes the next smallest non-zero cell with it; zeros stay', () => {
    // gender: F 3, M 10, U 0; total 13 → 3 is "c"; 13 − 10 would give it back, so 10 is "c" too. 0 published.
    const shared = applyDisclosureControl(base([['total', null, 13], ['gender', 'F', 3], ['gender', 'M', 10], ['gender', 'U', 0]]))
    expect(rowsOf(shared, 'missing-children', 'gender').map((r) => r.count ?? 'c')).toEqual(['c', 'c', 0])
    expect(rowsOf(shared, 'missing-children', 'total')[0]!.count).toBe(13)
  })

  it('two suppressed ones (forced to 1 each) take a third cell', () => {
    // ethnicity: 1, 1, 20, 30 of 52 → both 1s are "c" but 52 − 50 = 2 = 1 + 1 pins them: 20 goes too.
    const set = base([['total', null, 52], ['ethnicity', 'white', 30], ['ethnicity', 'mixed', 1], ['ethnicity', 'asian', 1], ['ethnicity', 'black', 20], ['ethnicity', 'other', 0], ['ethnicity', 'unknown', 0]])
    const shared = applyDisclosureControl(set)
    expect(rowsOf(shared, 'missing-children', 'ethnicity').map((r) => r.count ?? 'c')).toEqual([30, 'c', 'c', 'c', 0, 0])
    expect(findDisclosures(set, shared, DFE_POLICY)).toEqual([])
  })

  it('a small total hides the total and every non-zero cell, in every dimension', () => {
    const shared = applyDisclosureControl(base([['total', null, 4], ['gender', 'F', 4], ['gender', 'M', 0], ['ageBand', '13-15', 1], ['ageBand', '16-17', 3]]))
    expect(shared.indicators[0]!.rows.map((r) => r.count ?? 'c')).toEqual(['c', 'c', 0, 'c', 'c'])
  })

  it('a large cell that equals the total once suppressed takes the total with it', () => {
    // F 20 (suppressed only for a nested reason below) is the whole total: 20 − 0 − 0 gives it back, so total goes.
    const set: IndicatorSet = {
      from: '2026-10-01',
      to: '2026-12-31',
      indicators: [
        { id: 'missing-children', title: 'c', rows: [{ dimension: 'total', value: null, count: 20 }, { dimension: 'gender', value: 'F', count: 20 }, { dimension: 'gender', value: 'M', count: 0 }] },
        { id: 'missing-episodes', title: 'e', rows: [{ dimension: 'total', value: null, count: 40 }, { dimension: 'gender', value: 'F', count: 23 }, { dimension: 'gender', value: 'M', count: 17 }] },
      ],
    }
    // episodes F 23 − children F 20 = 3 repeat episodes: children F is suppressed, then children total (= F).
    const shared = applyDisclosureControl(set)
    expect(rowsOf(shared, 'missing-children', 'gender').map((r) => r.count ?? 'c')).toEqual(['c', 0])
    expect(rowsOf(shared, 'missing-children', 'total')[0]!.suppressed).toBe(true)
    expect(findDisclosures(set, shared, DFE_POLICY)).toEqual([])
  })

  it('return interviews: a small difference of nested stages is hidden, and no stage is pinned', () => {
    // total 30, offered 28 (30 − 28 = 2 not offered), offered in 72h 20, completed 25, completed in 72h 18.
    const set = base(
      [['total', null, 30], ['stage', 'offered', 28], ['stage', 'offered-within-72h', 20], ['stage', 'completed', 25], ['stage', 'completed-within-72h', 18]],
      'return-interviews',
    )
    const shared = applyDisclosureControl(set)
    // 30−28 = 2 → offered "c"; then 20−18 = 2 → completed-in-72h "c"; 25 − … : 28 hidden, 18 hidden, 30−25 = 5 → completed "c".
    expect(shared.indicators[0]!.rows.map((r) => r.count ?? 'c')).toEqual([30, 'c', 20, 'c', 'c'])
    expect(findDisclosures(set, shared, DFE_POLICY)).toEqual([])
  })

  it('CSE and exploitation contacts: other exploitation = exploitation − CSE is protected cell by cell', () => {
    const rows = (total: number, police: number, other: number) => [
      { dimension: 'total' as const, value: null, count: total },
      { dimension: 'referringAgency' as const, value: 'police', count: police },
      { dimension: 'referringAgency' as const, value: 'other', count: other },
    ]
    const set: IndicatorSet = {
      from: '2026-10-01',
      to: '2026-12-31',
      indicators: [
        { id: 'cse-contacts', title: 'cse', rows: rows(40, 30, 10) },
        { id: 'exploitation-contacts', title: 'exp', rows: rows(60, 33, 27) },
      ],
    }
    const shared = applyDisclosureControl(set)
    // police 33 − 30 = 3 → CSE police "c", then CSE other (10) to protect it.
    expect(rowsOf(shared, 'cse-contacts', 'referringAgency').map((r) => r.count ?? 'c')).toEqual(['c', 'c'])
    expect(rowsOf(shared, 'exploitation-contacts', 'referringAgency').map((r) => r.count)).toEqual([33, 27])
    expect(findDisclosures(set, shared, DFE_POLICY)).toEqual([])
  })

  it('the checker catches a hand-made leak: one "c" in a row with its total', () => {
    const set = base([['total', null, 13], ['gender', 'F', 3], ['gender', 'M', 10]])
    const leaky = applyDisclosureControl(set, { ...DFE_POLICY, secondarySuppression: false })
    expect(findDisclosures(set, leaky, DFE_POLICY)).toContain('missing-children|gender|F: recoverable from its partition')
  })

  it('row reduction finds a variable fixed only by combining equations', () => {
    // x + y = a, y = b → x fixed; z + w = c → neither fixed.
    const eq = (pairs: Array<[number, number]>) => new Map(pairs)
    expect(determinedVariables([eq([[0, 1], [1, 1]]), eq([[1, 1]]), eq([[2, 1], [3, 1]])], 4).sort()).toEqual([0, 1])
  })

  it('a different policy threshold is honoured', () => {
    const shared = applyDisclosureControl(base([['total', null, 30], ['gender', 'F', 8], ['gender', 'M', 22]]), { suppressMin: 1, suppressMax: 9, symbol: 'c', secondarySuppression: true })
    expect(rowsOf(shared, 'missing-children', 'gender').map((r) => r.count ?? 'c')).toEqual(['c', 'c'])
  })
})

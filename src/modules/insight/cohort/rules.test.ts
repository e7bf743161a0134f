import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PersonAccess } from '../../../platform/access/person-access.ts'
import { allow, hide } from '../../../platform/access/engine.ts'
import { cohortViewOf, compareCohort, COHORT_RISKS, effectiveRisk, listed, type Rankable } from './rules.ts'
import { periodOfScope, scopeOf } from './service.ts'

const row = (personId: string, risk: Rankable['risk'], episodes: number, contacts: number, lastEventDay: string | null = null): Rankable => ({ personId, risk, episodes, contacts, lastEventDay })

describe('effectiveRisk', () => {
  it('takes the higher of the latest screening and the open case, the case when they are equal', () => {
    expect(effectiveRisk('medium', 'high')).toEqual({ risk: 'high', basis: 'case' })
    expect(effectiveRisk('high', 'medium')).toEqual({ risk: 'high', basis: 'screening' })
    expect(effectiveRisk('medium', 'medium')).toEqual({ risk: 'medium', basis: 'case' })
    expect(effectiveRisk(null, 'low')).toEqual({ risk: 'low', basis: 'case' })
    expect(effectiveRisk('none', null)).toEqual({ risk: 'none', basis: 'screening' })
    expect(effectiveRisk(null, null)).toEqual({ risk: 'not-assessed', basis: null })
  })
})

describe('compareCohort', () => {
  it('orders by risk level, then missing episodes, then contacts, then the latest event', () => {
    const rows = [
      row('f', 'not-assessed', 9, 9),
      row('e', 'none', 0, 1),
      row('d', 'medium', 1, 5),
      row('c', 'medium', 2, 0),
      row('b', 'medium', 2, 3, '2026-01-01'),
      row('a', 'medium', 2, 3, '2026-02-01'),
      row('h', 'high', 0, 0),
      row('g', 'low', 0, 0),
    ]
    expect([...rows].sort(compareCohort).map((r) => r.personId)).toEqual(['h', 'a', 'b', 'c', 'd', 'g', 'e', 'f'])
  })

  it('is a total order: any shuffle sorts to the same list, and every risk level comes before the next', () => {
    const arb = fc.uniqueArray(
      fc.record({ personId: fc.uuid(), risk: fc.constantFrom(...COHORT_RISKS), episodes: fc.nat(5), contacts: fc.nat(5), lastEventDay: fc.option(fc.constantFrom('2026-01-01', '2026-02-01'), { nil: null }) }),
      { selector: (r) => r.personId, maxLength: 30 },
    )
    fc.assert(
      fc.property(arb, (rows) => {
        const once = [...rows].sort(compareCohort)
        expect([...rows].reverse().sort(compareCohort)).toEqual(once)
        const ranks = once.map((r) => COHORT_RISKS.indexOf(r.risk))
        expect(ranks).toEqual([...ranks].sort((x, y) => x - y))
      }),
    )
  })
})

const access = (state: PersonAccess['state'], relationship = false): PersonAccess => ({
  resourceType: 'person',
  resourceId: 'p',
  personId: 'p',
  exists: true,
  state,
  relationship: relationship ? { id: 'r', source: 'allocation' } : null,
  relationshipSources: relationship ? ['allocation'] : [],
  breakGlass: null,
  namedSealedUser: false,
})

describe('who sees which child', () => {
  it('maps roles to views; the business unit and non-casework roles have none', () => {
    expect(cohortViewOf('exploitation-lead')).toBe('named')
    expect(cohortViewOf('analyst')).toBe('pseudonymised')
    expect(cohortViewOf('social-worker')).toBe('relationships')
    for (const role of ['business-unit-officer', 'system-admin', 'information-governance-officer', 'designated-safeguarding-lead', 'mash-agency-researcher'] as const) expect(cohortViewOf(role)).toBeNull()
  })

  it('lists a protected record only to someone who could open it; a practitioner only their own children', () => {
    expect(listed('named', access('ordinary'), hide('no relationship'))).toBe(true)
    expect(listed('pseudonymised', access('ordinary'), hide('no casework'))).toBe(true)
    expect(listed('pseudonymised', access('sealed'), hide('sealed'))).toBe(false)
    expect(listed('pseudonymised', access('restricted'), hide('restricted'))).toBe(false)
    expect(listed('named', access('restricted', true), allow('relationship: allocation'))).toBe(true)
    expect(listed('relationships', access('ordinary'), hide('no relationship'))).toBe(false)
    expect(listed('relationships', access('ordinary', true), allow('relationship'))).toBe(true)
    expect(listed('relationships', access('ordinary'), allow('break-glass'))).toBe(false)
  })
})

describe('scope', () => {
  it('names the period and reads back; anything else is no scope', () => {
    expect(scopeOf({ from: '2026-09-01', to: '2026-11-29' })).toBe('cohort:2026-09-01:2026-11-29')
    expect(periodOfScope('cohort:2026-09-01:2026-11-29')).toEqual({ from: '2026-09-01', to: '2026-11-29' })
    for (const bad of ['profile:2026-09-01:2026-11-29', 'cohort:2026-11-29:2026-09-01', 'cohort:2026-02-30:2026-03-01', 'cohort:x']) expect(periodOfScope(bad)).toBeNull()
  })
})

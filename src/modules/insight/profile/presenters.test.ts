import { describe, expect, it } from 'vitest'
import { byAgency, percent, PROFILE_AGENCIES } from './agencies.ts'
import { DQ_DEFINITIONS } from './data-quality.ts'
import { prevalenceDataTables } from './prevalence.ts'
import { presentProfile, PROFILE_TABLE_SECTIONS } from './presenters.ts'

describe('profile helpers', () => {
  it('rounds shares to one decimal place and gives none for nothing to divide by', () => {
    expect(percent(1, 3)).toBe(33.3)
    expect(percent(2, 3)).toBe(66.7)
    expect(percent(0, 0)).toBeNull()
  })

  it('lists every agency in the contract order, with zeros for the silent ones', () => {
    const rows = byAgency([{ agency: 'health', n: 4 }], () => ({ n: 0 }))
    expect(rows.map((r) => r.agency)).toEqual([...PROFILE_AGENCIES])
    expect(rows.find((r) => r.agency === 'health')!.n).toBe(4)
    expect(rows.find((r) => r.agency === 'police')!.n).toBe(0)
  })
})

describe('presentProfile', () => {
  const prevalence = prevalenceDataTables({
    screenings: 4,
    indicators: [
      { code: 'a', label: 'Missing from home', category: 'vulnerability', present: 3 },
      { code: 'b', label: 'Gifts', category: 'cse', present: 1 },
    ],
    levels: [
      { level: 'none', band: 1, final: 0 },
      { level: 'low', band: 1, final: 1 },
      { level: 'medium', band: 1, final: 1 },
      { level: 'high', band: 1, final: 2 },
    ],
  })
  const dq = { id: 'dq-conflicting-dob', title: 'Conflicting dates of birth', columns: [{ key: 'agency', header: 'Agency' }], rows: [], notes: [DQ_DEFINITIONS.dob, 'Extra'] }
  const view = presentProfile({ incidence: [], dataQuality: [dq], prevalence })

  it('gives the three sections, the consistency checks defined in words', () => {
    expect(view.sections.map((s) => s.id)).toEqual(['incidence', 'data-consistency', 'prevalence'])
    expect(view.sections[1]!.definitions!.map((d) => d.title)).toEqual(['The same child recorded differently by two agencies', 'Missing fields', 'Conflicting dates of birth', 'Possible duplicates'])
    // The definition is said once on the page (in "How this is checked"), other notes stay under the table.
    expect(view.sections[1]!.tables[0]!.notes).toEqual(['Extra'])
  })

  it('draws the prevalence as a horizontal bar chart of the shares, next to a table with the same id', () => {
    const [indicators, levels] = view.sections[2]!.tables
    expect(indicators!.table.rows.map((r) => r.map((c) => ('text' in c ? c.text : null)))).toEqual([
      ['Vulnerabilities (context)', 'Missing from home', '3', '75'],
      ['Child sexual exploitation', 'Gifts', '1', '25'],
    ])
    expect(indicators!.chart).toMatchObject({ tableId: 'profile-prevalence-indicators', tableTitle: indicators!.title })
    expect(indicators!.chart!.svg).toMatch(/^<svg/)
    expect(indicators!.table.attributes.id).toBe('profile-prevalence-indicators')
    // The "All screenings" row is in the table, not in the chart.
    expect(levels!.table.rows).toHaveLength(5)
    expect(levels!.chart!.svg).not.toContain('All screenings')
  })

  it('knows the section of every downloadable table', () => {
    expect(PROFILE_TABLE_SECTIONS.get('incidence-trend')).toBe('incidence')
    expect(PROFILE_TABLE_SECTIONS.get('dq-possible-duplicates')).toBe('dataQuality')
    expect(PROFILE_TABLE_SECTIONS.get('prevalence-levels')).toBe('prevalence')
    expect(PROFILE_TABLE_SECTIONS.size).toBe(8)
  })
})

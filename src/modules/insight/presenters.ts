import { INDICATORS, type Dimension, type IndicatorSet } from './catalogue.ts'
import type { Trend } from './indicators.ts'

/** Words for the page; the API keeps the codes of CONTRACTS.md §6. */
const DIMENSION_LABELS: Record<'total' | Dimension, string> = {
  total: 'Total',
  ageBand: 'Age band (at the event)',
  gender: 'Gender',
  ethnicity: 'Ethnicity (DfE major group)',
  referringAgency: 'Referring agency',
  referralSource: 'Referral source (DfE code)',
  missingFrom: 'Missing from',
  episodeFrequency: 'Episodes in the period',
  episodeLength: 'Length of episode',
  stage: 'Interview',
}

const VALUE_LABELS: Partial<Record<Dimension, Record<string, string>>> = {
  ageBand: { 'under-10': 'Under 10', '10-12': '10 to 12', '13-15': '13 to 15', '16-17': '16 to 17', '18-plus': '18 and over', unknown: 'Not known' },
  gender: { F: 'Female', M: 'Male', U: 'Not known or not stated' },
  ethnicity: { white: 'White', mixed: 'Mixed', asian: 'Asian', black: 'Black', other: 'Other ethnic group', unknown: 'Not known, refused or not obtained' },
  referringAgency: {
    police: 'Police',
    'childrens-social-care': "Children's social care",
    health: 'Health',
    education: 'Education',
    housing: 'Housing',
    probation: 'Probation',
    'youth-offending': 'Youth offending service',
    'voluntary-sector': 'Voluntary sector',
    other: 'Other, individuals or not known',
  },
  referralSource: {
    '1A': '1A Family member, relative or carer',
    '1B': '1B Acquaintance',
    '1C': '1C Self',
    '1D': '1D Other individual',
    '2A': '2A Schools',
    '2B': '2B Education services',
    '3A': '3A GP',
    '3B': '3B Health visitor',
    '3C': '3C School nurse',
    '3D': '3D Other primary health services',
    '3E': '3E A&E',
    '3F': '3F Other health services',
    '4': '4 Housing',
    '5A': '5A LA social care',
    '5B': '5B LA other internal',
    '5C': '5C LA external',
    '5D': '5D Early help',
    '6': '6 Police',
    '7': '7 Other legal agency',
    '8': '8 Other',
    '9': '9 Anonymous',
    '10': '10 Unknown',
  },
  missingFrom: { home: 'Home', care: 'Care', education: 'Education', other: 'Other' },
  episodeFrequency: { '1': '1 episode', '2': '2 episodes', '3-5': '3 to 5 episodes', '6-10': '6 to 10 episodes', '11-plus': '11 or more episodes' },
  episodeLength: { 'under-24h': 'Under 24 hours', '1-2-days': '1 to 2 days', '3-7-days': '3 to 7 days', 'over-7-days': 'Over 7 days', 'still-missing': 'Still missing' },
  stage: { offered: 'Offered', 'offered-within-72h': 'Offered within 72 hours', completed: 'Completed', 'completed-within-72h': 'Completed within 72 hours' },
}

const NOT_RECORDED = 'Not yet recorded'
const number = (n: number | null) => (n === null ? NOT_RECORDED : n.toLocaleString('en-GB'))

type Cell = { text: string; format?: 'numeric' }

/** One GOV.UK table per indicator: breakdown, group, count (every value, zeros included). */
export function presentIndicatorTables(set: IndicatorSet) {
  return set.indicators.map((indicator) => {
    const definition = INDICATORS.find((d) => d.id === indicator.id)
    const notYetRecorded = indicator.rows.every((r) => r.count === null)
    const rows: Cell[][] = indicator.rows.map((row) => [
      { text: DIMENSION_LABELS[row.dimension] },
      { text: row.value === null ? 'All' : (VALUE_LABELS[row.dimension as Dimension]?.[row.value] ?? row.value) },
      { text: number(row.count), format: 'numeric' },
    ])
    return {
      id: indicator.id,
      title: indicator.title,
      unit: definition?.unit ?? 'count',
      notYetRecorded,
      head: [{ text: 'Breakdown' }, { text: 'Group' }, { text: `Number of ${definition?.unit ?? 'items'}`, format: 'numeric' }],
      rows,
    }
  })
}

/** The trend as one table: a row per quarter (oldest first), a column per indicator. */
export function presentTrend(trend: Trend) {
  return {
    head: [{ text: 'Quarter' }, ...trend.series.map((s) => ({ text: INDICATORS.find((d) => d.id === s.id)?.shortTitle ?? s.title, format: 'numeric' as const }))],
    rows: trend.quarters.map((q, i) => [{ text: q.label }, ...trend.series.map((s) => ({ text: number(s.totals[i] ?? null), format: 'numeric' as const }))]),
  }
}

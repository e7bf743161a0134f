import { INDICATORS, REFERRING_AGENCIES, type Dimension, type IndicatorSet } from './catalogue.ts'
import type { Trend } from './indicators.ts'
import { formatDay } from './period.ts'
import { chartSvg } from '../../platform/outputs/charts.ts'
import { govukTableArgs, type DataTable } from '../../platform/outputs/table.ts'

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

const VALUE_LABELS = {
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
} satisfies Partial<Record<Dimension, Record<string, string>>>

/** Words for the agency types (CONTRACTS.md §6 `referringAgency`), shared with the problem profile. */
export const REFERRING_AGENCY_LABELS: Readonly<Record<(typeof REFERRING_AGENCIES)[number], string>> = VALUE_LABELS.referringAgency

export const NOT_RECORDED = 'Not yet recorded'
const valueLabel = (dimension: 'total' | Dimension, value: string | null) => (value === null ? 'All' : ((VALUE_LABELS as Partial<Record<Dimension, Record<string, string>>>)[dimension as Dimension]?.[value] ?? value))

/** The breakdown each indicator's chart shows (the one a board asks about first). */
const CHART_DIMENSION: Partial<Record<string, Dimension>> = {
  'cse-contacts': 'referringAgency',
  'exploitation-contacts': 'referringAgency',
  'missing-children': 'episodeFrequency',
  'missing-episodes': 'episodeLength',
  'return-interviews': 'stage',
}

/**
 * One table per indicator: breakdown, group, count (every value, zeros included; null = not yet recorded). The
 * same tables feed the page, the CSV and the XLSX, so a download always matches the screen.
 */
export function indicatorDataTables(set: IndicatorSet): DataTable[] {
  return set.indicators.map((indicator) => {
    const definition = INDICATORS.find((d) => d.id === indicator.id)
    return {
      id: indicator.id,
      title: indicator.title,
      columns: [
        { key: 'breakdown', header: 'Breakdown' },
        { key: 'group', header: 'Group' },
        { key: 'count', header: `Number of ${definition?.unit ?? 'items'}`, numeric: true },
      ],
      rows: indicator.rows.map((row) => ({ breakdown: DIMENSION_LABELS[row.dimension], group: valueLabel(row.dimension, row.value), count: row.count })),
      notes: [`${formatDay(set.from)} to ${formatDay(set.to)}.`, ...(indicator.rows.every((r) => r.count === null) ? [`${NOT_RECORDED}: there is no figure (this is not the same as none).`] : [])],
    }
  })
}

/** The trend as one table: a row per quarter (oldest first), a column per indicator. */
export function trendDataTable(trend: Trend): DataTable {
  const columns = trend.series.map((s) => ({ key: s.id, header: INDICATORS.find((d) => d.id === s.id)?.shortTitle ?? s.title, numeric: true }))
  return {
    id: 'trend',
    title: 'Totals per calendar quarter, oldest first',
    columns: [{ key: 'quarter', header: 'Quarter' }, ...columns],
    rows: trend.quarters.map((q, i) => Object.fromEntries([['quarter', q.label], ...trend.series.map((s) => [s.id, s.totals[i] ?? null])])),
  }
}

/** The page's tables: GOV.UK table arguments plus a chart of the indicator's main breakdown. */
export function presentIndicatorTables(set: IndicatorSet) {
  return indicatorDataTables(set).map((table, i) => {
    const indicator = set.indicators[i]!
    const notYetRecorded = indicator.rows.every((r) => r.count === null)
    const dimension = CHART_DIMENSION[indicator.id]
    const charted = dimension ? indicator.rows.filter((r) => r.dimension === dimension) : []
    const chart =
      !notYetRecorded && charted.length > 0
        ? {
            id: indicator.id,
            label: `${indicator.title}: ${DIMENSION_LABELS[dimension!].toLowerCase()}, bar chart`,
            svg: chartSvg({ kind: 'bar', horizontal: true, categories: charted.map((r) => valueLabel(r.dimension, r.value)), series: [{ name: indicator.title, values: charted.map((r) => r.count) }] }),
            tableId: `indicator-${indicator.id}`,
            tableTitle: indicator.title,
          }
        : null
    return { id: indicator.id, notYetRecorded, chart, table: { ...govukTableArgs(table, { nullText: NOT_RECORDED }), attributes: { 'data-qa': `indicator-${indicator.id}`, id: `indicator-${indicator.id}` } } }
  })
}

/** The trend table and its line chart (indicators with figures only; panels are not recorded yet). */
export function presentTrend(trend: Trend) {
  const table = trendDataTable(trend)
  const recorded = trend.series.filter((s) => s.totals.some((t) => t !== null))
  return {
    table: { ...govukTableArgs(table, { nullText: NOT_RECORDED }), attributes: { 'data-qa': 'trend', id: 'trend' } },
    chart: {
      id: 'trend',
      label: 'Totals per quarter over the last 8 quarters, line chart',
      svg: chartSvg({ kind: 'line', categories: trend.quarters.map((q) => q.key.replace('-', ' ')), series: recorded.map((s) => ({ name: INDICATORS.find((d) => d.id === s.id)?.shortTitle ?? s.title, values: s.totals })) }),
      tableId: 'trend',
      tableTitle: table.title,
    },
  }
}

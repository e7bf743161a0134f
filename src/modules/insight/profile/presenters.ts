import { chartSvg } from '../../../platform/outputs/charts.ts'
import { govukTableArgs, type DataTable } from '../../../platform/outputs/table.ts'
import { DQ_DEFINITIONS, DQ_TABLE_IDS } from './data-quality.ts'
import { INCIDENCE_TABLE_IDS } from './incidence.ts'
import { PREVALENCE_TABLE_IDS } from './prevalence.ts'
import type { ProfileSection, ProfileTables } from './service.ts'

type Chart = { id: string; label: string; svg: string; tableId: string; tableTitle: string }
const anchor = (id: string) => `profile-${id}`
const numbers = (table: DataTable, key: string) => table.rows.map((r) => (typeof r[key] === 'number' ? (r[key] as number) : null))
const text = (table: DataTable, key: string) => table.rows.map((r) => String(r[key] ?? ''))

/** The rows of a table without its closing total row ("All …"), for charts: a total would dwarf the bars. */
function withoutTotal(table: DataTable): DataTable {
  const last = table.rows[table.rows.length - 1]
  const first = table.columns[0]!.key
  return last && String(last[first]).startsWith('All ') ? { ...table, rows: table.rows.slice(0, -1) } : table
}

/** The chart beside a table, for the tables a chart helps read; the figures are always the table's. */
function chartFor(table: DataTable): Chart | null {
  const base = { id: table.id, tableId: anchor(table.id), tableTitle: table.title }
  const body = withoutTotal(table)
  switch (table.id) {
    case INCIDENCE_TABLE_IDS.incidence: {
      const series = table.columns.filter((c) => ['cse', 'exploitation', 'missing', 'episodes'].includes(c.key)).map((c) => ({ name: c.header, values: numbers(body, c.key) }))
      return { ...base, label: 'Incidence by source agency, bar chart', svg: chartSvg({ kind: 'bar', horizontal: true, categories: text(body, 'agency'), series, height: 80 + body.rows.length * 56 }) }
    }
    case INCIDENCE_TABLE_IDS.trend: {
      const quarters = table.columns.slice(1)
      const series = body.rows
        .map((r) => ({ name: String(r.agency), values: quarters.map((q) => (typeof r[q.key] === 'number' ? (r[q.key] as number) : null)) }))
        .filter((s) => s.values.some((v) => (v ?? 0) > 0))
      return { ...base, label: 'Incidence by source agency per quarter over the last 8 quarters, line chart', svg: chartSvg({ kind: 'line', categories: quarters.map((q) => q.header), series, height: 360 }) }
    }
    case PREVALENCE_TABLE_IDS.indicators:
      return { ...base, label: 'Share of screenings with each core risk indicator, horizontal bar chart', svg: chartSvg({ kind: 'bar', horizontal: true, categories: text(body, 'indicator'), series: [{ name: '% of screenings', values: numbers(body, 'percent') }] }) }
    case PREVALENCE_TABLE_IDS.levels:
      return {
        ...base,
        label: 'Screenings by band and risk level, bar chart',
        svg: chartSvg({ kind: 'bar', categories: text(body, 'level'), series: [{ name: 'Band from the score', values: numbers(body, 'band') }, { name: 'Risk level', values: numbers(body, 'final') }] }),
      }
    default:
      return null
  }
}

export function presentTable(table: DataTable) {
  return {
    id: table.id,
    title: table.title,
    notes: table.notes ?? [],
    table: { ...govukTableArgs(table, { hiddenNullText: 'not applicable: no records' }), attributes: { id: anchor(table.id), 'data-qa': anchor(table.id) } },
    chart: chartFor(table),
  }
}

/** The page's three sections; the data-consistency section says how each check is made. */
export function presentProfile(tables: ProfileTables) {
  const definitions = [
    { title: 'The same child recorded differently by two agencies', text: DQ_DEFINITIONS.differently },
    { title: 'Missing fields', text: DQ_DEFINITIONS.missing },
    { title: 'Conflicting dates of birth', text: DQ_DEFINITIONS.dob },
    { title: 'Possible duplicates', text: DQ_DEFINITIONS.duplicates },
  ]
  // Each table's notes repeat its definition for downloads; on the page the definitions are in "How this is checked".
  const dq = tables.dataQuality.map((t) => ({ ...presentTable(t), notes: (t.notes ?? []).filter((n) => !Object.values(DQ_DEFINITIONS).includes(n)) }))
  return {
    sections: [
      { id: 'incidence', title: 'Incidence by source agency', tables: tables.incidence.map(presentTable) },
      { id: 'data-consistency', title: 'Data consistency', tables: dq, definitions },
      { id: 'prevalence', title: 'Prevalence of core risk indicators', tables: tables.prevalence.map(presentTable) },
    ],
  }
}

/** Which section computes each downloadable table. */
export const PROFILE_TABLE_SECTIONS: ReadonlyMap<string, ProfileSection> = new Map([
  ...Object.values(INCIDENCE_TABLE_IDS).map((id) => [id, 'incidence'] as const),
  ...Object.values(DQ_TABLE_IDS).map((id) => [id, 'dataQuality'] as const),
  ...Object.values(PREVALENCE_TABLE_IDS).map((id) => [id, 'prevalence'] as const),
])

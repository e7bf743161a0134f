import { chartSvg } from '../../../platform/outputs/charts.ts'
import { govukTableArgs, type DataTable } from '../../../platform/outputs/table.ts'
import { formatDay } from '../period.ts'
import { paginationArgs } from './paging.ts'
import { COHORT_RISK_LABELS, COHORT_RISKS } from './rules.ts'
import type { Cohort, CohortEntry } from './service.ts'

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const AGE_BANDS: Record<string, string> = { 'under-10': 'Under 10', '10-12': '10 to 12', '13-15': '13 to 15', '16-17': '16 to 17', '18-plus': '18 and over', unknown: 'Not known' }
const GENDERS: Record<string, string> = { F: 'Female', M: 'Male', U: 'Not known' }
const BASIS = { case: 'Open case', screening: 'Screening' } as const

/** "November 2026" from `2026-11`, or "1 November 2026" from a day. */
function when(value: string | null): string | null {
  if (!value) return null
  if (value.length === 7) return `${MONTHS[Number(value.slice(5, 7)) - 1]} ${value.slice(0, 4)}`
  return formatDay(value)
}

/** One entry as the cells of the list (the page and the downloads share them). */
export function entryCells(e: CohortEntry) {
  return {
    child: e.child.kind === 'named' ? e.child.name : e.child.pseudonym,
    risk: COHORT_RISK_LABELS[e.risk],
    basis: e.basis ? BASIS[e.basis] : null,
    episodes: e.episodes,
    missingNow: e.missingNow ? 'Yes' : 'No',
    contacts: e.contacts,
    lastEvent: when(e.lastEvent),
    ageBand: AGE_BANDS[e.ageBand] ?? e.ageBand,
    gender: GENDERS[e.gender] ?? e.gender,
  }
}

/** The list as a table: under a pseudonym for the analyst, with the last event's month only. */
export function cohortTable(cohort: Cohort): DataTable {
  const pseudonymised = cohort.view === 'pseudonymised'
  return {
    id: 'young-people',
    title: `Young people most at risk, ${formatDay(cohort.period.from)} to ${formatDay(cohort.period.to)}`,
    columns: [
      { key: 'child', header: pseudonymised ? 'Young person (pseudonym)' : 'Child' },
      { key: 'risk', header: 'Risk level' },
      { key: 'basis', header: 'Risk level from' },
      { key: 'episodes', header: 'Missing episodes in period', numeric: true },
      { key: 'missingNow', header: 'Missing now' },
      { key: 'contacts', header: 'Contacts in period', numeric: true },
      { key: 'lastEvent', header: pseudonymised ? 'Last event (month)' : 'Last event' },
      { key: 'ageBand', header: 'Age band' },
      { key: 'gender', header: 'Gender' },
    ],
    rows: cohort.entries.map(entryCells),
    notes: [
      'Risk level: the higher of the latest screening and the open exploitation case, as at the end of the period.',
      ...(pseudonymised ? ['Pseudonyms are stable within this period’s list only. Pseudonymised data is still personal data.'] : []),
      ...(cohort.notShown ? [`${cohort.notShown} records not shown.`] : []),
    ],
  }
}

/** The children listed, by risk level (whatever the risk filter), with the total. */
export function byRiskTable(cohort: Cohort): DataTable {
  const total = COHORT_RISKS.reduce((n, level) => n + cohort.byRisk[level], 0)
  return {
    id: 'young-people-by-risk',
    title: 'Young people most at risk by risk level',
    columns: [
      { key: 'risk', header: 'Risk level' },
      { key: 'children', header: 'Young people', numeric: true },
    ],
    rows: [...COHORT_RISKS.map((level) => ({ risk: COHORT_RISK_LABELS[level], children: cohort.byRisk[level] })), { risk: 'Total', children: total }],
  }
}

export function byRiskChart(cohort: Cohort) {
  const table = byRiskTable(cohort)
  return {
    id: 'young-people-by-risk',
    label: 'Bar chart: young people most at risk by risk level',
    svg: chartSvg({ kind: 'bar', categories: COHORT_RISKS.map((l) => COHORT_RISK_LABELS[l]), series: [{ name: 'Young people', values: COHORT_RISKS.map((l) => cohort.byRisk[l]) }], height: 260 }),
    tableId: table.id,
    tableTitle: table.title,
  }
}

/**
 * The page's list: the table's head and cells (of the page shown), what the first cell links or posts to, and the
 * pagination; the summary and chart are over the whole list.
 */
export function presentCohortPage(cohort: Cohort, hrefOf: (page: number) => string) {
  const table = cohortTable(cohort)
  const summary = byRiskTable(cohort)
  const paging = cohort.paging
  return {
    table: { caption: table.title, head: govukTableArgs(table).head, notes: table.notes },
    showing: paging && paging.pages > 1 ? `Showing ${paging.first} to ${paging.last} of ${paging.total} young people (page ${paging.page} of ${paging.pages})` : null,
    pagination: paging ? paginationArgs(paging, hrefOf, 'Pages of young people most at risk') : null,
    rows: cohort.entries.map((e) => ({
      ...entryCells(e),
      href: e.child.kind === 'named' ? `/people/${e.child.personId}` : null,
      pseudonym: e.child.kind === 'pseudonym' ? e.child.pseudonym : null,
    })),
    summary: { ...govukTableArgs(summary), attributes: { id: summary.id, 'data-qa': 'by-risk' } },
    chart: byRiskChart(cohort),
  }
}

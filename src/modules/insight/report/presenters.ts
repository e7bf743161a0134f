import { chartSvg } from '../../../platform/outputs/charts.ts'
import { govukTableArgs, type DataTable } from '../../../platform/outputs/table.ts'
import { formatDateTime } from '../../../platform/views/filters.ts'
import { formatDay, parseQuarterKey, quarterLabel } from '../period.ts'
import { nullTextFor } from './build.ts'
import { SECTIONS, tablesOf } from './sections.ts'
import type { BoardReport, BoardReportSummary } from './store.ts'

const STATUS_TAGS = {
  queued: { text: 'Queued', classes: 'govuk-tag--grey' },
  building: { text: 'Building', classes: 'govuk-tag--blue' },
  ready: { text: 'Ready', classes: 'govuk-tag--green' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
} as const

export const quarterText = (key: string) => {
  const q = parseQuarterKey(key)
  return q ? quarterLabel(q) : key
}

/** What the progress panel says (the page, and the JSON the progress script reads). */
export function progressText(r: Pick<BoardReport, 'status' | 'stepsDone' | 'stepsTotal' | 'currentStep' | 'failureReason'>): string {
  switch (r.status) {
    case 'queued':
      return `Waiting to start: ${r.stepsTotal} steps to do.`
    case 'building':
      return `Step ${Math.min(r.stepsDone + 1, r.stepsTotal)} of ${r.stepsTotal}: ${r.currentStep ?? 'working'}. ${r.stepsDone} done.`
    case 'ready':
      return 'The board report is ready.'
    case 'failed':
      return `The build failed. ${r.failureReason ?? ''}`.trim()
  }
}

export function statusJson(r: BoardReport) {
  return { id: r.id, quarter: r.quarter, status: r.status, stepsDone: r.stepsDone, stepsTotal: r.stepsTotal, currentStep: r.currentStep, failureReason: r.failureReason, text: progressText(r) }
}

export function presentList(reports: readonly BoardReportSummary[]) {
  return reports.map((r) => [
    { html: `<a class="govuk-link" href="/insight/board-reports/${r.id}">${escapeHtml(quarterText(r.quarter))}</a>` },
    { html: `<strong class="govuk-tag ${STATUS_TAGS[r.status].classes}">${STATUS_TAGS[r.status].text}</strong>` },
    { text: r.requestedByName },
    { text: formatDateTime(r.requestedAt) },
  ])
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** A line chart of a trend table: one line per numeric column that has any figure, quarters along the bottom. */
function trendChart(table: DataTable) {
  const category = table.columns.find((c) => !c.numeric)
  const recorded = table.columns.filter((c) => c.numeric && table.rows.some((r) => typeof r[c.key] === 'number'))
  if (!category || recorded.length === 0) return null
  return {
    id: table.id,
    label: `${table.title}: line chart`,
    svg: chartSvg({
      kind: 'line',
      categories: table.rows.map((r) => String(r[category.key] ?? '').replace(/^(\w{3})\w* to (\w{3})\w* (\d{4})$/, '$1–$2 $3')),
      series: recorded.map((c) => ({ name: c.header, values: table.rows.map((r) => (typeof r[c.key] === 'number' ? (r[c.key] as number) : null)) })),
    }),
    tableId: table.id,
    tableTitle: table.title,
  }
}

/** The ready pack for the page: each section with its commentary and tables, a chart beside each trend table. */
export function presentPack(report: BoardReport) {
  const base = `/insight/board-reports/${report.id}/download`
  return SECTIONS.map((section) => {
    const comment = report.commentary[section.id]
    return {
      id: section.id,
      title: section.title,
      intro: section.intro,
      commentary: comment ? { paragraphs: comment.text.split('\n').filter((l) => l.trim() !== ''), by: `${comment.updatedBy}, ${formatDateTime(new Date(comment.updatedAt))}` } : null,
      hasFigures: section.id !== 'summary',
      tables: tablesOf(report.snapshot, section.id).map((table) => ({
        id: table.id,
        args: { ...govukTableArgs(table, { nullText: nullTextFor(section.id) }), attributes: { id: table.id, 'data-qa': `table-${table.id}` } },
        notes: table.notes ?? [],
        csvHref: `${base}?format=csv&table=${encodeURIComponent(table.id)}`,
        xlsxHref: `${base}?format=xlsx&table=${encodeURIComponent(table.id)}`,
        chart: section.id === 'trends' ? trendChart(table) : null,
      })),
    }
  })
}

export function presentHeader(report: BoardReport) {
  return {
    title: `Quarterly board report: ${quarterText(report.quarter)}`,
    periodText: `${formatDay(report.periodFrom)} to ${formatDay(report.periodTo)}`,
    builtBy: report.requestedByName,
    builtAt: formatDateTime(report.requestedAt),
    completedAt: report.completedAt ? formatDateTime(report.completedAt) : null,
    tag: STATUS_TAGS[report.status],
  }
}

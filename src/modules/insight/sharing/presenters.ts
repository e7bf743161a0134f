import type { IndicatorSet } from '../catalogue.ts'
import { formatDay } from '../period.ts'
import { indicatorDataTables, NOT_RECORDED } from '../presenters.ts'
import { govukTableArgs, type CellValue, type DataTable } from '../../../platform/outputs/table.ts'
import type { SharedIndicator, SharedRow } from './disclosure.ts'
import type { ShareableExport } from './format.ts'
import type { Comparison, NeighbourSummary } from './service.ts'

/** How a cell is shown and downloaded: the count, the policy's symbol ("c") when suppressed, null when not recorded. */
const shown = (row: SharedRow | undefined, symbol: string): CellValue => (row === undefined ? null : row.suppressed ? symbol : row.count)
const suppressionNote = (e: ShareableExport) => `${e.policy.symbol} = a count from ${e.policy.suppressMin} to ${e.policy.suppressMax}, or a count suppressed so that one cannot be worked out. 0 is a true zero.`

/** The labels of the indicator page (breakdown and group), for a shared set whose counts may be suppressed. */
function labelled(indicators: readonly SharedIndicator[], from: string, to: string): DataTable[] {
  const plain: IndicatorSet = { from, to, indicators: indicators.map((i) => ({ id: i.id, title: i.title, rows: i.rows.map((r) => ({ dimension: r.dimension, value: r.value, count: r.count })) })) }
  return indicatorDataTables(plain)
}

/** Our shareable export as tables (CSV and XLSX): a row per cell, "c" where suppressed. */
export function shareableDataTables(e: ShareableExport): DataTable[] {
  return labelled(e.indicators, e.from, e.to).map((t, i) => ({
    ...t,
    id: `shareable-${t.id}`,
    rows: t.rows.map((r, j) => ({ ...r, count: shown(e.indicators[i]!.rows[j], e.policy.symbol) })),
    notes: [`${e.partnership}. ${formatDay(e.from)} to ${formatDay(e.to)}.`, suppressionNote(e), ...(t.notes?.slice(1) ?? [])],
  }))
}

/** One table per indicator: our figures beside theirs, both suppressed by the same rules. */
export function comparisonDataTables(c: Comparison): DataTable[] {
  const theirs = new Map(c.theirs.indicators.map((i) => [i.id, new Map(i.rows.map((r) => [`${r.dimension}|${r.value ?? ''}`, r]))]))
  return labelled(c.ours.indicators, c.ours.from, c.ours.to).map((t, i) => {
    const ours = c.ours.indicators[i]!
    const their = theirs.get(ours.id)
    return {
      id: `compare-${ours.id}`,
      title: ours.title,
      columns: [t.columns[0]!, t.columns[1]!, { key: 'ours', header: 'Our partnership', numeric: true }, { key: 'theirs', header: c.dataset.partnershipName, numeric: true }],
      rows: ours.rows.map((r, j) => ({ ...t.rows[j], ours: shown(r, c.ours.policy.symbol), theirs: their ? shown(their.get(`${r.dimension}|${r.value ?? ''}`), c.theirs.policy.symbol) : null })),
      notes: [`${formatDay(c.ours.from)} to ${formatDay(c.ours.to)}.`, suppressionNote(c.ours), ...(their ? [] : [`${c.dataset.partnershipName} did not send this indicator.`])],
    }
  })
}

export const tableArgs = (t: DataTable) => ({ ...govukTableArgs(t, { nullText: NOT_RECORDED }), attributes: { id: t.id, 'data-qa': t.id } })

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The uploaded exports as a GOV.UK table (null when there are none), each with a link to its comparison. */
export function presentNeighbours(rows: readonly NeighbourSummary[]) {
  if (rows.length === 0) return null
  return {
    caption: 'Uploaded exports of neighbouring partnerships',
    captionClasses: 'govuk-table__caption--s',
    attributes: { 'data-qa': 'neighbours', id: 'neighbours' },
    head: [{ text: 'Partnership' }, { text: 'Period' }, { text: 'Uploaded' }, { html: '<span class="govuk-visually-hidden">Action</span>' }],
    rows: rows.map((r) => {
      const period = `${formatDay(r.periodFrom)} to ${formatDay(r.periodTo)}`
      const uploaded = `${r.uploadedAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })} by ${r.uploadedBy}`
      return [
        { text: r.partnershipName },
        { text: period },
        { text: uploaded },
        { html: `<a class="govuk-link" href="/insight/neighbours/${escapeHtml(r.id)}">Compare<span class="govuk-visually-hidden"> with ${escapeHtml(r.partnershipName)}, ${period}</span></a>` },
      ]
    }),
  }
}

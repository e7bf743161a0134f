import type { DataTable } from '../../../platform/outputs/table.ts'
import { tablesToXlsx } from '../../../platform/outputs/xlsx.ts'
import { formatDateTime } from '../../../platform/views/filters.ts'
import { MARKING } from '../../../platform/outputs/table.ts'
import type { PackInput } from './pdf.ts'
import { SECTIONS, tablesOf } from './sections.ts'

/** The commentary as a table: the first sheet of the workbook, so the board's words come before the figures. */
export function commentaryTable(input: Pick<PackInput, 'commentary'>): DataTable {
  return {
    id: 'commentary',
    title: 'Commentary',
    columns: [
      { key: 'section', header: 'Section' },
      { key: 'commentary', header: 'Commentary' },
      { key: 'by', header: 'Written by' },
      { key: 'at', header: 'Last changed' },
    ],
    rows: SECTIONS.map((s) => {
      const c = input.commentary[s.id]
      return { section: s.title, commentary: c?.text || 'No commentary yet.', by: c?.updatedBy ?? null, at: c ? formatDateTime(new Date(c.updatedAt)) : null }
    }),
  }
}

/** The pack as a workbook: the commentary sheet, then a sheet per table in the order of the sections. */
export function renderBoardReportXlsx(input: PackInput): Promise<Buffer> {
  const tables = [commentaryTable(input), ...SECTIONS.flatMap((s) => tablesOf(input.snapshot, s.id))]
  return tablesToXlsx(tables, {
    title: `Quarterly board report: ${input.quarterLabel}`,
    marking: MARKING,
    subtitle: [`Period: ${input.periodText}.`, `Built by ${input.builtBy} on ${formatDateTime(input.builtAt)}. Aggregates only: no child is named.`],
  })
}

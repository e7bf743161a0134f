import { tableMatrix, type DataTable } from './table.ts'

export type WorkbookOptions = {
  /** The workbook title (document properties) and the first line of every sheet. */
  title: string
  /** Protective marking written on every sheet, e.g. "OFFICIAL-SENSITIVE". */
  marking?: string
  /** Extra lines under the title on every sheet (period, when built, by whom). */
  subtitle?: readonly string[]
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique within the workbook. */
function sheetName(table: DataTable, used: Set<string>): string {
  const base = (table.title || table.id).replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 28) || 'Sheet'
  let name = base
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 27 - String(n).length)} (${n})`
  used.add(name.toLowerCase())
  return name
}

/**
 * Tables as an XLSX workbook (exceljs), one sheet per table: marking, title, the table with a bold header row,
 * then its notes. Text is always written as text, never as a formula.
 */
export async function tablesToXlsx(tables: readonly DataTable[], options: WorkbookOptions): Promise<Buffer> {
  // Loaded when a workbook is first asked for: exceljs adds ~0.3 s to start-up otherwise.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Lantern'
  workbook.title = options.title
  const used = new Set<string>()
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table, used))
    if (options.marking) sheet.addRow([options.marking]).font = { bold: true }
    sheet.addRow([options.title]).font = { bold: true, size: 14 }
    for (const line of options.subtitle ?? []) sheet.addRow([line])
    sheet.addRow([table.title]).font = { bold: true }
    sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true }
    for (const row of tableMatrix(table)) sheet.addRow(row.map((v) => (v === null ? null : v)))
    for (const note of table.notes ?? []) sheet.addRow([note]).font = { italic: true }
    table.columns.forEach((c, i) => {
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(12, c.header.length + 2))
    })
  }
  if (tables.length === 0) workbook.addWorksheet('Empty').addRow([options.title])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

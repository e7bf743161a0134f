import { tableMatrix, type CellValue, type DataTable } from './table.ts'

/**
 * A CSV cell that no spreadsheet will run as a formula (OWASP "CSV injection"): a text starting with =, +, -, @, tab
 * or carriage return gets a ' in front; quotes, commas and line breaks are quoted the RFC 4180 way. Numbers are
 * written as they are (a count is never a formula). Hand-written: ten lines, and the escaping rule is ours to state.
 */
export function csvCell(value: CellValue | undefined): string {
  if (typeof value === 'number') return String(value)
  let text = value === null || value === undefined ? '' : value
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A whole CSV file, CRLF line ends (RFC 4180). */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CellValue>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** One table as a CSV file: a header row, then the rows; notes are not written (a CSV is data only). */
export function tableToCsv(table: DataTable): string {
  return toCsv(
    table.columns.map((c) => c.header),
    tableMatrix(table),
  )
}

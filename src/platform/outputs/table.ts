/**
 * A table of figures as every output sees it: the page (govukTable), the CSV and XLSX downloads, the board pack's
 * PDF. One shape, so a table on screen and its download can never disagree (issue 7 point 3).
 */
/** The Government Security Classification marking on every file Lantern writes about children (headers, footers, sheets). */
export const MARKING = 'OFFICIAL-SENSITIVE'

export type CellValue = string | number | null

export type DataColumn = {
  key: string
  header: string
  /** Right-aligned on the page and written as a number in XLSX. */
  numeric?: boolean
}

export type DataTable = {
  /** Stable and URL-safe (`cse-contacts-age-band`): used for download file names, XLSX sheet names and anchors. */
  id: string
  /** The caption on the page and the title row of a download. */
  title: string
  columns: readonly DataColumn[]
  rows: ReadonlyArray<Readonly<Record<string, CellValue>>>
  /** Said under the table and written below it in downloads (for example "c = fewer than 6, suppressed"). */
  notes?: readonly string[]
}

/** The rows as arrays in column order (for CSV, XLSX and PDF writers). */
export function tableMatrix(table: DataTable): CellValue[][] {
  return table.rows.map((row) => table.columns.map((c) => row[c.key] ?? null))
}

/**
 * For `govukTable`: caption, head and rows, numbers right-aligned. A null shows `nullText` when given (e.g. "Not yet
 * recorded"), otherwise an em dash with visually hidden words, so a screen reader never hears a bare dash.
 */
export function govukTableArgs(table: DataTable, options: { nullText?: string; hiddenNullText?: string } = {}) {
  const format = (c: DataColumn) => (c.numeric ? 'numeric' : undefined)
  const empty = options.nullText
    ? { text: options.nullText }
    : { html: `<span aria-hidden="true">—</span><span class="govuk-visually-hidden">${options.hiddenNullText ?? 'none recorded'}</span>` }
  return {
    caption: table.title,
    captionClasses: 'govuk-table__caption--s',
    firstCellIsHeader: true,
    head: table.columns.map((c) => ({ text: c.header, format: format(c) })),
    rows: table.rows.map((row) =>
      table.columns.map((c) => {
        const v = row[c.key] ?? null
        if (v === null) return { ...empty, format: format(c) }
        return { text: typeof v === 'number' ? v.toLocaleString('en-GB') : v, format: format(c) }
      }),
    ),
  }
}

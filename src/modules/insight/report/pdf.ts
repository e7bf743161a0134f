import PDFDocument from 'pdfkit'
import { MARKING, tableMatrix, type CellValue, type DataTable } from '../../../platform/outputs/table.ts'
import { formatDateTime } from '../../../platform/views/filters.ts'
import { SECTIONS, tablesOf, type Commentary, type Snapshot } from './sections.ts'

/** The Government Security Classifications marking on every page (SECURITY.md: OFFICIAL-SENSITIVE). */

export type PackMeta = {
  /** "July to September 2026". */
  quarterLabel: string
  /** "1 July 2026 to 30 September 2026". */
  periodText: string
  builtBy: string
  builtAt: Date
}

export type PackInput = PackMeta & { snapshot: Snapshot; commentary: Commentary; nullText: (sectionId: string) => string }

const MARGIN = 56
const GREY = '#505a5f'

type Doc = InstanceType<typeof PDFDocument>

function cellText(value: CellValue, nullText: string): string {
  if (value === null) return nullText
  return typeof value === 'number' ? value.toLocaleString('en-GB') : value
}

/** Column widths: numbers get a fixed share, text columns split the rest. */
function columnWidths(table: DataTable, width: number): number[] {
  const numeric = table.columns.filter((c) => c.numeric).length
  const text = table.columns.length - numeric
  const numericWidth = text === 0 ? width / Math.max(1, numeric) : Math.min(80, (width * (numeric >= 4 ? 0.7 : 0.5)) / Math.max(1, numeric))
  const textWidth = text === 0 ? 0 : (width - numericWidth * numeric) / text
  return table.columns.map((c) => (c.numeric ? numericWidth : textWidth))
}

function rowHeight(doc: Doc, cells: readonly string[], widths: readonly number[], bold: boolean): number {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8)
  return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 6 }))) + 6
}

const fits = (doc: Doc, height: number) => doc.y + height <= doc.page.height - doc.page.margins.bottom

function drawRow(doc: Doc, cells: readonly string[], widths: readonly number[], numeric: readonly boolean[], bold: boolean): void {
  const height = rowHeight(doc, cells, widths, bold)
  const top = doc.y
  let x = MARGIN
  cells.forEach((c, i) => {
    doc.text(c, x + 3, top + 3, { width: widths[i]! - 6, align: numeric[i] ? 'right' : 'left' })
    x += widths[i]!
  })
  doc
    .moveTo(MARGIN, top + height)
    .lineTo(x, top + height)
    .lineWidth(bold ? 1 : 0.5)
    .strokeColor(bold ? '#0b0c0c' : '#b1b4b6')
    .stroke()
  doc.x = MARGIN
  doc.y = top + height
}

/** A table as a grid: caption, header row (repeated at the top of each new page), rows, then its notes. */
function drawTable(doc: Doc, table: DataTable, nullText: string): void {
  const width = doc.page.width - MARGIN * 2
  const widths = columnWidths(table, width)
  const numeric = table.columns.map((c) => Boolean(c.numeric))
  const header = table.columns.map((c) => c.header)
  const headerHeight = rowHeight(doc, header, widths, true)
  if (!fits(doc, 40 + headerHeight * 2)) doc.addPage()
  doc.font('Helvetica-Bold').fontSize(10).text(table.title, MARGIN, doc.y, { width })
  doc.moveDown(0.3)
  drawRow(doc, header, widths, numeric, true)
  for (const row of tableMatrix(table)) {
    const cells = row.map((v) => cellText(v, nullText))
    if (!fits(doc, rowHeight(doc, cells, widths, false))) {
      doc.addPage()
      drawRow(doc, header, widths, numeric, true)
    }
    drawRow(doc, cells, widths, numeric, false)
  }
  for (const note of table.notes ?? []) doc.font('Helvetica-Oblique').fontSize(8).fillColor(GREY).text(note, MARGIN, doc.y + 2, { width }).fillColor('black')
  doc.moveDown(1)
}

/**
 * The Strategic Group's pack as a PDF (pdfkit): a title page, then each section with the business unit's
 * commentary and its tables laid out as grids. Every page carries the marking at the top and the bottom. Content
 * streams are not compressed, so the text can be searched and checked (chronology/pdf-text.ts reads it back).
 */
export function renderBoardReportPdf(input: PackInput): Promise<Buffer> {
  const title = `Quarterly board report: ${input.quarterLabel}`
  const doc = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: MARGIN, right: MARGIN }, compress: false, bufferPages: true, info: { Title: title, Author: input.builtBy, Subject: MARKING, CreationDate: input.builtAt } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const width = doc.page.width - MARGIN * 2

  // Title page.
  doc.moveDown(6).font('Helvetica-Bold').fontSize(12).text(MARKING, { width })
  doc.moveDown(1).fontSize(24).text('Quarterly board report', { width })
  doc.moveDown(0.3).font('Helvetica').fontSize(16).text(input.quarterLabel, { width })
  doc.moveDown(1).fontSize(11).text('For the Strategic Group of the Safeguarding Children Partnership: child exploitation and missing children.', { width })
  doc.moveDown(0.5).text(`Period: ${input.periodText}.`, { width })
  doc.moveDown(0.5).fillColor(GREY).text(`Built by ${input.builtBy} on ${formatDateTime(input.builtAt)}. The figures are as they were when the report was built.`, { width }).fillColor('black')
  doc.moveDown(0.5).text('Aggregates only: this report names no child.', { width })
  doc.moveDown(2).font('Helvetica-Bold').fontSize(12).text('Contents', { width })
  doc.font('Helvetica').fontSize(11)
  SECTIONS.forEach((s, i) => doc.text(`${i + 1}. ${s.title}`, { width }))

  SECTIONS.forEach((section, i) => {
    doc.addPage()
    doc.font('Helvetica-Bold').fontSize(16).text(`${i + 1}. ${section.title}`, MARGIN, doc.y, { width })
    doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(GREY).text(section.intro, { width }).fillColor('black')
    const comment = input.commentary[section.id]
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).text('Commentary', { width })
    doc.font('Helvetica').fontSize(10)
    if (comment?.text) {
      doc.text(comment.text, { width })
      doc.moveDown(0.2).fontSize(8).fillColor(GREY).text(`${comment.updatedBy}, ${formatDateTime(new Date(comment.updatedAt))}`, { width }).fillColor('black')
    } else {
      doc.fillColor(GREY).text('No commentary yet.', { width }).fillColor('black')
    }
    doc.moveDown(1)
    const tables = tablesOf(input.snapshot, section.id)
    if (section.id !== 'summary' && tables.length === 0) doc.fontSize(10).text('No figures for this section.', { width }).moveDown(1)
    for (const table of tables) drawTable(doc, table, input.nullText(section.id))
  })

  const range = doc.bufferedPageRange()
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.font('Helvetica-Bold').fontSize(10).text(MARKING, MARGIN, 28, { width, align: 'center', lineBreak: false })
    doc.font('Helvetica').fontSize(8).text(`${MARKING} · ${title} · Page ${p - range.start + 1} of ${range.count}`, MARGIN, doc.page.height - 40, { width, align: 'center', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}

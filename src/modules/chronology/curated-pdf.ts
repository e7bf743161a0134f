import { formatDateTime } from '../../platform/views/filters.ts'
import { typeLabel } from './presenters.ts'
import type { CuratedEntry } from './curated-service.ts'
import { MARKING } from '../../platform/outputs/table.ts'

/** The Government Security Classifications marking every page carries (SECURITY.md: OFFICIAL-SENSITIVE). */

export type CuratedPdf = {
  title: string
  childName: string
  dateOfBirth: string | null
  exportedBy: string
  exportedByAgency: string
  exportedAt: Date
  entries: CuratedEntry[]
  omitted: number
}

/**
 * The curated chronology as a PDF (pdfkit). Only what the reader may see now is passed in (the service looked
 * every entry up in the reader's own chronology at export time); the page says how many chosen entries were left
 * out. Every page carries the marking at the top and bottom, the child's name and who exported it when.
 *
 * Content streams are not compressed: a few kilobytes more, and the text can be checked and searched as it is.
 */
export async function renderCuratedPdf(input: CuratedPdf): Promise<Buffer> {
  // Loaded on the first export rather than at start-up (~0.15 s).
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: 56, right: 56 }, compress: false, bufferPages: true, info: { Title: `${input.title}: ${input.childName}`, Author: `${input.exportedBy}, ${input.exportedByAgency}`, Subject: MARKING, CreationDate: input.exportedAt } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const width = doc.page.width - 112
  const exported = `Exported by ${input.exportedBy} (${input.exportedByAgency}) on ${formatDateTime(input.exportedAt)}`

  doc.font('Helvetica-Bold').fontSize(20).text(input.title, { width })
  doc.moveDown(0.3).font('Helvetica').fontSize(13).text(`Chronology of ${input.childName}${input.dateOfBirth ? `, born ${input.dateOfBirth}` : ''}`, { width })
  doc.moveDown(0.3).fontSize(10).fillColor('#505a5f').text(exported, { width }).fillColor('black')
  doc.moveDown(0.5).fontSize(10).text(`${input.entries.length} ${input.entries.length === 1 ? 'entry' : 'entries'} shown, oldest first.`, { width })
  if (input.omitted > 0) {
    doc.font('Helvetica-Bold').text(`${input.omitted} chosen ${input.omitted === 1 ? 'entry was' : 'entries were'} left out because you may not see ${input.omitted === 1 ? 'it' : 'them'}.`, { width }).font('Helvetica')
  }
  doc.moveDown(1)

  for (const { item, note } of input.entries) {
    if (doc.y > doc.page.height - 160) doc.addPage()
    doc.font('Helvetica-Bold').fontSize(11).text(`${formatDateTime(item.at)} · ${typeLabel(item.type)}`, { width })
    doc.font('Helvetica').fontSize(9).fillColor('#505a5f').text(`Source: ${item.agency?.name ?? 'agency not recorded'}`, { width }).fillColor('black')
    doc.moveDown(0.2).fontSize(10).text(item.summary, { width })
    if (note) doc.moveDown(0.2).font('Helvetica-Oblique').text(`Note: ${note}`, { width }).font('Helvetica')
    doc.moveDown(0.8)
  }

  // The marking, name and page number on every page, drawn last so the number of pages is known.
  const range = doc.bufferedPageRange()
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p)
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.font('Helvetica-Bold').fontSize(10).text(MARKING, 56, 28, { width, align: 'center', lineBreak: false })
    doc.font('Helvetica').fontSize(8).text(`${MARKING} · ${input.childName} · Page ${p - range.start + 1} of ${range.count}`, 56, doc.page.height - 40, { width, align: 'center', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}

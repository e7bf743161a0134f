import type { FastifyReply } from 'fastify'
import { csvCell, tableToCsv } from './csv.ts'
import type { DataTable } from './table.ts'
import { tablesToXlsx, type WorkbookOptions } from './xlsx.ts'

export const DOWNLOAD_FORMATS = ['csv', 'xlsx'] as const
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number]

type FileFormat = DownloadFormat | 'pdf' | 'json'

const TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
}

/** A file name safe in a header: letters, digits, dot, dash and underscore only. */
export function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'download'
}

/** Send a file to save, never to show inline: attachment, exact type, nosniff, not cached (it may be sensitive). */
export function sendFile(reply: FastifyReply, format: FileFormat, filename: string, body: string | Buffer) {
  return reply
    .header('content-type', TYPES[format])
    .header('content-disposition', `attachment; filename="${safeFilename(filename)}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(body)
}

/** One table (CSV) or several (XLSX, a sheet each) as a download named `<basename>.<format>`. */
export async function sendTables(reply: FastifyReply, format: DownloadFormat, basename: string, tables: readonly DataTable[], options: WorkbookOptions) {
  if (format === 'csv') {
    // A CSV holds one table; several are written one after another with a blank line and the title between.
    const body = tables.length === 1 ? tableToCsv(tables[0]!) : tables.map((t) => `${csvCell(t.title)}\r\n${tableToCsv(t)}`).join('\r\n')
    return sendFile(reply, 'csv', `${basename}.csv`, body)
  }
  return sendFile(reply, 'xlsx', `${basename}.xlsx`, await tablesToXlsx(tables, options))
}

import { createHash } from 'node:crypto'
import { CsvError, parse } from 'csv-parse/sync'
import type { ImportEncoding, ImportField } from './import-schema.ts'
import { IMPORT_FIELD_LABELS } from './import-fields.ts'
import { validateRow, type RowValues } from './import-validate.ts'

/**
 * Reading an agency extract (ADR 0010): decode the whole file strictly, parse it as CSV with line numbers, check
 * the header against the source's saved mapping, every field's length and every mapped value. Any problem and the
 * whole file is refused with its line numbers ("nothing imported from that batch"); otherwise the mapped values of
 * every row, ready to stage. Pure: no database.
 */

/** A single value longer than this is a broken export (or a pasted document), never a person's detail. */
export const MAX_FIELD_CHARS = 10_000
/** Problems listed before "and N more": the error summary stays readable. */
export const MAX_PROBLEMS = 20

export type ExtractProblem = { line: number | null; message: string }

export type StagedRow = { line: number; data: RowValues }

export type ParsedExtract = {
  sha256: string
  header: string[]
  rows: StagedRow[]
  /** Columns of the file the mapping does not use: ignored (and listed), never an error. */
  ignoredColumns: string[]
}

export type ExtractResult = { ok: true; extract: ParsedExtract } | { ok: false; problems: ExtractProblem[]; more: number }

type Mapping = Partial<Record<ImportField, string>>

class Refusal extends Error {
  constructor(readonly problems: ExtractProblem[]) {
    super(problems[0]?.message ?? 'refused')
  }
}
const refuse = (line: number | null, message: string): never => {
  throw new Refusal([{ line, message }])
}

function countNewlines(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++
  return n
}

/**
 * The file's bytes → text. UTF-8 strictly (a Windows-1252 "é" or "£" is an error naming its line, never silently
 * turned into "�"), or Windows-1252 (every byte is a character, so it always decodes). A byte-order mark is dropped;
 * UTF-16 and NUL bytes (a spreadsheet, not a CSV) are refused.
 */
export function decodeExtract(bytes: Uint8Array, encoding: ImportEncoding): string {
  if (bytes.length === 0) refuse(null, 'The file is empty')
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    refuse(1, 'The file is UTF-16 encoded: save it as CSV UTF-8 and upload it again')
  }
  let text: string
  if (encoding === 'windows-1252') {
    text = new TextDecoder('windows-1252').decode(bytes)
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    } catch {
      const before = new TextDecoder('utf-8').decode(bytes).split('\uFFFD')[0] ?? ''
      refuse(
        1 + countNewlines(before),
        `The file is not UTF-8 encoded: line ${1 + countNewlines(before)} has a character that is not valid UTF-8. Save the file as CSV UTF-8, or choose Windows-1252 as this source’s encoding`,
      )
      throw new Error('unreachable')
    }
  }
  const nul = text.indexOf('\0')
  if (nul >= 0) refuse(1 + countNewlines(text.slice(0, nul)), `Line ${1 + countNewlines(text.slice(0, nul))} contains a NUL character: the file is not a text CSV file (is it a spreadsheet?)`)
  if (text.trim() === '') refuse(null, 'The file is empty')
  return text
}

function describeCsvError(error: CsvError, lastGoodLine: number): ExtractProblem {
  const line = (error as CsvError & { lines?: number }).lines ?? null
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { line: lastGoodLine + 1, message: `Line ${lastGoodLine + 1}: a quoted value is never closed (the file ends inside quotes)` }
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const m = /expect (\d+), got (\d+)/.exec(error.message)
      return { line, message: `Line ${line}: the row has ${m?.[2] ?? 'a different number of'} values but the header has ${m?.[1] ?? 'another number of'} columns` }
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return { line, message: `Line ${line}: there are characters after a closing quote (a quote inside a value must be doubled: "")` }
    default:
      return { line, message: `Line ${line}: the file is not valid CSV (${error.message})` }
  }
}

/** The file, parsed: every record with the line it starts on (a quoted value may span lines). */
function parseCsv(text: string): Array<{ line: number; record: string[] }> {
  let lastGoodLine = 0
  try {
    const parsed = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
      on_record: (record: string[], context: { lines: number }) => {
        lastGoodLine = context.lines
        return record
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>
    return parsed.map(({ record, info }) => ({ line: info.lines - record.reduce((n, f) => n + countNewlines(f), 0), record }))
  } catch (error) {
    if (error instanceof CsvError) throw new Refusal([describeCsvError(error, lastGoodLine)])
    throw error
  }
}

function checkHeader(header: string[], mapping: Mapping): void {
  const seen = new Set<string>()
  for (const h of header) {
    if (h === '') refuse(1, 'Line 1: a column has no name in the header row')
    if (seen.has(h)) refuse(1, `Line 1: the column '${h}' appears twice in the header row`)
    seen.add(h)
  }
  const missing = Object.values(mapping).filter((column): column is string => typeof column === 'string' && !seen.has(column))
  if (missing.length > 0) {
    const list = header.map((h) => `'${h}'`).join(', ')
    const which = missing.map((c) => `'${c}'`).join(', ')
    refuse(1, `${missing.length === 1 ? `Column ${which} is` : `Columns ${which} are`} not in the file; the file has columns: ${list}`)
  }
}

/**
 * Read a whole extract against a source's mapping. Structural problems (encoding, CSV syntax, header) stop at the
 * first; value problems are collected (the first MAX_PROBLEMS, with a count of the rest) so one upload shows what to
 * fix.
 */
export function readExtract(bytes: Uint8Array, source: { mapping: Mapping; encoding: ImportEncoding }, today: string): ExtractResult {
  try {
    const text = decodeExtract(bytes, source.encoding)
    const records = parseCsv(text)
    const [first, ...data] = records
    if (!first) refuse(null, 'The file is empty')
    const header = (first as { record: string[] }).record.map((h) => h.trim())
    checkHeader(header, source.mapping)
    if (data.length === 0) refuse(null, 'The file has a header row but no data rows')
    const index = new Map(header.map((h, i) => [h, i]))
    const problems: ExtractProblem[] = []
    const rows: StagedRow[] = []
    const seenIds = new Map<string, number>()
    for (const { line, record } of data) {
      const long = record.findIndex((v) => v.length > MAX_FIELD_CHARS)
      if (long >= 0) {
        problems.push({ line, message: `Line ${line}, column '${header[long]}': the value is longer than ${MAX_FIELD_CHARS.toLocaleString('en-GB')} characters` })
        continue
      }
      const raw: Partial<Record<ImportField, string>> = {}
      for (const [field, column] of Object.entries(source.mapping) as Array<[ImportField, string]>) {
        const value = record[index.get(column) as number]?.trim()
        if (value) raw[field] = value
      }
      const id = raw.sourceRecordId
      const earlier = id ? seenIds.get(id) : undefined
      if (id && earlier === undefined) seenIds.set(id, line)
      const checked = validateRow(raw, today)
      if (!checked.ok) {
        for (const p of checked.problems) problems.push({ line, message: `Line ${line}, column '${source.mapping[p.field] ?? IMPORT_FIELD_LABELS[p.field]}': ${p.message}` })
      } else if (earlier !== undefined) {
        problems.push({ line, message: `Line ${line}, column '${source.mapping.sourceRecordId}': the record id is also on line ${earlier}; each row must be a different record` })
      } else {
        rows.push({ line, data: checked.values })
      }
    }
    if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS), more: Math.max(0, problems.length - MAX_PROBLEMS) }
    const used = new Set(Object.values(source.mapping))
    return {
      ok: true,
      extract: { sha256: createHash('sha256').update(bytes).digest('hex'), header, rows, ignoredColumns: header.filter((h) => !used.has(h)) },
    }
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problems: error.problems, more: 0 }
    throw error
  }
}

import fs from 'node:fs'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parse, CsvError } from 'csv-parse'

/**
 * Streaming CSV input for linkage (csv-parse): quoted fields, CRLF, a UTF-8 byte-order mark and a missing final
 * newline are fine; anything else wrong stops the read with an InputError naming the file and line.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file}: line ${line}: ${detail}`)
    this.name = 'InputError'
  }
}

/** Longest record accepted, in characters: a multi-megabyte field is a broken export, not a person. */
export const MAX_RECORD_CHARS = 1_000_000

export interface CsvTable {
  readonly header: readonly string[]
  /** The requested columns, in the order asked for, per data row. */
  readonly rows: string[][]
  /** Source line (1-based) where each row ends. */
  readonly lines: number[]
}

/** Decodes UTF-8 strictly, so a Latin-1 or UTF-16 file fails with the line of the first bad byte. */
class StrictUtf8 extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })
  private line = 1
  private first = true
  constructor(private readonly file: string) {
    super({ decodeStrings: true, readableObjectMode: false })
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.first) {
      this.first = false
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        return done(new InputError(this.file, 1, 'the file is UTF-16; save it as UTF-8 (CSV UTF-8) and try again'))
      }
    }
    try {
      done(null, this.decode(chunk, true))
    } catch (error) {
      done(error as Error) // decode() throws only InputError
    }
  }
  override _flush(done: TransformCallback): void {
    try {
      done(null, this.decode(undefined, false))
    } catch (error) {
      done(error as Error) // decode() throws only InputError
    }
  }
  private decode(chunk: Buffer | undefined, stream: boolean): string {
    let text: string
    try {
      text = this.decoder.decode(chunk, { stream })
    } catch {
      // Find the line: decode the chunk up to the bad byte leniently.
      const partial = chunk ? new TextDecoder('utf-8').decode(chunk).split('\uFFFD')[0] ?? '' : ''
      throw new InputError(this.file, this.line + countNewlines(partial), 'the file is not valid UTF-8 text (wrong encoding?); save it as UTF-8 and try again')
    }
    this.line += countNewlines(text)
    if (text.includes('\0')) throw new InputError(this.file, this.line, 'the file contains NUL bytes; it is not a text CSV file')
    return text
  }
}

function countNewlines(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++
  return n
}

/**
 * Reads a CSV file with a header row and returns the named columns. Headers and values are trimmed. Fails on a
 * missing file, an empty file, no data rows, a requested column that is not in the header, malformed CSV, bad
 * encoding or an oversized record.
 */
export async function readCsvColumns(file: string, columns: readonly string[]): Promise<CsvTable> {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    throw new InputError(file, undefined, 'file not found')
  }
  if (!stat.isFile()) throw new InputError(file, undefined, 'not a file')
  if (stat.size === 0) throw new InputError(file, undefined, 'the file is empty')
  let header: string[] | undefined
  let picks: number[] = []
  const rows: string[][] = []
  const lines: number[] = []
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, max_record_size: MAX_RECORD_CHARS, info: true })
  const collect = new Transform({
    objectMode: true,
    transform(item: { record: string[]; info: { lines: number } }, _enc, done) {
      const { record, info } = item
      if (!header) {
        header = record
        const seen = new Set<string>()
        for (const h of header) {
          if (seen.has(h)) return done(new InputError(file, info.lines, `column "${h}" appears twice in the header`))
          seen.add(h)
        }
        const missing = columns.filter((c) => !seen.has(c))
        if (missing.length) {
          const list = header.map((h) => `"${h}"`).join(', ')
          return done(new InputError(file, info.lines, `no column ${missing.map((c) => `"${c}"`).join(', ')} in the header (columns: ${list})`))
        }
        picks = columns.map((c) => header?.indexOf(c) ?? -1)
        return done()
      }
      rows.push(picks.map((p) => record[p] ?? ''))
      lines.push(info.lines)
      done()
    },
  })
  try {
    await pipeline(fs.createReadStream(file), new StrictUtf8(file), parser, collect)
  } catch (error) {
    if (error instanceof InputError) throw error
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines // csv-parse sets lines on every parse error
      throw new InputError(file, line, `malformed CSV: ${describeCsvError(error)}`)
    }
    throw new InputError(file, undefined, (error as Error).message)
  }
  if (!header) throw new InputError(file, undefined, 'the file has no header row')
  if (rows.length === 0) throw new InputError(file, undefined, 'the file has a header but no data rows')
  return { header, rows, lines }
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return `a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters (an unclosed quote or a broken export?)`
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `wrong number of fields (${error.message.replace(/^.*?:\s*/, '')})`
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed'
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'stray characters after a closing quote'
    default:
      return error.message
  }
}

import { readCsvColumns, InputError } from './csv.ts'
import { createStandardiser, type FieldName, type StandardisedRecord } from './records.ts'

/** What `lantern link` reads: one file (deduplicate) or two (link across), an id column and field mappings. */
export interface LinkInputSpec {
  readonly files: readonly string[]
  readonly idColumn: string
  readonly fields: Partial<Record<FieldName, string>>
  /** Write ids as `1:ID` / `2:ID` (needed when the two files' ids collide). */
  readonly prefixIds?: boolean
}

export interface LinkInput {
  readonly ids: string[]
  readonly records: StandardisedRecord[]
  /** File number (0 or 1) per record in link mode; undefined when deduplicating one file. */
  readonly source: Uint8Array | undefined
}

export async function loadLinkInput(spec: LinkInputSpec): Promise<LinkInput> {
  const mapped = Object.entries(spec.fields).filter((e): e is [FieldName, string] => e[1] !== undefined)
  const columns = [spec.idColumn, ...mapped.map(([, column]) => column)]
  const standardise = createStandardiser()
  const ids: string[] = []
  const records: StandardisedRecord[] = []
  const sources: number[] = []
  const seen = new Map<string, { file: number; line: number }>()
  const unique = [...new Set(columns)]
  const at = (column: string) => unique.indexOf(column)
  for (const [f, file] of spec.files.entries()) {
    const table = await readCsvColumns(file, unique)
    const idAt = at(spec.idColumn)
    table.rows.forEach((row, r) => {
      const line = table.lines[r]
      const raw = row[idAt] ?? ''
      if (raw === '') throw new InputError(file, line, `the id column "${spec.idColumn}" is empty`)
      const id = spec.prefixIds ? `${f + 1}:${raw}` : raw
      const before = seen.get(id)
      if (before) {
        if (before.file === f) throw new InputError(file, line, `id "${raw}" appears twice (first at line ${before.line})`)
        throw new InputError(file, line, `id "${raw}" is also in ${spec.files[before.file]}; add --prefix-ids to tell the files apart`)
      }
      seen.set(id, { file: f, line: line ?? 0 })
      const values: Partial<Record<FieldName, string>> = {}
      for (const [field, column] of mapped) values[field] = row[at(column)] ?? ''
      ids.push(id)
      records.push(standardise(values))
      sources.push(f)
    })
  }
  return { ids, records, source: spec.files.length > 1 ? Uint8Array.from(sources) : undefined }
}

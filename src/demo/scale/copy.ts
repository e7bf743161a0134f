import { getTableColumns } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'

/**
 * Rows of a Drizzle table as PostgreSQL COPY text (tab-separated, `\N` for null), the format both `psql \copy`
 * and PGlite's `COPY … FROM '/dev/blob'` read. The column list is fixed by the caller (`copyColumns`), so every
 * batch of a table lines up with one header.
 */
export type CopyColumn = { key: string; name: string; column: PgColumn }

/** The columns the rows set (a generated identity and keys no row sets are left to the database's defaults). */
export function copyColumns(table: PgTable, rows: readonly Record<string, unknown>[]): CopyColumn[] {
  const used = new Set<string>()
  for (const row of rows) for (const [k, v] of Object.entries(row)) if (v !== undefined) used.add(k)
  return Object.entries(getTableColumns(table))
    .filter(([key, column]) => used.has(key) && !(column as PgColumn).generatedIdentity)
    .map(([key, column]) => ({ key, name: (column as PgColumn).name, column: column as PgColumn }))
}

const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
const arrayItem = (v: unknown) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

function field(value: unknown, column: PgColumn): string {
  if (value === undefined) {
    const d = column.default
    value = typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean' ? d : null
  }
  if (value === null || value === undefined) return '\\N'
  if (value instanceof Date) return value.toISOString()
  if (column.columnType === 'PgJsonb' || column.columnType === 'PgJson') return escapeText(JSON.stringify(value))
  if (Array.isArray(value)) return escapeText(`{${value.map(arrayItem).join(',')}}`)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'object') return escapeText(JSON.stringify(value))
  return escapeText(String(value))
}

export function copyText(columns: readonly CopyColumn[], rows: readonly Record<string, unknown>[]): string {
  let out = ''
  for (const row of rows) out += columns.map((c) => field(row[c.key], c.column)).join('\t') + '\n'
  return out
}

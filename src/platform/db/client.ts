import fs from 'node:fs'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import pg from 'pg'

/**
 * A database handle or an open transaction: both drivers share this query-builder surface. We use the SQL-like
 * builder (`select().from(table)`) rather than Drizzle's relational API, so no schema object is registered and
 * the platform never needs to import module tables.
 */
export type Db = PgDatabase<PgQueryResultHKT>
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>

export type Database = {
  kind: 'pglite' | 'postgres'
  db: Db
  /** Run `fn` in one transaction; everything in it commits or nothing does. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
  close(): Promise<void>
  /** The raw PGlite instance in embedded mode (tests use it to clone databases). */
  pglite?: PGlite
}

// Both drivers must return the same JavaScript types (STACK.md §4): int8 → number, date → 'YYYY-MM-DD'.
const parseInt8 = (v: string): number => {
  const n = Number(v)
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} is beyond JavaScript's safe integer range`)
  return n
}
pg.types.setTypeParser(20, parseInt8)
pg.types.setTypeParser(1082, (v: string) => v)

export const PGLITE_EXTENSIONS = { pg_trgm, fuzzystrmatch }
export const PGLITE_PARSERS = {
  [pgliteTypes.INT8]: parseInt8,
  [pgliteTypes.DATE]: (v: string) => v,
}

export async function openPglite(dir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  if (dir) fs.mkdirSync(dir, { recursive: true })
  const client = await PGlite.create({
    ...(dir ? { dataDir: dir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: PGLITE_EXTENSIONS,
    parsers: PGLITE_PARSERS,
  })
  const db = drizzlePglite(client) as unknown as Db
  return {
    kind: 'pglite',
    db,
    transaction: (fn) => db.transaction(fn),
    close: () => client.close(),
    pglite: client,
  }
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000 })
  // Fail fast with a clear message when the server is down or the URL is wrong.
  const probe = await pool.connect()
  probe.release()
  const db = drizzlePg(pool) as unknown as Db
  return {
    kind: 'postgres',
    db,
    transaction: (fn) => db.transaction(fn),
    close: () => pool.end(),
  }
}

import type { SQL } from 'drizzle-orm'
import type { Db } from './client.ts'

/**
 * Run a raw SQL fragment and return its rows. Both drivers answer `execute` with an object that has `rows`
 * (node-postgres QueryResult, PGlite Results); Drizzle types it loosely because the shapes differ elsewhere.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

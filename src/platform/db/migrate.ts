import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import { openPostgres, type Database } from './client.ts'

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations')

/** Apply pending migrations to the embedded database. */
export async function migrateEmbedded(database: Database): Promise<void> {
  // The cast is safe: openPglite builds this handle with drizzle-orm/pglite.
  await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER })
}

/**
 * Apply pending migrations on PostgreSQL as the schema owner, then grant the application role what it needs —
 * and no more: it may read and write ordinary tables but only INSERT and SELECT audit rows (CONTRACTS.md §3).
 */
export async function migratePostgres(migrationUrl: string, appUrl: string): Promise<void> {
  const owner = await openPostgres(migrationUrl, { max: 1 })
  try {
    await migratePg(owner.db as unknown as NodePgDatabase, { migrationsFolder: MIGRATIONS_FOLDER })
    const appRole = new URL(appUrl).username
    const ownerRole = new URL(migrationUrl).username
    if (appRole && appRole !== ownerRole) {
      const role = sql.identifier(decodeURIComponent(appRole))
      await owner.db.execute(sql`GRANT USAGE ON SCHEMA public TO ${role}`)
      await owner.db.execute(sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`)
      await owner.db.execute(sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`)
      await owner.db.execute(sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${role}`)
      await owner.db.execute(sql`GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${role}`).catch(() => undefined)
    }
  } finally {
    await owner.close()
  }
}

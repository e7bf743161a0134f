import { sql } from 'drizzle-orm'
import { systemActor } from '../platform/access/actor.ts'
import { agencies } from '../platform/auth/schema.ts'
import { AuditLog } from '../platform/audit/log.ts'
import { loadAuditKey } from '../platform/audit/key.ts'
import type { Config } from '../platform/config/index.ts'
import { runWork, systemClock, type Platform } from '../platform/context/index.ts'
import { openPostgres, type Database } from '../platform/db/client.ts'
import { openEmbedded } from '../platform/db/template.ts'
import { ROOT_DIR } from '../platform/http/app.ts'
import { acquireDataFolderLock } from '../platform/db/lock.ts'
import { migrateEmbedded, migratePostgres } from '../platform/db/migrate.ts'
import { backfillSearchKeys } from '../modules/people/search.ts'
import { registerAllPolicies } from '../modules/index.ts'
import { seedDemo } from '../demo/index.ts'

export type Runtime = Platform & { release(): Promise<void> }

/** Today's date in Europe/London, for the demo data (deterministic for a given date). */
export function londonToday(config: Config, now = new Date()): string {
  return config.today ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now)
}

/**
 * Open what a Lantern process needs: the data-folder lock (embedded mode), the database, the audit key. The
 * caller migrates and seeds (so a server can answer /health/live meanwhile).
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  registerAllPolicies()
  const release = config.databaseUrl ? () => undefined : acquireDataFolderLock(config.dataDir)
  let database: Database
  try {
    database = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openEmbedded(config.pgliteDir, ROOT_DIR)
  } catch (error) {
    release()
    throw new DatabaseUnavailableError(config, error)
  }
  const key = loadAuditKey({ key: config.auditKey, keyFile: config.auditKeyFile, create: true })
  return {
    database,
    auditLog: new AuditLog(key, config.auditCheckpointFile),
    clock: systemClock,
    release: async () => {
      await database.close()
      release()
    },
  }
}

export class DatabaseUnavailableError extends Error {
  constructor(config: Config, cause: unknown) {
    const where = config.databaseUrl ? `PostgreSQL at ${redactUrl(config.databaseUrl)}` : `the embedded database in ${config.pgliteDir}`
    super(`Lantern could not open ${where}: ${(cause as Error)?.message ?? cause}`)
    this.name = 'DatabaseUnavailableError'
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparseable URL)'
  }
}

export async function migrate(runtime: Runtime, config: Config): Promise<void> {
  if (runtime.database.kind === 'pglite') await migrateEmbedded(runtime.database)
  else await migratePostgres(config.migrationUrl ?? (config.databaseUrl as string), config.databaseUrl as string)
  // Search keys are computed in TypeScript, so a migration that adds or empties them is completed here (ADR 0008).
  await backfillSearchKeys(runtime.database.db)
}

/** Load the demo partnership unless any agency exists. Returns true if it seeded. */
export async function seedIfEmpty(runtime: Runtime, config: Config): Promise<boolean> {
  const [row] = await runtime.database.db.select({ n: sql<number>`count(*)::int` }).from(agencies)
  if ((row?.n ?? 0) > 0) return false
  await runWork(runtime, systemActor('demo-seed'), 'demo-seed', (ctx) => seedDemo(ctx, { today: londonToday(config) }))
  return true
}

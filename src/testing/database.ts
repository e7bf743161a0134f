import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { systemActor } from '../platform/access/actor.ts'
import { AuditLog } from '../platform/audit/log.ts'
import { runWork, type Clock } from '../platform/context/index.ts'
import { openPglite, openPostgres, type Database } from '../platform/db/client.ts'
import { MIGRATIONS_FOLDER, migrateEmbedded, migratePostgres } from '../platform/db/migrate.ts'
import { registerAllPolicies } from '../modules/index.ts'
import { seedDemo } from '../demo/index.ts'

/** Tests run "as of" this day so demo data (and what it makes visible) is the same on every run. */
export const TEST_TODAY = '2026-11-28'

export type TestClock = Clock & { advance(ms: number): void; set(date: Date): void }

/** Real time plus an adjustable offset: timeouts and expiries are tested by moving it, never by sleeping. */
export function testClock(): TestClock {
  let offset = 0
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => void (offset += ms),
    set: (date) => void (offset = date.getTime() - Date.now()),
  }
}

export type TestDatabase = {
  kind: 'pglite' | 'postgres'
  /** As the application role on PostgreSQL. */
  database: Database
  /** Schema owner (PostgreSQL) — for tamper tests that must bypass the application role's limits. */
  ownerUrl?: string
  appUrl?: string
  auditKey: Buffer
  checkpointFile: string
  close(): Promise<void>
}

export function testEngine(): 'pglite' | 'postgres' {
  return process.env.LANTERN_TEST_DB === 'postgres' ? 'postgres' : 'pglite'
}

function migrationsHash(): string {
  const h = createHash('sha256')
  for (const f of fs.readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    const p = path.join(MIGRATIONS_FOLDER, f)
    if (fs.statSync(p).isFile()) h.update(f).update(fs.readFileSync(p))
  }
  return h.digest('hex').slice(0, 16)
}

/**
 * A fresh, migrated database for one test file — optionally with the demo partnership — on the engine the
 * suite runs against (LANTERN_TEST_DB). PGlite databases are cloned from a cached template (0.5 s, not 4 s);
 * PostgreSQL ones are a new database in the throwaway cluster, used through the application role.
 */
export async function openTestDatabase(options: { seeded?: boolean } = {}): Promise<TestDatabase> {
  registerAllPolicies()
  const seeded = options.seeded ?? true
  const auditKey = randomBytes(32)
  const checkpointFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-audit-')), 'checkpoints.log')
  const auditLog = new AuditLog(auditKey, checkpointFile)
  const seed = async (database: Database) => {
    if (!seeded) return
    await runWork({ database, auditLog, clock: { now: () => new Date() } }, systemActor('demo-seed'), 'test-seed', (ctx) => seedDemo(ctx, { today: TEST_TODAY }))
  }
  if (testEngine() === 'pglite') {
    // The seeded template's audit rows are hashed with a key this file does not know, so seed per file instead:
    // the template holds only the migrated schema.
    const template = path.join(os.tmpdir(), `lantern-pglite-template-${migrationsHash()}.tar.gz`)
    let database: Database
    if (fs.existsSync(template)) {
      database = await openPglite(undefined, new Blob([fs.readFileSync(template)]))
    } else {
      database = await openPglite(undefined)
      await migrateEmbedded(database)
      const dump = await database.pglite?.dumpDataDir('gzip')
      if (dump) fs.writeFileSync(`${template}.${process.pid}`, Buffer.from(await dump.arrayBuffer()))
      fs.renameSync(`${template}.${process.pid}`, template)
    }
    await seed(database)
    return { kind: 'pglite', database, auditKey, checkpointFile, close: () => database.close() }
  }
  const ownerBase = process.env.LANTERN_TEST_PG_URL
  const appBase = process.env.LANTERN_TEST_PG_APP_URL
  if (!ownerBase || !appBase) throw new Error('LANTERN_TEST_DB=postgres but the cluster URLs are not set (run through scripts/test)')
  const name = `lantern_t_${randomBytes(6).toString('hex')}`
  const admin = await openPostgres(ownerBase, { max: 1 })
  await admin.db.execute(sql.raw(`create database ${name}`))
  await admin.close()
  const withDb = (url: string) => {
    const u = new URL(url)
    u.pathname = `/${name}`
    return u.toString()
  }
  const ownerUrl = withDb(ownerBase)
  const appUrl = withDb(appBase)
  await migratePostgres(ownerUrl, appUrl)
  const database = await openPostgres(appUrl, { max: 4 })
  await seed(database)
  return { kind: 'postgres', database, ownerUrl, appUrl, auditKey, checkpointFile, close: () => database.close() }
}

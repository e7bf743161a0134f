import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngine } from '../../testing/database.ts'
import { ROOT_DIR } from '../http/app.ts'
import { openPglite } from '../db/client.ts'
import { queryRows } from '../db/rows.ts'
import { systemActor } from '../access/actor.ts'
import { runWork, systemClock } from '../context/index.ts'
import { loadAuditKey } from './key.ts'
import { AuditLog } from './log.ts'

type Run = { code: number | null; stdout: string; stderr: string }

// The CLI's embedded mode is PGlite, so this runs in the pglite pass only; the postgres pass covers the same
// verification logic in-process (audit-tamper.int.test.ts).
describe.skipIf(testEngine() !== 'pglite')('lantern audit verify (CLI, embedded database)', () => {
  let dataDir: string

  function lantern(...args: string[]): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, LANTERN_DATA_DIR: dataDir, LANTERN_TODAY: '2026-11-28', LOG_LEVEL: 'silent' }
    for (const name of ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'LANTERN_AUDIT_KEY', 'LANTERN_AUDIT_KEY_FILE', 'LANTERN_AUDIT_CHECKPOINT_FILE', 'LANTERN_DEMO']) delete env[name]
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(ROOT_DIR, 'node_modules/.bin/tsx'), ['src/main/cli.ts', ...args], { cwd: ROOT_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })
  }

  /** Open the data folder directly (the CLI has exited and released it) and run `fn` with the triggers off. */
  async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
    const database = await openPglite(path.join(dataDir, 'pgdata'))
    try {
      await database.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_events disable trigger user`)
        await tx.execute(statement)
        await tx.execute(sql`alter table audit_events enable trigger user`)
      })
    } finally {
      await database.close()
    }
  }

  async function auditRowCount(): Promise<number> {
    const database = await openPglite(path.join(dataDir, 'pgdata'))
    try {
      const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events`)
      return row?.n ?? 0
    } finally {
      await database.close()
    }
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-audit-'))
    const migrated = await lantern('migrate')
    expect(migrated, migrated.stderr).toMatchObject({ code: 0 })
    const seeded = await lantern('demo', 'seed')
    expect(seeded, seeded.stderr).toMatchObject({ code: 0 })
  }, 180_000)

  afterAll(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('keeps the key and the witness file outside the database folder', () => {
    expect(fs.existsSync(path.join(dataDir, 'audit.key'))).toBe(true)
    expect(fs.existsSync(path.join(dataDir, 'audit-checkpoints.log'))).toBe(true)
    expect(fs.statSync(path.join(dataDir, 'audit.key')).mode & 0o777).toBe(0o600)
    expect(fs.readdirSync(path.join(dataDir, 'pgdata'))).not.toContain('audit.key')
  })

  it('exits 0 and says "audit chain intact" on an untouched chain (rows from the CLI and from the app alike)', async () => {
    // More units of work, written the way the running app writes them (same key file, same witness file).
    const database = await openPglite(path.join(dataDir, 'pgdata'))
    try {
      const key = loadAuditKey({ key: undefined, keyFile: path.join(dataDir, 'audit.key'), create: false })
      const platform = { database, auditLog: new AuditLog(key, path.join(dataDir, 'audit-checkpoints.log')), clock: systemClock }
      for (let i = 0; i < 5; i++) {
        await runWork(platform, systemActor('cli-test'), `cli-test-${i}`, async (ctx) => ctx.audit.record({ action: 'test.event', outcome: 'succeeded', details: { i } }))
      }
    } finally {
      await database.close()
    }
    expect(await auditRowCount()).toBeGreaterThanOrEqual(6)
    const result = await lantern('audit', 'verify')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/audit chain intact/)
    expect(result.stdout).not.toMatch(/first bad seq/)
  }, 60_000)

  it('exits 1 and prints the first missing seq after the tail was cut off', async () => {
    await tamper(sql`delete from audit_events where seq >= 4`)
    const result = await lantern('audit', 'verify')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^first bad seq: 4$/m)
  }, 60_000)

  it('exits 1 and prints "first bad seq: N" after an edited row', async () => {
    await tamper(sql`update audit_events set details = details || '{"tampered": true}'::jsonb where seq = 2`)
    const result = await lantern('audit', 'verify')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^first bad seq: 2$/m)
  }, 60_000)
})

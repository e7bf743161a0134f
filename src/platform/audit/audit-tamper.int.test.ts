import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asc, sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, testClock, testEngine, type TestDatabase } from '../../testing/database.ts'
import { systemActor, type Actor, type UserActor } from '../access/actor.ts'
import { runWork, type Platform } from '../context/index.ts'
import { openPostgres, type Database, type Tx } from '../db/client.ts'
import { queryRows } from '../db/rows.ts'
import { computeRowHash } from './chain.ts'
import { AuditLog, type AuditEvent } from './log.ts'
import { auditEvents } from './schema.ts'
import { verifyAuditChain, type VerifyResult } from './verify.ts'

type Row = typeof auditEvents.$inferSelect

const engine = testEngine()
let testDb: TestDatabase
let platform: Platform
/** The table owner: bypasses the append-only triggers deliberately (PGlite: the one superuser connection). */
let owner: Database

const someUser: UserActor = {
  kind: 'user',
  userId: randomUUID(),
  email: 'mash.manager@demo.lantern.test',
  displayName: 'Sarah Whitfield',
  userRoleProfileId: randomUUID(),
  roleProfile: 'mash-manager',
  teamId: randomUUID(),
  teamName: 'MASH',
  agencyId: randomUUID(),
  agencyName: "Peterborough City Council Children's Services (demo)",
  agencyType: 'childrens-social-care',
  via: 'session',
}

function eventsFor(unit: number, count: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    action: i % 3 === 0 ? 'people.viewed' : i % 3 === 1 ? 'people.searched' : 'people.edit',
    outcome: i % 5 === 4 ? 'denied' : 'allowed',
    resourceType: 'person',
    resourceId: randomUUID(),
    ...(i % 2 === 0 ? { personId: randomUUID() } : {}),
    ...(i % 4 === 0 ? { purpose: 'relationship: allocation' } : {}),
    details: { unit, i, nested: { z: 'Zoë Ó Briain — 😀', a: [1, 2, { y: null, b: true }] }, query: `o'brien "x" \\ ${i}` },
  }))
}

const verify = (checkpointFile = testDb.checkpointFile): Promise<VerifyResult> => verifyAuditChain(testDb.database.db, testDb.auditKey, checkpointFile)
const readAll = (): Promise<Row[]> => testDb.database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq))
const maxSeq = async (): Promise<number> => (await readAll()).at(-1)?.seq ?? 0

/** Run `fn` as the owner with the append-only triggers disabled — in one transaction, so no one else sees them off. */
async function asTamperer(fn: (tx: Tx) => Promise<void>): Promise<void> {
  await owner.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`)
    await fn(tx)
    await tx.execute(sql`alter table audit_events enable trigger user`)
  })
}

/** Replace the whole table with `rows` (how the randomized loop applies a tampering, and how every test restores). */
async function replaceAll(rows: readonly Row[]): Promise<void> {
  await asTamperer(async (tx) => {
    await tx.execute(sql`delete from audit_events`)
    for (let i = 0; i < rows.length; i += 500) await tx.insert(auditEvents).values(rows.slice(i, i + 500))
  })
}

/** Tamper, check, and always put the chain back as it was. */
async function tampered(mutate: (tx: Tx, rows: Row[]) => Promise<void>): Promise<VerifyResult> {
  const originals = await readAll()
  try {
    await asTamperer((tx) => mutate(tx, originals))
    return await verify()
  } finally {
    await replaceAll(originals)
    expect(await verify()).toMatchObject({ ok: true })
  }
}

function rehash(key: Buffer, row: Row, prevHash: string): Row {
  const next = { ...row, prevHash }
  return { ...next, hash: computeRowHash(key, next) }
}

/** Recompute every hash from index `from` on, so the chain is internally consistent again (an insider with the key). */
function rechain(rows: Row[], from: number, key = testDb.auditKey): Row[] {
  const out = rows.slice(0, from)
  let prev = from > 0 ? (out[from - 1] as Row).hash : '0'.repeat(64)
  for (const row of rows.slice(from)) {
    const fixed = rehash(key, row, prev)
    out.push(fixed)
    prev = fixed.hash
  }
  return out
}

function errorText(error: unknown): string {
  const parts: string[] = []
  let e = error as { message?: string; cause?: unknown } | undefined
  while (e) {
    parts.push(String(e.message))
    e = e.cause as typeof e
  }
  return parts.join(' | ')
}

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return errorText(error)
  }
  throw new Error('expected the statement to be refused')
}

const N_UNITS = [7, 1, 23, 40, 2, 15, 31, 9, 38, 4, 26, 19, 12, 33, 3, 20]
const N = N_UNITS.reduce((a, b) => a + b, 0)

beforeAll(async () => {
  testDb = await openTestDatabase({ seeded: false })
  platform = { database: testDb.database, auditLog: new AuditLog(testDb.auditKey, testDb.checkpointFile), clock: testClock() }
  owner = engine === 'postgres' ? await openPostgres(testDb.ownerUrl as string, { max: 1 }) : testDb.database
  // Several units of work, by a user and by the system, with varied rows.
  for (const [unit, count] of N_UNITS.entries()) {
    const actor: Actor = unit % 3 === 2 ? systemActor('cli') : someUser
    await runWork(platform, actor, randomUUID(), async (ctx) => {
      for (const e of eventsFor(unit, count)) ctx.audit.record(e)
    })
  }
})

afterAll(async () => {
  if (owner && owner !== testDb?.database) await owner.close()
  await testDb?.close()
})

describe(`audit chain: tamper detection (${engine})`, () => {
  it('a chain written by several units of work is gapless, witnessed and verifies', async () => {
    const rows = await readAll()
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1))
    expect(rows[0]?.prevHash).toBe('0'.repeat(64))
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash)
    expect(await verify()).toEqual({ ok: true, rows: N, witnessed: N })
    // The witness file holds exactly the committed hashes.
    const lines = fs.readFileSync(testDb.checkpointFile, 'utf8').trim().split('\n')
    expect(lines).toEqual(rows.map((r) => `${r.seq} ${r.hash}`))
  })

  it('the wrong key fails at seq 1', async () => {
    expect(await verifyAuditChain(testDb.database.db, randomBytes(32), testDb.checkpointFile)).toMatchObject({ ok: false, firstBadSeq: 1 })
  })

  describe('edited row', () => {
    const k = 57
    const edits: Record<string, ReturnType<typeof sql>> = {
      action: sql`update audit_events set action = action || '.x' where seq = ${k}`,
      outcome: sql`update audit_events set outcome = case when outcome = 'denied' then 'allowed' else 'denied' end where seq = ${k}`,
      at: sql`update audit_events set at = at + interval '1 millisecond' where seq = ${k}`,
      actor_label: sql`update audit_events set actor_label = 'someone.else@demo.lantern.test' where seq = ${k}`,
      actor_user_id: sql`update audit_events set actor_user_id = null where seq = ${k}`,
      role_profile: sql`update audit_events set role_profile = 'system-admin' where seq = ${k}`,
      agency_id: sql`update audit_events set agency_id = gen_random_uuid() where seq = ${k}`,
      resource_id: sql`update audit_events set resource_id = 'x' where seq = ${k}`,
      resource_type: sql`update audit_events set resource_type = 'contact' where seq = ${k}`,
      person_id: sql`update audit_events set person_id = gen_random_uuid() where seq = ${k}`,
      purpose: sql`update audit_events set purpose = 'break-glass: covering tracks' where seq = ${k}`,
      correlation_id: sql`update audit_events set correlation_id = 'forged' where seq = ${k}`,
      details: sql`update audit_events set details = details || '{"i": 999}'::jsonb where seq = ${k}`,
      prev_hash: sql`update audit_events set prev_hash = repeat('0', 64) where seq = ${k}`,
      hash: sql`update audit_events set hash = repeat('a', 64) where seq = ${k}`,
    }
    for (const [column, statement] of Object.entries(edits)) {
      it(`${column} changed at seq ${k} → first bad seq ${k}`, async () => {
        const result = await tampered(async (tx) => {
          await tx.execute(statement)
        })
        expect(result).toMatchObject({ ok: false, firstBadSeq: k })
      })
    }

    it('the first and the last row', async () => {
      for (const seq of [1, N]) {
        const result = await tampered(async (tx) => {
          await tx.execute(sql`update audit_events set details = '{}'::jsonb where seq = ${seq}`)
        })
        expect(result).toMatchObject({ ok: false, firstBadSeq: seq })
      }
    })

    it('an edit whose hash is recomputed with a guessed key → first bad seq is the edited row', async () => {
      const result = await tampered(async (tx, rows) => {
        const row = rows[k - 1] as Row
        const forged = rehash(randomBytes(32), { ...row, action: 'people.searched' }, row.prevHash)
        await tx.execute(sql`update audit_events set action = ${forged.action}, hash = ${forged.hash} where seq = ${k}`)
      })
      expect(result).toMatchObject({ ok: false, firstBadSeq: k })
    })
  })

  describe('deleted row', () => {
    for (const k of [1, 2, 100, N - 1]) {
      it(`seq ${k} deleted → first bad seq ${k}`, async () => {
        const result = await tampered(async (tx) => {
          await tx.execute(sql`delete from audit_events where seq = ${k}`)
        })
        expect(result).toMatchObject({ ok: false, firstBadSeq: k })
      })
    }

    it('a deleted row with later seqs renumbered down (no gap) → the deleted seq', async () => {
      const k = 80
      const result = await tampered(async (tx) => {
        await tx.execute(sql`delete from audit_events where seq = ${k}`)
        await tx.execute(sql`update audit_events set seq = -(seq - 1) where seq > ${k}`)
        await tx.execute(sql`update audit_events set seq = -seq where seq < 0`)
      })
      expect(result).toMatchObject({ ok: false, firstBadSeq: k })
    })
  })

  describe('reordered rows', () => {
    for (const [i, j] of [
      [10, 200],
      [44, 45],
      [1, 2],
      [N - 1, N],
    ] as const) {
      it(`seqs ${i} and ${j} swapped → first bad seq ${i}`, async () => {
        const result = await tampered(async (tx) => {
          await tx.execute(sql`update audit_events set seq = -1 where seq = ${i}`)
          await tx.execute(sql`update audit_events set seq = ${i} where seq = ${j}`)
          await tx.execute(sql`update audit_events set seq = ${j} where seq = -1`)
        })
        expect(result).toMatchObject({ ok: false, firstBadSeq: i })
      })
    }
  })

  describe('inserted forged row in the middle', () => {
    const k = 120
    async function insertAt(tx: Tx, forged: Row): Promise<void> {
      await tx.execute(sql`update audit_events set seq = -(seq + 1) where seq >= ${k}`)
      await tx.execute(sql`update audit_events set seq = -seq where seq < 0`)
      await tx.insert(auditEvents).values(forged)
    }
    const forgedFrom = (rows: Row[]): Row => ({
      ...(rows[k - 2] as Row),
      seq: k,
      action: 'people.viewed',
      details: { forged: true },
      prevHash: (rows[k - 2] as Row).hash,
    })

    it('by someone without the key → first bad seq is the forged row', async () => {
      const result = await tampered(async (tx, rows) => insertAt(tx, rehash(randomBytes(32), forgedFrom(rows), (rows[k - 2] as Row).hash)))
      expect(result).toMatchObject({ ok: false, firstBadSeq: k })
    })

    it('by an insider with the key (the forged row hashes correctly) → the witness catches it at the forged seq', async () => {
      const result = await tampered(async (tx, rows) => insertAt(tx, rehash(testDb.auditKey, forgedFrom(rows), (rows[k - 2] as Row).hash)))
      expect(result).toMatchObject({ ok: false, firstBadSeq: k })
    })

    it('a forged row appended after the end → its seq', async () => {
      const result = await tampered(async (tx, rows) => {
        const last = rows.at(-1) as Row
        await tx.insert(auditEvents).values(rehash(randomBytes(32), { ...last, seq: N + 1, details: { forged: true } }, last.hash))
      })
      expect(result).toMatchObject({ ok: false, firstBadSeq: N + 1 })
    })
  })

  describe('recomputed tail (edit row k and re-hash every later row with the real key)', () => {
    const k = 150
    const recompute = async (tx: Tx, rows: Row[]) => {
      const edited = rows.map((r) => (r.seq === k ? { ...r, outcome: 'allowed' as const, details: { innocent: true } } : r))
      const fixed = rechain(edited, k - 1)
      await tx.execute(sql`delete from audit_events where seq >= ${k}`)
      await tx.insert(auditEvents).values(fixed.slice(k - 1))
    }

    it('is internally consistent: without the witness file the chain alone cannot tell', async () => {
      const noWitness = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-nowitness-')), 'none.log')
      const originals = await readAll()
      try {
        await asTamperer((tx) => recompute(tx, originals))
        expect(await verify(noWitness)).toMatchObject({ ok: true, rows: N, witnessed: 0 })
      } finally {
        await replaceAll(originals)
      }
    })

    it('the witness file catches it at seq k', async () => {
      const result = await tampered(recompute)
      expect(result).toMatchObject({ ok: false, firstBadSeq: k })
      expect((result as { problem: string }).problem).toMatch(/checkpoint/)
    })

    it('even from seq 1', async () => {
      const result = await tampered(async (tx, rows) => {
        const fixed = rechain(
          rows.map((r) => (r.seq === 1 ? { ...r, details: {} } : r)),
          0,
        )
        await tx.execute(sql`delete from audit_events`)
        for (let i = 0; i < fixed.length; i += 500) await tx.insert(auditEvents).values(fixed.slice(i, i + 500))
      })
      expect(result).toMatchObject({ ok: false, firstBadSeq: 1 })
    })
  })

  describe('truncation (rows cut off the end)', () => {
    for (const m of [1, 5, 60]) {
      it(`the last ${m} rows deleted → first bad seq is the first missing (${N - m + 1})`, async () => {
        const result = await tampered(async (tx) => {
          await tx.execute(sql`delete from audit_events where seq > ${N - m}`)
        })
        expect(result).toMatchObject({ ok: false, firstBadSeq: N - m + 1 })
        expect((result as { problem: string }).problem).toMatch(/removed/)
      })
    }

    it('every row deleted → first bad seq 1', async () => {
      const result = await tampered(async (tx) => {
        await tx.execute(sql`delete from audit_events`)
      })
      expect(result).toMatchObject({ ok: false, firstBadSeq: 1 })
    })
  })

  it('randomized tampering: 100% detected, with the right first bad seq (fast-check)', async () => {
    const originals = await readAll()
    const n = originals.length
    const kinds = ['edit', 'delete', 'swap', 'insert', 'insert-with-key', 'recompute-tail', 'truncate'] as const
    const scenario = fc.record({
      kind: fc.constantFrom(...kinds),
      a: fc.integer({ min: 1, max: n }),
      b: fc.integer({ min: 1, max: n }),
      field: fc.constantFrom('action', 'outcome', 'details', 'actorLabel', 'purpose', 'at', 'personId'),
    })
    let runs = 0
    await fc.assert(
      fc.asyncProperty(scenario, async ({ kind, a, b, field }) => {
        const rows = originals.map((r) => ({ ...r }))
        let tamperedRows: Row[]
        let expected: number
        const edit = (r: Row): Row => {
          switch (field) {
            case 'action':
              return { ...r, action: `${r.action}.x` }
            case 'outcome':
              return { ...r, outcome: r.outcome === 'denied' ? 'allowed' : 'denied' }
            case 'details':
              return { ...r, details: { ...r.details, tampered: a } }
            case 'actorLabel':
              return { ...r, actorLabel: 'x@example.org' }
            case 'purpose':
              return { ...r, purpose: r.purpose === 'p' ? 'q' : 'p' }
            case 'at':
              return { ...r, at: new Date(r.at.getTime() - 1000) }
            case 'personId':
              return { ...r, personId: r.personId === null ? randomUUID() : null }
          }
        }
        switch (kind) {
          case 'edit':
            tamperedRows = rows.map((r) => (r.seq === a ? edit(r) : r))
            expected = a
            break
          case 'delete':
            tamperedRows = rows.filter((r) => r.seq !== a)
            expected = a
            break
          case 'swap': {
            fc.pre(a !== b)
            const [lo, hi] = a < b ? [a, b] : [b, a]
            tamperedRows = rows.map((r) => (r.seq === lo ? { ...(rows[hi - 1] as Row), seq: lo } : r.seq === hi ? { ...(rows[lo - 1] as Row), seq: hi } : r))
            expected = lo
            break
          }
          case 'insert':
          case 'insert-with-key': {
            const key = kind === 'insert' ? randomBytes(32) : testDb.auditKey
            const prev = a > 1 ? (rows[a - 2] as Row).hash : '0'.repeat(64)
            const forged = rehash(key, { ...(rows[a - 1] as Row), seq: a, details: { forged: b } }, prev)
            tamperedRows = [...rows.slice(0, a - 1), forged, ...rows.slice(a - 1).map((r) => ({ ...r, seq: r.seq + 1 }))]
            expected = a
            break
          }
          case 'recompute-tail':
            tamperedRows = rechain(
              rows.map((r) => (r.seq === a ? edit(r) : r)),
              a - 1,
            )
            expected = a
            break
          case 'truncate':
            tamperedRows = rows.slice(0, a - 1)
            expected = a
            break
        }
        runs += 1
        await replaceAll(tamperedRows)
        const result = await verify()
        expect(result, `${kind} at ${a}/${b} (${field})`).toMatchObject({ ok: false, firstBadSeq: expected })
      }),
      { numRuns: 50, seed: 20261128, endOnFailure: true },
    ).finally(() => replaceAll(originals))
    expect(runs).toBeGreaterThanOrEqual(45)
    expect(await verify()).toMatchObject({ ok: true, rows: n })
  }, 240_000)
})

describe(`audit table is append-only (${engine})`, () => {
  it('UPDATE, DELETE and TRUNCATE are refused by the triggers, even for the table owner', async () => {
    for (const statement of [sql`update audit_events set action = 'x' where seq = 1`, sql`delete from audit_events where seq = ${N}`, sql`truncate audit_events`]) {
      expect(await refused(owner.db.execute(statement))).toMatch(/append-only/)
    }
    expect(await verify()).toMatchObject({ ok: true, rows: await maxSeq() })
  })

  it('the application connection is refused too', async () => {
    for (const statement of [sql`update audit_events set action = 'x' where seq = 1`, sql`delete from audit_events where seq = 1`, sql`truncate audit_events`]) {
      expect(await refused(testDb.database.db.execute(statement))).toMatch(engine === 'postgres' ? /permission denied|append-only/ : /append-only/)
    }
    // UPDATE ... inside a transaction that also does legitimate work: all of it rolls back.
    await expect(
      testDb.database.transaction(async (tx) => {
        await tx.execute(sql`update audit_events set action = 'x' where seq = 2`)
      }),
    ).rejects.toThrow()
    expect(await verify()).toMatchObject({ ok: true })
  })

  it.skipIf(engine !== 'postgres')('on PostgreSQL the application role has only SELECT and INSERT on audit_events', async () => {
    const [privileges] = await queryRows<Record<string, boolean | string>>(
      testDb.database.db,
      sql`select current_user as who,
                 has_table_privilege(current_user, 'audit_events', 'SELECT') as "select",
                 has_table_privilege(current_user, 'audit_events', 'INSERT') as "insert",
                 has_table_privilege(current_user, 'audit_events', 'UPDATE') as "update",
                 has_table_privilege(current_user, 'audit_events', 'DELETE') as "delete",
                 has_table_privilege(current_user, 'audit_events', 'TRUNCATE') as "truncate",
                 (select tableowner from pg_tables where tablename = 'audit_events') as "owner"`,
    )
    expect(privileges).toMatchObject({ select: true, insert: true, update: false, delete: false, truncate: false })
    expect(privileges?.owner).not.toBe(privileges?.who)
  })

  it.skipIf(engine !== 'postgres')('on PostgreSQL the application role cannot change audit rows even with the triggers disabled, nor disable them', async () => {
    expect(await refused(testDb.database.db.execute(sql`alter table audit_events disable trigger user`))).toMatch(/must be owner|permission denied/)
    await owner.db.execute(sql`alter table audit_events disable trigger user`)
    try {
      for (const statement of [sql`update audit_events set action = 'x' where seq = 1`, sql`delete from audit_events where seq = 1`, sql`truncate audit_events`]) {
        expect(await refused(testDb.database.db.execute(statement))).toMatch(/permission denied/)
      }
    } finally {
      await owner.db.execute(sql`alter table audit_events enable trigger user`)
    }
    expect(await verify()).toMatchObject({ ok: true })
  })
})

describe(`audit chain and units of work (${engine})`, () => {
  it('a rolled-back unit of work leaves no gap, but its denials and failures are recorded', async () => {
    const before = await maxSeq()
    const correlationId = randomUUID()
    await expect(
      runWork(platform, someUser, correlationId, async (ctx) => {
        ctx.audit.record({ action: 'people.viewed', outcome: 'allowed', resourceType: 'person', resourceId: 'r1' })
        ctx.audit.record({ action: 'people.view', outcome: 'denied', resourceType: 'person', resourceId: 'r2', details: { reason: 'no legitimate relationship' } })
        ctx.audit.record({ action: 'people.edited', outcome: 'succeeded', resourceType: 'person', resourceId: 'r1' })
        ctx.audit.record({ action: 'people.import', outcome: 'failed', resourceType: 'person' })
        throw new Error('work failed')
      }),
    ).rejects.toThrow('work failed')
    const rows = (await readAll()).filter((r) => r.seq > before)
    expect(rows.map((r) => [r.seq, r.action, r.outcome, r.correlationId])).toEqual([
      [before + 1, 'people.view', 'denied', correlationId],
      [before + 2, 'people.import', 'failed', correlationId],
    ])
    expect(rows[0]?.actorLabel).toBe(someUser.email)

    // A failed unit of work with nothing to keep writes nothing; the next one continues the chain without a gap.
    await expect(
      runWork(platform, someUser, randomUUID(), async (ctx) => {
        ctx.audit.record({ action: 'people.viewed', outcome: 'allowed' })
        await ctx.tx.execute(sql`select 1 / 0`)
      }),
    ).rejects.toThrow()
    expect(await maxSeq()).toBe(before + 2)
    await runWork(platform, someUser, randomUUID(), async (ctx) => ctx.audit.record({ action: 'people.viewed', outcome: 'allowed' }))
    expect(await maxSeq()).toBe(before + 3)
    expect(await verify()).toMatchObject({ ok: true, rows: before + 3, witnessed: before + 3 })
  })

  it('a denial survives a database error that aborted its transaction', async () => {
    const before = await maxSeq()
    await expect(
      runWork(platform, someUser, randomUUID(), async (ctx) => {
        ctx.audit.record({ action: 'people.view', outcome: 'denied', resourceType: 'person', details: { reason: 'sealed record' } })
        await ctx.tx.execute(sql`select * from no_such_table`)
      }),
    ).rejects.toThrow()
    const rows = (await readAll()).filter((r) => r.seq > before)
    expect(rows.map((r) => [r.seq, r.outcome])).toEqual([[before + 1, 'denied']])
    expect(await verify()).toMatchObject({ ok: true })
  })

  it('an event carrying a malformed person id or a NUL from a URL is still written, and the chain verifies', async () => {
    const before = await maxSeq()
    await expect(
      runWork(platform, someUser, randomUUID(), async (ctx) => {
        ctx.audit.record({ action: 'people.view', outcome: 'denied', resourceType: 'person', resourceId: 'not-a-uuid', personId: 'not-a-uuid' })
        ctx.audit.record({ action: 'people.view', outcome: 'denied', resourceType: 'person', resourceId: 'a\u0000b', personId: 'a\u0000b', details: { term: 'x\u0000y', nested: ['\u0000'] } })
        throw new Error('not found')
      }),
    ).rejects.toThrow('not found')
    const rows = (await readAll()).filter((r) => r.seq > before)
    expect(rows.map((r) => [r.personId, r.resourceId])).toEqual([
      [null, 'not-a-uuid'],
      [null, 'a\uFFFDb'],
    ])
    expect(rows[0]?.details).toEqual({ personIdAsGiven: 'not-a-uuid' })
    expect(rows[1]?.details).toEqual({ term: 'x\uFFFDy', nested: ['\uFFFD'], personIdAsGiven: 'a\uFFFDb' })
    expect(await verify()).toMatchObject({ ok: true })
  })

  it('concurrent units of work get gapless, correctly chained seqs', async () => {
    const before = await maxSeq()
    const ids = Array.from({ length: 20 }, () => randomUUID())
    await Promise.all(
      ids.map((id, i) =>
        runWork(platform, i % 2 ? someUser : systemActor('job'), id, async (ctx) => {
          // Some real work in the transaction, so they genuinely overlap on PostgreSQL.
          await ctx.tx.execute(sql`select pg_sleep(${(i % 4) * 0.01})`)
          for (let j = 0; j <= i % 3; j++) ctx.audit.record({ action: 'people.viewed', outcome: 'allowed', details: { i, j } })
        }),
      ),
    )
    const expectedNew = ids.reduce((n, _, i) => n + (i % 3) + 1, 0)
    const rows = (await readAll()).filter((r) => r.seq > before)
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: expectedNew }, (_, i) => before + i + 1))
    // Each unit of work's events are contiguous (one append each) and every unit is there.
    const order = rows.map((r) => r.correlationId)
    expect(new Set(order)).toEqual(new Set(ids))
    for (const id of ids) {
      const seqs = rows.filter((r) => r.correlationId === id).map((r) => r.seq)
      expect(seqs.at(-1)! - seqs[0]! + 1).toBe(seqs.length)
    }
    const total = before + expectedNew
    expect(await verify()).toEqual({ ok: true, rows: total, witnessed: total })
  })

  it('verifies a witness file of hundreds of thousands of checkpoints (truncation check does not overflow)', async () => {
    const rows = await readAll()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bigwitness-'))
    const file = path.join(dir, 'checkpoints.log')
    const extra = 250_000
    const lines = rows.map((r) => `${r.seq} ${r.hash}`)
    for (let s = rows.length + 1; s <= rows.length + extra; s++) lines.push(`${s} ${'ab'.repeat(32)}`)
    fs.writeFileSync(file, `${lines.join('\n')}\n`)
    expect(await verify(file)).toMatchObject({ ok: false, firstBadSeq: rows.length + 1 })
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

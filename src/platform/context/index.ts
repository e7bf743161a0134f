import type { Actor } from '../access/actor.ts'
import type { AuditEvent, AuditLog } from '../audit/log.ts'
import type { Database, Tx } from '../db/client.ts'

export type Clock = { now(): Date }
export const systemClock: Clock = { now: () => new Date() }

/** What a running Lantern has: one database, one audit log, one clock. Built once by the composition root. */
export type Platform = {
  database: Database
  auditLog: AuditLog
  clock: Clock
}

/** Everything a service needs, and nothing from HTTP (ARCHITECTURE.md §3). */
export type Ctx = {
  actor: Actor
  tx: Tx
  audit: { record(event: AuditEvent): void }
  clock: Clock
  /** The time this unit of work started; use it for every timestamp written, so a unit of work agrees with itself. */
  now: Date
  correlationId: string
}

/**
 * Run `fn` as one unit of work: one transaction whose audit events are written in the same transaction, just
 * before commit. If the work fails, nothing it wrote survives — except its denials and failures, which are
 * written afterwards in a transaction of their own, because every denial must be on the record.
 */
export async function runWork<T>(platform: Platform, actor: Actor, correlationId: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const events: AuditEvent[] = []
  const now = platform.clock.now()
  let witnessed: Array<{ seq: number; hash: string }> = []
  try {
    const result = await platform.database.transaction(async (tx) => {
      const ctx: Ctx = { actor, tx, audit: { record: (e) => void events.push(e) }, clock: platform.clock, now, correlationId }
      const value = await fn(ctx)
      witnessed = await platform.auditLog.append(tx, actor, correlationId, platform.clock.now(), events)
      return value
    })
    witnessAfterCommit(platform, witnessed)
    return result
  } catch (error) {
    const kept = events.filter((e) => e.outcome === 'denied' || e.outcome === 'failed')
    if (kept.length > 0) {
      const rows = await platform.database.transaction((tx) => platform.auditLog.append(tx, actor, correlationId, platform.clock.now(), kept))
      witnessAfterCommit(platform, rows)
    }
    throw error
  }
}

/**
 * The work has committed: failing to write the witness must not make it look as if it had not (and must not
 * append its audit events twice). The gap is loud — `audit verify` still checks those rows' chain, and the next
 * successful witness write covers later rows.
 */
function witnessAfterCommit(platform: Platform, rows: Array<{ seq: number; hash: string }>): void {
  try {
    platform.auditLog.witness(rows)
  } catch (error) {
    console.error(`lantern: could not write audit checkpoints for seq ${rows[0]?.seq}–${rows.at(-1)?.seq}: ${(error as Error).message}`)
  }
}

import { asc, gt } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { computeRowHash, GENESIS_HASH } from './chain.ts'
import { CheckpointFile } from './checkpoints.ts'
import { auditEvents } from './schema.ts'

export type VerifyResult =
  | { ok: true; rows: number; witnessed: number }
  | { ok: false; rows: number; firstBadSeq: number; problem: string }

const BATCH = 5000

/**
 * Walk the chain from seq 1: seqs must be gapless, each row must point at the previous row's hash, each hash
 * must be the HMAC of its row, and each row the witness file saw must still have the hash it had then. Finally,
 * a witnessed seq beyond the end of the table means rows were cut off (truncation).
 */
export async function verifyAuditChain(db: Db, key: Buffer, checkpointFile: string): Promise<VerifyResult> {
  const witness = new CheckpointFile(checkpointFile).read()
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let rows = 0
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH)
    for (const row of batch) {
      if (row.seq !== expectedSeq) {
        return { ok: false, rows, firstBadSeq: expectedSeq, problem: `row ${expectedSeq} is missing` }
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, rows, firstBadSeq: row.seq, problem: `row ${row.seq} does not follow row ${row.seq - 1}` }
      }
      const hash = computeRowHash(key, { ...row, details: row.details })
      if (hash !== row.hash) {
        return { ok: false, rows, firstBadSeq: row.seq, problem: `row ${row.seq} has been altered` }
      }
      const seen = witness.get(row.seq)
      if (seen !== undefined && seen !== row.hash) {
        return { ok: false, rows, firstBadSeq: row.seq, problem: `row ${row.seq} differs from its checkpoint` }
      }
      prevHash = row.hash
      expectedSeq += 1
      rows += 1
    }
    if (batch.length < BATCH) break
  }
  // A loop, not Math.max(...keys): spreading a witness of a few hundred thousand rows overflows the call stack.
  let lastWitnessed = 0
  for (const seq of witness.keys()) if (seq > lastWitnessed) lastWitnessed = seq
  if (lastWitnessed >= expectedSeq) {
    return { ok: false, rows, firstBadSeq: expectedSeq, problem: `rows from ${expectedSeq} to ${lastWitnessed} were removed` }
  }
  return { ok: true, rows, witnessed: witness.size }
}

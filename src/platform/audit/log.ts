import { desc, sql } from 'drizzle-orm'
import type { Actor } from '../access/actor.ts'
import type { Tx } from '../db/client.ts'
import { computeRowHash, GENESIS_HASH, type ChainedRow } from './chain.ts'
import { CheckpointFile } from './checkpoints.ts'
import { auditEvents } from './schema.ts'

/** What a service says happened; who, when and the chain fields are filled in by the log. */
export type AuditEvent = {
  /** Dotted lower-case, e.g. `people.viewed`, `auth.sign-in.failed`. */
  action: string
  outcome: 'allowed' | 'denied' | 'succeeded' | 'failed'
  resourceType?: string
  resourceId?: string
  personId?: string
  /** The legitimate relationship or break-glass reason that allowed the access. */
  purpose?: string
  details?: Record<string, unknown>
}

// Any fixed 64-bit number: the advisory lock that serialises writers so that `seq` is gapless and each row's
// prev_hash is the row before it. Held only for the few statements of the final insert.
const AUDIT_LOCK_ID = 7_714_001

// person_id is a uuid column. Ids come from URLs: a malformed one must not make the append fail (that would turn
// a recorded 404 denial into an unrecorded 500), so it is kept in `details` and the column left null.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// PostgreSQL text and jsonb refuse U+0000; a NUL in a URL or a search term must not stop the event being written.
const noNul = <T extends string | null>(s: T): T => (s === null ? s : (s.replaceAll('\u0000', '\uFFFD') as T))
const noNulReplacer = (_key: string, value: unknown) => (typeof value === 'string' ? noNul(value) : value)

export class AuditLog {
  private readonly checkpoints: CheckpointFile

  constructor(
    private readonly key: Buffer,
    checkpointFile: string,
  ) {
    this.checkpoints = new CheckpointFile(checkpointFile)
  }

  /** Append events inside `tx` (call as the last thing before commit); returns the rows for `witness`. */
  async append(
    tx: Tx,
    actor: Actor,
    correlationId: string,
    at: Date,
    events: readonly AuditEvent[],
  ): Promise<Array<{ seq: number; hash: string }>> {
    if (events.length === 0) return []
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_ID})`)
    const [last] = await tx.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1)
    let seq = last?.seq ?? 0
    let prevHash = last?.hash ?? GENESIS_HASH
    const rows: Array<ChainedRow & { hash: string; outcome: AuditEvent['outcome'] }> = []
    for (const event of events) {
      seq += 1
      const row: ChainedRow & { outcome: AuditEvent['outcome'] } = {
        seq,
        at,
        actorUserId: actor.userId ?? null,
        actorLabel: noNul(actor.kind === 'user' ? actor.email : actor.label),
        roleProfile: actor.kind === 'user' ? actor.roleProfile : null,
        agencyId: actor.kind === 'user' ? actor.agencyId : null,
        action: event.action,
        outcome: event.outcome,
        resourceType: noNul(event.resourceType ?? null),
        resourceId: noNul(event.resourceId ?? null),
        personId: event.personId && UUID.test(event.personId) ? event.personId : null,
        purpose: noNul(event.purpose ?? null),
        correlationId,
        // A JSON round trip keeps exactly what jsonb will store (drops undefined, turns dates into strings).
        details: JSON.parse(
          JSON.stringify(event.personId && !UUID.test(event.personId) ? { ...event.details, personIdAsGiven: event.personId.slice(0, 200) } : (event.details ?? {}), noNulReplacer),
        ) as Record<string, unknown>,
        prevHash,
      }
      const hash = computeRowHash(this.key, row)
      rows.push({ ...row, hash })
      prevHash = hash
    }
    await tx.insert(auditEvents).values(rows)
    return rows.map((r) => ({ seq: r.seq, hash: r.hash }))
  }

  /** After commit: write the committed rows' hashes to the witness file outside the database. */
  witness(rows: ReadonlyArray<{ seq: number; hash: string }>): void {
    this.checkpoints.append(rows)
  }

}

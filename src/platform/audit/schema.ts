import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * The append-only, HMAC-chained audit log (CONTRACTS.md §4). No foreign keys: an audit row must outlive and
 * never constrain what it describes. Triggers (migration 0001) reject UPDATE, DELETE and TRUNCATE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    /** Email or "system"/"cli" for non-user actors, so the row reads on its own. */
    actorLabel: text('actor_label').notNull(),
    roleProfile: text('role_profile'),
    agencyId: uuid('agency_id'),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['allowed', 'denied', 'succeeded', 'failed'] }).notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    personId: uuid('person_id'),
    /** Why access was allowed: the legitimate relationship, or the break-glass reason. */
    purpose: text('purpose'),
    correlationId: text('correlation_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_actor_idx').on(t.actorUserId, t.seq),
    index('audit_events_person_idx').on(t.personId, t.seq),
    index('audit_events_at_idx').on(t.at),
  ],
)

import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from '../../platform/auth/schema.ts'

/** Alert types (CONTRACTS.md §6). A type is a code; what raises it is a trigger rule (alert_rules, or the code default). */
export const ALERT_TYPES = ['repeat-missing', 'high-risk-missing', 'missing-from-care-24h'] as const
export type AlertType = (typeof ALERT_TYPES)[number]
export const ALERT_STATUSES = ['open', 'acknowledged'] as const
export type AlertStatus = (typeof ALERT_STATUSES)[number]

/**
 * An alert about a child for everyone holding a role profile (the owner role): shown on the child's record and in
 * the owner's queue. Raising one gives each holder of the owner role a 30-day `alert` relationship to the child.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Foreign key to people added by hand-written SQL (migration 0011): this module does not import people's tables. */
    personId: uuid('person_id').notNull(),
    type: text('type', { enum: ALERT_TYPES }).notNull(),
    ownerRole: text('owner_role').notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    /** Why, in words for the owner ("3 missing episodes in 30 days"); no more personal detail than that. */
    reason: text('reason').notNull(),
    /** What the rule asks the owner to do ("Consider a strategy meeting"). */
    action: text('action').notNull(),
    /** The rule that raised it (alert_rules.key) and the record that tripped it (e.g. a missing episode). */
    ruleKey: text('rule_key').notNull(),
    sourceType: text('source_type'),
    sourceRef: uuid('source_ref'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgementNote: text('acknowledgement_note'),
  },
  (t) => [
    index('alerts_person_idx').on(t.personId, t.raisedAt),
    index('alerts_owner_idx').on(t.ownerRole, t.status),
    check('alerts_status_check', sql`status in ('open','acknowledged')`),
  ],
)

export const ALERT_TRIGGERS = ['episode-count', 'risk-grade', 'duration'] as const
export type AlertTrigger = (typeof ALERT_TRIGGERS)[number]
export const ALERT_POPULATIONS = ['all', 'looked-after'] as const
export type AlertPopulation = (typeof ALERT_POPULATIONS)[number]

/**
 * Local trigger rules (DOMAIN.md §1.4: LOCAL, so configuration rows, never constants). A row overrides the code
 * default with the same `key`; `active = false` switches a rule off. Keys of rows the code does not know are
 * further rules of the same triggers (e.g. "5 episodes in 90 days → the panel chair").
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    alertType: text('alert_type', { enum: ALERT_TYPES }).notNull(),
    trigger: text('trigger', { enum: ALERT_TRIGGERS }).notNull(),
    windowDays: integer('window_days'),
    minEpisodes: integer('min_episodes'),
    minHours: integer('min_hours'),
    /** For `risk-grade`: the grades that trip it. */
    grades: jsonb('grades').$type<string[]>(),
    population: text('population', { enum: ALERT_POPULATIONS }).notNull().default('all'),
    action: text('action').notNull(),
    ownerRole: text('owner_role').notNull(),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('alert_rules_key').on(t.key),
    check('alert_rules_trigger_check', sql`trigger in ('episode-count','risk-grade','duration')`),
    check('alert_rules_population_check', sql`population in ('all','looked-after')`),
  ],
)

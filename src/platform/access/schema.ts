import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { teams, userRoleProfiles, users } from '../auth/schema.ts'

/**
 * Access-control facts about people. They live in the platform, not in the people module, because every module's
 * workflow creates relationships (a MASH contact, an allocation, an alert) and one decision point reads them.
 * `person_id` has no foreign key in this schema file so that the platform does not import modules; the people
 * module's migration adds the constraint.
 */
export const RELATIONSHIP_SOURCES = [
  'creator',
  'allocation',
  'mash-contact',
  'research-request',
  'alert',
  'panel',
  'ig-grant',
  // Missing episodes (ADR 0012): the recorder's team while the episode is open and 30 days after the return; the
  // return interview service an episode's RHI is allocated to. Neither opens a restricted record.
  'missing-episode',
  'return-interview',
] as const
export type RelationshipSource = (typeof RELATIONSHIP_SOURCES)[number]

export const legitimateRelationships = pgTable(
  'legitimate_relationships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    /** Exactly one of userId / teamId is set. */
    userId: uuid('user_id').references(() => users.id),
    teamId: uuid('team_id').references(() => teams.id),
    source: text('source', { enum: RELATIONSHIP_SOURCES }).notNull(),
    /** The workflow record that created it (contact, allocation, …), for audit and for ending it. */
    sourceRef: uuid('source_ref'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    /** Null = until ended by its workflow (e.g. deallocation). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('legitimate_relationships_person_idx').on(t.personId),
    index('legitimate_relationships_team_idx').on(t.teamId),
    index('legitimate_relationships_user_idx').on(t.userId),
    check('legitimate_relationships_holder_check', sql`(user_id is null) <> (team_id is null)`),
  ],
)

export const RECORD_STATES = ['ordinary', 'restricted', 'sealed'] as const
export type RecordState = (typeof RECORD_STATES)[number]

/** Restricted or sealed people (absent row = ordinary). History of changes is in the audit chain. */
export const recordProtections = pgTable(
  'record_protections',
  {
    personId: uuid('person_id').primaryKey(),
    state: text('state', { enum: ['restricted', 'sealed'] }).notNull(),
    reason: text('reason').notNull(),
    setBy: uuid('set_by')
      .notNull()
      .references(() => users.id),
    setAt: timestamp('set_at', { withTimezone: true }).notNull(),
  },
  () => [check('record_protections_state_check', sql`state in ('restricted','sealed')`)],
)

/** The named users who may see a sealed record. */
export const sealedRecordAccess = pgTable(
  'sealed_record_access',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    grantedBy: uuid('granted_by')
      .notNull()
      .references(() => users.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sealed_record_access_person_idx').on(t.personId)],
)

export const breakGlassGrants = pgTable(
  'break_glass_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    userRoleProfileId: uuid('user_role_profile_id').references(() => userRoleProfiles.id),
    reason: text('reason').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    reviewStatus: text('review_status', { enum: ['awaiting-review', 'reviewed'] })
      .notNull()
      .default('awaiting-review'),
    reviewOutcome: text('review_outcome', { enum: ['appropriate', 'inappropriate'] }),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [
    index('break_glass_grants_person_idx').on(t.personId, t.userId),
    index('break_glass_grants_review_idx').on(t.reviewStatus),
  ],
)

/**
 * Notifications to a user or to everyone holding a role profile (e.g. every IG officer), such as break-glass
 * alerts. Later modules' alerts (repeat missing, …) have their own table with workflow; these are access alerts.
 */
export const accessNotifications = pgTable(
  'access_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['break-glass', 'restricted-record-accessed'] }).notNull(),
    recipientUserId: uuid('recipient_user_id').references(() => users.id),
    recipientRole: text('recipient_role'),
    personId: uuid('person_id'),
    breakGlassGrantId: uuid('break_glass_grant_id').references(() => breakGlassGrants.id),
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('access_notifications_user_idx').on(t.recipientUserId), index('access_notifications_role_idx').on(t.recipientRole)],
)

import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { AGENCY_TYPES, ROLE_PROFILES } from '../access/roles.ts'

/** Partner organisations: police force, children's social care, a school, a health trust, … */
export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type', { enum: AGENCY_TYPES }).notNull(),
    /** The local authority area the agency mainly serves (the demo has two). */
    area: text('area'),
    /** Seed §4: a dedicated lead person in each partner organisation. */
    exploitationLeadName: text('exploitation_lead_name'),
    exploitationLeadEmail: text('exploitation_lead_email'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('agencies_name_key').on(t.name),
    check('agencies_type_check', sql.raw(`type in (${AGENCY_TYPES.map((v) => `'${v}'`).join(',')})`)),
  ],
)

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('teams_agency_name_key').on(t.agencyId, t.name)],
)

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Base32 TOTP secret; null until the user has enrolled. */
    totpSecret: text('totp_secret'),
    /** The last TOTP time step accepted, so that a code cannot be replayed (ASVS 6.5.1). */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Set when an administrator issues a temporary password: the user must choose their own at the next sign-in. */
    passwordChangeRequired: boolean('password_change_required').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
)

/** A user's role profiles (organisation + job role, NHS Spine style); one is chosen at sign-in. */
export const userRoleProfiles = pgTable(
  'user_role_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roleProfile: text('role_profile', { enum: ROLE_PROFILES }).notNull(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    uniqueIndex('user_role_profiles_key').on(t.userId, t.roleProfile, t.teamId),
    check('user_role_profiles_role_check', sql.raw(`role_profile in (${ROLE_PROFILES.map((v) => `'${v}'`).join(',')})`)),
  ],
)

/**
 * Server-side sessions. The cookie carries a random 256-bit token; only its SHA-256 is stored, so a database
 * read does not hand out live sessions. `stage` walks sign-in: password → MFA (or enrolment) → a new password when
 * an administrator issued a temporary one → role choice → active.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').references(() => users.id),
    stage: text('stage', { enum: ['anonymous', 'mfa', 'mfa-enrol', 'new-password', 'choose-role', 'active'] }).notNull(),
    userRoleProfileId: uuid('user_role_profile_id').references(() => userRoleProfiles.id),
    csrfSecret: text('csrf_secret').notNull(),
    /** Pending TOTP secret during enrolment (not yet confirmed). */
    pendingTotpSecret: text('pending_totp_secret'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Bearer tokens for the JSON API: issued by the CLI or by a signed-in user; stored hashed. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    userRoleProfileId: uuid('user_role_profile_id')
      .notNull()
      .references(() => userRoleProfiles.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
)

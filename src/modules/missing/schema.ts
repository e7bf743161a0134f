import { sql } from 'drizzle-orm'
import { check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { teams, users } from '../../platform/auth/schema.ts'

/** CONTRACTS.md §6. `missingType` is the DfE SSDA903 M (missing) / A (away without authorisation), for looked-after children. */
export const MISSING_FROM = ['home', 'care', 'education', 'other'] as const
export type MissingFrom = (typeof MISSING_FROM)[number]
export const MISSING_TYPES = ['M', 'A'] as const
export type MissingType = (typeof MISSING_TYPES)[number]
/** The College of Policing continuum (DOMAIN.md §2.3), lowest first: the order is used to compare grades. */
export const RISK_GRADES = ['very-low', 'low', 'medium', 'high'] as const
export type RiskGrade = (typeof RISK_GRADES)[number]
export const RHI_STATUSES = ['due', 'offered', 'accepted', 'declined', 'completed', 'not-possible'] as const
export type RhiStatus = (typeof RHI_STATUSES)[number]

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(',')})`)

/**
 * A missing episode: a child reported missing (from home, a care placement, an education setting or elsewhere)
 * until they return or are found. The period runs from `last_seen_at` (or `reported_missing_at`) to `returned_at`;
 * a child never has two episodes whose periods overlap (the service refuses, under a lock on the child's row).
 */
export const missingEpisodes = pgTable(
  'missing_episodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Foreign key to people added by hand-written SQL (migration 0011): this module does not import people's tables. */
    personId: uuid('person_id').notNull(),
    missingFrom: text('missing_from', { enum: MISSING_FROM }).notNull(),
    missingType: text('missing_type', { enum: MISSING_TYPES }),
    reportedMissingAt: timestamp('reported_missing_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    policeReference: text('police_reference'),
    /** The current grade; every grading, first and later reviews, is a row of missing_risk_gradings. */
    riskGrade: text('risk_grade', { enum: RISK_GRADES }).notNull(),
    circumstances: text('circumstances'),
    /** Who reported the child missing, in words ("Foster carer", "Mother", "Head of year"). */
    reportedBy: text('reported_by'),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    /** Where found: a structured place, so that hotspots can be built later (issue 5 point 5). */
    foundDescription: text('found_description'),
    foundPostcode: text('found_postcode'),
    foundLatitude: doublePrecision('found_latitude'),
    foundLongitude: doublePrecision('found_longitude'),
    /** How they returned ("Brought home by police") and their condition on return, in words. */
    returnMethod: text('return_method'),
    returnCondition: text('return_condition'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedByTeamId: uuid('recorded_by_team_id').references(() => teams.id),
    returnRecordedAt: timestamp('return_recorded_at', { withTimezone: true }),
    returnRecordedBy: uuid('return_recorded_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('missing_episodes_person_idx').on(t.personId, t.reportedMissingAt),
    index('missing_episodes_open_idx').on(t.reportedMissingAt).where(sql`returned_at is null`),
    // Insight indicators (issue 7): episodes of a period by report, return interviews of a period by return.
    index('missing_episodes_reported_idx').on(t.reportedMissingAt),
    index('missing_episodes_returned_idx').on(t.returnedAt),
    check('missing_episodes_from_check', inList('missing_from', MISSING_FROM)),
    check('missing_episodes_type_check', sql`missing_type is null or missing_type in ('M','A')`),
    check('missing_episodes_grade_check', inList('risk_grade', RISK_GRADES)),
    check('missing_episodes_times_check', sql`(last_seen_at is null or last_seen_at <= reported_missing_at) and (returned_at is null or returned_at >= reported_missing_at)`),
  ],
)

/** Each police risk grading of an episode, first and every review, with who and why. */
export const missingRiskGradings = pgTable(
  'missing_risk_gradings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => missingEpisodes.id),
    grade: text('grade', { enum: RISK_GRADES }).notNull(),
    gradedAt: timestamp('graded_at', { withTimezone: true }).notNull(),
    gradedBy: uuid('graded_by').references(() => users.id),
    reason: text('reason'),
  },
  (t) => [index('missing_risk_gradings_episode_idx').on(t.episodeId, t.gradedAt), check('missing_risk_gradings_grade_check', inList('grade', RISK_GRADES))],
)

/** Who the child was with, or found with: a named person on the index where known, else a description (networks later). */
export const missingEpisodeAssociates = pgTable(
  'missing_episode_associates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => missingEpisodes.id),
    /** Foreign key to people added by hand-written SQL (migration 0011). */
    personId: uuid('person_id'),
    name: text('name'),
    description: text('description'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [index('missing_episode_associates_episode_idx').on(t.episodeId), index('missing_episode_associates_person_idx').on(t.personId)],
)

/** Who told us where a child went while missing: the return home interview, the police (on the return), or another source. */
export const PLACE_WENT_SOURCES = ['rhi', 'police', 'other'] as const
export type PlaceWentSource = (typeof PLACE_WENT_SOURCES)[number]

/**
 * Places a child went while missing (issue 7 point 2, "missing to" hotspots), as structured places like the found
 * place: a place name (not an address to publish), an optional postcode and an optional map point (both or
 * neither, in the UK). No person column: the episode carries the child, and episodes are re-pointed on a merge.
 */
export const missingEpisodePlaces = pgTable(
  'missing_episode_places',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => missingEpisodes.id),
    description: text('description').notNull(),
    postcode: text('postcode'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    source: text('source', { enum: PLACE_WENT_SOURCES }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [
    index('missing_episode_places_episode_idx').on(t.episodeId),
    check('missing_episode_places_source_check', inList('source', PLACE_WENT_SOURCES)),
    check('missing_episode_places_point_check', sql`(latitude is null) = (longitude is null)`),
    check('missing_episode_places_uk_check', sql`latitude is null or (latitude between 49.8 and 60.9 and longitude between -8.7 and 1.8)`),
  ],
)

/**
 * The return home interview of one returned episode: due 72 hours after the return, offered by an independent
 * person (the return interview service the episode is allocated to), with what the child said.
 */
export const returnInterviews = pgTable(
  'return_interviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => missingEpisodes.id),
    /** Foreign key to people added by hand-written SQL (migration 0011): this module does not import people's tables. */
    personId: uuid('person_id').notNull(),
    dueBy: timestamp('due_by', { withTimezone: true }).notNull(),
    status: text('status', { enum: RHI_STATUSES }).notNull().default('due'),
    /** Why not possible, or why declined. */
    statusReason: text('status_reason'),
    providerTeamId: uuid('provider_team_id').references(() => teams.id),
    offeredAt: timestamp('offered_at', { withTimezone: true }),
    heldAt: timestamp('held_at', { withTimezone: true }),
    interviewerName: text('interviewer_name'),
    whyWent: text('why_went'),
    whereWent: text('where_went'),
    withWhom: text('with_whom'),
    harm: text('harm'),
    pushFactors: jsonb('push_factors').$type<string[]>().notNull().default([]),
    pullFactors: jsonb('pull_factors').$type<string[]>().notNull().default([]),
    disclosures: text('disclosures'),
    childsWords: text('childs_words'),
    actions: text('actions'),
    referrals: jsonb('referrals').$type<string[]>().notNull().default([]),
    carerInformation: text('carer_information'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('return_interviews_episode_key').on(t.episodeId),
    index('return_interviews_due_idx').on(t.dueBy).where(sql`status in ('due','offered','accepted')`),
    index('return_interviews_person_idx').on(t.personId),
    check('return_interviews_status_check', inList('status', RHI_STATUSES)),
  ],
)

/**
 * Partnership settings of the missing module (DOMAIN.md: LOCAL, so rows): `minimumChildRiskGrade`, `pushFactors`,
 * `pullFactors`, `returnInterviewTeamId`. An absent row means the code default (see settings.ts).
 */
export const missingSettings = pgTable('missing_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
})

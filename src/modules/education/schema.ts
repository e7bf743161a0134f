import { sql } from 'drizzle-orm'
import { check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { teams, users } from '../../platform/auth/schema.ts'

/**
 * Children missing education (DOMAIN.md §1.5; DfE statutory guidance "Children missing education", 2016, updated
 * August 2024): children of compulsory school age who are not registered pupils at a school and are not receiving
 * suitable education otherwise than at a school. The local authority's duty to identify them is s.436A of the
 * Education Act 1996. The code lists are ADR 0016's.
 */

/** How the child came to the authority's notice. */
export const CME_SOURCES = ['removed-from-roll', 'admissions', 'other-local-authority', 'other-agency', 'parent-or-carer', 'member-of-public', 'other'] as const
export type CmeSource = (typeof CME_SOURCES)[number]

/** Why the child is thought to be missing education. */
export const CME_REASONS = ['removed-without-destination', 'moved-away-unknown', 'not-taking-up-place', 'home-education-concern', 'excluded-not-in-ap', 'other'] as const
export type CmeReason = (typeof CME_REASONS)[number]

/** The enquiries the guidance expects before a child is treated as lost (a log entry's kind). */
export const CME_ACTION_TYPES = ['home-visit', 'contact-family', 'contact-school', 'contact-other-la', 'check-databases', 'contact-health', 'contact-police', 'contact-social-care', 'other'] as const
export type CmeActionType = (typeof CME_ACTION_TYPES)[number]

/** Why a case ends: the child is found in education, or the authority's duty ends. `other` needs a note. */
export const CME_CLOSURE_REASONS = ['registered-at-school', 'suitable-education-otherwise', 'on-roll-elsewhere', 'left-country', 'end-of-compulsory-school-age', 'other'] as const
export type CmeClosureReason = (typeof CME_CLOSURE_REASONS)[number]

export const CME_STATUSES = ['open', 'closed'] as const
export type CmeStatus = (typeof CME_STATUSES)[number]

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',')
const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${quoted(values)})`)

/**
 * One CME case: a child identified as missing education, tracked until closed with a reason. A child has at most one
 * open case (unique index); the closure columns are all set or all empty, enforced by the database as well.
 */
export const cmeCases = pgTable(
  'cme_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Foreign key to people added by hand-written SQL in this module's migration (no import of people's tables). */
    personId: uuid('person_id').notNull(),
    identifiedOn: date('identified_on', { mode: 'string' }).notNull(),
    source: text('source', { enum: CME_SOURCES }).notNull(),
    reason: text('reason', { enum: CME_REASONS }).notNull(),
    /** Required when the reason is `other`; otherwise what the referrer said, in words. */
    reasonNote: text('reason_note'),
    /** The school last attended, in words (name and, if known, town or URN). */
    lastSchool: text('last_school'),
    status: text('status', { enum: CME_STATUSES }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    closureReason: text('closure_reason', { enum: CME_CLOSURE_REASONS }),
    closureNote: text('closure_note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedByTeamId: uuid('recorded_by_team_id').references(() => teams.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cme_cases_person_idx').on(t.personId, t.identifiedOn),
    uniqueIndex('cme_cases_one_open_idx').on(t.personId).where(sql`status = 'open'`),
    check('cme_cases_source_check', inList('source', CME_SOURCES)),
    check('cme_cases_reason_check', inList('reason', CME_REASONS)),
    check('cme_cases_status_check', inList('status', CME_STATUSES)),
    check('cme_cases_closure_reason_check', sql.raw(`closure_reason is null or closure_reason in (${quoted(CME_CLOSURE_REASONS)})`)),
    check(
      'cme_cases_closure_check',
      sql`(status = 'open' and closed_on is null and closure_reason is null and closed_at is null)
          or (status = 'closed' and closed_on is not null and closure_reason is not null and closed_at is not null and closed_on >= identified_on)`,
    ),
    check('cme_cases_other_note_check', sql`(reason <> 'other' or reason_note is not null) and (closure_reason is distinct from 'other' or closure_note is not null)`),
  ],
)

/** The enquiries and actions log of a case: when, what, what came of it and who did it. */
export const cmeActions = pgTable(
  'cme_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cmeCases.id),
    actionOn: date('action_on', { mode: 'string' }).notNull(),
    actionType: text('action_type', { enum: CME_ACTION_TYPES }).notNull(),
    details: text('details'),
    outcome: text('outcome').notNull(),
    /** Who made the enquiry, in words ("CME officer", "Education welfare officer J. Patel"). */
    takenBy: text('taken_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [index('cme_actions_case_idx').on(t.caseId, t.actionOn), check('cme_actions_type_check', inList('action_type', CME_ACTION_TYPES))],
)

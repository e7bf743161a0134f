import { sql } from 'drizzle-orm'
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from '../../platform/auth/schema.ts'

export const GENDERS = ['F', 'M', 'U'] as const
export type Gender = (typeof GENDERS)[number]
export const DOB_PRECISIONS = ['exact', 'month', 'year', 'estimated'] as const
export type DobPrecision = (typeof DOB_PRECISIONS)[number]
export const PERSON_KINDS = ['child', 'adult'] as const

/** A person known to the partnership: mostly children, also parents, carers and persons of concern. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: PERSON_KINDS }).notNull().default('child'),
    givenName: text('given_name').notNull(),
    middleNames: text('middle_names'),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    dobPrecision: text('dob_precision', { enum: DOB_PRECISIONS }).notNull().default('exact'),
    gender: text('gender', { enum: GENDERS }).notNull(),
    /** DfE ethnicity code (e.g. WBRI, MWBC); null = not recorded. */
    ethnicity: text('ethnicity'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    town: text('town'),
    postcode: text('postcode'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Optimistic concurrency: an edit made against an old version is refused, never silently overwritten. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('people_family_name_idx').on(sql`lower(${t.familyName})`),
    index('people_dob_idx').on(t.dateOfBirth),
    check('people_gender_check', sql`gender in ('F','M','U')`),
    check('people_kind_check', sql`kind in ('child','adult')`),
    check('people_dob_precision_check', sql`dob_precision in ('exact','month','year','estimated')`),
  ],
)

/** Corrections keep history: each edit stores the previous values. */
export const personHistory = pgTable(
  'person_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    version: integer('version').notNull(),
    previous: jsonb('previous').$type<Record<string, unknown>>().notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('person_history_person_idx').on(t.personId)],
)

import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { agencies, users } from '../../platform/auth/schema.ts'

/**
 * A curated chronology (ADR 0015): a worker's selection from a child's full chronology, with a title and a note
 * per entry, for a strategy meeting, a court bundle or a referral. It belongs to the author's agency.
 */
export const curatedChronologies = pgTable(
  'curated_chronologies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Foreign key to people added by hand-written SQL: this module does not import people's tables. */
    personId: uuid('person_id').notNull(),
    title: text('title').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('curated_chronologies_person_idx').on(t.personId), check('curated_chronologies_title_check', sql`length(trim(title)) > 0`)],
)

/**
 * One chosen entry: a reference to a chronology item by its type and stable `sourceId`, never a copy of it, so
 * that a reader sees each entry only as their own access allows at the time they read or export (an entry they may
 * no longer see is left out, and counted).
 */
export const curatedChronologyEntries = pgTable(
  'curated_chronology_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    chronologyId: uuid('chronology_id')
      .notNull()
      .references(() => curatedChronologies.id, { onDelete: 'cascade' }),
    itemType: text('item_type').notNull(),
    sourceId: text('source_id').notNull(),
    note: text('note'),
  },
  (t) => [uniqueIndex('curated_chronology_entries_item_key').on(t.chronologyId, t.itemType, t.sourceId)],
)

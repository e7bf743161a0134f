import { sql } from 'drizzle-orm'
import { check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { agencies, teams, users } from '../../platform/auth/schema.ts'
import { people } from './schema.ts'

/**
 * Import of agency extracts (issue 3 point 6, ADR 0010): a CSV from a police, school, health or social-care system
 * is read whole and checked (any bad line: nothing is staged), staged in one transaction, then matched into the
 * person index in batches, each batch one transaction (all or nothing) and resumable after a crash. Rows in the
 * uncertain band wait for clerical review; an import never merges two existing index records.
 */

/** The fields an extract's columns may be mapped to. `sourceRecordId` (the agency's own id for the row) is required. */
export const IMPORT_FIELDS = [
  'sourceRecordId',
  'givenName',
  'middleNames',
  'familyName',
  'fullName',
  'dateOfBirth',
  'gender',
  'addressLine1',
  'town',
  'postcode',
  'nhsNumber',
  'upn',
  'policeId',
  'laId',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]
export const IMPORT_ENCODINGS = ['utf-8', 'windows-1252'] as const
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number]

/** A source system of one agency, with its saved column mapping (field → column header). */
export const importSources = pgTable(
  'import_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    name: text('name').notNull(),
    mapping: jsonb('mapping').$type<Partial<Record<ImportField, string>>>().notNull(),
    encoding: text('encoding', { enum: IMPORT_ENCODINGS }).notNull().default('utf-8'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('import_sources_agency_name_key').on(t.agencyId, sql`lower(${t.name})`)],
)

export const IMPORT_STATUSES = ['matching', 'awaiting-review', 'completed'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]

export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => importSources.id),
    fileName: text('file_name').notNull(),
    /** SHA-256 of the file as uploaded: the same extract loaded twice is noticed. */
    fileSha256: text('file_sha256').notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('matching'),
    rowCount: integer('row_count').notNull(),
    /** Rows whose batch has committed: the progress bar, and where a resumed import carries on. */
    processedCount: integer('processed_count').notNull().default(0),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    /** The uploader's team (their role profile's) at upload: people the import creates get its `creator` relationship. */
    uploadedByTeamId: uuid('uploaded_by_team_id')
      .notNull()
      .references(() => teams.id),
    /** Columns of the file that the source's mapping does not use: ignored, and listed on the import's page. */
    ignoredColumns: jsonb('ignored_columns').$type<string[]>().notNull().default([]),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('imports_status_idx').on(t.status),
    // The same extract loaded twice from one source is refused (the service says so; this makes it race-free).
    uniqueIndex('imports_source_file_key').on(t.sourceId, t.fileSha256),
    check('imports_status_check', sql`status in ('matching','awaiting-review','completed')`),
    check('imports_progress_check', sql`processed_count between 0 and row_count`),
  ],
)

/**
 * - `matched`: linked to an existing person above the threshold (their identifiers from the extract added).
 * - `created`: no likely match, a new person made from the row.
 * - `review`: in the uncertain band; a person decides. `accepted` (linked to the candidate) or `rejected` (a new
 *   person made, or none: the reviewer says which) with a reason.
 */
export const IMPORT_ROW_OUTCOMES = ['matched', 'created', 'review', 'accepted', 'rejected'] as const
export type ImportRowOutcome = (typeof IMPORT_ROW_OUTCOMES)[number]

export const importRows = pgTable(
  'import_rows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    /** The CSV line the row started on (the header is line 1), for messages and review. */
    lineNumber: integer('line_number').notNull(),
    /** The row's mapped values (field → trimmed text), nothing else from the file. */
    data: jsonb('data').$type<Partial<Record<ImportField, string>>>().notNull(),
    outcome: text('outcome', { enum: IMPORT_ROW_OUTCOMES }),
    /** The person the row now belongs to (matched, created or accepted). */
    personId: uuid('person_id').references(() => people.id),
    /** The best existing candidate and its score, for review. */
    candidatePersonId: uuid('candidate_person_id').references(() => people.id),
    probability: doublePrecision('probability'),
    reasons: jsonb('reasons').$type<unknown[]>(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    uniqueIndex('import_rows_line_key').on(t.importId, t.lineNumber),
    index('import_rows_review_idx').on(t.importId, t.outcome),
    check('import_rows_outcome_check', sql`outcome is null or outcome in ('matched','created','review','accepted','rejected')`),
  ],
)

/**
 * Which agency record is which person: the link an import (or a reviewer) makes. Kept so that the next extract
 * from the same source recognises its own ids, and so the person's record can say where it was seen.
 */
export const personSourceRecords = pgTable(
  'person_source_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => importSources.id),
    sourceRecordId: text('source_record_id').notNull(),
    importRowId: uuid('import_row_id').references(() => importRows.id),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('person_source_records_key').on(t.sourceId, t.sourceRecordId),
    index('person_source_records_person_idx').on(t.personId),
  ],
)

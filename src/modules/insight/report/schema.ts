import { sql } from 'drizzle-orm'
import { check, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from '../../../platform/auth/schema.ts'

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
})

export const BOARD_REPORT_STATUSES = ['queued', 'building', 'ready', 'failed'] as const
export type BoardReportStatus = (typeof BOARD_REPORT_STATUSES)[number]

/**
 * One build of the Strategic Group's quarterly board pack (issue 7 point 4, seed §10–11). The figures are frozen in
 * `snapshot` as they were at build time, so the pack the board reads does not change under its feet when records
 * are corrected later; a new build is a new row. Aggregates only: nothing here names a child.
 *
 * The PDF and XLSX are kept as built and rendered again from the snapshot whenever the commentary changes, so a
 * download always carries the commentary on the page. Progress (`steps_done` of `steps_total`, `current_step`) is
 * written after each build step in its own transaction; `updated_at` is the last sign of life, which lets a read
 * notice a build a server stop left behind.
 */
export const insightBoardReports = pgTable(
  'insight_board_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `2026-Q3`: the calendar quarter the pack reports on. */
    quarter: text('quarter').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    status: text('status', { enum: BOARD_REPORT_STATUSES }).notNull(),
    stepsDone: integer('steps_done').notNull().default(0),
    stepsTotal: integer('steps_total').notNull(),
    currentStep: text('current_step'),
    failureReason: text('failure_reason'),
    /** `{ sections: [{ id, tables: DataTable[] }] }`, filled step by step; complete only when status is ready. */
    snapshot: jsonb('snapshot').notNull().default(sql`'{"sections":[]}'::jsonb`),
    /** `{ [sectionId]: { text, updatedBy, updatedAt } }`: the business unit's commentary. */
    commentary: jsonb('commentary').notNull().default(sql`'{}'::jsonb`),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    /** The builder's name as it was at build time, for the pack's title page. */
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    pdf: bytea('pdf'),
    xlsx: bytea('xlsx'),
  },
  (t) => [
    index('insight_board_reports_requested_idx').on(t.requestedAt),
    check('insight_board_reports_status_check', sql`status in ('queued','building','ready','failed')`),
    check('insight_board_reports_steps_check', sql`steps_done >= 0 and steps_done <= steps_total`),
    // A pack is either whole (ready, with its files) or not a pack at all.
    check('insight_board_reports_ready_check', sql`status <> 'ready' or (pdf is not null and xlsx is not null and completed_at is not null)`),
    check('insight_board_reports_failed_check', sql`status <> 'failed' or failure_reason is not null`),
  ],
)

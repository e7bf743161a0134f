import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from '../../../platform/auth/schema.ts'

/**
 * A neighbouring partnership's shareable export, uploaded to compare with ours (issue 7 point 5). The payload is the
 * file as validated (./format.ts): already suppressed by its sender and checked to hold no count from 1 to 5, so
 * nothing here is more disclosive than what the neighbour chose to publish. Aggregates only: no child, no person id.
 */
export const insightNeighbourDatasets = pgTable(
  'insight_neighbour_datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnershipName: text('partnership_name').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    /** When the neighbour produced the file (their `generatedAt`). */
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull(),
    fileName: text('file_name').notNull(),
    /** `{from, to, partnership, generatedAt, policy, indicators}` as uploaded. */
    payload: jsonb('payload').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('insight_neighbour_datasets_uploaded_idx').on(t.uploadedAt)],
)

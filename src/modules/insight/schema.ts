import { customType, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
})

/**
 * One secret key per pseudonymised dataset (SECURITY.md §7 "HMAC-SHA-256 with a per-dataset key"): a dataset is a
 * scope such as `cohort:2026-10-01:2026-12-31`. The same child has the same pseudonym everywhere in one dataset and
 * an unrelated one in every other, so two reports cannot be joined on pseudonyms. In production the keys belong in
 * a KMS; this table is the stand-in, readable only through pseudonyms.ts.
 */
export const insightPseudonymKeys = pgTable('insight_pseudonym_keys', {
  scope: text('scope').primaryKey(),
  key: bytea('key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})

/**
 * Every table, for Drizzle's relational typing and drizzle-kit. Platform tables are listed here; module tables are
 * added through `src/modules/schema.ts`, the one place the platform's database layer learns of modules' tables.
 */
export * from '../auth/schema.ts'
export * from '../access/schema.ts'
export * from '../audit/schema.ts'

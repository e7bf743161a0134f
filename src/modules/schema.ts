/** Module tables, for drizzle-kit (drizzle.config.ts); the app itself never needs this list. Add a line when a module gains a schema. */
export * from './people/schema.ts'
export * from './people/merge-schema.ts'
export * from './people/import-schema.ts'
export * from './alerts/schema.ts'
export * from './missing/schema.ts'
export * from './contacts/schema.ts'
export * from './exploitation/schema.ts'

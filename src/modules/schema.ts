/** Module tables, for drizzle-kit (drizzle.config.ts); the app itself never needs this list. Add a line when a module gains a schema. */
export * from './people/schema.ts'
export * from './people/merge-schema.ts'
export * from './people/import-schema.ts'
export * from './alerts/schema.ts'
export * from './missing/schema.ts'
export * from './contacts/schema.ts'
export * from './exploitation/schema.ts'
export * from './chronology/schema.ts'
export * from './education/schema.ts'
export * from './insight/schema.ts'
export * from "./insight/report/schema.ts"
export * from "./insight/sharing/schema.ts"

import { defineConfig } from 'drizzle-kit'

// Generation only (offline). Migrations are applied from code at start-up (src/platform/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/db/schema.ts', './src/modules/schema.ts'],
  out: './migrations',
})

import { configDefaults, defineConfig } from 'vitest/config';

// Projects (run one at a time by scripts/test with `--project <name>`):
// - unit:        src/**/*.test.ts except *.int.test.ts; no database.
// - integration: src/**/*.int.test.ts; run twice by scripts/test, with LANTERN_TEST_DB=pglite and
//                LANTERN_TEST_DB=postgres (the globalSetup then starts a throwaway cluster and sets
//                LANTERN_TEST_PG_URL / LANTERN_TEST_PG_APP_URL).
// - e2e:         e2e/**/*.spec.ts; the specs start the app and drive /usr/bin/chromium themselves.
// The machine has 2 cores: integration and e2e files run one at a time.
export default defineConfig({
  test: {
    pool: 'forks',
    // Time allowed for globalSetup teardown (stopping the throwaway PostgreSQL cluster).
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'src/**/*.int.test.ts'],
          testTimeout: 10_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts'],
          globalSetup: ['src/platform/testing/pg-global-setup.ts'],
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

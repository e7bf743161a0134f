/**
 * Vitest globalSetup for the `integration` project.
 *
 * LANTERN_TEST_DB selects the engine for the run: `pglite` (the default when unset) or `postgres`.
 * With `postgres`, a throwaway cluster is started (see pg-cluster.ts) before any test file runs, and
 * its URLs are published two ways:
 *
 * - environment variables, set here in the main Vitest process before the forked test workers are
 *   spawned (workers copy `process.env` at spawn time), so test files simply read
 *   `process.env.LANTERN_TEST_PG_URL` (owner role, for migrations/fixtures) and
 *   `process.env.LANTERN_TEST_PG_APP_URL` (application role);
 * - `inject('lanternTestPgUrl')` / `inject('lanternTestPgAppUrl')` from 'vitest' (typed below).
 *
 * Any pre-existing LANTERN_TEST_PG_URL / LANTERN_TEST_PG_APP_URL are overwritten in postgres mode
 * (the suite always runs against a fresh cluster) and removed in pglite mode, so a test can never
 * silently use a database other than the one selected.
 */
import type { TestProject } from 'vitest/node';
import { startPgCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    lanternTestDb: 'pglite' | 'postgres';
    /** Owner-role URL; empty string in pglite mode. */
    lanternTestPgUrl: string;
    /** Application-role URL; empty string in pglite mode. */
    lanternTestPgAppUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const mode = process.env.LANTERN_TEST_DB || 'pglite';
  if (mode !== 'pglite' && mode !== 'postgres') {
    throw new Error(`LANTERN_TEST_DB must be "pglite" or "postgres", got "${mode}"`);
  }
  process.env.LANTERN_TEST_DB = mode;
  project.provide('lanternTestDb', mode);

  if (mode === 'pglite') {
    delete process.env.LANTERN_TEST_PG_URL;
    delete process.env.LANTERN_TEST_PG_APP_URL;
    project.provide('lanternTestPgUrl', '');
    project.provide('lanternTestPgAppUrl', '');
    return undefined;
  }

  const started = performance.now();
  const cluster = await startPgCluster();
  const { initdbMs, startMs, setupMs } = cluster.timings;
  console.log(
    `[pg-global-setup] PostgreSQL ${cluster.serverVersion} on 127.0.0.1:${cluster.port} ` +
      `(${cluster.binDir}) ready in ${Math.round(performance.now() - started)} ms ` +
      `(initdb ${Math.round(initdbMs)} ms, start ${Math.round(startMs)} ms, roles ${Math.round(setupMs)} ms)`,
  );

  process.env.LANTERN_TEST_PG_URL = cluster.ownerUrl;
  process.env.LANTERN_TEST_PG_APP_URL = cluster.appUrl;
  project.provide('lanternTestPgUrl', cluster.ownerUrl);
  project.provide('lanternTestPgAppUrl', cluster.appUrl);

  return async () => {
    await cluster.stop();
  };
}

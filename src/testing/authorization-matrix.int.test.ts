/**
 * The authorization matrix (CONTRACTS.md §7, SECURITY.md §4): every registered route × every role profile (and,
 * for routes about a person, every record state) against the hand-written tables in src/testing/matrix/. One test
 * per route lists every mismatch; a route without a row, or a row without a route, fails the run.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ROLE_PROFILES } from '../platform/access/roles.ts'
import { createTestApp, type TestApp } from './app.ts'
import { describeMismatches, MatrixHarness } from './matrix/harness.ts'
import { MATRIX, MATRIX_ROLES, isPersonEntry } from './matrix/index.ts'
import { registeredRoutes } from './matrix/routes.ts'

// Compiled templates are cached only in production mode; without the cache every page costs ~120 ms of
// recompiling the GOV.UK layout, which would make this file take several minutes. `production` changes nothing
// else (view caching and static files' max-age), so it cannot change an authorization outcome.
vi.mock('../platform/config/index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../platform/config/index.ts')>()
  return { ...original, loadConfig: (env: NodeJS.ProcessEnv = {}) => original.loadConfig({ ...env, NODE_ENV: 'production' }) }
})

let t: TestApp
let harness: MatrixHarness
const started = Date.now()

beforeAll(async () => {
  t = await createTestApp()
  harness = new MatrixHarness(t)
  await harness.setUp()
}, 300_000)

afterAll(async () => {
  console.log(
    `authorization matrix: ${MATRIX.length} routes (${MATRIX.filter(isPersonEntry).length} about a person), ${harness?.cases ?? 0} cases, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  await t?.close()
})

describe('authorization matrix', () => {
  it('covers the role profiles of CONTRACTS.md §1', () => {
    expect([...MATRIX_ROLES].sort()).toEqual([...ROLE_PROFILES].sort())
  })

  it('has exactly one row per registered route, and no row for a route that does not exist', () => {
    const registered = registeredRoutes(t.app).map((r) => r.key)
    const tabled: string[] = MATRIX.map((e) => e.route)
    const duplicates = tabled.filter((k, i) => tabled.indexOf(k) !== i)
    const missing = registered.filter((k) => !tabled.includes(k))
    const stale = tabled.filter((k) => !registered.includes(k))
    expect({ missing, stale, duplicates }, 'routes without a matrix row (missing), rows without a route (stale)').toEqual({ missing: [], stale: [], duplicates: [] })
  })

  for (const entry of MATRIX) {
    it(`${entry.route}`, async () => {
      const results = await harness.run(entry)
      const mismatches = describeMismatches(entry, results)
      // The count, not the list, is compared, so that the list is printed once (in the message) and in full.
      expect(mismatches.length, `${entry.route} (${entry.why}): ${mismatches.length} of ${results.length} cases differ:\n${mismatches.join('\n')}\n`).toBe(0)
    }, 120_000)
  }

  it('refuses every state-changing page request without a CSRF token (403)', async () => {
    const browser = await t.sessionFor('mash.manager@demo.lantern.test')
    const failures: string[] = []
    for (const entry of MATRIX) {
      const [method, pattern] = entry.route.split(' ') as [string, string]
      if (entry.kind !== 'page' || method === 'GET') continue
      const url = pattern.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')
      const response = await t.app.inject({ method: method as 'POST', url, headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x=1' })
      if (response.statusCode !== 403) failures.push(`${entry.route}: ${response.statusCode}`)
    }
    expect(failures).toEqual([])
  })
})

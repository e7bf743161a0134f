/**
 * The authorization matrix (CONTRACTS.md §7, SECURITY.md §4): every registered route × every role profile (and,
 * for routes about a person, every record state) against the hand-written tables in src/testing/matrix/. One test
 * per route lists every mismatch; a route without a row, or a row without a route, fails the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registeredActions } from '../platform/access/engine.ts'
import { ROLE_PROFILES } from '../platform/access/roles.ts'
import { createTestApp, type TestApp } from './app.ts'
import { describeMismatches, describeUnaudited, MatrixHarness } from './matrix/harness.ts'
import { MATRIX, MATRIX_ROLES, PERSON_STATES, isPersonEntry } from './matrix/index.ts'
import { registeredRoutes } from './matrix/routes.ts'


let t: TestApp
let harness: MatrixHarness
const started = Date.now()

beforeAll(async () => {
  t = await createTestApp()
  harness = new MatrixHarness(t)
  const planned = MATRIX.reduce((n, entry) => n + harness.casesOf(entry).length, 0)
  console.log(`authorization matrix: ${MATRIX.length} routes × ${MATRIX_ROLES.length} role profiles + anonymous (× ${PERSON_STATES.length} record states for ${MATRIX.filter(isPersonEntry).length} routes about a person) = ${planned} cases`)
  await harness.setUp()
}, 300_000)

afterAll(async () => {
  console.log(
    `authorization matrix: ${harness?.cases ?? 0} cases run in ${((Date.now() - started) / 1000).toFixed(1)} s`,
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

  it('exercises every registered policy action on some route', () => {
    const named = new Set(MATRIX.flatMap((e) => e.actions ?? []))
    expect(registeredActions().filter((a) => !named.has(a)), 'policy actions no matrix row names').toEqual([])
    expect([...named].filter((a) => !registeredActions().includes(a)), 'matrix rows naming an action no policy registers').toEqual([])
  })

  for (const entry of MATRIX) {
    it(`${entry.route}`, async () => {
      const results = await harness.run(entry)
      const mismatches = describeMismatches(results)
      // The count, not the list, is compared, so that the list is printed once (in the message) and in full.
      expect(mismatches.length, `${entry.route} (${entry.why}): ${mismatches.length} of ${results.length} cases differ:\n${mismatches.join('\n')}\n`).toBe(0)
      const unaudited = describeUnaudited(entry, results)
      expect(unaudited.length, `${entry.route}: ${unaudited.length} refusals were not audited:\n${unaudited.join('\n')}\n`).toBe(0)
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

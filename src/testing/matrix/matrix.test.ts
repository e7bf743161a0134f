/** The matrix machinery itself: reading Fastify's route tree, classifying answers, and the tables' shape. */
import { describe, expect, it } from 'vitest'
import { classify } from './harness.ts'
import { MATRIX, MATRIX_ROLES, OUTCOMES, PERSON_STATES, SUBJECTS, isPersonEntry } from './index.ts'
import { isStaticAsset, parsePrintedRoutes } from './routes.ts'

// As printed by Fastify 5 for a small app (common-prefix tree).
const PRINTED = `└── / (GET, HEAD)
    ├── a
    │   ├── ssets/
    │   │   └── * (HEAD, GET)
    │   ├── cc
    │   │   ├── essibility (GET, HEAD)
    │   │   └── ount (GET, HEAD)
    │   │       └── /api-tokens (POST)
    │   │           └── /
    │   │               └── :id
    │   │                   └── /revoke (POST)
    │   └── pi/v1/people (POST)
    │       └── /
    │           ├── search (GET, HEAD)
    │           └── :id (GET, HEAD, PATCH)
    │               └── /break-glass (POST)
    └── people (GET, HEAD, POST)
        └── /
            ├── new (GET, HEAD)
            └── :id (GET, HEAD)
                └── /edit (GET, HEAD, POST)
`

describe('parsePrintedRoutes', () => {
  it('rebuilds every method and full path from the common-prefix tree', () => {
    const keys = parsePrintedRoutes(PRINTED)
      .filter((r) => r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
    expect(keys.sort()).toEqual(
      [
        'GET /',
        'GET /assets/*',
        'GET /accessibility',
        'GET /account',
        'POST /account/api-tokens',
        'POST /account/api-tokens/:id/revoke',
        'POST /api/v1/people',
        'GET /api/v1/people/search',
        'GET /api/v1/people/:id',
        'PATCH /api/v1/people/:id',
        'POST /api/v1/people/:id/break-glass',
        'GET /people',
        'POST /people',
        'GET /people/new',
        'GET /people/:id',
        'GET /people/:id/edit',
        'POST /people/:id/edit',
      ].sort(),
    )
  })

  it('fails loudly on a line it cannot read', () => {
    expect(() => parsePrintedRoutes('└── / (GET)\n    ?? weird')).toThrow(/Cannot read printRoutes line/)
  })

  it('knows static assets', () => {
    expect(isStaticAsset('/assets/*')).toBe(true)
    expect(isStaticAsset('/static/*')).toBe(true)
    expect(isStaticAsset('/people')).toBe(false)
  })
})

describe('classify', () => {
  it.each([
    [200, undefined, 'allow'],
    [201, undefined, 'allow'],
    [303, '/people/1', 'allow'],
    [303, '/', 'allow'],
    [303, '/sign-in?signedOut=1', 'allow'],
    [303, '/sign-in/mfa', 'allow'],
    [303, '/sign-in', 'sign-in'],
    [401, undefined, '401'],
    [403, undefined, '403'],
    [404, undefined, '404'],
    [400, undefined, 'status 400'],
    [409, undefined, 'status 409'],
    [429, undefined, 'status 429'],
    [500, undefined, 'status 500'],
  ] as const)('%i %s → %s', (status, location, expected) => {
    expect(classify(status, location)).toBe(expected)
  })
})

describe('the tables', () => {
  it('have one row per route', () => {
    const keys = MATRIX.map((e) => e.route)
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([])
  })

  it('give every subject a valid outcome (and every state, for person routes)', () => {
    for (const entry of MATRIX) {
      if (isPersonEntry(entry)) {
        expect(OUTCOMES, entry.route).toContain(entry.expect.anonymous)
        for (const role of MATRIX_ROLES) {
          expect(entry.expect[role], `${entry.route} ${role}`).toHaveLength(PERSON_STATES.length)
          for (const outcome of entry.expect[role]) expect(OUTCOMES).toContain(outcome)
        }
      } else {
        expect(Object.keys(entry.expect).sort(), entry.route).toEqual([...SUBJECTS].sort())
        for (const subject of SUBJECTS) expect(OUTCOMES, `${entry.route} ${subject}`).toContain(entry.expect[subject])
      }
    }
  })

  it('never expect a 401 from a page or a sign-in redirect from the API', () => {
    for (const entry of MATRIX) {
      const outcomes = isPersonEntry(entry) ? [entry.expect.anonymous, ...MATRIX_ROLES.flatMap((r) => entry.expect[r])] : Object.values(entry.expect)
      expect(outcomes.includes(entry.kind === 'page' ? '401' : 'sign-in'), entry.route).toBe(false)
    }
  })

  it('never mix 403 and 404 for one role on a route about a person (unless the row says why it cannot leak)', () => {
    for (const entry of MATRIX.filter((e) => e.mixedDenials)) expect(entry.mixedDenials!.length, entry.route).toBeGreaterThan(40)
    // Nothing about a person may answer 403 in one state and 404 in another for the same role: that would say
    // which records exist.
    for (const entry of MATRIX.filter(isPersonEntry).filter((e) => !e.mixedDenials)) {
      for (const role of MATRIX_ROLES) {
        const denials = new Set(entry.expect[role].filter((o) => o !== 'allow'))
        expect(denials.size, `${entry.route} ${role}: ${[...denials].join(', ')}`).toBeLessThanOrEqual(1)
      }
    }
  })
})

import { randomUUID } from 'node:crypto'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modules } from '../../modules/index.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { testEngine } from '../../testing/database.ts'
import { auditEvents } from '../audit/schema.ts'
import { sessions, teams, users } from '../auth/schema.ts'
import { SESSION_COOKIE } from '../auth/sessions.ts'
import { legitimateRelationships, recordProtections } from '../access/schema.ts'
import { queryRows } from '../db/rows.ts'
import { buildApp, ROOT_DIR } from './app.ts'

let t: TestApp
let manager: BrowserSession
let personId: string

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Every response: HSTS, nosniff, no referrer; dynamic ones no-store; HTML ones a nonce CSP that the page uses. */
function expectSecurityHeaders(res: LightMyRequestResponse, url: string): void {
  const h = res.headers
  const hsts = String(h['strict-transport-security'] ?? '')
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0), `${url} HSTS`).toBeGreaterThanOrEqual(31_536_000)
  expect(hsts.toLowerCase(), `${url} HSTS`).toContain('includesubdomains')
  expect(h['x-content-type-options'], url).toBe('nosniff')
  expect(h['referrer-policy'], url).toBe('no-referrer')
  if (!url.startsWith('/static/') && !url.startsWith('/assets/') && !url.startsWith('/insight/assets/')) expect(h['cache-control'], `${url} cache-control`).toBe('no-store')
  if (String(h['content-type']).startsWith('text/html')) {
    const csp = String(h['content-security-policy'] ?? '')
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name as string, values]),
    )
    expect(directives['object-src'], `${url} CSP`).toEqual(["'none'"])
    expect(directives['base-uri'], `${url} CSP`).toEqual(["'none'"])
    expect(directives['frame-ancestors'], `${url} CSP`).toEqual(["'none'"])
    const scriptSrc: string[] = directives['script-src'] ?? []
    const nonce = scriptSrc.find((v) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(v))
    expect(nonce, `${url} script-src nonce`).toBeDefined()
    expect(scriptSrc, url).not.toContain("'unsafe-inline'")
    expect(scriptSrc, url).not.toContain("'unsafe-eval'")
    // Every inline script carries this response's nonce, and nothing else.
    const value = (nonce as string).slice(7, -1)
    for (const m of res.body.matchAll(/<script\b([^>]*)>/g)) {
      const attrs = m[1] as string
      if (/\bsrc=/.test(attrs)) continue
      expect(attrs, `${url} inline script without the nonce`).toContain(`nonce="${value}"`)
    }
  }
}

async function counts() {
  const [row] = await queryRows<Record<string, number>>(
    t.testDb.database.db,
    sql`select (select count(*)::int from people) as people,
               (select count(*)::int from person_history) as history,
               (select count(*)::int from api_tokens) as tokens,
               (select count(*)::int from sessions) as sessions,
               (select max(version)::int from people where id = ${personId}) as version`,
  )
  return row
}

beforeAll(async () => {
  t = await createTestApp()
  manager = await t.sessionFor(demoEmail('mash.manager'))
  // A person the manager created (so they have a relationship with it: view and edit).
  const created = await manager.post('/people', {
    kind: 'child',
    givenName: 'Csrf',
    familyName: 'Probe',
    gender: 'F',
    'dateOfBirth-day': '3',
    'dateOfBirth-month': '4',
    'dateOfBirth-year': '2012',
  })
  expect(created.statusCode, created.body.slice(0, 800)).toBe(303)
  personId = String(created.headers.location).split('/').pop() as string
  expect(personId).toMatch(UUID)
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe(`security headers (${testEngine()})`, () => {
  it('on every page a signed-in MASH manager can reach by following links from / (bounded crawl)', async () => {
    const seen = new Map<string, number>()
    const queue = ['/', `/people/${personId}`, '/people?familyName=Probe', '/no-such-page', '/sign-in', '/api/docs', '/accessibility']
    while (queue.length > 0 && seen.size < 80) {
      const url = queue.shift() as string
      if (seen.has(url)) continue
      const res = await manager.get(url)
      seen.set(url, res.statusCode)
      expect(res.statusCode, url).toBeLessThan(500)
      expectSecurityHeaders(res, url)
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof res.headers.location === 'string' && res.headers.location.startsWith('/')) queue.push(res.headers.location)
      if (!String(res.headers['content-type']).startsWith('text/html')) continue
      for (const m of res.body.matchAll(/href="([^"]+)"/g)) {
        const href = (m[1] as string).replaceAll('&amp;', '&').split('#')[0] as string
        if (!href.startsWith('/') || href.startsWith('//')) continue
        if (!seen.has(href) && !queue.includes(href)) queue.push(href)
      }
    }
    const pages = [...seen.keys()]
    // The crawl really went somewhere: the record, its edit page, the account page, the static assets.
    expect(pages).toEqual(expect.arrayContaining(['/', '/people', `/people/${personId}`, `/people/${personId}/edit`, '/account', '/people/new', '/privacy']))
    expect(pages.some((p) => p.startsWith('/static/'))).toBe(true)
    expect(seen.get('/no-such-page')).toBe(404)
  }, 120_000)

  it('on public pages, redirects and error pages for anonymous visitors too', async () => {
    for (const url of ['/sign-in', '/accessibility', '/privacy', '/api/docs', '/', '/people', '/no-such-page', '/health/live', '/api/docs/json']) {
      const res = await t.app.inject({ method: 'GET', url })
      expectSecurityHeaders(res, url)
    }
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me' })
    expect(api.statusCode).toBe(401)
    expectSecurityHeaders(api, '/api/v1/me')
  })
})

/** Every registered route (method, path) from Fastify's route tree. */
function registeredRoutes(app: FastifyInstance): Array<{ method: string; path: string }> {
  const routes: Array<{ method: string; path: string }> = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (!m) continue
    const depth = (m[1] as string).length / 4
    stack.length = depth
    const parent = depth === 0 ? '' : (stack[depth - 1] as string)
    const segment = m[2] as string
    const full = depth === 0 ? segment : parent === '/' ? `/${segment}` : `${parent}${segment}`
    stack[depth] = full
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
      if (method !== 'HEAD') routes.push({ method, path: full })
    }
  }
  return routes
}

// Module assets (/insight/assets/: Leaflet's files, the map and progress scripts) are fixed files with no data.
const PUBLIC = [/^\/insight\/assets\//, /^\/sign-in(\/|$)/, /^\/sign-out/, /^\/accessibility$/, /^\/privacy$/, /^\/api\/docs(\/json)?$/, /^\/health\//, /\*/]

describe(`every route needs a full sign-in unless it is public by allowlist (ASVS 6.3.3, 6.3.4) (${testEngine()})`, () => {
  it('anonymous visitors and password-only sessions get nothing from any protected route', async () => {
    const routes = registeredRoutes(t.app)
    expect(routes.length).toBeGreaterThan(15)
    expect(routes).toEqual(expect.arrayContaining([{ method: 'GET', path: '/people/:id' }, { method: 'POST', path: '/account/api-tokens' }, { method: 'GET', path: '/api/v1/me' }]))
    // A session that has passed the password step only.
    const b = new URLSearchParams()
    const first = await t.app.inject({ method: 'GET', url: '/sign-in' })
    const anonCookie = first.cookies.find((c) => c.name === SESSION_COOKIE)?.value as string
    const signInCsrf = /name="_csrf" value="([^"]+)"/.exec(first.body)?.[1] as string
    b.set('_csrf', signInCsrf)
    b.set('email', demoEmail('mash.manager'))
    b.set('password', 'Lantern-demo-2026!')
    const pw = await t.app.inject({ method: 'POST', url: '/sign-in', remoteAddress: '10.9.9.9', headers: { cookie: `${SESSION_COOKIE}=${anonCookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: b.toString() })
    expect(pw.headers.location).toBe('/sign-in/mfa')
    const halfCookie = `${SESSION_COOKIE}=${pw.cookies.find((c) => c.name === SESSION_COOKIE)?.value}`
    const mfaPage = await t.app.inject({ method: 'GET', url: '/sign-in/mfa', headers: { cookie: halfCookie } })
    const halfCsrf = /name="_csrf" value="([^"]+)"/.exec(mfaPage.body)?.[1] as string

    const before = await counts()
    const checked: string[] = []
    for (const { method, path } of routes) {
      if (PUBLIC.some((re) => re.test(path))) continue
      const url = path.replace(/:[A-Za-z]+/g, randomUUID())
      const isApi = path.startsWith('/api/')
      const payload = method === 'GET' ? undefined : isApi ? '{}' : new URLSearchParams({ _csrf: halfCsrf }).toString()
      const contentType = isApi ? 'application/json' : 'application/x-www-form-urlencoded'
      const anonymous = await t.app.inject({ method: method as 'GET', url, ...(payload ? { payload, headers: { 'content-type': contentType } } : {}) })
      const half = await t.app.inject({ method: method as 'GET', url, headers: { cookie: halfCookie, ...(payload ? { 'content-type': contentType } : {}) }, ...(payload ? { payload } : {}) })
      const label = `${method} ${path}`
      if (isApi) {
        // Authentication runs before schema validation (app.ts): whatever is sent, 401 and nothing about the fields.
        expect(anonymous.statusCode, `${label} anonymous`).toBe(401)
        expect(half.statusCode, `${label} password-only`).toBe(401)
        for (const res of [anonymous, half]) expect(res.headers['content-type'], label).toMatch(/application\/problem\+json/)
      } else {
        if (method === 'GET') {
          expect([anonymous.statusCode, anonymous.headers.location], `${label} anonymous`).toEqual([303, '/sign-in'])
        } else {
          // No session at all: refused by CSRF before anything else.
          expect(anonymous.statusCode, `${label} anonymous`).toBe(403)
        }
        expect([half.statusCode, half.headers.location], `${label} password-only`).toEqual([303, '/sign-in/mfa'])
      }
      checked.push(label)
    }
    expect(checked.length).toBeGreaterThan(10)
    expect(await counts()).toEqual({ ...before, sessions: before?.sessions })
  })
})

describe(`CSRF (${testEngine()})`, () => {
  const routes = () =>
    [
      { url: '/account/api-tokens', form: { name: 'CSRF probe', expiresDays: '30' } },
      {
        url: '/people',
        form: { kind: 'child', givenName: 'Forged', familyName: 'Person', gender: 'M', 'dateOfBirth-day': '1', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2013' },
      },
      { url: `/people/${personId}/edit`, form: { kind: 'child', givenName: 'Renamed', familyName: 'Probe', gender: 'F', version: '1' } },
      { url: '/sign-out', form: {} },
      { url: '/sign-out/everywhere', form: {} },
    ] as const

  function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}, session = manager) {
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', host: 'lantern.test', ...headers },
      payload: new URLSearchParams(form).toString(),
    })
  }

  it('a missing token, a wrong token, another session’s token, or a foreign Origin → 403, and nothing changes', async () => {
    const other = await t.sessionFor(demoEmail('mash.social.worker'))
    const before = await counts()
    const auditBefore = (await queryRows<{ n: number }>(t.testDb.database.db, sql`select count(*)::int as n from audit_events`))[0]?.n
    for (const { url, form } of routes()) {
      const attempts: Array<[string, Record<string, string>, Record<string, string>]> = [
        ['missing token', { ...form }, {}],
        ['empty token', { ...form, _csrf: '' }, {}],
        ['wrong token', { ...form, _csrf: 'wrong-token-value' }, {}],
        ['another session’s token', { ...form, _csrf: other.csrf }, {}],
        ['foreign Origin', { ...form, _csrf: manager.csrf }, { origin: 'https://evil.example' }],
        ['Origin null without a token', { ...form }, { origin: 'null' }],
        ['Origin null with a wrong token', { ...form, _csrf: other.csrf }, { origin: 'null' }],
        ['Sec-Fetch-Site cross-site', { ...form, _csrf: manager.csrf }, { 'sec-fetch-site': 'cross-site' }],
        ['Sec-Fetch-Site same-site (a sibling subdomain)', { ...form, _csrf: manager.csrf }, { 'sec-fetch-site': 'same-site' }],
        ['unparseable Origin', { ...form, _csrf: manager.csrf }, { origin: 'not a url' }],
        ['look-alike Origin', { ...form, _csrf: manager.csrf }, { origin: 'https://lantern.test.evil.example' }],
        ['Origin with credentials trick', { ...form, _csrf: manager.csrf }, { origin: 'https://lantern.test@evil.example' }],
        ['token only in a query string', { ...form }, {}],
      ]
      for (const [what, body, headers] of attempts) {
        const target = what === 'token only in a query string' ? `${url}?_csrf=${encodeURIComponent(manager.csrf)}` : url
        const res = await post(target, body, headers)
        expect(res.statusCode, `${url}: ${what}`).toBe(403)
        expect(res.headers['content-type'], `${url}: ${what}`).toMatch(/text\/html/)
        expect(res.body).toContain('Your form could not be submitted')
      }
    }
    expect(await counts()).toEqual(before)
    const auditAfter = (await queryRows<{ n: number }>(t.testDb.database.db, sql`select count(*)::int as n from audit_events`))[0]?.n
    expect(auditAfter).toBe(auditBefore)
    // The session survived all of it.
    expect((await manager.get('/')).statusCode).toBe(200)
  })

  it('the same requests with the right token and our own Origin do go through (the refusals above are not vacuous)', async () => {
    const before = await counts()
    const token = await post('/account/api-tokens', { name: 'Legit', expiresDays: '30', _csrf: manager.csrf }, { origin: 'https://lantern.test' })
    expect(token.statusCode).toBe(200)
    const edit = await post(`/people/${personId}/edit`, { kind: 'child', givenName: 'Renamed', familyName: 'Probe', gender: 'F', version: '1', _csrf: manager.csrf })
    expect(edit.statusCode, edit.body.slice(0, 500)).toBe(303)
    const after = await counts()
    expect(after?.tokens).toBe((before?.tokens ?? 0) + 1)
    expect(after?.version).toBe((before?.version ?? 0) + 1)
    // A browser under `Referrer-Policy: no-referrer` sends `Origin: null` on form posts: the token alone decides.
    const nullOrigin = await post('/account/api-tokens', { name: 'Null origin', _csrf: manager.csrf }, { origin: 'null', 'sec-fetch-site': 'same-origin' })
    expect(nullOrigin.statusCode).toBe(200)
    // And the csrf-token header is an accepted alternative to the form field.
    const viaHeader = await post('/account/api-tokens', { name: 'Legit 2' }, { 'csrf-token': manager.csrf })
    expect(viaHeader.statusCode).toBe(200)
    // Sign-out with a valid token (a throwaway session).
    const throwaway = await t.sessionFor(demoEmail('mash.manager'))
    const out = await post('/sign-out', { _csrf: throwaway.csrf }, {}, throwaway)
    expect(out.statusCode).toBe(303)
    expect((await throwaway.get('/')).statusCode).toBe(303)
  })

  it('the API takes no cookie however its path is spelled (percent-encoding, case), only a bearer token', async () => {
    const token = await t.tokenFor(demoEmail('mash.manager'))
    for (const url of ['/api/v1/me', '/%61pi/v1/me', '/%61%70%69/v1/me', '/api/v1/m%65', '/api/v1/me?via=/api/docs']) {
      const withCookie = await manager.get(url)
      expect(withCookie.statusCode, url).toBe(401)
      expect(withCookie.headers['content-type'], url).toMatch(/application\/problem\+json/)
      expect(withCookie.body, url).not.toContain('mash.manager@')
      const withToken = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
      expect(withToken.statusCode, url).toBe(200)
    }
    // Spellings the router does not match are simply not found, never served from the session.
    for (const url of ['/API/v1/me', '//api/v1/me', '/%2561pi/v1/me', '/api%2fv1/me']) {
      const res = await manager.get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.body, url).not.toContain('mash.manager@')
    }
  })

  it('the API takes no cookie, so it has no CSRF surface: a cookie-only API write is 401', async () => {
    const before = await counts()
    for (const url of ['/api/v1/people', '/%61pi/v1/people']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: manager.cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ kind: 'child', givenName: 'Api', familyName: 'Forged', gender: 'F', dateOfBirth: '2012-01-01' }),
      })
      expect(res.statusCode, url).toBe(401)
    }
    expect(await counts()).toEqual(before)
  })
})

describe(`request identity and errors (${testEngine()})`, () => {
  it('never echoes a client-supplied correlation id; ours is a fresh UUID, also in the audit row', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/people/${personId}`,
      headers: { cookie: manager.cookie, 'x-correlation-id': 'client-chosen-id', 'request-id': 'client-request-id', 'x-request-id': 'client-x-request-id' },
    })
    expect(res.statusCode).toBe(200)
    const id = res.headers['x-correlation-id'] as string
    expect(id).toMatch(UUID)
    expect(res.body).not.toContain('client-chosen-id')
    const rows = await t.testDb.database.db.select().from(auditEvents).where(eq(auditEvents.correlationId, id))
    expect(rows.map((r) => r.action)).toContain('people.viewed')
    const forged = await t.testDb.database.db.select().from(auditEvents).where(sql`${auditEvents.correlationId} like 'client-%'`)
    expect(forged).toEqual([])
    const again = await t.app.inject({ method: 'GET', url: '/sign-in', headers: { 'x-correlation-id': id } })
    expect(again.headers['x-correlation-id']).not.toBe(id)
  })

  it('ignores X-Forwarded-For: the recorded client address is the connection’s (ASVS 4.1.3)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: '192.0.2.7', headers: { 'x-forwarded-for': '203.0.113.66', 'x-real-ip': '203.0.113.67' } })
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value as string
    const [row] = await queryRows<{ ip_address: string }>(
      t.testDb.database.db,
      sql`select ip_address from sessions where token_hash = encode(sha256(convert_to(${cookie}, 'UTF8')), 'hex')`,
    )
    expect(row?.ip_address).toBe('192.0.2.7')
  })

  it('an unknown path gives the 404 page (HTML) or problem+json (API)', async () => {
    const page = await manager.get('/no/such/page')
    expect(page.statusCode).toBe(404)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.body).toContain('Page not found')
    const token = await t.tokenFor(demoEmail('mash.manager'))
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: { authorization: `Bearer ${token}` } })
    expect(api.statusCode).toBe(404)
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(api.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: expect.any(String) })
  })

  it('API 404s are byte-identical for a nonexistent uuid, a non-uuid id and a hidden (and a sealed) person', async () => {
    const db = t.testDb.database.db
    const [policeUser] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoEmail('police.missing')))
    const [unit] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, 'Missing persons unit'))
    const [hidden] = await queryRows<{ id: string }>(
      db,
      sql`select p.id from people p
          where p.kind = 'child'
            and not exists (select 1 from ${recordProtections} rp where rp.person_id = p.id)
            and not exists (select 1 from ${legitimateRelationships} lr where lr.person_id = p.id and (lr.user_id = ${policeUser?.id} or lr.team_id = ${unit?.id}))
          order by p.id limit 1`,
    )
    expect(hidden?.id).toMatch(UUID)
    const [sealed] = await db.select({ id: recordProtections.personId }).from(recordProtections).where(eq(recordProtections.state, 'sealed')).limit(1)
    const token = await t.tokenFor(demoEmail('police.missing'))
    const get = (id: string) => t.app.inject({ method: 'GET', url: `/api/v1/people/${id}`, headers: { authorization: `Bearer ${token}` } })
    const ids = [randomUUID(), 'not-a-uuid', '1', `${randomUUID()}x`, '%00', `${randomUUID().slice(0, 35)}%00`, '%E2%80%AE', hidden?.id as string, ...(sealed ? [sealed.id] : [])]
    const responses = await Promise.all(ids.map(get))
    const reference = responses[0] as LightMyRequestResponse
    expect(reference.statusCode).toBe(404)
    for (const [i, res] of responses.entries()) {
      expect(res.statusCode, ids[i]).toBe(404)
      expect(res.body, ids[i]).toBe(reference.body)
      expect(res.headers['content-type'], ids[i]).toBe(reference.headers['content-type'])
      expect(res.headers['content-length'], ids[i]).toBe(reference.headers['content-length'])
      expect(res.body).not.toContain(res.headers['x-correlation-id'] as string)
    }
    // The pages behave alike: nonexistent, malformed and hidden ids all give the same 404 page.
    const police = await t.sessionFor(demoEmail('police.missing'))
    const pages = await Promise.all(ids.map((id) => police.get(`/people/${id}`)))
    const normalisePage = (body: string) => body.replace(/nonce="[^"]*"/g, '').replace(/name="_csrf" value="[^"]*"/g, '')
    for (const [i, res] of pages.entries()) {
      expect(res.statusCode, `page ${ids[i]}`).toBe(404)
      expect(normalisePage(res.body), `page ${ids[i]}`).toBe(normalisePage((pages[0] as LightMyRequestResponse).body))
    }
    // The hidden person does exist, and someone with a relationship would see them — so the 404 is a real denial.
    const [holder] = await queryRows<{ email: string }>(
      db,
      sql`select u.email from ${legitimateRelationships} lr join users u on u.id = lr.user_id where lr.person_id = ${hidden?.id} and lr.ended_at is null limit 1`,
    )
    if (holder) {
      const seen = await t.app.inject({ method: 'GET', url: `/api/v1/people/${hidden?.id}`, headers: { authorization: `Bearer ${await t.tokenFor(holder.email)}` } })
      expect([200, 404]).toContain(seen.statusCode)
    }
    // Every one of those denials is on the audit record.
    const denials = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'people.view'), eq(auditEvents.outcome, 'denied'), eq(auditEvents.actorLabel, demoEmail('police.missing'))))
    expect(denials.length).toBeGreaterThanOrEqual(2 * ids.length)
  })

  it('a malformed request gets a plain 400, no stack, no parser internals', async () => {
    const token = await t.tokenFor(demoEmail('mash.manager'))
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/people', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"kind": "child",' })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+|SyntaxError|Unexpected end|JSON\.parse/)
    const page = await t.app.inject({
      method: 'POST',
      url: '/people',
      headers: { cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(manager.csrf)}&givenName=${'x'.repeat(1024 * 1024 + 10)}`,
    })
    expect(page.statusCode).toBe(413)
    expect(page.body).not.toMatch(/at .*\.(ts|js):\d+|FST_/)
    expectSecurityHeaders(page, '/people (413)')
  })

  describe('an unexpected error', () => {
    let app: FastifyInstance
    beforeAll(async () => {
      app = await buildApp({ platform: t.platform, config: t.config, modules, rootDir: ROOT_DIR, logger: false })
      const boom = () => {
        const error = new Error('select * from people where secret_column = 42 -- internal detail')
        error.stack = `${error.message}\n    at secretFunction (/work/main/src/secret.ts:1:1)`
        throw error
      }
      app.get('/test-only/boom', async () => boom())
      app.get('/api/v1/test-only/boom', async () => boom())
      await app.ready()
    })
    afterAll(async () => {
      await app?.close()
    })

    it('gives the generic 500 page, with no message, stack or SQL', async () => {
      const res = await app.inject({ method: 'GET', url: '/test-only/boom', headers: { cookie: manager.cookie } })
      expect(res.statusCode).toBe(500)
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.body).toContain('Sorry, there is a problem with the service')
      expect(res.body).not.toMatch(/secret_column|secretFunction|secret\.ts|select \*/)
      expectSecurityHeaders(res, '/test-only/boom')
    })

    it('gives a generic problem+json 500 on the API', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/test-only/boom' })
      expect(res.statusCode).toBe(500)
      expect(res.json()).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 })
      expect(res.headers['x-correlation-id']).toMatch(UUID)
    })
  })
})

describe(`sessions in the database (${testEngine()})`, () => {
  it('stores only token hashes, never a cookie value', async () => {
    const rows = await t.testDb.database.db.select({ tokenHash: sessions.tokenHash }).from(sessions).where(isNull(sessions.pendingTotpSecret))
    expect(rows.length).toBeGreaterThan(0)
    const cookieValue = manager.cookie.split('=')[1] as string
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true)
    expect(rows.some((r) => r.tokenHash === cookieValue)).toBe(false)
  })
})

/**
 * The hotspots through the real app over the demo partnership: the API's shape, readers and problem+json 400s; the
 * page for each reader, 403 for others, sign-in for nobody; downloads; audit; the tile server in the CSP; the map's
 * assets; and the demo's figures against a count of the underlying rows made here in JavaScript.
 */
import { and, desc, eq, gte, isNotNull, lt } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordProtections } from '../../../platform/access/schema.ts'
import { auditEvents } from '../../../platform/audit/schema.ts'
import { csvCell } from '../../../platform/outputs/csv.ts'
import { createTestApp, demoEmail, type TestApp } from '../../../testing/app.ts'
import { contacts } from '../../contacts/schema.ts'
import { missingEpisodePlaces, missingEpisodes } from '../../missing/schema.ts'

type ApiHotspot = { place: string; kind: string; latitude: number | null; longitude: number | null; events: number; children: number; latest: string }

let t: TestApp
const db = () => t.testDb.database.db
const tokens: Record<string, string> = {}

async function api(account: string, query = '') {
  tokens[account] ??= await t.tokenFor(demoEmail(account))
  return t.app.inject({ method: 'GET', url: `/api/v1/insight/hotspots${query}`, headers: { authorization: `Bearer ${tokens[account]}` } })
}

async function page(account: string, url: string) {
  const browser = await t.sessionFor(demoEmail(account))
  return browser.get(url)
}

// The demo's year of episodes ends on the test day (2026-11-28).
const YEAR = { from: '2025-11-29', to: '2026-11-28' }
const YEAR_QUERY = `?from=${YEAR.from}&to=${YEAR.to}`
const yearStart = new Date('2025-11-29T00:00:00Z') // GMT: London midnight is UTC midnight
const yearEnd = new Date('2026-11-29T00:00:00Z')

beforeAll(async () => {
  t = await createTestApp()
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('GET /api/v1/insight/hotspots', () => {
  it('gives the analyst ranked places with counts and rounded positions, no names, and audits the read', async () => {
    const response = await api('analyst', `${YEAR_QUERY}`)
    expect(response.statusCode).toBe(200)
    const body = response.json() as { from: string; to: string; hotspots: ApiHotspot[] }
    expect(Object.keys(body).sort()).toEqual(['from', 'hotspots', 'to'])
    expect(body).toMatchObject(YEAR)
    expect(body.hotspots.length).toBeGreaterThan(5)
    for (const h of body.hotspots) {
      expect(Object.keys(h).sort()).toEqual(['children', 'events', 'kind', 'latest', 'latitude', 'longitude', 'place'])
      expect(['found', 'missing-to', 'concern']).toContain(h.kind)
      expect(h.events).toBeGreaterThanOrEqual(h.children)
      expect(h.children).toBeGreaterThanOrEqual(1)
      for (const v of [h.latitude, h.longitude]) if (v !== null) expect(Math.round(v * 1000) / 1000).toBe(v)
      // No full postcode (an address's), only districts.
      expect(h.place).not.toMatch(/[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}/)
    }
    const events = body.hotspots.map((h) => h.events)
    expect(events).toEqual([...events].sort((a, b) => b - a))
    expect(JSON.stringify(body)).not.toMatch(/personId|givenName|familyName/)
    const analystId = await t.userId(demoEmail('analyst'))
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, analystId), eq(auditEvents.action, 'insight.hotspots.viewed'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(event).toMatchObject({ outcome: 'allowed', resourceType: 'insight-hotspots', details: { ...YEAR, kind: 'all', format: 'api' } })
  })

  it('filters by kind, and the demo figures match an independent count of the episodes and contacts', async () => {
    const found = (await api('exploitation.lead', `${YEAR_QUERY}&kind=found`)).json() as { hotspots: ApiHotspot[] }
    const concern = (await api('business.unit', `${YEAR_QUERY}&kind=concern`)).json() as { hotspots: ApiHotspot[] }
    expect(new Set(found.hotspots.map((h) => h.kind))).toEqual(new Set(['found']))
    expect(new Set(concern.hotspots.map((h) => h.kind))).toEqual(new Set(['concern']))
    const sealed = new Set((await db().select({ id: recordProtections.personId }).from(recordProtections).where(eq(recordProtections.state, 'sealed'))).map((r) => r.id))

    // Found: the demo's places are named ("Queensgate bus station, Peterborough") with a postcode and a point.
    const episodes = (await db().select().from(missingEpisodes).where(and(gte(missingEpisodes.returnedAt, yearStart), lt(missingEpisodes.returnedAt, yearEnd), isNotNull(missingEpisodes.foundDescription)))).filter((e) => !sealed.has(e.personId))
    const expectedFound = new Map<string, { events: number; children: Set<string> }>()
    for (const e of episodes) {
      const place = `${e.foundDescription} (${e.foundPostcode!.split(' ')[0]})`
      const entry = expectedFound.get(place) ?? { events: 0, children: new Set() }
      entry.events++
      entry.children.add(e.personId)
      expectedFound.set(place, entry)
    }
    expect(episodes.length).toBeGreaterThan(10)
    expect(Object.fromEntries(found.hotspots.map((h) => [h.place, [h.events, h.children]]))).toEqual(Object.fromEntries([...expectedFound].map(([place, v]) => [place, [v.events, v.children.size]])))

    // Concern: contacts by the district of the child's postcode; an unlinked contact is a child of its own.
    const rows = (await db().select().from(contacts).where(and(gte(contacts.receivedAt, yearStart), lt(contacts.receivedAt, yearEnd)))).filter((c) => !c.personId || !sealed.has(c.personId))
    const expectedConcern = new Map<string, { events: number; children: Set<string> }>()
    for (const c of rows) {
      if (!c.childPostcode) continue
      const place = `${c.childPostcode.trim().split(/\s+/)[0]!.toUpperCase()} (postcode district)`
      const entry = expectedConcern.get(place) ?? { events: 0, children: new Set() }
      entry.events++
      entry.children.add(c.personId ?? `contact:${c.id}`)
      expectedConcern.set(place, entry)
    }
    expect(rows.length).toBeGreaterThan(10)
    expect(Object.fromEntries(concern.hotspots.map((h) => [h.place, [h.events, h.children]]))).toEqual(Object.fromEntries([...expectedConcern].map(([place, v]) => [place, [v.events, v.children.size]])))

    // Missing to: each place a child went, on episodes reported missing in the year (the demo's are all named).
    const missingTo = (await api('analyst', `${YEAR_QUERY}&kind=missing-to`)).json() as { hotspots: ApiHotspot[] }
    expect(new Set(missingTo.hotspots.map((h) => h.kind))).toEqual(new Set(['missing-to']))
    const went = (
      await db()
        .select({ personId: missingEpisodes.personId, description: missingEpisodePlaces.description, postcode: missingEpisodePlaces.postcode })
        .from(missingEpisodePlaces)
        .innerJoin(missingEpisodes, eq(missingEpisodes.id, missingEpisodePlaces.episodeId))
        .where(and(gte(missingEpisodes.reportedMissingAt, yearStart), lt(missingEpisodes.reportedMissingAt, yearEnd)))
    ).filter((p) => !sealed.has(p.personId))
    const expectedTo = new Map<string, { events: number; children: Set<string> }>()
    for (const p of went) {
      const place = `${p.description} (${p.postcode!.split(' ')[0]})`
      const entry = expectedTo.get(place) ?? { events: 0, children: new Set() }
      entry.events++
      entry.children.add(p.personId)
      expectedTo.set(place, entry)
    }
    expect(went.length).toBeGreaterThan(10)
    expect(Object.fromEntries(missingTo.hotspots.map((h) => [h.place, [h.events, h.children]]))).toEqual(Object.fromEntries([...expectedTo].map(([place, v]) => [place, [v.events, v.children.size]])))
    for (const h of missingTo.hotspots) expect(h.latitude, h.place).not.toBeNull()
  })

  it('answers bad input with problem+json 400, and other roles with 403 whatever they ask', async () => {
    for (const query of ['?from=2026-02-30&to=2026-03-01', '?from=2026-10-01', '?from=2026-12-01&to=2026-10-01', '?kind=nowhere']) {
      const response = await api('analyst', query)
      expect(response.statusCode, query).toBe(400)
      expect(response.headers['content-type']).toContain('application/problem+json')
    }
    for (const account of ['social.worker', 'mash.social.worker', 'police.missing', 'admin']) {
      expect((await api(account, '?kind=nowhere')).statusCode, account).toBe(403)
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/insight/hotspots' })).statusCode).toBe(401)
  })
})

describe('/insight/hotspots', () => {
  it('shows each reader the table, the chart and the map container (hidden until the script runs), with the sub-navigation', async () => {
    for (const account of ['analyst', 'business.unit', 'exploitation.lead']) {
      const response = await page(account, '/insight/hotspots?from-day=29&from-month=11&from-year=2025&to-day=28&to-month=11&to-year=2026')
      expect(response.statusCode, account).toBe(200)
      const html = response.body
      expect(html).toContain('<h1 class="govuk-heading-l">Hotspots</h1>')
      expect(html).toMatch(/<table class="govuk-table"[^>]*id="hotspots"/)
      expect(html).toContain('Queensgate bus station, Peterborough (PE1)')
      expect(html).toContain('id="hotspots-top-chart"')
      expect(html).toMatch(/id="hotspots-map-section" hidden/)
      expect(html).toContain('aria-label="Map of hotspots. The table “Hotspots” above holds the same data."')
      expect(html).toMatch(/<script src="\/insight\/assets\/leaflet\/leaflet.js" nonce="[^"]+"><\/script>/)
      expect(html).toMatch(/<script src="\/insight\/assets\/hotspots-map.js" nonce="[^"]+"><\/script>/)
      expect(html).toMatch(/class="moj-sub-navigation__link" aria-current="page" href="\/insight\/hotspots"/)
      expect(html).not.toContain('not yet recorded')
      // Every kind is in the map's points (all places of the period, not only the table's top 20).
      expect(html).toMatch(/data-points="[^"]*missing-to/)
      expect(html).not.toMatch(/[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}/)
    }
  })

  it('lists the top 20 with a "show all" link, filters by kind with links, and keeps the period', async () => {
    const base = '/insight/hotspots?from-day=29&from-month=11&from-year=2025&to-day=28&to-month=11&to-year=2026'
    const all = await page('analyst', `${base}&all=1`)
    const total = Number(/Showing (\d+) of (\d+) places/.exec(all.body)![2])
    const rows = (html: string) => (html.match(/<tr class="govuk-table__row">/g) ?? []).length - 1
    expect(rows(all.body)).toBe(total)
    const top = await page('analyst', base)
    expect(rows(top.body)).toBe(Math.min(20, total))
    if (total > 20) expect(top.body).toContain('data-qa="show-all"')
    const concern = await page('analyst', `${base}&kind=concern`)
    expect(concern.body).toContain('<strong aria-current="page">Concern</strong>')
    expect(concern.body).not.toContain('bus station')
    expect(concern.body).not.toMatch(/<td class="govuk-table__cell">Missing to<\/td>/)
    const missingTo = await page('analyst', `${base}&kind=missing-to`)
    expect(missingTo.body).toContain('<strong aria-current="page">Missing to</strong>')
    expect(missingTo.body).toContain('Serpentine Green shopping centre (PE7)')
    expect(missingTo.body).toContain('id="hotspots-top-chart"')
    const csv = await page('analyst', `${base}&kind=missing-to&format=csv`)
    expect(csv.headers['content-disposition']).toContain('lantern-hotspots-missing-to-')
    expect(csv.body).toContain(',Missing to,')
    expect(concern.body).toContain('name="kind" value="concern"')
  })

  it('says what is wrong with a bad period or kind (400, GOV.UK error summary)', async () => {
    const bad = await page('analyst', '/insight/hotspots?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('href="#from-day"')
    const kind = await page('analyst', '/insight/hotspots?kind=nowhere')
    expect(kind.statusCode).toBe(400)
    expect(kind.body).toContain('href="#kind"')
    expect(kind.body).toContain('id="kind"')
  })

  it('refuses a practitioner (403, audited) and sends nobody to sign in', async () => {
    const response = await page('mash.social.worker', '/insight/hotspots')
    expect(response.statusCode).toBe(403)
    const userId = await t.userId(demoEmail('mash.social.worker'))
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.outcome, 'denied'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(event?.action).toBe('insight.hotspots.view')
    const anonymous = await t.app.inject({ method: 'GET', url: '/insight/hotspots' })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toBe('/sign-in')
  })

  it('downloads the whole table as formula-safe CSV and as XLSX, audited with the format', async () => {
    const base = '/insight/hotspots?quarter=2026-Q4&kind=found'
    const csv = await page('business.unit', `${base}&format=csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="lantern-hotspots-found-2026-10-01-to-2026-12-31.csv"')
    expect(csv.body.split('\r\n')[0]).toBe('Place,Rank,Kind,Located by,Events,Children,Latest')
    const expected = (await api('business.unit', '?from=2026-10-01&to=2026-12-31&kind=found')).json() as { hotspots: ApiHotspot[] }
    for (const h of expected.hotspots) expect(csv.body).toContain(`${csvCell(h.place)},`)
    const xlsx = await page('business.unit', `${base}&format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const text = JSON.stringify(workbook.worksheets.map((w) => w.getSheetValues()))
    for (const h of expected.hotspots) expect(text).toContain(h.place)
    const userId = await t.userId(demoEmail('business.unit'))
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, 'insight.hotspots.viewed'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(event?.details).toMatchObject({ from: '2026-10-01', to: '2026-12-31', kind: 'found' })
    expect((await page('business.unit', `${base}&format=pdf`)).statusCode).toBe(400)
  })

  it('adds the configured tile server to img-src on this page only, and gives the map its template', async () => {
    const plain = await page('analyst', '/insight/hotspots')
    expect(plain.headers['content-security-policy']).toMatch(/img-src 'self' data:(;|$)/)
    expect(plain.body).toContain('data-tile-url=""')
    const saved = t.config.mapTiles
    t.config.mapTiles = { urlTemplate: 'https://{s}.tile.example/{z}/{x}/{y}.png', origin: 'https://*.tile.example', attribution: '© Example contributors' }
    try {
      const tiled = await page('analyst', '/insight/hotspots')
      expect(tiled.headers['content-security-policy']).toMatch(/img-src 'self' data: https:\/\/\*\.tile\.example(;|$)/)
      expect(tiled.body).toContain('data-tile-url="https://{s}.tile.example/{z}/{x}/{y}.png"')
      expect(tiled.body).toContain('data-attribution="© Example contributors"')
      const other = await page('analyst', '/insight')
      expect(other.headers['content-security-policy']).not.toContain('tile.example')
    } finally {
      t.config.mapTiles = saved
    }
  })
})

describe('the map assets', () => {
  it('serves Leaflet and the map script from our own origin, and nothing else of the package', async () => {
    const js = await t.app.inject({ method: 'GET', url: '/insight/assets/leaflet/leaflet.js' })
    expect(js.statusCode).toBe(200)
    expect(js.headers['content-type']).toContain('text/javascript')
    expect(js.body).toContain('Leaflet 1.9.4')
    // Fixed files with no data may be cached; a 404 for a name that is not one of them is never stored.
    expect(js.headers['cache-control']).toBe('public, max-age=86400')
    expect((await t.app.inject({ method: 'GET', url: '/insight/assets/leaflet/nope.js' })).headers['cache-control']).toBe('no-store')
    expect((await t.app.inject({ method: 'GET', url: '/insight/assets/leaflet/leaflet.css' })).headers['content-type']).toContain('text/css')
    expect((await t.app.inject({ method: 'GET', url: '/insight/assets/leaflet/images/layers.png' })).headers['content-type']).toBe('image/png')
    const script = await t.app.inject({ method: 'GET', url: '/insight/assets/hotspots-map.js' })
    expect(script.statusCode).toBe(200)
    expect(script.body).toContain('hotspots-map')
    for (const url of ['/insight/assets/leaflet/package.json', '/insight/assets/leaflet/..%2Fpackage.json', '/insight/assets/leaflet/images/x.png']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404)
    }
  })
})

/**
 * Curated chronologies through the real app: composed from the child's chronology with checkboxes, a title and a
 * note per entry; stored as references (type + source id), reopened and edited; exported as PDF with the marking,
 * the child's name, the exporter and the time, and only what the reader may see at export time (the rest counted).
 * Another agency, or no relationship, gets the record's 404. Bad input is refused with nothing saved.
 */
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { registerPersonExtension, unregisterPersonExtension } from '../people/extensions.ts'
import { curatedChronologies, curatedChronologyEntries } from './schema.ts'
import { pdfText } from './pdf-text.ts'

let t: TestApp
let lead: string
let leadId: string
let browser: BrowserSession
const db = () => t.testDb.database.db
const DAY = 86_400_000
const json = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) })
/** A browser form post with repeated fields (several ticked checkboxes). */
const postForm = (session: BrowserSession, url: string, pairs: [string, string][]) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_csrf', session.csrf], ...pairs]).toString() })

/** A source standing for another agency's records; `hidden` makes an entry one the reader may no longer see. */
const SOURCE = 'curated-test-source'
const hidden = new Set<string>()
const POLICE = { name: 'Cambridgeshire Constabulary (demo)', type: 'police' }

async function newChild(allocated: string[]): Promise<string> {
  const id = randomUUID()
  const at = new Date(t.platform.clock.now().getTime() - 200 * DAY)
  await db().insert(people).values({ id, givenName: 'Jade', familyName: 'Marlowe', dateOfBirth: '2011-06-01', gender: 'F', createdAt: at, updatedAt: at })
  for (const userId of allocated) await db().insert(legitimateRelationships).values({ personId: id, userId, source: 'allocation', startsAt: at })
  return id
}

beforeAll(async () => {
  t = await createTestApp()
  lead = await t.tokenFor(demoEmail('exploitation.lead'))
  leadId = await t.userId(demoEmail('exploitation.lead'))
  browser = await t.sessionFor(demoEmail('exploitation.lead'))
  registerPersonExtension({
    name: SOURCE,
    chronology: async (_tx, personId) => {
      const at = (d: number) => new Date(t.platform.clock.now().getTime() - d * DAY)
      return [
        { at: at(30), type: 'contact', agency: POLICE, summary: 'Contact from the police: found in a car with two older men', sourceId: `contact-${personId}` },
        { at: at(28), type: 'missing-episode', agency: POLICE, summary: 'Missing from home overnight, found in Peterborough', sourceId: `episode-${personId}` },
        { at: at(20), type: 'return-interview', agency: POLICE, summary: 'Return home interview: talked about a new older friend', sourceId: `rhi-${personId}` },
      ].filter((i) => !hidden.has(i.sourceId))
    },
  })
}, 120_000)

afterAll(async () => {
  unregisterPersonExtension(SOURCE)
  await t?.close()
})

const savedId = (location: string | string[] | number | undefined) => String(location).replace('/chronologies/', '')

describe('composing a curated chronology', () => {
  it('ticks entries with notes, saves references, reopens, edits and refuses a stale edit', async () => {
    const child = await newChild([leadId])
    const form = await browser.get(`/people/${child}/chronology/curated/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`value="contact:contact-${child}"`)
    expect(form.body).toContain('name="note-0"')

    const saved = await postForm(browser, `/people/${child}/chronology/curated`, [
      ['title', 'Strategy meeting 3 December'],
      ['entries', `contact:contact-${child}`],
      ['entries', `return-interview:rhi-${child}`],
      ['noteKey-0', `contact:contact-${child}`],
      ['note-0', 'First sign of older males'],
      ['noteKey-1', `missing-episode:episode-${child}`],
      ['note-1', 'not ticked: not saved'],
      ['noteKey-2', `return-interview:rhi-${child}`],
      ['note-2', ''],
    ])
    expect(saved.statusCode, saved.body).toBe(303)
    const id = savedId(saved.headers.location)
    const rows = await db().select().from(curatedChronologyEntries).where(eq(curatedChronologyEntries.chronologyId, id))
    expect(rows.map((r) => [r.itemType, r.sourceId, r.note]).sort()).toEqual([
      ['contact', `contact-${child}`, 'First sign of older males'],
      ['return-interview', `rhi-${child}`, null],
    ])

    const page = await browser.get(`/chronologies/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Strategy meeting 3 December')
    expect(page.body).toContain('First sign of older males')
    expect(page.body.indexOf('data-qa="curated-contact"')).toBeLessThan(page.body.indexOf('data-qa="curated-return-interview"'))
    expect(page.body).not.toContain('Missing from home overnight')
    // The child's chronology lists it.
    expect((await browser.get(`/people/${child}/chronology`)).body).toContain(`/chronologies/${id}`)

    const edit = await browser.get(`/chronologies/${id}/edit`)
    expect(edit.body).toMatch(new RegExp(`value="contact:contact-${child}" checked`))
    expect(edit.body).toContain('name="version" value="1"')
    const changed = await postForm(browser, `/chronologies/${id}/edit`, [
      ['version', '1'],
      ['title', 'Strategy meeting (revised)'],
      ['entries', `missing-episode:episode-${child}`],
      ['noteKey-1', `missing-episode:episode-${child}`],
      ['note-1', 'Found far from home'],
    ])
    expect(changed.statusCode, changed.body).toBe(303)
    const api = (await json('GET', `/api/v1/curated-chronologies/${id}`, lead)).json()
    expect(api).toMatchObject({ title: 'Strategy meeting (revised)', version: 2, omitted: 0 })
    expect(api.entries.map((e: { type: string; note: string | null }) => [e.type, e.note])).toEqual([['missing-episode', 'Found far from home']])

    const stale = await postForm(browser, `/chronologies/${id}/edit`, [['version', '1'], ['title', 'Lost update'], ['entries', `contact:contact-${child}`]])
    expect(stale.statusCode).toBe(400)
    expect(stale.body).toContain('Someone else changed this chronology')
    expect((await db().select().from(curatedChronologies).where(eq(curatedChronologies.id, id)))[0]?.title).toBe('Strategy meeting (revised)')

    const audited = await db().select().from(auditEvents).where(and(eq(auditEvents.resourceId, id), eq(auditEvents.resourceType, 'curated-chronology')))
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['chronology.curated.created', 'chronology.curated.updated', 'chronology.curated.viewed']))
  })

  it('refuses a missing title, no entries, an entry not in the chronology and a long note, saving nothing', async () => {
    const child = await newChild([leadId])
    const empty = await postForm(browser, `/people/${child}/chronology/curated`, [['title', ' ']])
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('govuk-error-summary')
    expect(empty.body).toContain('Enter a title for the chronology')
    expect(empty.body).toContain('Choose at least one entry from the chronology')
    const long = await postForm(browser, `/people/${child}/chronology/curated`, [['title', 'T'], ['entries', `contact:contact-${child}`], ['noteKey-0', `contact:contact-${child}`], ['note-0', 'x'.repeat(2001)]])
    expect(long.statusCode).toBe(400)
    expect(long.body).toContain('href="#note-0"')
    const unknown = await json('POST', '/api/v1/curated-chronologies', lead, { personId: child, title: 'T', entries: [{ type: 'contact', sourceId: `contact-${randomUUID()}` }] })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('not in this child’s chronology')
    const twice = await json('POST', '/api/v1/curated-chronologies', lead, { personId: child, title: 'T', entries: [{ type: 'contact', sourceId: `contact-${child}` }, { type: 'contact', sourceId: `contact-${child}` }] })
    expect(twice.statusCode).toBe(400)
    expect(await db().select().from(curatedChronologies).where(eq(curatedChronologies.personId, child))).toHaveLength(0)
  })
})

describe('exporting a curated chronology as PDF', () => {
  it('shows the marking, the child, the exporter and the entries, and leaves out what the reader may no longer see', async () => {
    const child = await newChild([leadId])
    const created = await json('POST', '/api/v1/curated-chronologies', lead, {
      personId: child,
      title: 'Court bundle',
      entries: [
        { type: 'contact', sourceId: `contact-${child}`, note: 'Vehicle registration shared with police' },
        { type: 'return-interview', sourceId: `rhi-${child}` },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id

    const pdf = await browser.get(`/chronologies/${id}/pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdfText(pdf.rawPayload)
    expect(text).toContain('OFFICIAL-SENSITIVE')
    expect(text).toContain('Court bundle')
    expect(text).toContain('Chronology of Jade Marlowe')
    expect(text).toMatch(/Exported by .+ \(.+\) on /)
    expect(text).toContain('found in a car with two older men')
    expect(text).toContain('Note: Vehicle registration shared with police')
    expect(text).toContain('Return home interview: talked about a new older friend')
    expect(text).toContain('Cambridgeshire Constabulary (demo)')
    expect(text).not.toContain('left out')

    // The return interview is no longer visible to the reader: left out, and counted, at export time.
    hidden.add(`rhi-${child}`)
    try {
      const later = pdfText((await json('GET', `/api/v1/curated-chronologies/${id}/pdf`, lead)).rawPayload)
      expect(later).not.toContain('talked about a new older friend')
      expect(later).toContain('1 chosen entry was left out because you may not see it.')
      expect(later).toContain('found in a car with two older men')
      // An edit by someone who cannot see it keeps it.
      const kept = await json('PUT', `/api/v1/curated-chronologies/${id}`, lead, { title: 'Court bundle', version: 1, entries: [{ type: 'missing-episode', sourceId: `episode-${child}` }] })
      expect(kept.statusCode, kept.body).toBe(200)
      expect(kept.json()).toMatchObject({ omitted: 1 })
      expect((await browser.get(`/chronologies/${id}`)).body).toContain('data-qa="omitted"')
    } finally {
      hidden.delete(`rhi-${child}`)
    }
    const after = (await json('GET', `/api/v1/curated-chronologies/${id}`, lead)).json()
    expect(after.entries.map((e: { type: string }) => e.type)).toEqual(['missing-episode', 'return-interview'])

    const exports = await db().select().from(auditEvents).where(and(eq(auditEvents.resourceId, id), eq(auditEvents.action, 'chronology.curated.exported')))
    expect(exports).toHaveLength(2)
    expect(exports.map((e) => e.details)).toEqual(expect.arrayContaining([expect.objectContaining({ shown: 1, omitted: 1, format: 'pdf' })]))
  })

  it('another agency’s worker, or someone without a relationship, gets the record’s 404, audited', async () => {
    const policeId = await t.userId(demoEmail('police.missing'))
    const child = await newChild([leadId, policeId])
    const id = (await json('POST', '/api/v1/curated-chronologies', lead, { personId: child, title: 'Mine', entries: [{ type: 'contact', sourceId: `contact-${child}` }] })).json().id
    const police = await t.tokenFor(demoEmail('police.missing'))
    const nobody = await t.tokenFor(demoEmail('social.worker'))
    const notFound = (await json('GET', `/api/v1/curated-chronologies/${randomUUID()}`, lead)).body
    for (const token of [police, nobody]) {
      const r = await json('GET', `/api/v1/curated-chronologies/${id}/pdf`, token)
      expect(r.statusCode).toBe(404)
      expect(r.body).toBe(notFound)
    }
    const denied = await db().select().from(auditEvents).where(and(eq(auditEvents.personId, child), eq(auditEvents.outcome, 'denied')))
    expect(denied.length).toBeGreaterThanOrEqual(2)
    // The police see their own chronology but not the council's curated list.
    expect((await (await t.sessionFor(demoEmail('police.missing'))).get(`/people/${child}/chronology`)).body).not.toContain(`/chronologies/${id}`)
  })
})

/**
 * Places a child went while missing (issue 7 point 2, "missing to" hotspots): recorded by the police with the return
 * and at the return home interview, through the API and the RHI page; bad places are refused with nothing saved;
 * the interview's places are replaced as a whole while the police's stay; every write is audited.
 */
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { teams } from '../../platform/auth/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { people } from '../people/schema.ts'
import { missingEpisodePlaces, missingEpisodes, missingSettings, returnInterviews } from './schema.ts'

let t: TestApp
let police: string
let rhiWorker: string
const db = () => t.testDb.database.db
const HOUR = 3_600_000
const DAY = 24 * HOUR

async function api(method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) })
}

const ago = (ms: number) => new Date(t.platform.clock.now().getTime() - ms).toISOString()

async function newEpisode(): Promise<{ child: string; id: string }> {
  const child = randomUUID()
  const at = new Date(t.platform.clock.now().getTime() - 400 * DAY)
  await db().insert(people).values({ id: child, givenName: 'Rowan', familyName: `Placewent${child.slice(0, 4).replace(/\d/g, 'x')}`, dateOfBirth: '2011-06-02', gender: 'F', createdAt: at, updatedAt: at })
  const created = await api('POST', '/api/v1/missing-episodes', police, { personId: child, missingFrom: 'home', reportedMissingAt: ago(5 * HOUR), lastSeenAt: ago(6 * HOUR), riskGrade: 'medium' })
  expect(created.statusCode, created.body).toBe(201)
  return { child, id: created.json().id }
}

const placesOf = async (episodeId: string) =>
  (await db().select().from(missingEpisodePlaces).where(eq(missingEpisodePlaces.episodeId, episodeId))).map((p) => ({ description: p.description, postcode: p.postcode, latitude: p.latitude, longitude: p.longitude, source: p.source })).sort((a, b) => a.description.localeCompare(b.description))

beforeAll(async () => {
  t = await createTestApp()
  police = await t.tokenFor(demoEmail('police.missing'))
  rhiWorker = await t.tokenFor(demoEmail('rhi.worker'))
  const [rhiTeam] = await db().select({ id: teams.id }).from(teams).where(eq(teams.name, 'Return interview service'))
  await db().delete(missingSettings)
  await db().insert(missingSettings).values({ key: 'returnInterviewTeamId', value: rhiTeam?.id, updatedAt: new Date() })
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('places went through the API', () => {
  it('refuses a bad place on the return (400) and saves nothing: not the return, not the places', async () => {
    const { id } = await newEpisode()
    const bad = [
      [{ description: 'Queensgate bus station', postcode: 'PE1 XYZ' }, 'placesWent.0.postcode', 'Enter a real postcode'],
      [{ description: 'Queensgate bus station', latitude: 52.57 }, 'placesWent.0.latitude', 'Give both latitude and longitude'],
      [{ description: 'Paris Gare du Nord', latitude: 48.88, longitude: 2.35 }, 'placesWent.0.latitude', 'Latitude must be in the UK'],
      [{ description: '  ' }, 'placesWent.0.description', 'Enter the name of a place'],
    ] as const
    for (const [place, field, message] of bad) {
      const response = await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: ago(HOUR), placesWent: [place] })
      expect(response.statusCode, JSON.stringify(place)).toBe(400)
      expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining(message) })]))
    }
    expect(await placesOf(id)).toEqual([])
    const [episode] = await db().select().from(missingEpisodes).where(eq(missingEpisodes.id, id))
    expect(episode?.returnedAt).toBeNull()
  })

  it('records the police’s places with the return and the interview’s with the RHI; the RHI replaces only its own', async () => {
    const { child, id } = await newEpisode()
    const returned = await api('POST', `/api/v1/missing-episodes/${id}/return`, police, {
      returnedAt: ago(HOUR),
      foundLocation: { description: 'Central Park, Peterborough', postcode: 'PE1 4AA' },
      placesWent: [{ description: 'Serpentine Green shopping centre', postcode: 'pe7 8bd', latitude: 52.5355, longitude: -0.2628 }],
    })
    expect(returned.statusCode, returned.body).toBe(200)
    expect(returned.json().placesWent).toEqual([{ description: 'Serpentine Green shopping centre', postcode: 'PE7 8BD', latitude: 52.5355, longitude: -0.2628, source: 'police', recordedAt: expect.any(String) }])

    const put = (body: Record<string, unknown>) => api('PUT', `/api/v1/missing-episodes/${id}/return-interview`, rhiWorker, { status: 'offered', ...body })
    const first = await put({ placesWent: [{ description: 'Queensgate bus station, Peterborough', postcode: 'PE1 1NT' }, { description: 'Friend’s flat in Millfield' }] })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json().placesWent.map((p: { description: string; source: string }) => [p.description, p.source]).sort()).toEqual([
      ['Friend’s flat in Millfield', 'rhi'],
      ['Queensgate bus station, Peterborough', 'rhi'],
      ['Serpentine Green shopping centre', 'police'],
    ])
    // Absent leaves the places as they are; a new list replaces the interview's, never the police's.
    expect((await put({ interviewerName: 'Chloe Adeyemi' })).statusCode).toBe(200)
    expect(await placesOf(id)).toHaveLength(3)
    const bad = await put({ placesWent: [{ description: 'Wisbech bus station' }, { description: 'Somewhere', postcode: 'nonsense' }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].field).toBe('placesWent.1.postcode')
    expect(await placesOf(id)).toHaveLength(3)
    expect((await put({ placesWent: [{ description: 'Wisbech bus station', postcode: 'PE13 1AA' }] })).statusCode).toBe(200)
    expect(await placesOf(id)).toEqual([
      { description: 'Serpentine Green shopping centre', postcode: 'PE7 8BD', latitude: 52.5355, longitude: -0.2628, source: 'police' },
      { description: 'Wisbech bus station', postcode: 'PE13 1AA', latitude: null, longitude: null, source: 'rhi' },
    ])

    const read = (await api('GET', `/api/v1/missing-episodes/${id}`, police)).json()
    expect(read.placesWent.map((p: { description: string }) => p.description)).toEqual(['Serpentine Green shopping centre', 'Wisbech bus station'])

    const returnedAudit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'missing.episode.returned'), eq(auditEvents.personId, child)))
    expect(returnedAudit[0]?.details).toMatchObject({ placesWent: 1 })
    const rhiAudit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'missing.return-interview.recorded'), eq(auditEvents.personId, child)))
    expect(rhiAudit.map((a) => (a.details as { placesWent?: number }).placesWent)).toEqual(expect.arrayContaining([2, undefined, 1]))
    // Field names and counts only: the audit log is not a second copy of where the child went.
    expect(JSON.stringify(rhiAudit.map((a) => a.details))).not.toContain('Wisbech')
  })

  it('the database refuses a point outside the UK or half a point, whatever writes it', async () => {
    const { id } = await newEpisode()
    const row = { episodeId: id, description: 'Test', source: 'other' as const, recordedAt: new Date() }
    await expect(db().insert(missingEpisodePlaces).values({ ...row, latitude: 40, longitude: 0 })).rejects.toThrow()
    await expect(db().insert(missingEpisodePlaces).values({ ...row, latitude: 52 })).rejects.toThrow()
    await expect(db().insert(missingEpisodePlaces).values({ ...row, source: 'gossip' as never })).rejects.toThrow()
  })
})

describe('places went on the RHI page', () => {
  it('re-renders with GOV.UK errors and saves nothing; then saves, redirects (303), and shows them on the episode', async () => {
    const { id } = await newEpisode()
    await api('POST', `/api/v1/missing-episodes/${id}/return`, police, { returnedAt: ago(HOUR) })
    const browser = await t.sessionFor(demoEmail('rhi.worker'))
    const form = await browser.get(`/missing-episodes/${id}/return-interview`)
    expect(form.statusCode).toBe(200)
    for (const n of [1, 2, 3]) expect(form.body).toContain(`id="placeWent${n}Postcode"`)
    const [rhiBefore] = await db().select().from(returnInterviews).where(eq(returnInterviews.episodeId, id))

    const bad = await browser.post(`/missing-episodes/${id}/return-interview`, { status: 'offered', version: '1', placeWent1: 'Queensgate bus station', placeWent3: 'Central Park', placeWent3Postcode: 'PE1 XYZ', placeWent2Postcode: 'PE1 1NT' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('href="#placeWent3Postcode"')
    expect(bad.body).toContain('href="#placeWent2"')
    expect(bad.body).toContain('Enter the name of a place the child went')
    expect(await placesOf(id)).toEqual([])
    const [rhiAfterBad] = await db().select().from(returnInterviews).where(eq(returnInterviews.episodeId, id))
    expect(rhiAfterBad?.version).toBe(rhiBefore?.version)

    const ok = await browser.post(`/missing-episodes/${id}/return-interview`, { status: 'offered', version: String(rhiBefore?.version), placeWent1: 'Queensgate bus station', placeWent1Postcode: 'pe1 1nt', placeWent3: 'Central Park, Peterborough' })
    expect(ok.statusCode, ok.body).toBe(303)
    expect(await placesOf(id)).toEqual([
      { description: 'Central Park, Peterborough', postcode: null, latitude: null, longitude: null, source: 'rhi' },
      { description: 'Queensgate bus station', postcode: 'PE1 1NT', latitude: null, longitude: null, source: 'rhi' },
    ])
    const again = await browser.get(`/missing-episodes/${id}/return-interview`)
    expect(again.body).toMatch(/name="placeWent1" type="text" value="Central Park, Peterborough"|value="Central Park, Peterborough"/)
    const episodePage = await browser.get(`/missing-episodes/${id}`)
    expect(episodePage.body).toContain('Places went while missing')
    expect(episodePage.body).toContain('Queensgate bus station, PE1 1NT (return home interview)')
  })
})

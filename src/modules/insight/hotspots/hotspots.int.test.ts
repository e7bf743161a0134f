import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordProtections } from '../../../platform/access/schema.ts'
import { users } from '../../../platform/auth/schema.ts'
import type { Db } from '../../../platform/db/client.ts'
import { openTestDatabase, type TestDatabase } from '../../../testing/database.ts'
import { contacts } from '../../contacts/schema.ts'
import { missingEpisodePlaces, missingEpisodes } from '../../missing/schema.ts'
import { people } from '../../people/schema.ts'
import { computeHotspots } from './service.ts'

/**
 * Hand-computed hotspots (issue 7 "Correctness"). The period is October–December 2026: 1 October is in British
 * Summer Time, so the period starts at 2026-09-30T23:00Z; it ends at 2027-01-01T00:00Z (GMT). Found places fall in
 * it by the day found (`returned_at`), concerns by the day a contact was received.
 *
 * Children: Ada, Ben and Cai, and Sealed (a sealed record, absent everywhere).
 * Found episodes:
 *   E1 Ada, 2026-09-30T23:00Z (first instant of 1 October in London), "Queensgate bus station", PE1, 52.5743 −0.2443  in
 *   E2 Ada, 2026-09-30T22:59:59Z (30 September in London), Queensgate                                               out
 *   E3 Ben, 2026-11-10, "Queensgate bus station", PE1, 52.5749 −0.2449                                                in
 *   E4 Cai, 2026-12-31T23:59:59Z, "14 Eastfield Road" (an address: not a name), PE1, 52.58512 −0.23049               in
 *   E5 Cai, 2027-01-01T00:00Z, Queensgate                                                                            out
 *   E6 Sealed, 2026-11-01, Queensgate                                                                                out
 *   E7 Ben, 2026-10-15, nothing recorded about where                                                   in, not placed
 *   E8 Ada, 2026-10-20, postcode CB1 2AB only                                                                        in
 *   E9 Ben, still missing                                                                                            out
 * → Queensgate bus station (PE1): 2 events, 2 children, latest 10 Nov, at 52.575 −0.245 (rounded mean);
 *   Around 52.585, −0.230 (PE1): 1 event, 1 child, 31 Dec; CB1 district: 1, 1, 20 Oct; 1 found episode not placed.
 * Places went while missing ("missing to", by the day the episode was reported; no found place on these episodes,
 * so those returned in the quarter — M1, M2, M6 — are 3 more found episodes not placed, 4 in all):
 *   M1 Ada, reported 2026-09-30T23:00Z (1 October in London), "Serpentine Green shopping centre", PE7, 52.5355 −0.2628  in
 *   M2 Ben, reported 2026-09-30T22:59:59Z (30 September), returned 1 October: Serpentine Green                          out
 *   M3 Cai, reported 2026-12-31T23:59:59Z: Serpentine Green, PE7, 52.5361 −0.2634; and "12 Oak Road", PE2 (an address) in
 *   M4 Cai, reported 2027-01-01T00:00Z: Serpentine Green                                                                out
 *   M5 Sealed, reported 2026-11-01: Serpentine Green                                                                    out
 *   M6 Ben, reported 2026-11-15: "Friend’s flat" with no postcode or point                                in, not placed
 * → Serpentine Green shopping centre (PE7): 2 places, 2 children, latest 31 Dec, at 52.536 −0.263 (rounded mean);
 *   PE2 district: 1, 1, 31 Dec; 1 place not placed.
 * Contacts:
 *   K1 Ada "PE1 4XY" 2026-09-30T23:00Z in; K2 unlinked "pe14xy" 2 Oct in; K3 Ada "PE1 5AB" 2026-12-31T23:59:59Z in;
 *   K4 Ben "PE13 2AB" 5 Nov in; K5 Cai no postcode, K6 Cai "nonsense" in but not placed; K7 Sealed PE1 out;
 *   K8 Ada PE1 2026-09-30T22:59:59Z out; K9 Ada PE29 2027-01-01T00:00Z out.
 * → PE1: 3 contacts, 2 children (Ada and the unlinked child), latest 31 Dec; PE13: 1, 1, 5 Nov; 2 not placed.
 */
const Q4 = { from: '2026-10-01', to: '2026-12-31' }
const at = (iso: string) => new Date(iso)

describe('hotspots against a hand-computed fixture', () => {
  let testDb: TestDatabase
  let db: Db

  beforeAll(async () => {
    testDb = await openTestDatabase({ seeded: false })
    db = testDb.database.db
    const [ig] = await db.insert(users).values({ email: 'ig@hotspots.test', displayName: 'IG fixture', passwordHash: 'x' }).returning()
    const person = async (givenName: string) => {
      const [row] = await db.insert(people).values({ givenName, familyName: 'Fixture', gender: 'U', createdAt: at('2026-01-01T00:00:00Z'), updatedAt: at('2026-01-01T00:00:00Z') }).returning()
      return row!.id
    }
    const ada = await person('Ada')
    const ben = await person('Ben')
    const cai = await person('Cai')
    const sealed = await person('Sealed')
    await db.insert(recordProtections).values({ personId: sealed, state: 'sealed', reason: 'Fixture: sealed record', setBy: ig!.id, setAt: at('2026-01-01T00:00:00Z') })

    type Found = { description?: string; postcode?: string; lat?: number; lon?: number }
    const episode = (personId: string, returned: string | null, found: Found = {}) => {
      const reported = returned ? new Date(at(returned).getTime() - 6 * 3600_000) : at('2026-11-20T10:00:00Z')
      return {
        personId,
        missingFrom: 'home' as const,
        reportedMissingAt: reported,
        returnedAt: returned ? at(returned) : null,
        riskGrade: 'medium' as const,
        foundDescription: found.description ?? null,
        foundPostcode: found.postcode ?? null,
        foundLatitude: found.lat ?? null,
        foundLongitude: found.lon ?? null,
        recordedAt: reported,
        updatedAt: reported,
      }
    }
    const queensgate = (postcode: string, lat?: number, lon?: number): Found => ({ description: 'Queensgate bus station', postcode, lat, lon })
    await db.insert(missingEpisodes).values([
      episode(ada, '2026-09-30T23:00:00Z', queensgate('PE1 1AA', 52.5743, -0.2443)),
      episode(ada, '2026-09-30T22:59:59Z', queensgate('PE1 1AA', 52.5743, -0.2443)),
      episode(ben, '2026-11-10T12:00:00Z', queensgate('PE1 2BB', 52.5749, -0.2449)),
      episode(cai, '2026-12-31T23:59:59Z', { description: '14 Eastfield Road', postcode: 'PE1 3AB', lat: 52.58512, lon: -0.23049 }),
      episode(cai, '2027-01-01T00:00:00Z', queensgate('PE1 1AA', 52.5743, -0.2443)),
      episode(sealed, '2026-11-01T12:00:00Z', queensgate('PE1 1AA', 52.5743, -0.2443)),
      episode(ben, '2026-10-15T12:00:00Z'),
      episode(ada, '2026-10-20T12:00:00Z', { postcode: 'CB1 2AB' }),
      episode(ben, null, queensgate('PE1 1AA', 52.5743, -0.2443)),
    ])

    // Places went: episodes with no found place, each returned six hours after the report.
    const wentEpisode = async (personId: string, reported: string) => {
      const [row] = await db.insert(missingEpisodes).values({ ...episode(personId, new Date(at(reported).getTime() + 6 * 3600_000).toISOString()), reportedMissingAt: at(reported) }).returning()
      return row!.id
    }
    const serpentine = (lat = 52.5355, lon = -0.2628) => ({ description: 'Serpentine Green shopping centre', postcode: 'PE7 8BD', latitude: lat, longitude: lon })
    const went = (episodeId: string, place: { description: string; postcode?: string; latitude?: number; longitude?: number }) => ({ episodeId, source: 'rhi' as const, recordedAt: at('2027-01-05T12:00:00Z'), ...place })
    const m1 = await wentEpisode(ada, '2026-09-30T23:00:00Z')
    const m2 = await wentEpisode(ben, '2026-09-30T22:59:59Z')
    const m3 = await wentEpisode(cai, '2026-12-31T23:59:59Z')
    const m4 = await wentEpisode(cai, '2027-01-01T00:00:00Z')
    const m5 = await wentEpisode(sealed, '2026-11-01T12:00:00Z')
    const m6 = await wentEpisode(ben, '2026-11-15T12:00:00Z')
    await db.insert(missingEpisodePlaces).values([
      went(m1, serpentine()),
      went(m2, serpentine()),
      went(m3, serpentine(52.5361, -0.2634)),
      went(m3, { description: '12 Oak Road', postcode: 'PE2 9AB' }),
      went(m4, serpentine()),
      went(m5, serpentine()),
      went(m6, { description: 'Friend’s flat' }),
    ])

    const contact = (personId: string | null, receivedAt: string, postcode: string | null) => ({
      channel: 'phone' as const,
      childGivenName: 'Reported',
      childFamilyName: 'Child',
      childGender: 'U' as const,
      childPostcode: postcode,
      personId,
      concernTypes: ['CSE'] as never,
      referralSource: '6' as const,
      referrerName: 'Fixture referrer',
      receivedAt: at(receivedAt),
      narrative: 'Fixture narrative',
      lawfulBasis: 'public-task' as const,
      createdAt: at(receivedAt),
      updatedAt: at(receivedAt),
    })
    await db.insert(contacts).values([
      contact(ada, '2026-09-30T23:00:00Z', 'PE1 4XY'),
      contact(null, '2026-10-02T10:00:00Z', 'pe14xy'),
      contact(ada, '2026-12-31T23:59:59Z', 'PE1 5AB'),
      contact(ben, '2026-11-05T10:00:00Z', 'PE13 2AB'),
      contact(cai, '2026-11-06T10:00:00Z', null),
      contact(cai, '2026-11-07T10:00:00Z', 'nonsense'),
      contact(sealed, '2026-11-08T10:00:00Z', 'PE1 1AA'),
      contact(ada, '2026-09-30T22:59:59Z', 'PE1 1AA'),
      contact(ada, '2027-01-01T00:00:00Z', 'PE29 1AA'),
    ])
  }, 120_000)

  afterAll(async () => {
    await testDb?.close()
  })

  const QUEENSGATE = { place: 'Queensgate bus station (PE1)', kind: 'found', locatedBy: 'named-place', latitude: 52.575, longitude: -0.245, events: 2, children: 2, latest: '2026-11-10' }
  const POINT = { place: 'Around 52.585, -0.230 (PE1)', kind: 'found', locatedBy: 'map-point', latitude: 52.585, longitude: -0.23, events: 1, children: 1, latest: '2026-12-31' }
  const CB1 = { place: 'CB1 (postcode district)', kind: 'found', locatedBy: 'postcode-district', events: 1, children: 1, latest: '2026-10-20' }
  const SERPENTINE = { place: 'Serpentine Green shopping centre (PE7)', kind: 'missing-to', locatedBy: 'named-place', latitude: 52.536, longitude: -0.263, events: 2, children: 2, latest: '2026-12-31' }
  const PE2 = { place: 'PE2 (postcode district)', kind: 'missing-to', locatedBy: 'postcode-district', latitude: 52.555, longitude: -0.265, events: 1, children: 1, latest: '2026-12-31' }
  const PE1 = { place: 'PE1 (postcode district)', kind: 'concern', locatedBy: 'postcode-district', latitude: 52.585, longitude: -0.235, events: 3, children: 2, latest: '2026-12-31' }
  const PE13 = { place: 'PE13 (postcode district)', kind: 'concern', locatedBy: 'postcode-district', events: 1, children: 1, latest: '2026-11-05' }

  it('ranks every kind by events, then children, then the latest day, with the boundary instants in London time', async () => {
    const set = await computeHotspots(db, Q4, null)
    expect(set.hotspots.map(({ key: _key, ...h }) => h)).toMatchObject([PE1, SERPENTINE, QUEENSGATE, POINT, PE2, PE13, CB1])
    expect(set.unplaced).toEqual({ found: 4, missingTo: 1, concern: 2 })
  })

  it('filters by kind: found, missing to (places went, by the day reported missing) and concern', async () => {
    expect((await computeHotspots(db, Q4, 'found')).hotspots.map((h) => h.place)).toEqual([QUEENSGATE.place, POINT.place, CB1.place])
    expect((await computeHotspots(db, Q4, 'concern')).hotspots.map((h) => h.place)).toEqual([PE1.place, PE13.place])
    const missingTo = await computeHotspots(db, Q4, 'missing-to')
    expect(missingTo.hotspots.map(({ key: _key, ...h }) => h)).toEqual([SERPENTINE, PE2])
    expect(missingTo.unplaced).toEqual({ found: 0, missingTo: 1, concern: 0 })
  })

  it('filters by period: 30 September alone holds only the events just before the quarter', async () => {
    const set = await computeHotspots(db, { from: '2026-09-30', to: '2026-09-30' }, null)
    expect(set.hotspots.map((h) => [h.place, h.kind, h.events, h.children])).toEqual([
      ['PE1 (postcode district)', 'concern', 1, 1],
      ['Queensgate bus station (PE1)', 'found', 1, 1],
      ['Serpentine Green shopping centre (PE7)', 'missing-to', 1, 1],
    ])
    const january = await computeHotspots(db, { from: '2027-01-01', to: '2027-01-31' }, null)
    expect(january.hotspots.map((h) => h.place)).toEqual(['PE29 (postcode district)', 'Queensgate bus station (PE1)', 'Serpentine Green shopping centre (PE7)'])
  })

  it('never gives an exact point, an address or a name', async () => {
    const set = await computeHotspots(db, Q4, null)
    const text = JSON.stringify(set)
    for (const exact of ['52.5743', '0.2443', '52.58512', '0.23049', 'Eastfield', '52.5355', '0.2628', '52.5361', 'Oak Road', 'PE7 8BD', 'Friend', 'Ada', 'Ben', 'Cai', 'PE1 4XY', '4XY']) expect(text).not.toContain(exact)
    for (const h of set.hotspots) {
      for (const v of [h.latitude, h.longitude]) if (v !== null) expect(Math.round(v * 1000) / 1000).toBe(v)
    }
  })
})

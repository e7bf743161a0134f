import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agencies, users } from '../../platform/auth/schema.ts'
import { recordProtections } from '../../platform/access/schema.ts'
import type { Db } from '../../platform/db/client.ts'
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts'
import { contacts } from '../contacts/schema.ts'
import { missingEpisodes, returnInterviews } from '../missing/schema.ts'
import { people } from '../people/schema.ts'
import type { IndicatorSet } from './catalogue.ts'
import { computeIndicators, computeTrend } from './indicators.ts'

/**
 * Hand-computed fixtures (ADR 0017, issue 7 "Correctness"). The period is April–June 2026, in British Summer Time,
 * so it runs from 2026-03-31T23:00Z to 2026-06-30T23:00Z: the boundaries are London days, not UTC ones.
 *
 * People: Amelia (F, born 2013-05-10, WBRI) turns 13 inside the period; Rowan (U, no date of birth, NOBT) is the
 * person with unknown age, gender and ethnicity; Kofi (M, born 2009-08-01, MWBC) is 16; Sealed (F, BAFR) is a
 * sealed record and must be absent from every count.
 */
const Q2 = { from: '2026-04-01', to: '2026-06-30' }
const at = (iso: string) => new Date(iso)

/** `dimension:value` → count, for one indicator ('total' for the total row). */
function figures(set: IndicatorSet, id: string): Record<string, number | null> {
  const indicator = set.indicators.find((i) => i.id === id)
  if (!indicator) throw new Error(`no ${id}`)
  return Object.fromEntries(indicator.rows.map((r) => [r.value === null ? r.dimension : `${r.dimension}:${r.value}`, r.count]))
}

/** Only the non-zero figures, so an expectation lists exactly what was hand-computed. */
const nonZero = (f: Record<string, number | null>) => Object.fromEntries(Object.entries(f).filter(([, n]) => n !== 0))

describe('insight indicators against hand-computed fixtures', () => {
  let testDb: TestDatabase
  let db: Db

  beforeAll(async () => {
    testDb = await openTestDatabase({ seeded: false })
    db = testDb.database.db
    const [ig] = await db.insert(users).values({ email: 'ig@fixture.test', displayName: 'IG fixture', passwordHash: 'x' }).returning()
    const [school, police] = await db
      .insert(agencies)
      .values([
        { name: 'Riverside Academy (fixture)', type: 'education' },
        { name: 'Police (fixture)', type: 'police' },
      ])
      .returning()
    const person = async (values: { givenName: string; gender: 'F' | 'M' | 'U'; dateOfBirth: string | null; ethnicity: string | null }) => {
      const [row] = await db
        .insert(people)
        .values({ ...values, familyName: 'Fixture', createdAt: at('2026-01-01T00:00:00Z'), updatedAt: at('2026-01-01T00:00:00Z') })
        .returning()
      return row!.id
    }
    const amelia = await person({ givenName: 'Amelia', gender: 'F', dateOfBirth: '2013-05-10', ethnicity: 'WBRI' })
    const rowan = await person({ givenName: 'Rowan', gender: 'U', dateOfBirth: null, ethnicity: 'NOBT' })
    const kofi = await person({ givenName: 'Kofi', gender: 'M', dateOfBirth: '2009-08-01', ethnicity: 'MWBC' })
    const sealed = await person({ givenName: 'Sealed', gender: 'F', dateOfBirth: '2010-01-01', ethnicity: 'BAFR' })
    await db.insert(recordProtections).values({ personId: sealed, state: 'sealed', reason: 'Fixture: sealed record', setBy: ig!.id, setAt: at('2026-01-01T00:00:00Z') })

    type ContactFixture = { personId?: string; receivedAt: string; concernTypes: string[]; referralSource: string; agencyId?: string; dob?: string; gender?: 'F' | 'M' | 'U' }
    const contact = (c: ContactFixture) => ({
      channel: 'phone' as const,
      childGivenName: 'Reported',
      childFamilyName: 'Child',
      childDateOfBirth: c.dob ?? null,
      childGender: c.gender ?? ('U' as const),
      personId: c.personId ?? null,
      concernTypes: c.concernTypes as never,
      referralSource: c.referralSource as never,
      referrerAgencyId: c.agencyId ?? null,
      referrerName: 'Fixture referrer',
      receivedAt: at(c.receivedAt),
      narrative: 'Fixture narrative',
      lawfulBasis: 'public-task' as const,
      createdAt: at(c.receivedAt),
      updatedAt: at(c.receivedAt),
    })
    await db.insert(contacts).values([
      // C1 Amelia aged 12, CSE, from a school account.
      contact({ personId: amelia, receivedAt: '2026-04-15T10:00:00Z', concernTypes: ['CSE'], referralSource: '2A', agencyId: school!.id }),
      // C2 Amelia aged 13 (birthday 10 May), CSE and CCE, phone line with DfE code 6 (police).
      contact({ personId: amelia, receivedAt: '2026-06-01T09:00:00Z', concernTypes: ['CSE', 'CCE'], referralSource: '6' }),
      // C3 unlinked child (reported born 2015-03-01, M), CCE, received on the first instant of 1 April in London.
      contact({ receivedAt: '2026-03-31T23:00:00Z', concernTypes: ['CCE'], referralSource: '3A', dob: '2015-03-01', gender: 'M' }),
      // C4 a second before the period starts: out.
      contact({ receivedAt: '2026-03-31T22:59:59Z', concernTypes: ['CSE'], referralSource: '6', dob: '2012-01-01', gender: 'F' }),
      // C5 Rowan, online abuse, the last millisecond of 30 June in London, anonymous referral.
      contact({ personId: rowan, receivedAt: '2026-06-30T22:59:59.999Z', concernTypes: ['online-abuse'], referralSource: '9' }),
      // C6 Kofi, the first instant after the period: out.
      contact({ personId: kofi, receivedAt: '2026-06-30T23:00:00Z', concernTypes: ['CSE'], referralSource: '6' }),
      // C7 the sealed record: out.
      contact({ personId: sealed, receivedAt: '2026-05-01T10:00:00Z', concernTypes: ['CSE'], referralSource: '6' }),
      // C8 Kofi, missing and other only: not an exploitation contact.
      contact({ personId: kofi, receivedAt: '2026-05-05T10:00:00Z', concernTypes: ['missing', 'other'], referralSource: '6' }),
      // C9 Kofi aged 16, trafficking, from a police account (the account's agency wins over the DfE code 5B).
      contact({ personId: kofi, receivedAt: '2026-05-06T10:00:00Z', concernTypes: ['trafficking'], referralSource: '5B', agencyId: police!.id }),
    ])

    const episode = async (personId: string, missingFrom: 'home' | 'care' | 'other', reported: string, returned: string | null, lastSeen?: string) => {
      const [row] = await db
        .insert(missingEpisodes)
        .values({
          personId,
          missingFrom,
          reportedMissingAt: at(reported),
          lastSeenAt: lastSeen ? at(lastSeen) : null,
          returnedAt: returned ? at(returned) : null,
          riskGrade: 'medium',
          recordedAt: at(reported),
          updatedAt: at(reported),
        })
        .returning()
      return { id: row!.id, personId, returned }
    }
    // E1 Amelia, reported in the previous quarter (20:00Z on 31 March = 21:00 London), returned 2 April.
    const e1 = await episode(amelia, 'home', '2026-03-31T20:00:00Z', '2026-04-02T10:00:00Z')
    // E2 Amelia aged 12, from home, 14 hours from last seen.
    const e2 = await episode(amelia, 'home', '2026-04-10T08:00:00Z', '2026-04-10T20:00:00Z', '2026-04-10T06:00:00Z')
    // E3 Amelia aged 13, from care, spanning the quarter end, exactly 72 hours: 3 to 7 days.
    const e3 = await episode(amelia, 'care', '2026-06-30T21:00:00Z', '2026-07-03T21:00:00Z')
    // E4 Amelia aged 13, from care, 26 hours.
    const e4 = await episode(amelia, 'care', '2026-05-20T10:00:00Z', '2026-05-21T12:00:00Z')
    // E5 Rowan, from elsewhere, still missing.
    await episode(rowan, 'other', '2026-06-15T10:00:00Z', null)
    // E6 Kofi aged 16, from care, 9 days.
    const e6 = await episode(kofi, 'care', '2026-04-20T10:00:00Z', '2026-04-29T10:00:00Z')
    // E7 the sealed record: out.
    await episode(sealed, 'home', '2026-05-10T10:00:00Z', '2026-05-10T12:00:00Z')

    const dueBy = (returned: string) => new Date(at(returned).getTime() + 72 * 3_600_000)
    const rhi = (e: { id: string; personId: string; returned: string | null }, status: 'due' | 'declined' | 'completed', offeredAt?: string, heldAt?: string) => ({
      episodeId: e.id,
      personId: e.personId,
      dueBy: dueBy(e.returned!),
      status,
      offeredAt: offeredAt ? at(offeredAt) : null,
      heldAt: heldAt ? at(heldAt) : null,
      updatedAt: at(e.returned!),
    })
    await db.insert(returnInterviews).values([
      // R1: the return (2 April) is in the period although the episode was reported before it; not yet offered.
      rhi(e1, 'due'),
      // R2: offered and completed within 72 hours.
      rhi(e2, 'completed', '2026-04-11T09:00:00Z', '2026-04-12T09:00:00Z'),
      // R4: offered within 72 hours, held after them (due 24 May 12:00Z).
      rhi(e4, 'completed', '2026-05-22T09:00:00Z', '2026-05-25T09:00:00Z'),
      // R6: offered late (due 2 May 10:00Z), declined.
      rhi(e6, 'declined', '2026-05-03T09:00:00Z'),
      // R3: returned in July: out.
      rhi(e3, 'due'),
    ])
  })

  afterAll(async () => {
    await testDb?.close()
  })

  it('counts CSE contacts per contact, each at the age on its own day', async () => {
    const set = await computeIndicators(db, Q2)
    expect(set.from).toBe('2026-04-01')
    expect(set.to).toBe('2026-06-30')
    // Amelia is in two age bands: 12 at C1, 13 at C2.
    expect(nonZero(figures(set, 'cse-contacts'))).toEqual({
      total: 2,
      'ageBand:10-12': 1,
      'ageBand:13-15': 1,
      'gender:F': 2,
      'ethnicity:white': 2,
      'referringAgency:education': 1,
      'referringAgency:police': 1,
      'referralSource:2A': 1,
      'referralSource:6': 1,
    })
  })

  it('counts exploitation contacts (CSE, CCE, trafficking, online abuse) with boundary instants and unknowns', async () => {
    const set = await computeIndicators(db, Q2)
    expect(nonZero(figures(set, 'exploitation-contacts'))).toEqual({
      total: 5,
      'ageBand:10-12': 2,
      'ageBand:13-15': 1,
      'ageBand:16-17': 1,
      'ageBand:unknown': 1,
      'gender:F': 2,
      'gender:M': 2,
      'gender:U': 1,
      'ethnicity:white': 2,
      'ethnicity:mixed': 1,
      'ethnicity:unknown': 2,
      'referringAgency:education': 1,
      'referringAgency:police': 2,
      'referringAgency:health': 1,
      'referringAgency:other': 1,
      'referralSource:2A': 1,
      'referralSource:6': 1,
      'referralSource:3A': 1,
      'referralSource:9': 1,
      'referralSource:5B': 1,
    })
  })

  it('counts each missing child once, described by their first episode in the period', async () => {
    const set = await computeIndicators(db, Q2)
    expect(nonZero(figures(set, 'missing-children'))).toEqual({
      total: 3,
      'ageBand:10-12': 1,
      'ageBand:16-17': 1,
      'ageBand:unknown': 1,
      'gender:F': 1,
      'gender:M': 1,
      'gender:U': 1,
      'ethnicity:white': 1,
      'ethnicity:mixed': 1,
      'ethnicity:unknown': 1,
      'missingFrom:home': 1,
      'missingFrom:care': 1,
      'missingFrom:other': 1,
      'episodeFrequency:1': 2,
      'episodeFrequency:3-5': 1,
    })
  })

  it('counts missing episodes by report time, with their lengths', async () => {
    const set = await computeIndicators(db, Q2)
    expect(nonZero(figures(set, 'missing-episodes'))).toEqual({
      total: 5,
      'ageBand:10-12': 1,
      'ageBand:13-15': 2,
      'ageBand:16-17': 1,
      'ageBand:unknown': 1,
      'gender:F': 3,
      'gender:M': 1,
      'gender:U': 1,
      'ethnicity:white': 3,
      'ethnicity:mixed': 1,
      'ethnicity:unknown': 1,
      'missingFrom:home': 1,
      'missingFrom:care': 3,
      'missingFrom:other': 1,
      'episodeLength:under-24h': 1,
      'episodeLength:1-2-days': 1,
      'episodeLength:3-7-days': 1,
      'episodeLength:over-7-days': 1,
      'episodeLength:still-missing': 1,
    })
  })

  it('counts return home interviews by the return, offered and completed within 72 hours', async () => {
    const set = await computeIndicators(db, Q2)
    expect(figures(set, 'return-interviews')).toEqual({
      total: 4,
      'stage:offered': 3,
      'stage:offered-within-72h': 2,
      'stage:completed': 2,
      'stage:completed-within-72h': 1,
    })
  })

  it('shows panel cases as not yet recorded (null), never 0', async () => {
    const set = await computeIndicators(db, Q2)
    const panel = set.indicators.find((i) => i.id === 'panel-high-risk-cases')!
    expect(panel.rows.length).toBeGreaterThan(0)
    expect(panel.rows.every((r) => r.count === null)).toBe(true)
  })

  it('lists every value of every dimension, zeros included, and the rows of each dimension add up to the total', async () => {
    const set = await computeIndicators(db, Q2)
    expect(set.indicators.map((i) => i.id)).toEqual(['cse-contacts', 'exploitation-contacts', 'missing-children', 'missing-episodes', 'return-interviews', 'panel-high-risk-cases'])
    for (const indicator of set.indicators.filter((i) => !['return-interviews', 'panel-high-risk-cases'].includes(i.id))) {
      const total = indicator.rows.find((r) => r.dimension === 'total')!.count
      const dimensions = new Set(indicator.rows.filter((r) => r.dimension !== 'total').map((r) => r.dimension))
      for (const d of dimensions) expect(indicator.rows.filter((r) => r.dimension === d).reduce((s, r) => s + (r.count ?? 0), 0), `${indicator.id} ${d}`).toBe(total)
    }
    expect(figures(set, 'missing-episodes')['episodeLength:over-7-days']).toBe(1)
    expect(figures(set, 'cse-contacts')['ageBand:18-plus']).toBe(0)
  })

  it('takes one London day as a period: the last millisecond of 30 June is in, the next instant is not', async () => {
    const set = await computeIndicators(db, { from: '2026-06-30', to: '2026-06-30' })
    expect(figures(set, 'exploitation-contacts').total).toBe(1) // C5; C6 falls on 1 July in London
    expect(figures(set, 'cse-contacts').total).toBe(0)
    expect(figures(set, 'missing-episodes').total).toBe(1) // E3 at 22:00 London
  })

  it('gives the 8-quarter trend, each quarter equal to that quarter’s total; a child missing in two quarters counts in both', async () => {
    const trend = await computeTrend(db, '2026-06-30')
    expect(trend.quarters.map((q) => q.key)).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'])
    const series = Object.fromEntries(trend.series.map((s) => [s.id, s.totals.slice(-2)]))
    expect(series).toEqual({
      'cse-contacts': [1, 2], // C4 was in March
      'exploitation-contacts': [1, 5],
      'missing-children': [1, 3], // Amelia in both quarters
      'missing-episodes': [1, 5],
      'return-interviews': [0, 4],
      'panel-high-risk-cases': [null, null],
    })
    const q3 = await computeTrend(db, '2026-09-30', 1)
    expect(Object.fromEntries(q3.series.map((s) => [s.id, s.totals[0]]))).toMatchObject({ 'cse-contacts': 1, 'missing-episodes': 0, 'return-interviews': 1 })
  })
})

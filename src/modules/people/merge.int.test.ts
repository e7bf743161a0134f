/**
 * Merge and unmerge (issue 3 point 4, ADR 0009) through the API: what moves, that unmerge restores both records
 * exactly (every person-index row, field by field), the guards (each blocking reason, all reported together, and
 * nothing changed), the extension point (a test module's guard and re-pointing, run in order and undone in
 * reverse), chains of merges (last in, first out), who may merge, the redirect from a merged-away record, search,
 * and the audit.
 */
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { breakGlassGrants, recordProtections, sealedRecordAccess } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import { agencies, teams, userRoleProfiles, users } from '../../platform/auth/schema.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { registerPersonExtension, unregisterPersonExtension, type MergePair } from './extensions.ts'
import { duplicateCandidates, personMerges } from './merge-schema.ts'
import { makePerson, snapshot, type PersonSpec } from './merge-testing.ts'
import { people } from './schema.ts'
import { findDuplicateCandidates } from './duplicates-scan.ts'

let t: TestApp
let manager: string
let mashTeamId: string
let agencyId: string
let igUserId: string
const db = () => t.testDb.database.db

async function api(method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  })
}

const REASON = 'Same child: school confirmed both records'
const merge = (survivingPersonId: string, mergedPersonId: string, token = manager) => api('POST', '/api/v1/people/merges', token, { survivingPersonId, mergedPersonId, reason: REASON })
const unmerge = (id: string, token = manager) => api('POST', `/api/v1/people/merges/${id}/unmerge`, token, { reason: 'Two different children after all' })

async function mergeOk(survivor: string, merged: string): Promise<string> {
  const response = await merge(survivor, merged)
  expect(response.statusCode, response.body).toBe(201)
  return (response.json() as { id: string }).id
}

let counter = 0
/** A child with a bit of everything, under a unique name. */
function rich(extra: Partial<PersonSpec> = {}): PersonSpec {
  counter += 1
  const n = String.fromCharCode(65 + (counter % 26)) + String.fromCharCode(65 + Math.floor(counter / 26))
  return {
    givenName: `Tamsin${n.toLowerCase()}`,
    familyName: `Quarrendon${n.toLowerCase()}`,
    postcode: 'PE1 2AB',
    names: [{ kind: 'alias', givenName: 'Tam' }, { kind: 'previous', familyName: 'Oldname' }],
    identifiers: [{ type: 'police-id', value: `PNC${counter}X` }],
    addresses: [{ addressLine1: `${counter} Mill Road`, postcode: 'PE1 2AB' }, { addressLine1: '2 Old Lane', postcode: 'PE2 5XY', endsOn: '2024-01-01' }],
    contacts: [{ type: 'phone', value: `+4477009001${String(counter).padStart(2, '0')}` }],
    teams: [mashTeamId],
    sourceRecords: [`SRC-${counter}-a`],
    ...extra,
  }
}

beforeAll(async () => {
  t = await createTestApp()
  manager = await t.tokenFor(demoEmail('mash.manager'))
  const [row] = await db()
    .select({ teamId: userRoleProfiles.teamId, agencyId: teams.agencyId })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .innerJoin(teams, eq(teams.id, userRoleProfiles.teamId))
    .where(eq(users.email, demoEmail('mash.manager')))
  mashTeamId = row?.teamId as string
  agencyId = row?.agencyId as string
  igUserId = await t.userId(demoEmail('ig.officer'))
  expect((await db().select().from(agencies)).length).toBeGreaterThan(0)
}, 180_000)

afterAll(async () => {
  await t?.close()
})

describe('a merge', () => {
  it('moves the merged person’s index rows, access and source links to the survivor, and unmerge restores both exactly', async () => {
    const relative = await makePerson(db(), { givenName: 'Odile', familyName: 'Parent', kind: 'adult', dateOfBirth: '1980-01-01' })
    const a = await makePerson(db(), rich({ identifiers: [{ type: 'nhs-number', value: '9434765919' }, { type: 'police-id', value: 'PNC-SHARED' }] }), agencyId)
    const b = await makePerson(
      db(),
      rich({
        identifiers: [{ type: 'nhs-number', value: '9434765919' }, { type: 'police-id', value: 'PNC-SHARED' }, { type: 'upn', value: 'H801200001001' }],
        relationships: [{ to: relative, type: 'parent', reverse: true }, { to: a, type: 'sibling' }],
      }),
      agencyId,
    )
    const ids = [a, b, relative]
    const before = await snapshot(db(), ids)
    const mergeId = await mergeOk(a, b)

    const after = await snapshot(db(), ids)
    const onB = (rows: unknown[], column = 'person_id') => rows.filter((r) => (r as Record<string, unknown>)[column] === b)
    // What stays on the merged record: identifiers the survivor already had, and the relationship between the two.
    expect(onB(after.names)).toEqual([])
    expect(onB(after.addresses)).toEqual([])
    expect(onB(after.contacts)).toEqual([])
    expect(onB(after.legitimateRelationships)).toEqual([])
    expect(onB(after.sourceRecords)).toEqual([])
    expect(onB(after.searchKeys)).toEqual([])
    expect(onB(after.identifiers).map((i) => (i as { value: string }).value).sort()).toEqual(['9434765919', 'PNC-SHARED'])
    expect(after.identifiers.filter((i) => (i as { person_id: string }).person_id === a).map((i) => (i as { value: string }).value)).toContain('H801200001001')
    expect(after.relationships.find((r) => (r as { type: string }).type === 'sibling')).toMatchObject({ person_id: b, related_person_id: a })
    expect(after.relationships.find((r) => (r as { type: string }).type === 'parent')).toMatchObject({ person_id: relative, related_person_id: a })
    // The merged person's current name is now an alias of the survivor; the survivor's own row is untouched.
    const bCurrent = (before.names as Array<{ id: string; person_id: string; kind: string }>).find((n) => n.person_id === b && n.kind === 'current')
    expect(after.names.find((n) => (n as { id: string }).id === bCurrent?.id)).toMatchObject({ person_id: a, kind: 'alias' })
    expect(after.names.filter((n) => (n as { person_id: string; kind: string }).person_id === a && (n as { kind: string }).kind === 'current')).toHaveLength(1)
    expect(after.people.find((p) => (p as { id: string }).id === a)).toEqual(before.people.find((p) => (p as { id: string }).id === a))
    expect(after.people.find((p) => (p as { id: string }).id === b)).toMatchObject({ merged_into_id: a })

    const undone = await unmerge(mergeId)
    expect(undone.statusCode, undone.body).toBe(200)
    expect(undone.json()).toMatchObject({ id: mergeId, survivingPersonId: a, mergedPersonId: b, unmergedAt: expect.any(String) })
    expect(await snapshot(db(), ids)).toEqual(before)
  })

  it('leaves rows added to the survivor after the merge with the survivor when it is undone', async () => {
    const a = await makePerson(db(), rich())
    const b = await makePerson(db(), rich())
    const before = await snapshot(db(), [a, b])
    const mergeId = await mergeOk(a, b)
    const session = await t.sessionFor(demoEmail('mash.manager'))
    const added = await api('POST', `/api/v1/people/${a}/names`, manager, { kind: 'alias', givenName: 'Added-later' })
    expect(added.statusCode, added.body).toBe(201)
    expect((await unmerge(mergeId)).statusCode).toBe(200)
    const after = await snapshot(db(), [a, b])
    expect(after.names.find((n) => (n as { given_name: string }).given_name === 'Added-later')).toMatchObject({ person_id: a })
    const withoutAdded = { ...after, names: after.names.filter((n) => (n as { given_name: string }).given_name !== 'Added-later') }
    // Adding a name to the survivor rebuilt its keys (with the name) — the rest is exactly as it was.
    expect({ ...withoutAdded, searchKeys: [] }).toEqual({ ...before, searchKeys: [] })
    expect((await session.get(`/people/${b}`)).statusCode).toBe(200)
  })

  it('marks the queued pair merged, and an unmerge decides it “not the same person”', async () => {
    const a = await makePerson(db(), rich({ givenName: 'Ysolde', familyName: 'Pennyfeather', dateOfBirth: '2011-07-07' }))
    const b = await makePerson(db(), rich({ givenName: 'Ysolde', familyName: 'Pennyfeather', dateOfBirth: '2011-07-07' }))
    await findDuplicateCandidates(db(), new Date())
    const [x, y] = a < b ? [a, b] : [b, a]
    const pairRow = async () => (await db().select().from(duplicateCandidates).where(and(eq(duplicateCandidates.personId, x), eq(duplicateCandidates.otherPersonId, y))))[0]
    expect((await pairRow())?.status).toBe('open')
    const mergeId = await mergeOk(b, a)
    expect(await pairRow()).toMatchObject({ status: 'merged', mergeId, decisionReason: REASON })
    expect((await unmerge(mergeId)).statusCode).toBe(200)
    expect(await pairRow()).toMatchObject({ status: 'not-duplicate', mergeId, decisionReason: 'Two different children after all' })
    await findDuplicateCandidates(db(), new Date())
    expect((await pairRow())?.status).toBe('not-duplicate')
  })

  it('hides the merged-away person from search and redirects its page to the survivor (or 404 for who may not see it)', async () => {
    const a = await makePerson(db(), rich({ givenName: 'Clemency', familyName: 'Wolstenholme', dateOfBirth: '2010-10-10' }))
    const b = await makePerson(db(), rich({ givenName: 'Clemency', familyName: 'Wolstenholme', dateOfBirth: '2010-10-10', teams: [] }))
    await mergeOk(a, b)
    const search = await api('GET', '/api/v1/people/search?givenName=Clemency&familyName=Wolstenholme&dateOfBirth=2010-10-10', manager)
    expect((search.json() as { results: Array<{ id: string }> }).results.map((r) => r.id)).toEqual([a])
    const page = await (await t.sessionFor(demoEmail('mash.manager'))).get(`/people/${b}`)
    expect(page.statusCode).toBe(303)
    expect(page.headers.location).toBe(`/people/${a}`)
    const json = await api('GET', `/api/v1/people/${b}`, manager)
    expect(json.statusCode).toBe(303)
    expect(json.headers.location).toBe(`/api/v1/people/${a}`)
    const stranger = await (await t.sessionFor(demoEmail('police.missing'))).get(`/people/${b}`)
    expect(stranger.statusCode).toBe(404)
    // A merged-away record is not edited.
    expect((await api('POST', `/api/v1/people/${b}/names`, manager, { kind: 'alias', givenName: 'Nope' })).statusCode).toBe(404)
  })

  it('is audited on both people, with the reason and what moved', async () => {
    const a = await makePerson(db(), rich())
    const b = await makePerson(db(), rich())
    const mergeId = await mergeOk(a, b)
    const events = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'people.merged'), eq(auditEvents.resourceId, mergeId)))
    expect(events.map((e) => e.personId).sort()).toEqual([a, b].sort())
    expect(events[0]?.details).toMatchObject({ survivingPersonId: a, mergedPersonId: b, reason: REASON, moved: { people: { names: 3, addresses: 2, contacts: 1, identifiers: 1, legitimateRelationships: 1 } } })
    await unmerge(mergeId)
    const undone = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'people.unmerged'), eq(auditEvents.resourceId, mergeId)))
    expect(undone.map((e) => e.personId).sort()).toEqual([a, b].sort())
  })
})

describe('guards', () => {
  async function blocked(a: string, b: string): Promise<string[]> {
    const before = await snapshot(db(), [a, b])
    const response = await merge(a, b)
    expect(response.statusCode, response.body).toBe(409)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(await snapshot(db(), [a, b]), 'a blocked merge changes nothing').toEqual(before)
    const blocks = (response.json() as { blocks: Array<{ code: string; message: string }> }).blocks
    for (const b of blocks) expect(b.message.length).toBeGreaterThan(10)
    return blocks.map((b) => b.code)
  }

  it('blocks different NHS numbers and different verified dates of birth, reporting both together', async () => {
    const a = await makePerson(db(), rich({ dateOfBirth: '2012-01-01', identifiers: [{ type: 'nhs-number', value: '9434765919' }] }))
    const b = await makePerson(db(), rich({ dateOfBirth: '2012-01-02', identifiers: [{ type: 'nhs-number', value: '9876543210' }] }))
    expect(await blocked(a, b)).toEqual(['different-nhs-numbers', 'different-dates-of-birth'])
    const failed = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'people.merge'), eq(auditEvents.outcome, 'failed'), eq(auditEvents.personId, a)))
    expect(failed[0]?.details).toMatchObject({ blocks: ['different-nhs-numbers', 'different-dates-of-birth'] })
  })

  it('lets through a date known only approximately, one NHS number on one side, and a child with an adult', async () => {
    const a = await makePerson(db(), rich({ dateOfBirth: '2012-01-01', identifiers: [{ type: 'nhs-number', value: '9434765919' }] }))
    const b = await makePerson(db(), rich({ dateOfBirth: '2011-06-01', dobPrecision: 'estimated', kind: 'adult', identifiers: [] }))
    expect((await merge(a, b)).statusCode).toBe(201)
  })

  it('gives a break-glass grant left on a merged-away id nothing: no read, no write, not even through the survivor', async () => {
    const a = await makePerson(db(), rich({ givenName: 'Perpetua', familyName: 'Ingleby', dateOfBirth: '2011-04-04' }))
    const b = await makePerson(db(), rich({ givenName: 'Perpetua', familyName: 'Ingleby', dateOfBirth: '2011-04-04', teams: [] }))
    const police = await t.userId(demoEmail('police.missing'))
    const now = Date.now()
    await db().insert(breakGlassGrants).values({ personId: b, userId: police, reason: 'Urgent: child missing overnight, checking history', startsAt: new Date(now - 60_000), expiresAt: new Date(now + 3_600_000) })
    await mergeOk(a, b)
    const token = await t.tokenFor(demoEmail('police.missing'))
    const record = { personId: b, missingFrom: 'home', reportedMissingAt: new Date(now - 3_600_000).toISOString(), riskGrade: 'medium' }
    const before = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from missing_episodes where person_id in (${a}, ${b})`)
    expect((await api('POST', '/api/v1/missing-episodes', token, record)).statusCode).toBe(404)
    expect(await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from missing_episodes where person_id in (${a}, ${b})`)).toEqual(before)
    // The grant was for the merged-away id; the survivor is someone this user has no grant or relationship for.
    expect((await api('GET', `/api/v1/people/${b}`, token)).statusCode).toBe(404)
    expect((await api('GET', `/api/v1/people/${a}`, token)).statusCode).toBe(404)
  })

  it('blocks a restricted record (ask IG), a record merged already, and the same record twice', async () => {
    const a = await makePerson(db(), rich())
    const b = await makePerson(db(), rich())
    const c = await makePerson(db(), rich())
    await db().insert(recordProtections).values({ personId: b, state: 'restricted', reason: 'test', setBy: igUserId, setAt: new Date() })
    expect(await blocked(a, b)).toEqual(['protected-record'])
    await mergeOk(a, c)
    expect(await blocked(b, c)).toEqual(['already-merged', 'protected-record'])
    expect(await blocked(a, a)).toEqual(['same-person'])
  })

  it('answers 404 for a sealed record the manager is not named on (as for no record), and blocks it for a named user', async () => {
    const a = await makePerson(db(), rich())
    const sealed = await makePerson(db(), rich())
    await db().insert(recordProtections).values({ personId: sealed, state: 'sealed', reason: 'test', setBy: igUserId, setAt: new Date() })
    const unknown = await merge(a, '00000000-0000-4000-8000-000000000000')
    const hidden = await merge(a, sealed)
    expect(hidden.statusCode).toBe(404)
    expect(hidden.body).toBe(unknown.body)
    await db().insert(sealedRecordAccess).values({ personId: sealed, userId: await t.userId(demoEmail('mash.manager')), grantedBy: igUserId, grantedAt: new Date() })
    expect(await blocked(a, sealed)).toEqual(['protected-record'])
  })
})

describe('the extension point', () => {
  const calls: string[] = []
  afterEach(() => {
    unregisterPersonExtension('test-plans')
    calls.length = 0
  })

  function registerTestModule(block: (pair: MergePair) => boolean) {
    registerPersonExtension({
      name: 'test-plans',
      mergeGuard: async (_tx, pair) => (block(pair) ? [{ code: 'overlapping-open-plans', message: 'Both records have an open plan. Close one plan first' }] : []),
      repointOnMerge: async (tx, pair) => {
        // Runs after the people module's own re-pointing, in the same transaction.
        const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from person_names where person_id = ${pair.mergedPersonId}::uuid`)
        calls.push(`repoint:${row?.n}`)
        return { planIds: ['p1', 'p2'] }
      },
      restoreOnUnmerge: async (tx, pair, moved) => {
        const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from person_names where person_id = ${pair.mergedPersonId}::uuid`)
        calls.push(`restore:${row?.n}:${JSON.stringify(moved)}`)
      },
    })
  }

  it('adds a module’s reasons to the built-in ones', async () => {
    registerTestModule(() => true)
    const a = await makePerson(db(), rich({ identifiers: [{ type: 'nhs-number', value: '9434765919' }] }))
    const b = await makePerson(db(), rich({ identifiers: [{ type: 'nhs-number', value: '9876543210' }] }))
    const response = await merge(a, b)
    expect(response.statusCode).toBe(409)
    expect(response.json().blocks.map((x: { code: string }) => x.code)).toEqual(['different-nhs-numbers', 'overlapping-open-plans'])
    expect(calls).toEqual([])
  })

  it('re-points after the people module and restores before it, with its own undo data', async () => {
    registerTestModule(() => false)
    const a = await makePerson(db(), rich())
    const b = await makePerson(db(), rich())
    const mergeId = await mergeOk(a, b)
    const [row] = await db().select().from(personMerges).where(eq(personMerges.id, mergeId))
    expect(row?.moved).toMatchObject({ 'test-plans': { planIds: ['p1', 'p2'] }, people: expect.any(Object) })
    expect((await unmerge(mergeId)).statusCode).toBe(200)
    // Names had left the merged record when the module re-pointed, and were not back yet when it restored.
    expect(calls).toEqual(['repoint:0', 'restore:0:{"planIds":["p1","p2"]}'])
  })

  it('refuses to unmerge when a module that moved rows is no longer there to restore them', async () => {
    registerTestModule(() => false)
    const a = await makePerson(db(), rich())
    const b = await makePerson(db(), rich())
    const mergeId = await mergeOk(a, b)
    unregisterPersonExtension('test-plans')
    const before = await snapshot(db(), [a, b])
    const response = await unmerge(mergeId)
    expect(response.statusCode).toBe(409)
    expect(await snapshot(db(), [a, b])).toEqual(before)
  })
})

describe('chains of merges', () => {
  it('refuses to unmerge while the survivor is merged into another record, then restores all three exactly, last in first out', async () => {
    const a = await makePerson(db(), rich())
    const b = await makePerson(db(), rich())
    const c = await makePerson(db(), rich())
    const before = await snapshot(db(), [a, b, c])
    const first = await mergeOk(a, b)
    const second = await mergeOk(c, a)
    const refused = await unmerge(first)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().detail).toMatch(/Unmerge that later merge first/)
    const page = await (await t.sessionFor(demoEmail('mash.manager'))).get(`/people/${b}`)
    expect(page.headers.location, 'b leads to the final survivor').toBe(`/people/${c}`)
    expect((await unmerge(second)).statusCode).toBe(200)
    expect((await unmerge(first)).statusCode).toBe(200)
    expect(await snapshot(db(), [a, b, c])).toEqual(before)
    expect((await unmerge(first)).statusCode, 'a merge is undone once').toBe(409)
  })
})

describe('who may merge', () => {
  it('only the MASH manager: the practitioner and other roles get 403 and nothing changes', async () => {
    const a = await makePerson(db(), rich())
    const b = await makePerson(db(), rich())
    for (const account of ['mash.social.worker', 'exploitation.lead', 'ig.officer', 'admin']) {
      expect((await merge(a, b, await t.tokenFor(demoEmail(account)))).statusCode, account).toBe(403)
    }
    const [row] = await db().select().from(people).where(eq(people.id, b))
    expect(row?.mergedIntoId).toBeNull()
    const mergeId = await mergeOk(a, b)
    expect((await unmerge(mergeId, await t.tokenFor(demoEmail('mash.social.worker')))).statusCode).toBe(403)
  })

  it('asks for a reason of at least 10 characters', async () => {
    const response = await api('POST', '/api/v1/people/merges', manager, { survivingPersonId: '00000000-0000-4000-8000-000000000000', mergedPersonId: '00000000-0000-4000-8000-000000000001', reason: 'short' })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([{ field: 'reason', message: 'Reason for the merge must be 10 characters or more' }])
  })
})

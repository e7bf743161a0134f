import { createHash } from 'node:crypto'
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../platform/access/actor.ts'
import { legitimateRelationships, recordProtections, sealedRecordAccess } from '../platform/access/schema.ts'
import { AuditLog } from '../platform/audit/log.ts'
import { auditEvents } from '../platform/audit/schema.ts'
import { agencies, teams, userRoleProfiles, users } from '../platform/auth/schema.ts'
import { verifyPassword } from '../platform/auth/passwords.ts'
import { demoTotpSecret } from '../platform/auth/totp.ts'
import { runWork, systemClock, type Platform } from '../platform/context/index.ts'
import { people, personIdentifiers } from '../modules/people/schema.ts'
import { isValidNhsNumber, isValidUpn } from '../modules/people/identifier-rules.ts'
import { queryRows } from '../platform/db/rows.ts'
import { openTestDatabase, type TestDatabase } from '../testing/database.ts'
import { DEMO_ACCOUNTS, DEMO_MASH_ONLY_CHILD, DEMO_PASSWORD, seedDemo, type DemoSummary } from './index.ts'

const TODAY = '2026-11-28'

function platformFor(t: TestDatabase): Platform {
  return { database: t.database, auditLog: new AuditLog(t.auditKey, t.checkpointFile), clock: systemClock }
}

async function seed(t: TestDatabase): Promise<DemoSummary> {
  return runWork(platformFor(t), systemActor('demo-seed'), 'test', (ctx) => seedDemo(ctx, { today: TODAY }))
}

async function peopleHash(t: TestDatabase): Promise<string> {
  const rows = await t.database.db
    .select({ id: people.id, given: people.givenName, family: people.familyName, dob: people.dateOfBirth, postcode: people.postcode })
    .from(people)
    .orderBy(asc(people.id))
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex')
}

describe(`demo seed (${process.env.LANTERN_TEST_DB ?? 'pglite'})`, () => {
  let first: TestDatabase
  let second: TestDatabase
  let summary: DemoSummary

  beforeAll(async () => {
    first = await openTestDatabase({ seeded: false })
    const started = performance.now()
    summary = await seed(first)
    console.log(`demo seed on ${first.kind}: ${Math.round(performance.now() - started)} ms`, summary)
  })

  afterAll(async () => {
    await first?.close()
    await second?.close()
  })

  it('loads the summarised counts', async () => {
    expect(summary).toMatchObject({ agencies: 10, users: 16, people: 426, restricted: 3, sealed: 1, nearDuplicates: 6 })
    const count = async (table: PgTable) =>
      (await first.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n
    expect(await count(agencies)).toBe(summary.agencies)
    expect(await count(teams)).toBe(summary.teams)
    expect(await count(users)).toBe(summary.users)
    expect(await count(people)).toBe(summary.people)
    expect(await count(legitimateRelationships)).toBe(summary.relationships)
    expect(await count(recordProtections)).toBe(summary.restricted + summary.sealed)
    const audit = await first.database.db.select().from(auditEvents)
    expect(audit.map((e) => e.action)).toEqual(['demo.seeded'])
  })

  it('creates every CONTRACTS.md §1 account with its role profile, team and password', async () => {
    const db = first.database.db
    const rows = await db
      .select({ email: users.email, hash: users.passwordHash, totp: users.totpSecret, role: userRoleProfiles.roleProfile, team: teams.name, agency: agencies.name })
      .from(users)
      .innerJoin(userRoleProfiles, eq(userRoleProfiles.userId, users.id))
      .innerJoin(teams, eq(teams.id, userRoleProfiles.teamId))
      .innerJoin(agencies, eq(agencies.id, teams.agencyId))
    for (const account of DEMO_ACCOUNTS) {
      const mine = rows.filter((r) => r.email === account.email)
      expect(mine.map((r) => [r.role, r.team, r.agency]), account.account).toEqual([[account.roleProfile, account.teamName, account.agencyName]])
      expect(mine[0]?.totp).toBe(demoTotpSecret(account.email))
    }
    expect(new Set(rows.map((r) => r.hash)).size).toBe(1)
    expect(await verifyPassword(rows[0]?.hash ?? '', DEMO_PASSWORD)).toBe(true)
    expect(await verifyPassword(rows[0]?.hash ?? '', 'wrong-password-entirely')).toBe(false)
    expect(rows.filter((r) => r.email === 'dual.role@demo.lantern.test').map((r) => r.role).sort()).toEqual(['exploitation-lead', 'social-worker'])
  })

  it('gives the MASH-only child one live relationship, to the MASH team, and nothing to police', async () => {
    const db = first.database.db
    const [amelia] = await db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.givenName, DEMO_MASH_ONLY_CHILD.givenName), eq(people.familyName, DEMO_MASH_ONLY_CHILD.familyName)))
    expect(amelia).toBeDefined()
    const rels = await db
      .select({ team: teams.name, source: legitimateRelationships.source, expiresAt: legitimateRelationships.expiresAt })
      .from(legitimateRelationships)
      .leftJoin(teams, eq(teams.id, legitimateRelationships.teamId))
      .where(eq(legitimateRelationships.personId, amelia?.id ?? ''))
    expect(rels.map((r) => [r.team, r.source])).toEqual([['MASH', 'creator']])
    expect(rels[0]?.expiresAt?.getTime()).toBeGreaterThan(Date.now())
    console.log(`MASH-only child ${DEMO_MASH_ONLY_CHILD.givenName} ${DEMO_MASH_ONLY_CHILD.familyName}: ${amelia?.id}`)
  })

  it('leaves live relationships for the MASH, the social worker and the missing persons unit', async () => {
    const db = first.database.db
    const now = new Date()
    const live = and(isNull(legitimateRelationships.endedAt), or(isNull(legitimateRelationships.expiresAt), gt(legitimateRelationships.expiresAt, now)))
    const byTeam = async (name: string) =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(legitimateRelationships).innerJoin(teams, eq(teams.id, legitimateRelationships.teamId)).where(and(live, eq(teams.name, name))))[0]?.n ?? 0
    const [sw] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'social.worker@demo.lantern.test'))
    const swCount = (await db.select({ n: sql<number>`count(*)::int` }).from(legitimateRelationships).where(and(live, eq(legitimateRelationships.userId, sw?.id ?? ''))))[0]?.n ?? 0
    expect(await byTeam('MASH')).toBeGreaterThanOrEqual(5)
    expect(await byTeam('Missing persons unit')).toBeGreaterThanOrEqual(20)
    expect(swCount).toBeGreaterThanOrEqual(60)
    const sealedNamed = await db.select({ user: sealedRecordAccess.userId }).from(sealedRecordAccess)
    expect(sealedNamed.map((s) => s.user)).toEqual([sw?.id])
  })

  it('gives every person one current name that matches the record, and valid 999-range NHS numbers and UPNs', async () => {
    const db = first.database.db
    const rows = await queryRows<{ mismatched: number; without: number }>(
      db,
      sql`select
            (select count(*)::int from people p join person_names n on n.person_id = p.id and n.kind = 'current'
              where n.given_name is distinct from p.given_name or n.family_name is distinct from p.family_name) as mismatched,
            (select count(*)::int from people p where not exists (select 1 from person_names n where n.person_id = p.id and n.kind = 'current')) as without`,
    )
    expect(rows[0]).toEqual({ mismatched: 0, without: 0 })
    const ids = await db.select().from(personIdentifiers)
    const nhs = ids.filter((i) => i.type === 'nhs-number')
    expect(nhs.length).toBeGreaterThan(150)
    for (const i of nhs) expect(isValidNhsNumber(i.value) && i.value.startsWith('999'), i.value).toBe(true)
    for (const i of ids.filter((i) => i.type === 'upn')) expect(isValidUpn(i.value), i.value).toBe(true)
    expect(summary.personIndex.relationships).toBeGreaterThan(200)
    expect(summary.personIndex.contacts).toBeGreaterThan(50)
  })

  it('refuses to load twice', async () => {
    await expect(seed(first)).rejects.toThrow('The demo partnership is already loaded')
  })

  it('gives identical people for the same date in a fresh database', async () => {
    second = await openTestDatabase({ seeded: false })
    await seed(second)
    expect(await peopleHash(second)).toBe(await peopleHash(first))
  })
})

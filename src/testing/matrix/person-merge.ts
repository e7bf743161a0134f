/**
 * Duplicates and merge (issue 3 point 4, ADR 0009). The duplicate queue is MASH work done without a relationship
 * to the child: the queue, a pair's comparison page, "not the same person" and the merge history for the MASH
 * manager and the MASH practitioner; looking for duplicates again, merging and unmerging (the most dangerous writes)
 * for the MASH manager only. Every other role is refused as a function it never has (403), on pages and API alike.
 * Fixtures: a pair is two fresh ordinary people with an open duplicate_candidates row; a merge is a person_merges
 * row that moved nothing, so that each unmerge case has its own.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { people } from '../../modules/people/schema.ts'
import type { CaseContext, MatrixEntry, RoleTable } from './types.ts'

const A = 'allow' as const
const F = '403' as const

const table = (anonymous: 'sign-in' | '401', manager: 'allow', practitioner: 'allow' | '403'): RoleTable => ({
  anonymous,
  'system-admin': F,
  'information-governance-officer': F,
  'business-unit-officer': F,
  'mash-manager': manager,
  'mash-practitioner': practitioner,
  'mash-agency-researcher': F,
  'social-worker': F,
  'exploitation-lead': F,
  'police-missing-coordinator': F,
  'rhi-worker': F,
  'designated-safeguarding-lead': F,
  'health-safeguarding-practitioner': F,
  analyst: F,
  'panel-chair': F,
})

/** The queue, comparisons, "not the same person", the history: MASH manager and practitioner. */
const MASH = (anonymous: 'sign-in' | '401') => table(anonymous, A, A)
/** Scan, merge, unmerge: the MASH manager. */
const MANAGER = (anonymous: 'sign-in' | '401') => table(anonymous, A, F)

async function newPerson(ctx: CaseContext, given: string): Promise<string> {
  const id = randomUUID()
  const at = new Date(ctx.now().getTime() - 86_400_000)
  await ctx.db.insert(people).values({ id, givenName: given, familyName: 'Matrixdup', dateOfBirth: '2013-03-03', gender: 'M', createdAt: at, updatedAt: at })
  return id
}

/** Two fresh people. */
async function pairOfPeople(ctx: CaseContext): Promise<[string, string]> {
  const a = await newPerson(ctx, 'Dupa')
  const b = await newPerson(ctx, 'Dupb')
  return a < b ? [a, b] : [b, a]
}

/** An open pair in the queue. */
async function openPair(ctx: CaseContext): Promise<string> {
  const [a, b] = await pairOfPeople(ctx)
  const id = randomUUID()
  await ctx.db.execute(
    sql`insert into duplicate_candidates (id, person_id, other_person_id, probability, match_weight, reasons, source, found_at)
        values (${id}::uuid, ${a}::uuid, ${b}::uuid, 0.9, 3.2, '[]'::jsonb, 'index-scan', ${ctx.now()})`,
  )
  return id
}

/** An active merge (of two fresh people) made by the MASH manager. */
async function activeMerge(ctx: CaseContext): Promise<string> {
  const [a, b] = await pairOfPeople(ctx)
  const id = randomUUID()
  const nothing = { names: [], renamed: [], identifiers: [], addresses: [], contacts: [], relationshipsFrom: [], relationshipsTo: [], legitimateRelationships: [], sourceRecords: [] }
  await ctx.db.execute(sql`update people set merged_into_id = ${a}::uuid where id = ${b}::uuid`)
  await ctx.db.execute(
    sql`insert into person_merges (id, surviving_person_id, merged_person_id, reason, merged_by, merged_at, moved)
        values (${id}::uuid, ${a}::uuid, ${b}::uuid, 'Matrix fixture merge', ${ctx.reviewee.userId}::uuid, ${ctx.now()}, ${JSON.stringify({ people: nothing })}::jsonb)`,
  )
  return id
}

const why = 'ADR 0009: duplicate queue for the MASH; merge and unmerge for the MASH manager'
const reason = 'Matrix case: checked with the school'

export const personMergeMatrix: MatrixEntry[] = [
  { route: 'GET /people/duplicates', actions: ['people.duplicates.view'], kind: 'page', expect: MASH('sign-in'), why },
  {
    route: 'GET /people/duplicates/:id',
    actions: ['people.duplicates.view'],
    kind: 'page',
    expect: MASH('sign-in'),
    request: { params: async (ctx) => ({ id: await ctx.memo('person-merge:pair', () => openPair(ctx)) }) },
    why,
  },
  {
    route: 'POST /people/duplicates/:id',
    actions: ['people.duplicates.decide'],
    kind: 'page',
    expect: MASH('sign-in'),
    request: { params: async (ctx) => ({ id: await openPair(ctx) }), body: () => ({ decision: 'not-duplicate', reason }) },
    why,
  },
  { route: 'POST /people/duplicates/scan', actions: ['people.duplicates.scan'], kind: 'page', expect: MANAGER('sign-in'), why },
  { route: 'GET /people/merges', actions: ['people.duplicates.view'], kind: 'page', expect: MASH('sign-in'), why },
  {
    route: 'GET /people/merges/:id/unmerge',
    actions: ['people.unmerge'],
    kind: 'page',
    expect: MANAGER('sign-in'),
    request: { params: async (ctx) => ({ id: await ctx.memo('person-merge:merge', () => activeMerge(ctx)) }) },
    why,
  },
  {
    route: 'POST /people/merges/:id/unmerge',
    actions: ['people.unmerge'],
    kind: 'page',
    expect: MANAGER('sign-in'),
    request: { params: async (ctx) => ({ id: await activeMerge(ctx) }), body: () => ({ reason }) },
    why,
  },
  { route: 'GET /api/v1/people/duplicates', actions: ['people.duplicates.view'], kind: 'api', expect: MASH('401'), why },
  {
    route: 'POST /api/v1/people/duplicates/:id/decision',
    actions: ['people.duplicates.decide'],
    kind: 'api',
    expect: MASH('401'),
    request: { params: async (ctx) => ({ id: await openPair(ctx) }), body: () => ({ decision: 'not-duplicate', reason }) },
    why,
  },
  {
    route: 'POST /api/v1/people/merges',
    actions: ['people.merge'],
    kind: 'api',
    expect: MANAGER('401'),
    request: {
      body: async (ctx) => {
        const [survivingPersonId, mergedPersonId] = await pairOfPeople(ctx)
        return { survivingPersonId, mergedPersonId, reason }
      },
    },
    why,
  },
  {
    route: 'POST /api/v1/people/merges/:id/unmerge',
    actions: ['people.unmerge'],
    kind: 'api',
    expect: MANAGER('401'),
    request: { params: async (ctx) => ({ id: await activeMerge(ctx) }), body: () => ({ reason }) },
    why,
  },
]

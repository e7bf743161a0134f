/**
 * A child's chronology (issue 6, ADR 0015): a read of the child's record, so exactly who may open the record
 * (CONTRACTS.md §2): a relationship held in a casework role, break-glass, or a sealed record naming the user;
 * everyone else 404, as for the record.
 */
import { randomUUID } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import { curatedChronologies } from '../../modules/chronology/schema.ts'
import { screenings, screeningToolVersions } from '../../modules/exploitation/schema.ts'
import type { CaseContext, MatrixEntry, PersonRow, PersonTable } from './types.ts'

const A = 'allow' as const
const N = '404' as const
const WITH_ACCESS: PersonRow = [A, A, N, A, A, N, A, N, N]
const BREAK_GLASS_OR_NAMED: PersonRow = [N, N, N, A, N, N, A, N, N]

const VIEW = (anonymous: 'sign-in' | '401'): PersonTable => ({
  anonymous,
  'system-admin':                     BREAK_GLASS_OR_NAMED,
  'information-governance-officer':   BREAK_GLASS_OR_NAMED,
  'business-unit-officer':            BREAK_GLASS_OR_NAMED,
  'mash-manager':                     WITH_ACCESS,
  'mash-practitioner':                WITH_ACCESS,
  'mash-agency-researcher':           WITH_ACCESS,
  'social-worker':                    WITH_ACCESS,
  'exploitation-lead':                WITH_ACCESS,
  'police-missing-coordinator':       WITH_ACCESS,
  'rhi-worker':                       WITH_ACCESS,
  'designated-safeguarding-lead':     BREAK_GLASS_OR_NAMED,
  'health-safeguarding-practitioner': WITH_ACCESS,
  analyst:                            BREAK_GLASS_OR_NAMED,
  'panel-chair':                      WITH_ACCESS,
})

const why = 'ADR 0015: the chronology is a read of the child’s record (people.view)'
const curatedWhy = 'ADR 0015: a curated chronology is a read of the child’s record (people.view), kept within the author’s agency (the fixture is the actor’s agency’s)'

/** An entry of the child's chronology every reader of the record may see: a screening, straight into the database. */
async function entryOf(ctx: CaseContext): Promise<{ type: string; sourceId: string }> {
  if (ctx.state === 'nonexistent') return { type: 'screening', sourceId: randomUUID() }
  return ctx.memo(`chronology:entry:${ctx.person.id}`, async () => {
    let [tool] = await ctx.db.select().from(screeningToolVersions).orderBy(desc(screeningToolVersions.version)).limit(1)
    if (!tool) {
      const { ensureToolV1 } = await import('../../modules/exploitation/tool.ts')
      await ensureToolV1(ctx.db, ctx.now())
      ;[tool] = await ctx.db.select().from(screeningToolVersions).orderBy(desc(screeningToolVersions.version)).limit(1)
    }
    if (!tool) throw new Error('no screening tool')
    const id = randomUUID()
    await ctx.db.insert(screenings).values({ id, personId: ctx.person.id, toolVersionId: tool.id, toolVersion: tool.version, indicators: [], score: 0, bandLevel: 'none', ruleLevel: 'none', rulesApplied: [], riskLevel: 'none', reviewBy: '2027-06-01', assessedAt: new Date(ctx.now().getTime() - 86_400_000) })
    return { type: 'screening', sourceId: id }
  })
}

/** A curated chronology of the case's child, belonging to the acting user's agency (straight into the database). */
async function curatedOf(ctx: CaseContext): Promise<{ id: string }> {
  if (ctx.state === 'nonexistent') return { id: randomUUID() }
  const { teams } = await import('../../platform/auth/schema.ts')
  const [team] = await ctx.db.select({ agencyId: teams.agencyId }).from(teams).where(eq(teams.id, ctx.user.teamId))
  if (!team) throw new Error(`no team ${ctx.user.teamId}`)
  return ctx.memo(`chronology:curated:${ctx.person.id}:${team.agencyId}`, async () => {
    const id = randomUUID()
    await ctx.db.insert(curatedChronologies).values({ id, personId: ctx.person.id, title: 'Matrix', agencyId: team.agencyId, createdAt: ctx.now(), updatedAt: ctx.now() })
    return { id }
  })
}

/** The current version, so that an allowed edit is not refused as stale. */
async function versionOf(ctx: CaseContext): Promise<number> {
  const { id } = await curatedOf(ctx)
  const [row] = await ctx.db.select({ version: curatedChronologies.version }).from(curatedChronologies).where(eq(curatedChronologies.id, id))
  return row?.version ?? 1
}

const entryKey = async (ctx: CaseContext) => {
  const e = await entryOf(ctx)
  return `${e.type}:${e.sourceId}`
}
const cc = (ctx: CaseContext) => curatedOf(ctx)

export const chronologyMatrix: MatrixEntry[] = [
  { route: 'GET /people/:id/chronology', actions: ['chronology.view'], kind: 'page', about: 'person', expect: VIEW('sign-in'), why },
  { route: 'GET /api/v1/people/:id/chronology', actions: ['chronology.view'], kind: 'api', about: 'person', expect: VIEW('401'), why },
  { route: 'GET /people/:id/chronology/curated/new', actions: ['chronology.curated'], kind: 'page', about: 'person', expect: VIEW('sign-in'), why: curatedWhy },
  { route: 'POST /people/:id/chronology/curated', actions: ['chronology.curated'], kind: 'page', about: 'person', expect: VIEW('sign-in'), request: { body: async (ctx) => ({ title: 'Matrix', entries: await entryKey(ctx) }) }, why: curatedWhy },
  { route: 'POST /api/v1/curated-chronologies', actions: ['chronology.curated'], kind: 'api', about: 'person', expect: VIEW('401'), request: { body: async (ctx) => ({ personId: ctx.person.id, title: 'Matrix', entries: [await entryOf(ctx)] }) }, why: curatedWhy },
  { route: 'GET /chronologies/:id', actions: ['chronology.curated'], kind: 'page', about: 'person', expect: VIEW('sign-in'), request: { params: cc }, why: curatedWhy },
  { route: 'GET /api/v1/curated-chronologies/:id', actions: ['chronology.curated'], kind: 'api', about: 'person', expect: VIEW('401'), request: { params: cc }, why: curatedWhy },
  { route: 'GET /chronologies/:id/edit', actions: ['chronology.curated'], kind: 'page', about: 'person', expect: VIEW('sign-in'), request: { params: cc }, why: curatedWhy },
  { route: 'POST /chronologies/:id/edit', actions: ['chronology.curated'], kind: 'page', about: 'person', expect: VIEW('sign-in'), request: { params: cc, body: async (ctx) => ({ title: 'Matrix', entries: await entryKey(ctx), version: String(await versionOf(ctx)) }) }, why: curatedWhy },
  { route: 'PUT /api/v1/curated-chronologies/:id', actions: ['chronology.curated'], kind: 'api', about: 'person', expect: VIEW('401'), request: { params: cc, body: async (ctx) => ({ title: 'Matrix', entries: [await entryOf(ctx)], version: await versionOf(ctx) }) }, why: curatedWhy },
  { route: 'GET /chronologies/:id/pdf', actions: ['chronology.curated'], kind: 'page', about: 'person', expect: VIEW('sign-in'), request: { params: cc }, why: curatedWhy },
  { route: 'GET /api/v1/curated-chronologies/:id/pdf', actions: ['chronology.curated'], kind: 'api', about: 'person', expect: VIEW('401'), request: { params: cc }, why: curatedWhy },
]

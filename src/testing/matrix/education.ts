/**
 * Children missing education (issue 5 point 4, ADR 0016). Written from CONTRACTS.md §1–§2 and the ADR, not from the
 * policy code:
 * - A case is about the child: reading it needs what opening the child's record needs (VIEW_CHILD, as for missing
 *   episodes).
 * - Recording, adding actions and closing: the local authority's children's services roles — MASH manager and
 *   practitioner, social worker, exploitation lead — with access to the child. Not the police, health, the return
 *   interview service or the school's DSL (who reports a concern through a contact and never sees the record).
 * - The open cases list and the find-a-child step: a function of those roles (403 for others), scoped to children
 *   the actor may open.
 * - Anything refused about a child is a 404, never a 403.
 */
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { cmeCases } from '../../modules/education/schema.ts'
import { VIEW_CHILD } from './missing.ts'
import type { CaseContext, MatrixEntry, PersonRow, PersonTable, RoleTable } from './types.ts'

const A = 'allow' as const
const N = '404' as const
const F = '403' as const

const WITH_ACCESS: PersonRow = [A, A, N, A, A, N, A, N, N]
const NEVER: PersonRow = [N, N, N, N, N, N, N, N, N]

const CME = (anonymous: 'sign-in' | '401'): PersonTable => ({
  anonymous,
  'system-admin':                     NEVER,
  'information-governance-officer':   NEVER,
  'business-unit-officer':            NEVER,
  'mash-manager':                     WITH_ACCESS,
  'mash-practitioner':                WITH_ACCESS,
  'mash-agency-researcher':           NEVER,
  'social-worker':                    WITH_ACCESS,
  'exploitation-lead':                WITH_ACCESS,
  'police-missing-coordinator':       NEVER,
  'rhi-worker':                       NEVER,
  'designated-safeguarding-lead':     NEVER,
  'health-safeguarding-practitioner': NEVER,
  analyst:                            NEVER,
  'panel-chair':                      NEVER,
})

const WORK = (anonymous: 'sign-in' | '401'): RoleTable => ({
  anonymous,
  'system-admin':                     F,
  'information-governance-officer':   F,
  'business-unit-officer':            F,
  'mash-manager':                     A,
  'mash-practitioner':                A,
  'mash-agency-researcher':           F,
  'social-worker':                    A,
  'exploitation-lead':                A,
  'police-missing-coordinator':       F,
  'rhi-worker':                       F,
  'designated-safeguarding-lead':     F,
  'health-safeguarding-practitioner': F,
  analyst:                            F,
  'panel-chair':                      F,
})

const DAY = 86_400_000
const day = (at: Date) => at.toISOString().slice(0, 10)

/** The case child's open case (a child has at most one), made straight in the database when there is none. */
async function openCase(ctx: CaseContext): Promise<Record<string, string>> {
  if (ctx.state === 'nonexistent') return { id: randomUUID() }
  const [existing] = await ctx.db.select({ id: cmeCases.id }).from(cmeCases).where(and(eq(cmeCases.personId, ctx.person.id), eq(cmeCases.status, 'open')))
  if (existing) return { id: existing.id }
  const at = new Date(ctx.now().getTime() - 7 * DAY)
  const id = randomUUID()
  await ctx.db.insert(cmeCases).values({ id, personId: ctx.person.id, identifiedOn: day(at), source: 'removed-from-roll', reason: 'removed-without-destination', status: 'open', recordedAt: at, updatedAt: at })
  return { id }
}

const dateBoxes = (name: string, at: Date) => ({ [`${name}-day`]: String(at.getUTCDate()), [`${name}-month`]: String(at.getUTCMonth() + 1), [`${name}-year`]: String(at.getUTCFullYear()) })
const yesterday = (ctx: CaseContext) => new Date(ctx.now().getTime() - DAY)
const recordForm = (ctx: CaseContext) => ({ ...dateBoxes('identifiedOn', yesterday(ctx)), source: 'admissions', reason: 'not-taking-up-place' })
const recordJson = (ctx: CaseContext) => ({ personId: ctx.person.id, identifiedOn: day(yesterday(ctx)), source: 'admissions', reason: 'not-taking-up-place' })
const actionForm = (ctx: CaseContext) => ({ ...dateBoxes('actionOn', yesterday(ctx)), actionType: 'home-visit', outcome: 'No reply; card left', takenBy: 'CME officer' })
const closeForm = (ctx: CaseContext) => ({ ...dateBoxes('closedOn', yesterday(ctx)), closureReason: 'registered-at-school' })
const closeJson = (ctx: CaseContext) => ({ closedOn: day(yesterday(ctx)), closureReason: 'registered-at-school' })
const why = 'ADR 0016: a CME case is about the child (people.view), then a local authority children’s services role'

export const educationMatrix: MatrixEntry[] = [
  { route: 'GET /children-missing-education', actions: ['education.cme.work'], kind: 'page', expect: WORK('sign-in'), why: 'ADR 0016: CME work roles' },
  { route: 'GET /children-missing-education/find', actions: ['education.cme.work'], kind: 'page', expect: WORK('sign-in'), why: 'the find-a-child step of recording' },

  { route: 'GET /children-missing-education/:id', actions: ['education.cme.view'], kind: 'page', about: 'person', expect: VIEW_CHILD('sign-in'), request: { params: openCase }, why },
  { route: 'GET /api/v1/children-missing-education/:id', actions: ['education.cme.view'], kind: 'api', about: 'person', expect: VIEW_CHILD('401'), request: { params: openCase }, why },

  { route: 'GET /people/:id/children-missing-education/new', actions: ['education.cme.record'], kind: 'page', about: 'person', expect: CME('sign-in'), why },
  { route: 'POST /people/:id/children-missing-education', actions: ['education.cme.record'], kind: 'page', about: 'person', expect: CME('sign-in'), request: { body: recordForm }, freshPerson: true, why },
  { route: 'POST /api/v1/children-missing-education', actions: ['education.cme.record'], kind: 'api', about: 'person', expect: CME('401'), request: { body: recordJson }, freshPerson: true, why },

  { route: 'GET /children-missing-education/:id/actions/new', actions: ['education.cme.update'], kind: 'page', about: 'person', expect: CME('sign-in'), request: { params: openCase }, why },
  { route: 'POST /children-missing-education/:id/actions', actions: ['education.cme.update'], kind: 'page', about: 'person', expect: CME('sign-in'), request: { params: openCase, body: actionForm }, why },
  { route: 'GET /children-missing-education/:id/close', actions: ['education.cme.update'], kind: 'page', about: 'person', expect: CME('sign-in'), request: { params: openCase }, why },
  { route: 'POST /children-missing-education/:id/close', actions: ['education.cme.update'], kind: 'page', about: 'person', expect: CME('sign-in'), request: { params: openCase, body: closeForm }, why },
  { route: 'POST /api/v1/children-missing-education/:id/close', actions: ['education.cme.update'], kind: 'api', about: 'person', expect: CME('401'), request: { params: openCase, body: closeJson }, why },
]

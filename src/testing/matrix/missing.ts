/**
 * Missing episodes (issue 5, ADR 0012). Written from CONTRACTS.md §1–§2 and the brief, not from the policy code:
 * - Everything about an episode is about the child: it needs what opening the child's record needs (the VIEW rows
 *   of people.ts), then a role that does that work.
 * - Recording, returns and risk reviews: police missing coordinator ("missing episodes, returns, risk grades"), the
 *   social worker and exploitation lead (social care) and the MASH manager and practitioner. The police missing
 *   coordinator may also record for an ordinary record it has no relationship to (found through search): the unit
 *   must be able to record a child it is looking for. Never for a restricted or sealed record without access.
 * - Return home interviews: the RHI worker ("return home interviews for episodes allocated to the service"), the
 *   social worker and the exploitation lead. Not the police (their prevention interview is a different thing).
 * - The "currently missing" board, the RHI queue and the find-a-child step: a function of those roles (403 for
 *   others); the lists themselves are scoped to children the actor may open.
 * - Anything refused about a child is a 404, never a 403.
 */
import { randomUUID } from 'node:crypto'
import { missingEpisodes, returnInterviews } from '../../modules/missing/schema.ts'
import { dateTimeValues } from '../../modules/missing/forms.ts'
import { DEFAULT_PULL_FACTORS, DEFAULT_PUSH_FACTORS } from '../../modules/missing/settings.ts'
import type { CaseContext, MatrixEntry, PersonRow, PersonTable, RoleTable } from './types.ts'

const A = 'allow' as const
const N = '404' as const
const F = '403' as const

/** The partnership's missing settings: configuration, no case data (CONTRACTS.md §1 system-admin); 403 for the rest. */
const SETTINGS: RoleTable = {
  anonymous:                          'sign-in',
  'system-admin':                     A,
  'information-governance-officer':   F,
  'business-unit-officer':            F,
  'mash-manager':                     F,
  'mash-practitioner':                F,
  'mash-agency-researcher':           F,
  'social-worker':                    F,
  'exploitation-lead':                F,
  'police-missing-coordinator':       F,
  'rhi-worker':                       F,
  'designated-safeguarding-lead':     F,
  'health-safeguarding-practitioner': F,
  analyst:                            F,
  'panel-chair':                      F,
}
/** The defaults as they stand: saving them changes nothing later cases rely on. */
const UNCHANGED_SETTINGS = () => ({
  minimumChildRiskGrade: 'off',
  pushFactors: DEFAULT_PUSH_FACTORS.map((f) => f.label).join('\n'),
  pullFactors: DEFAULT_PULL_FACTORS.map((f) => f.label).join('\n'),
})
const whySettings = 'missing settings (minimum grade, push/pull factors): partnership configuration, CONTRACTS.md §1 system-admin'

const WITH_ACCESS: PersonRow = [A, A, N, A, A, N, A, N, N]
const NEVER: PersonRow = [N, N, N, N, N, N, N, N, N]
const BREAK_GLASS_OR_NAMED: PersonRow = [N, N, N, A, N, N, A, N, N]
/** The police unit: also an ordinary record it has no relationship to (it found the child through search). */
const POLICE_RECORD: PersonRow = [A, A, A, A, A, N, A, N, N]

const table = (rows: Partial<Record<keyof Omit<PersonTable, 'anonymous'>, PersonRow>>, otherwise: PersonRow, anonymous: 'sign-in' | '401'): PersonTable => ({
  anonymous,
  'system-admin':                     rows['system-admin'] ?? otherwise,
  'information-governance-officer':   rows['information-governance-officer'] ?? otherwise,
  'business-unit-officer':            rows['business-unit-officer'] ?? otherwise,
  'mash-manager':                     rows['mash-manager'] ?? otherwise,
  'mash-practitioner':                rows['mash-practitioner'] ?? otherwise,
  'mash-agency-researcher':           rows['mash-agency-researcher'] ?? otherwise,
  'social-worker':                    rows['social-worker'] ?? otherwise,
  'exploitation-lead':                rows['exploitation-lead'] ?? otherwise,
  'police-missing-coordinator':       rows['police-missing-coordinator'] ?? otherwise,
  'rhi-worker':                       rows['rhi-worker'] ?? otherwise,
  'designated-safeguarding-lead':     rows['designated-safeguarding-lead'] ?? otherwise,
  'health-safeguarding-practitioner': rows['health-safeguarding-practitioner'] ?? otherwise,
  analyst:                            rows.analyst ?? otherwise,
  'panel-chair':                      rows['panel-chair'] ?? otherwise,
})

/** Reading an episode or a child's episodes: exactly opening the child's record (people.ts VIEW). */
export const VIEW_CHILD = (anonymous: 'sign-in' | '401'): PersonTable =>
  table(
    {
      'mash-manager': WITH_ACCESS,
      'mash-practitioner': WITH_ACCESS,
      'mash-agency-researcher': WITH_ACCESS,
      'social-worker': WITH_ACCESS,
      'exploitation-lead': WITH_ACCESS,
      'police-missing-coordinator': WITH_ACCESS,
      'rhi-worker': WITH_ACCESS,
      'health-safeguarding-practitioner': WITH_ACCESS,
      'panel-chair': WITH_ACCESS,
    },
    BREAK_GLASS_OR_NAMED,
    anonymous,
  )

const RECORD = (anonymous: 'sign-in' | '401') =>
  table({ 'mash-manager': WITH_ACCESS, 'mash-practitioner': WITH_ACCESS, 'social-worker': WITH_ACCESS, 'exploitation-lead': WITH_ACCESS, 'police-missing-coordinator': POLICE_RECORD }, NEVER, anonymous)

const UPDATE = (anonymous: 'sign-in' | '401') =>
  table({ 'mash-manager': WITH_ACCESS, 'mash-practitioner': WITH_ACCESS, 'social-worker': WITH_ACCESS, 'exploitation-lead': WITH_ACCESS, 'police-missing-coordinator': WITH_ACCESS }, NEVER, anonymous)

const RHI = (anonymous: 'sign-in' | '401') => table({ 'rhi-worker': WITH_ACCESS, 'social-worker': WITH_ACCESS, 'exploitation-lead': WITH_ACCESS }, NEVER, anonymous)

/** The board, the RHI queue, the find step: roles doing missing-episode work. */
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
  'police-missing-coordinator':       A,
  'rhi-worker':                       A,
  'designated-safeguarding-lead':     F,
  'health-safeguarding-practitioner': F,
  analyst:                            F,
  'panel-chair':                      F,
})

/**
 * The statutory returns (SSDA903 Missing table, Annex A List 8): the local authority's return of every looked-after
 * child who went missing, by child id and date of birth — children's social care's exploitation lead only
 * (CONTRACTS.md §1: "receives exploitation and missing alerts", "cohort list"). The business unit sees aggregates
 * only, the analyst no identifiable rows, the police do not make the council's return: 403 for every other role.
 */
const STATUTORY = (anonymous: 'sign-in' | '401'): RoleTable => ({
  anonymous,
  'system-admin':                     F,
  'information-governance-officer':   F,
  'business-unit-officer':            F,
  'mash-manager':                     F,
  'mash-practitioner':                F,
  'mash-agency-researcher':           F,
  'social-worker':                    F,
  'exploitation-lead':                A,
  'police-missing-coordinator':       F,
  'rhi-worker':                       F,
  'designated-safeguarding-lead':     F,
  'health-safeguarding-practitioner': F,
  analyst:                            F,
  'panel-chair':                      F,
})
const whyStatutory = 'ADR 0012: the statutory returns are the council’s, prepared by the exploitation lead'

const HOUR = 3_600_000

/** An episode of the case's child, straight into the database (a random id for a person that does not exist). */
async function episodeOf(ctx: CaseContext, state: 'open' | 'returned'): Promise<Record<string, string>> {
  if (ctx.state === 'nonexistent') return { id: randomUUID() }
  const now = ctx.now().getTime()
  const id = randomUUID()
  const reportedMissingAt = new Date(now - 48 * HOUR)
  const returnedAt = state === 'returned' ? new Date(now - 24 * HOUR) : null
  await ctx.db.insert(missingEpisodes).values({ id, personId: ctx.person.id, missingFrom: 'home', reportedMissingAt, riskGrade: 'medium', returnedAt, recordedAt: reportedMissingAt, updatedAt: reportedMissingAt })
  if (returnedAt) await ctx.db.insert(returnInterviews).values({ episodeId: id, personId: ctx.person.id, dueBy: new Date(returnedAt.getTime() + 72 * HOUR), updatedAt: returnedAt })
  return { id }
}

const open = (ctx: CaseContext) => episodeOf(ctx, 'open')
const returned = (ctx: CaseContext) => episodeOf(ctx, 'returned')
const dayAgo = (ctx: CaseContext) => new Date(ctx.now().getTime() - 24 * HOUR)

const recordForm = (ctx: CaseContext) => ({ missingFrom: 'home', riskGrade: 'medium', ...dateTimeValues('reportedMissingAt', new Date(ctx.now().getTime() - 2 * HOUR)) })
const recordJson = (ctx: CaseContext) => ({ personId: ctx.person.id, missingFrom: 'home', reportedMissingAt: new Date(ctx.now().getTime() - 2 * HOUR).toISOString(), riskGrade: 'medium' })
const why = 'ADR 0012: an episode is about the child (people.view), then a role that does the work'

export const missingMatrix: MatrixEntry[] = [
  { route: 'GET /missing', actions: ['missing.work'], kind: 'page', expect: WORK('sign-in'), why: 'CONTRACTS §1: missing work roles' },
  { route: 'GET /missing/find', actions: ['missing.work'], kind: 'page', expect: WORK('sign-in'), why: 'the find-a-child step of recording' },
  { route: 'GET /missing/return-interviews', actions: ['missing.work'], kind: 'page', expect: WORK('sign-in'), why: 'the RHI queue' },
  { route: 'GET /api/v1/missing-episodes', actions: ['missing.work'], kind: 'api', expect: WORK('401'), why: 'currently missing, scoped' },
  { route: 'GET /missing/statutory', actions: ['missing.statutory'], kind: 'page', expect: STATUTORY('sign-in'), why: whyStatutory },
  { route: 'GET /missing/statutory/ssda903-missing.csv', actions: ['missing.statutory'], kind: 'page', expect: STATUTORY('sign-in'), why: whyStatutory },
  { route: 'GET /missing/statutory/annex-a-list-8.csv', actions: ['missing.statutory'], kind: 'page', expect: STATUTORY('sign-in'), why: whyStatutory },
  { route: 'GET /api/v1/missing-episodes/ssda903', actions: ['missing.statutory'], kind: 'api', expect: STATUTORY('401'), why: whyStatutory },

  { route: 'GET /people/:id/missing-episodes', actions: ['missing.view'], kind: 'page', about: 'person', expect: VIEW_CHILD('sign-in'), why },
  { route: 'GET /api/v1/people/:id/missing-episodes', actions: ['missing.view'], kind: 'api', about: 'person', expect: VIEW_CHILD('401'), why },
  { route: 'GET /missing-episodes/:id', actions: ['missing.view'], kind: 'page', about: 'person', expect: VIEW_CHILD('sign-in'), request: { params: open }, why },
  { route: 'GET /api/v1/missing-episodes/:id', actions: ['missing.view'], kind: 'api', about: 'person', expect: VIEW_CHILD('401'), request: { params: returned }, why },

  { route: 'GET /people/:id/missing-episodes/new', actions: ['missing.record'], kind: 'page', about: 'person', expect: RECORD('sign-in'), why },
  { route: 'POST /people/:id/missing-episodes', actions: ['missing.record'], kind: 'page', about: 'person', expect: RECORD('sign-in'), request: { body: recordForm }, freshPerson: true, why },
  { route: 'POST /api/v1/missing-episodes', actions: ['missing.record'], kind: 'api', about: 'person', expect: RECORD('401'), request: { body: recordJson }, freshPerson: true, why },

  { route: 'GET /missing-episodes/:id/return', actions: ['missing.update'], kind: 'page', about: 'person', expect: UPDATE('sign-in'), request: { params: open }, why },
  { route: 'POST /missing-episodes/:id/return', actions: ['missing.update'], kind: 'page', about: 'person', expect: UPDATE('sign-in'), request: { params: open, body: (ctx) => dateTimeValues('returnedAt', dayAgo(ctx)) }, why },
  { route: 'POST /api/v1/missing-episodes/:id/return', actions: ['missing.update'], kind: 'api', about: 'person', expect: UPDATE('401'), request: { params: open, body: (ctx) => ({ returnedAt: dayAgo(ctx).toISOString() }) }, why },
  { route: 'GET /missing-episodes/:id/risk-grade', actions: ['missing.update'], kind: 'page', about: 'person', expect: UPDATE('sign-in'), request: { params: open }, why },
  { route: 'POST /missing-episodes/:id/risk-grade', actions: ['missing.update'], kind: 'page', about: 'person', expect: UPDATE('sign-in'), request: { params: open, body: () => ({ riskGrade: 'low' }) }, why },
  { route: 'POST /api/v1/missing-episodes/:id/risk-grades', actions: ['missing.update'], kind: 'api', about: 'person', expect: UPDATE('401'), request: { params: open, body: () => ({ riskGrade: 'low', reason: 'Matrix review' }) }, why },

  { route: 'GET /missing-episodes/:id/return-interview', actions: ['missing.rhi.record'], kind: 'page', about: 'person', expect: RHI('sign-in'), request: { params: returned }, why },
  { route: 'POST /missing-episodes/:id/return-interview', actions: ['missing.rhi.record'], kind: 'page', about: 'person', expect: RHI('sign-in'), request: { params: returned, body: () => ({ status: 'offered' }) }, why },
  { route: 'PUT /api/v1/missing-episodes/:id/return-interview', actions: ['missing.rhi.record'], kind: 'api', about: 'person', expect: RHI('401'), request: { params: returned, body: () => ({ status: 'offered' }) }, why },
  { route: 'GET /admin/missing-settings', actions: ['missing.settings.manage'], kind: 'page', expect: SETTINGS, why: whySettings },
  { route: 'POST /admin/missing-settings', actions: ['missing.settings.manage'], kind: 'page', expect: SETTINGS, request: { body: UNCHANGED_SETTINGS }, why: whySettings },
]

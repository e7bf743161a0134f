/**
 * Insight, cohort part (issue 7 points 2 and 6): young people most at risk. Written from the issue and the brief:
 * - The list is identifiable, so it is for the exploitation lead (every child, named), the analyst (every child,
 *   pseudonymised) and the practitioners who hold relationships (only their own children): social worker, police
 *   missing coordinator, RHI worker, health safeguarding practitioner, MASH manager and practitioner, panel chair.
 *   The business unit sees aggregates only: 403, like every other role.
 * - The drill-down is the analyst's "Open record" on a pseudonym. A child the analyst could not open even under
 *   a pseudonym (restricted, sealed and not named, or no such child) is not in the list: 404. A listed child opens
 *   exactly as `people.view` decides: analysts never open a record through a relationship (CONTRACTS.md §1, no
 *   casework), so with or without one it is a 403 page saying a relationship is needed; an active break-glass
 *   grant or being named on a sealed record opens it (303 to the record).
 */
import { randomUUID } from 'node:crypto'
import type { Tx } from '../../platform/db/client.ts'
import { last90Days } from '../../modules/insight/cohort/routes.ts'
import { scopeOf } from '../../modules/insight/cohort/service.ts'
import { pseudonymiser } from '../../modules/insight/pseudonyms.ts'
import { missingEpisodes } from '../../modules/missing/schema.ts'
import type { CaseContext, MatrixEntry, PersonRow, PersonTable, RoleTable } from './types.ts'

const A = 'allow' as const
const F = '403' as const
const N = '404' as const

const readers = (anonymous: 'sign-in'): RoleTable => ({
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
  'health-safeguarding-practitioner': A,
  analyst:                            A,
  'panel-chair':                      A,
})

const NONE: PersonRow = [F, F, F, F, F, F, F, F, F]
/** relationship, team, none → 403 page; break-glass → opens; restricted → not listed; sealed named → opens. */
const ANALYST: PersonRow = [F, F, F, A, N, N, A, N, N]

const drillDown: PersonTable = {
  anonymous: 'sign-in',
  'system-admin':                     NONE,
  'information-governance-officer':   NONE,
  'business-unit-officer':            NONE,
  'mash-manager':                     NONE,
  'mash-practitioner':                NONE,
  'mash-agency-researcher':           NONE,
  'social-worker':                    NONE,
  'exploitation-lead':                NONE,
  'police-missing-coordinator':       NONE,
  'rhi-worker':                       NONE,
  'designated-safeguarding-lead':     NONE,
  'health-safeguarding-practitioner': NONE,
  analyst:                            ANALYST,
  'panel-chair':                      NONE,
}

/** Puts the fixture child in the cohort (a missing episode yesterday) and names them by their pseudonym. */
async function drillDownForm(ctx: CaseContext) {
  const now = ctx.now()
  const period = last90Days(now)
  if (ctx.state !== 'nonexistent') {
    await ctx.memo(`cohort-episode:${ctx.person.id}`, async () => {
      const reported = new Date(now.getTime() - 86_400_000)
      await ctx.db.insert(missingEpisodes).values({
        id: randomUUID(),
        personId: ctx.person.id,
        missingFrom: 'home',
        reportedMissingAt: reported,
        riskGrade: 'medium',
        returnedAt: new Date(reported.getTime() + 3_600_000),
        recordedAt: reported,
        updatedAt: reported,
      })
      return true
    })
  }
  const p = await pseudonymiser(ctx.db as unknown as Tx, scopeOf(period), now)
  return { scope: p.scope, pseudonym: p.of(ctx.person.id) }
}

export const insightCohortMatrix: readonly MatrixEntry[] = [
  {
    route: 'GET /insight/young-people',
    kind: 'page',
    actions: ['insight.cohort.view'],
    expect: readers('sign-in'),
    why: 'young people most at risk: exploitation lead (named), analyst (pseudonymised), practitioners (their own children); not the business unit (issue 7 points 2 and 6)',
  },
  {
    route: 'GET /insight/young-people/download',
    kind: 'page',
    actions: ['insight.cohort.view'],
    request: { query: () => ({ table: 'young-people', format: 'csv' }) },
    expect: readers('sign-in'),
    why: 'the list as CSV/XLSX: the same readers and visibility as the page (issue 7 point 3)',
  },
  {
    route: 'POST /insight/young-people/drill-down',
    kind: 'page',
    about: 'person',
    actions: ['insight.cohort.drill-down'],
    request: { body: drillDownForm },
    expect: drillDown,
    mixedDenials:
      'a pseudonym is an HMAC under a per-dataset key: the analyst can only name a child the list already showed (403, "you need a relationship"); anything else does not resolve (404)',
    why: 'analyst drill-down: needs what opening the record needs, audited either way (issue 7 point 6, CONTRACTS.md §2)',
  },
]

/**
 * Alerts (CONTRACTS.md §2 and §6, ADR 0012): a child's alerts are part of their record (the people.ts VIEW rows);
 * the queue is every casework role's (each sees what its role owns; 403 for the others); acknowledging is for the
 * owner role only (the exploitation lead owns every default alert), and like anything about a child, a refusal
 * is a 404.
 */
import { randomUUID } from 'node:crypto'
import { alerts } from '../../modules/alerts/schema.ts'
import { VIEW_CHILD } from './missing.ts'
import type { CaseContext, MatrixEntry, PersonRow, PersonTable, RoleTable } from './types.ts'

const A = 'allow' as const
const N = '404' as const
const F = '403' as const
const NEVER: PersonRow = [N, N, N, N, N, N, N, N, N]

const QUEUE = (anonymous: 'sign-in' | '401'): RoleTable => ({
  anonymous,
  'system-admin':                     F,
  'information-governance-officer':   F,
  'business-unit-officer':            F,
  'mash-manager':                     A,
  'mash-practitioner':                A,
  'mash-agency-researcher':           A,
  'social-worker':                    A,
  'exploitation-lead':                A,
  'police-missing-coordinator':       A,
  'rhi-worker':                       A,
  'designated-safeguarding-lead':     F,
  'health-safeguarding-practitioner': A,
  analyst:                            F,
  'panel-chair':                      A,
})

const ACKNOWLEDGE = (anonymous: 'sign-in' | '401'): PersonTable => ({
  anonymous,
  'system-admin':                     NEVER,
  'information-governance-officer':   NEVER,
  'business-unit-officer':            NEVER,
  'mash-manager':                     NEVER,
  'mash-practitioner':                NEVER,
  'mash-agency-researcher':           NEVER,
  'social-worker':                    NEVER,
  'exploitation-lead':                [A, A, N, A, A, N, A, N, N],
  'police-missing-coordinator':       NEVER,
  'rhi-worker':                       NEVER,
  'designated-safeguarding-lead':     NEVER,
  'health-safeguarding-practitioner': NEVER,
  analyst:                            NEVER,
  'panel-chair':                      NEVER,
})

/** A fresh open alert about the case's child, owned by the exploitation lead role. */
async function openAlert(ctx: CaseContext): Promise<Record<string, string>> {
  if (ctx.state === 'nonexistent') return { id: randomUUID() }
  const id = randomUUID()
  await ctx.db.insert(alerts).values({ id, personId: ctx.person.id, type: 'repeat-missing', ownerRole: 'exploitation-lead', raisedAt: ctx.now(), reason: 'Matrix', action: 'Matrix', ruleKey: 'repeat-missing' })
  return { id }
}

const why = 'alerts: part of the child record; acknowledged by the owner role'

export const alertsMatrix: MatrixEntry[] = [
  { route: 'GET /alerts', actions: ['alerts.queue'], kind: 'page', expect: QUEUE('sign-in'), why: 'the owner queue of each casework role' },
  { route: 'GET /api/v1/alerts', actions: ['alerts.queue'], kind: 'api', expect: QUEUE('401'), why: 'the owner queue of each casework role' },
  { route: 'GET /people/:id/alerts', actions: ['alerts.view'], kind: 'page', about: 'person', expect: VIEW_CHILD('sign-in'), why },
  { route: 'GET /api/v1/people/:id/alerts', actions: ['alerts.view'], kind: 'api', about: 'person', expect: VIEW_CHILD('401'), why },
  { route: 'POST /alerts/:id/acknowledge', actions: ['alerts.acknowledge'], kind: 'page', about: 'person', expect: ACKNOWLEDGE('sign-in'), request: { params: openAlert }, why },
  { route: 'POST /api/v1/alerts/:id/acknowledge', actions: ['alerts.acknowledge'], kind: 'api', about: 'person', expect: ACKNOWLEDGE('401'), request: { params: openAlert, body: () => ({}) }, why },
]

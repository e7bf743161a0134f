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

/** The trigger rules are configuration, not case data: the system administrator's (CONTRACTS.md §1); 403 for the rest. */
const ADMIN_ONLY: RoleTable = {
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
/** The default repeat-missing rule as it stands (saving it unchanged changes nothing later cases rely on). */
const UNCHANGED_RULE = () => ({ minEpisodes: '3', windowDays: '30', population: 'all', action: 'Consider a strategy meeting', ownerRole: 'exploitation-lead', active: 'yes' })
const rulesWhy = 'alert trigger rules: partnership configuration (CONTRACTS.md §1 system-admin), no case data'

const why = 'alerts: part of the child record; acknowledged by the owner role'

export const alertsMatrix: MatrixEntry[] = [
  { route: 'GET /alerts', actions: ['alerts.queue'], kind: 'page', expect: QUEUE('sign-in'), why: 'the owner queue of each casework role' },
  { route: 'GET /api/v1/alerts', actions: ['alerts.queue'], kind: 'api', expect: QUEUE('401'), why: 'the owner queue of each casework role' },
  { route: 'GET /people/:id/alerts', actions: ['alerts.view'], kind: 'page', about: 'person', expect: VIEW_CHILD('sign-in'), why },
  { route: 'GET /api/v1/people/:id/alerts', actions: ['alerts.view'], kind: 'api', about: 'person', expect: VIEW_CHILD('401'), why },
  { route: 'POST /alerts/:id/acknowledge', actions: ['alerts.acknowledge'], kind: 'page', about: 'person', expect: ACKNOWLEDGE('sign-in'), request: { params: openAlert }, why },
  { route: 'GET /admin/alert-rules', actions: ['alerts.rules.manage'], kind: 'page', expect: ADMIN_ONLY, why: rulesWhy },
  { route: 'GET /admin/alert-rules/new', actions: ['alerts.rules.manage'], kind: 'page', expect: ADMIN_ONLY, why: rulesWhy },
  // A new rule switched off, so that it raises nothing in later cases.
  { route: 'POST /admin/alert-rules', actions: ['alerts.rules.manage'], kind: 'page', expect: ADMIN_ONLY, request: { body: () => ({ ...UNCHANGED_RULE(), active: 'no' }) }, why: rulesWhy },
  { route: 'GET /admin/alert-rules/:key', actions: ['alerts.rules.manage'], kind: 'page', expect: ADMIN_ONLY, request: { params: () => ({ key: 'repeat-missing' }) }, why: rulesWhy },
  { route: 'POST /admin/alert-rules/:key', actions: ['alerts.rules.manage'], kind: 'page', expect: ADMIN_ONLY, request: { params: () => ({ key: 'repeat-missing' }), body: UNCHANGED_RULE }, why: rulesWhy },
  { route: 'POST /api/v1/alerts/:id/acknowledge', actions: ['alerts.acknowledge'], kind: 'api', about: 'person', expect: ACKNOWLEDGE('401'), request: { params: openAlert, body: () => ({}) }, why },
]

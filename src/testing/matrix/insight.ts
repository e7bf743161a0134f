/**
 * Insight (`/insight`, `GET /api/v1/insight/indicators`): the partnership indicators are aggregates read by the
 * analyst and the business unit (CONTRACTS.md §1 "indicators, board pack (aggregates only)", "pseudonymised
 * insight and aggregates") and by the exploitation lead (issue 7 point 7). For every other role the function does
 * not exist: 403. Nothing here is about one child, so there are no record states.
 */
import type { MatrixEntry, RoleTable } from './types.ts'

/** The three roles insight functions are ever given to (CONTRACTS.md §1); every other role gets 403. */
export type InsightRole = 'business-unit-officer' | 'exploitation-lead' | 'analyst'

/** A role table for an insight function allowed to `roles` (a subset of the three), 403 for everyone else. */
export const insightTable = (roles: readonly InsightRole[], anonymous: 'sign-in' | '401' = 'sign-in'): RoleTable => ({
  anonymous,
  'system-admin':                     '403',
  'information-governance-officer':   '403',
  'business-unit-officer':            roles.includes('business-unit-officer') ? 'allow' : '403',
  'mash-manager':                     '403',
  'mash-practitioner':                '403',
  'mash-agency-researcher':           '403',
  'social-worker':                    '403',
  'exploitation-lead':                roles.includes('exploitation-lead') ? 'allow' : '403',
  'police-missing-coordinator':       '403',
  'rhi-worker':                       '403',
  'designated-safeguarding-lead':     '403',
  'health-safeguarding-practitioner': '403',
  analyst:                            roles.includes('analyst') ? 'allow' : '403',
  'panel-chair':                      '403',
})

/** The indicators' readers: the analyst and the business unit (aggregates) and the exploitation lead. */
export const insightReaders = (anonymous: 'sign-in' | '401' = 'sign-in'): RoleTable => insightTable(['business-unit-officer', 'exploitation-lead', 'analyst'], anonymous)

export const insightMatrix: readonly MatrixEntry[] = [
  {
    route: 'GET /insight',
    kind: 'page',
    actions: ['insight.indicators.view'],
    request: { query: () => ({ quarter: '2026-Q4' }) },
    expect: insightReaders('sign-in'),
    why: 'indicators page: analyst, business unit, exploitation lead (CONTRACTS.md §1, issue 7)',
  },
  {
    route: 'GET /insight/download',
    kind: 'page',
    actions: ['insight.indicators.view'],
    request: { query: () => ({ from: '2026-10-01', to: '2026-12-31', table: 'cse-contacts', format: 'csv' }) },
    expect: insightReaders('sign-in'),
    why: 'indicator tables as CSV/XLSX: the same readers as the page (issue 7 point 3)',
  },
  {
    route: 'GET /api/v1/insight/indicators',
    kind: 'api',
    actions: ['insight.indicators.view'],
    request: { query: () => ({ from: '2026-10-01', to: '2026-12-31' }) },
    expect: insightReaders('401'),
    why: 'indicators API: analyst, business unit, exploitation lead (issue 7 point 7)',
  },
]

/**
 * Insight (`/insight`, `GET /api/v1/insight/indicators`): the partnership indicators are aggregates read by the
 * analyst and the business unit (CONTRACTS.md §1 "indicators, board pack (aggregates only)", "pseudonymised
 * insight and aggregates") and by the exploitation lead (issue 7 point 7). For every other role the function does
 * not exist: 403. Nothing here is about one child, so there are no record states.
 */
import type { MatrixEntry, RoleTable } from './types.ts'

const readers = (anonymous: 'sign-in' | '401'): RoleTable => ({
  anonymous,
  'system-admin':                     '403',
  'information-governance-officer':   '403',
  'business-unit-officer':            'allow',
  'mash-manager':                     '403',
  'mash-practitioner':                '403',
  'mash-agency-researcher':           '403',
  'social-worker':                    '403',
  'exploitation-lead':                'allow',
  'police-missing-coordinator':       '403',
  'rhi-worker':                       '403',
  'designated-safeguarding-lead':     '403',
  'health-safeguarding-practitioner': '403',
  analyst:                            'allow',
  'panel-chair':                      '403',
})

export const insightMatrix: readonly MatrixEntry[] = [
  {
    route: 'GET /insight',
    kind: 'page',
    actions: ['insight.indicators.view'],
    request: { query: () => ({ quarter: '2026-Q4' }) },
    expect: readers('sign-in'),
    why: 'indicators page: analyst, business unit, exploitation lead (CONTRACTS.md §1, issue 7)',
  },
  {
    route: 'GET /insight/download',
    kind: 'page',
    actions: ['insight.indicators.view'],
    request: { query: () => ({ from: '2026-10-01', to: '2026-12-31', table: 'cse-contacts', format: 'csv' }) },
    expect: readers('sign-in'),
    why: 'indicator tables as CSV/XLSX: the same readers as the page (issue 7 point 3)',
  },
  {
    route: 'GET /api/v1/insight/indicators',
    kind: 'api',
    actions: ['insight.indicators.view'],
    request: { query: () => ({ from: '2026-10-01', to: '2026-12-31' }) },
    expect: readers('401'),
    why: 'indicators API: analyst, business unit, exploitation lead (issue 7 point 7)',
  },
]

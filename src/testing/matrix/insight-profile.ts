/**
 * Insight, profile part (issue 7 point 2): the problem profile is aggregates read by the indicators' readers — the
 * analyst and the business unit (CONTRACTS.md §1 "pseudonymised insight and aggregates", "indicators, board pack
 * (aggregates only)") and the exploitation lead. For every other role the function does not exist: 403. Nothing
 * here is about one child, so there are no record states.
 */
import type { MatrixEntry, RoleTable } from './types.ts'

const readers: RoleTable = {
  anonymous:                          'sign-in',
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
}

export const insightProfileMatrix: readonly MatrixEntry[] = [
  {
    route: 'GET /insight/profile',
    kind: 'page',
    actions: ['insight.profile.view'],
    request: { query: () => ({ quarter: '2026-Q4' }) },
    expect: readers,
    why: 'problem profile: analyst, business unit, exploitation lead, aggregates only (issue 7 point 2)',
  },
  {
    route: 'GET /insight/profile/download',
    kind: 'page',
    actions: ['insight.profile.view'],
    request: { query: () => ({ from: '2026-10-01', to: '2026-12-31', table: 'incidence-by-agency', format: 'csv' }) },
    expect: readers,
    why: 'problem profile tables as CSV/XLSX: the same readers as the page (issue 7 point 3)',
  },
]

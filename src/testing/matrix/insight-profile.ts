/**
 * Insight, profile part (issue 7 point 2): the problem profile is aggregates read by the indicators' readers — the
 * analyst and the business unit (CONTRACTS.md §1 "pseudonymised insight and aggregates", "indicators, board pack
 * (aggregates only)") and the exploitation lead. For every other role the function does not exist: 403. Nothing
 * here is about one child, so there are no record states.
 */
import { insightReaders } from './insight.ts'
import type { MatrixEntry } from './types.ts'


export const insightProfileMatrix: readonly MatrixEntry[] = [
  {
    route: 'GET /insight/profile',
    kind: 'page',
    actions: ['insight.profile.view'],
    request: { query: () => ({ quarter: '2026-Q4' }) },
    expect: insightReaders(),
    why: 'problem profile: analyst, business unit, exploitation lead, aggregates only (issue 7 point 2)',
  },
  {
    route: 'GET /insight/profile/download',
    kind: 'page',
    actions: ['insight.profile.view'],
    request: { query: () => ({ from: '2026-10-01', to: '2026-12-31', table: 'incidence-by-agency', format: 'csv' }) },
    expect: insightReaders(),
    why: 'problem profile tables as CSV/XLSX: the same readers as the page (issue 7 point 3)',
  },
]

/**
 * A child's chronology (issue 6, ADR 0015): a read of the child's record, so exactly who may open the record
 * (CONTRACTS.md §2): a relationship held in a casework role, break-glass, or a sealed record naming the user;
 * everyone else 404, as for the record.
 */
import type { MatrixEntry, PersonRow, PersonTable } from './types.ts'

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

export const chronologyMatrix: MatrixEntry[] = [
  { route: 'GET /people/:id/chronology', actions: ['chronology.view'], kind: 'page', about: 'person', expect: VIEW('sign-in'), why },
  { route: 'GET /api/v1/people/:id/chronology', actions: ['chronology.view'], kind: 'api', about: 'person', expect: VIEW('401'), why },
]

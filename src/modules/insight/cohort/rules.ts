import type { Decision } from '../../../platform/access/engine.ts'
import type { PersonAccess } from '../../../platform/access/person-access.ts'
import type { RoleProfile } from '../../../platform/access/roles.ts'
import { RISK_LEVELS, type RiskLevel } from '../../exploitation/index.ts'

/**
 * Young people most at risk (issue 7 point 2): the rules of the cohort list, pure so they are unit-tested.
 *
 * A child's risk level is the higher of their latest screening's level and their open exploitation case's level
 * (both as at the end of the period); a child with neither is "not assessed", below "none".
 */
export type CohortRisk = RiskLevel | 'not-assessed'
export const COHORT_RISKS: readonly CohortRisk[] = ['high', 'medium', 'low', 'none', 'not-assessed']
export const COHORT_RISK_LABELS: Record<CohortRisk, string> = { high: 'High', medium: 'Medium', low: 'Low', none: 'None', 'not-assessed': 'Not assessed' }
export type RiskBasis = 'case' | 'screening' | null

const rank = (level: CohortRisk): number => (level === 'not-assessed' ? -1 : RISK_LEVELS.indexOf(level))

export function effectiveRisk(screening: RiskLevel | null, caseLevel: RiskLevel | null): { risk: CohortRisk; basis: RiskBasis } {
  if (caseLevel && (!screening || rank(caseLevel) >= rank(screening))) return { risk: caseLevel, basis: 'case' }
  if (screening) return { risk: screening, basis: 'screening' }
  return { risk: 'not-assessed', basis: null }
}

export type Rankable = { personId: string; risk: CohortRisk; episodes: number; contacts: number; lastEventDay: string | null }

/**
 * The list's order: risk level (highest first), then missing episodes in the period, then contacts in the period
 * (most first), then the most recent event; the person id last only so that the order is total and repeatable.
 */
export function compareCohort(a: Rankable, b: Rankable): number {
  return (
    rank(b.risk) - rank(a.risk) ||
    b.episodes - a.episodes ||
    b.contacts - a.contacts ||
    (b.lastEventDay ?? '').localeCompare(a.lastEventDay ?? '') ||
    a.personId.localeCompare(b.personId)
  )
}

/**
 * How a role sees the cohort. `named`: the exploitation lead, every child, named. `pseudonymised`: the analyst,
 * every child under a pseudonym. `relationships`: a practitioner, only the children they (or their team) currently
 * have a legitimate relationship with, named. Other roles (the business unit included) have no view.
 */
export type CohortView = 'named' | 'pseudonymised' | 'relationships'

/**
 * The casework roles whose relationships show their own children in the list: practitioners who work with a child
 * over time. The MASH agency researcher is left out (a research request is a one-off answer, not work with the
 * child), as are the roles that never hold relationships (CASEWORK_ROLES).
 */
export const RELATIONSHIP_ROLES: readonly RoleProfile[] = [
  'social-worker',
  'police-missing-coordinator',
  'rhi-worker',
  'health-safeguarding-practitioner',
  'mash-manager',
  'mash-practitioner',
  'panel-chair',
]

export function cohortViewOf(role: RoleProfile): CohortView | null {
  if (role === 'exploitation-lead') return 'named'
  if (role === 'analyst') return 'pseudonymised'
  return RELATIONSHIP_ROLES.includes(role) ? 'relationships' : null
}

/**
 * Whether a cohort child is listed for this viewer, given the facts and the normal decision on opening the record
 * (`people.view`). A restricted or sealed record is listed only to someone who could open it — for the analyst,
 * not even under a pseudonym; a practitioner sees only the children of a current relationship they could open.
 */
export function listed(view: CohortView, access: PersonAccess, openDecision: Decision): boolean {
  if (view === 'relationships') return openDecision.allowed && access.relationship !== null
  return access.state === 'ordinary' || openDecision.allowed
}

import { allow, forbid, hide, registerPolicies, type Decision } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import { hasRole, type RoleProfile } from '../../platform/access/roles.ts'
import { personViewDecision } from '../people/index.ts'

/**
 * Who does what with missing episodes (ADR 0012). Everything about an episode is about the child, so it needs what
 * opening the child's record needs (`people.view`), and then a role that does that work:
 * - recording, returns and re-grading: police missing coordinator, social care (social worker, exploitation lead)
 *   and the MASH (manager, practitioner);
 * - return home interviews: the return interview service (rhi-worker) and social care (a child may prefer their
 *   social worker, DOMAIN.md §1.2); never the police, whose prevention interview is a different thing.
 * The one exception: the police missing persons unit may record an episode for an ordinary record it has found
 * through search, without a relationship yet — recording gives its team one (the child is missing now).
 */
export const RECORDING_ROLES: readonly RoleProfile[] = ['police-missing-coordinator', 'social-worker', 'exploitation-lead', 'mash-manager', 'mash-practitioner']
export const RHI_ROLES: readonly RoleProfile[] = ['rhi-worker', 'social-worker', 'exploitation-lead']
/** The board and the RHI queue: every role that records episodes or holds interviews. */
export const MISSING_WORK_ROLES: readonly RoleProfile[] = [...RECORDING_ROLES, 'rhi-worker']

/**
 * The statutory returns (SSDA903 Missing table, Annex A List 8) list every looked-after child who went missing, by
 * council child id and date of birth: the local authority's return, prepared by children's social care. Of the
 * roles in CONTRACTS.md §1 that is the exploitation lead (social care; "receives exploitation and missing alerts",
 * "cohort list"). Not the business unit (aggregates only), not the police (not the authority's return), not the
 * analyst (no identifiable rows). A role function: 403 for everyone else.
 */
export const STATUTORY_ROLES: readonly RoleProfile[] = ['exploitation-lead']
export type MissingStatutory = { resourceType: 'missing-statutory-return' }
export const MISSING_STATUTORY: MissingStatutory = { resourceType: 'missing-statutory-return' }

/** The partnership's missing settings (minimum grade, push/pull factor lists): configuration, the system administrator's. */
export type MissingSettingsResource = { resourceType: 'missing-settings' }
export const MISSING_SETTINGS: MissingSettingsResource = { resourceType: 'missing-settings' }

export type MissingWork = { resourceType: 'missing-work' }
export const MISSING_WORK: MissingWork = { resourceType: 'missing-work' }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'missing.record': PersonAccess
    'missing.view': PersonAccess
    'missing.update': PersonAccess
    'missing.rhi.record': PersonAccess
    'missing.work': MissingWork
    'missing.statutory': MissingStatutory
    'missing.settings.manage': MissingSettingsResource
  }
}

function withRole(roles: readonly RoleProfile[], what: string) {
  return (actor: UserActor, person: PersonAccess): Decision => {
    const view = personViewDecision(actor, person)
    if (!view.allowed) return view
    return hasRole(roles, actor.roleProfile) ? view : hide(`role does not ${what}`)
  }
}

export function recordDecision(actor: UserActor, person: PersonAccess): Decision {
  const decision = withRole(RECORDING_ROLES, 'record missing episodes')(actor, person)
  if (decision.allowed) return decision
  if (actor.roleProfile === 'police-missing-coordinator' && person.exists && person.state === 'ordinary') {
    return allow('police missing persons unit: recording an episode for a child found through search')
  }
  return decision
}

export function registerMissingPolicies(): void {
  registerPolicies({
    'missing.record': recordDecision,
    'missing.view': personViewDecision,
    'missing.update': withRole(RECORDING_ROLES, 'record returns or risk grades'),
    'missing.rhi.record': withRole(RHI_ROLES, 'hold return home interviews'),
    'missing.work': (actor) => (hasRole(MISSING_WORK_ROLES, actor.roleProfile) ? allow('missing work role') : forbid('role does no missing-episode work')),
    'missing.settings.manage': (actor) => (actor.roleProfile === 'system-admin' ? allow('system administrator: configuration') : forbid('not a system administrator')),
    'missing.statutory': (actor) => (hasRole(STATUTORY_ROLES, actor.roleProfile) ? allow('prepares the statutory returns') : forbid('role does not prepare statutory returns')),
  })
}

import { allow, forbid, hide, registerPolicies, type Decision } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import { hasRole, type RoleProfile } from '../../platform/access/roles.ts'
import { personViewDecision } from '../people/index.ts'

/**
 * Who does what with children missing education (ADR 0016). The duty to identify CME is the local authority's
 * (s.436A Education Act 1996). Of the role profiles of CONTRACTS.md §1 the authority's children's services people
 * are the MASH (manager, practitioner), the social worker and the exploitation lead: they record a case, log
 * enquiries and close it. A case is about the child, so it needs what opening the child's record needs
 * (`people.view`), then one of those roles. Reading a case is reading the child's record: anyone who may open the
 * record may read it (as for missing episodes), because a child out of education is a safeguarding fact.
 * The school's designated safeguarding lead tells the authority of a removal from roll through a contact (they
 * "report concerns" and never see the child's record, CONTRACTS.md §1), so the DSL has no CME function here.
 */
export const CME_ROLES: readonly RoleProfile[] = ['mash-manager', 'mash-practitioner', 'social-worker', 'exploitation-lead']

export type CmeWork = { resourceType: 'cme-work' }
export const CME_WORK: CmeWork = { resourceType: 'cme-work' }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'education.cme.record': PersonAccess
    'education.cme.view': PersonAccess
    'education.cme.update': PersonAccess
    'education.cme.work': CmeWork
  }
}

function cmeRole(actor: UserActor, person: PersonAccess): Decision {
  const view = personViewDecision(actor, person)
  if (!view.allowed) return view
  return hasRole(CME_ROLES, actor.roleProfile) ? view : hide('role does not work children missing education cases')
}

export function registerEducationPolicies(): void {
  registerPolicies({
    'education.cme.record': cmeRole,
    'education.cme.view': personViewDecision,
    'education.cme.update': cmeRole,
    'education.cme.work': (actor) => (hasRole(CME_ROLES, actor.roleProfile) ? allow('children missing education role') : forbid('role does no children missing education work')),
  })
}

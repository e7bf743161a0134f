import { allow, forbid, hide, registerPolicies, type Decision } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import type { RelationshipSource } from '../../platform/access/schema.ts'
import { mergePolicies } from './merge-policy.ts'
import { registerImportPolicies } from './import-policy.ts'
import { BREAK_GLASS_ROLES, CASEWORK_ROLES, CREATING_ROLES, EDITING_ROLES, SEARCHING_ROLES, hasRole } from '../../platform/access/roles.ts'

const RESTRICTED_RECORD_SOURCES: readonly RelationshipSource[] = ['ig-grant', 'allocation']

/** A function with no particular record: searching the index, creating a person. */
export type PersonIndex = { resourceType: 'person-index' }
export const PERSON_INDEX: PersonIndex = { resourceType: 'person-index' }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'people.search': PersonIndex
    'people.create': PersonIndex
    'people.view': PersonAccess
    'people.edit': PersonAccess
    'people.break-glass': PersonAccess
    'people.break-glass.form': PersonIndex | { resourceType: 'person'; resourceId: string }
  }
}

/**
 * Who may open a child's record (CONTRACTS.md §2). Sealed: named users only, no break-glass. Otherwise an active
 * break-glass grant, or a legitimate relationship held in a casework role. A role alone never opens a record.
 */
export function viewPerson(actor: UserActor, person: PersonAccess): Decision {
  if (!person.exists) return hide('no such person')
  if (person.state === 'sealed') return person.namedSealedUser ? allow('named user of a sealed record') : hide('sealed record')
  if (person.breakGlass) return allow(`break-glass: ${person.breakGlass.reason}`)
  if (!hasRole(CASEWORK_ROLES, actor.roleProfile)) return hide('role has no casework access')
  if (person.state === 'restricted') {
    // Restricted: only a relationship granted by information governance or the owning team's allocation opens it;
    // a relationship that a workflow creates automatically (a MASH contact, an alert) does not (CONTRACTS.md §2).
    const source = person.relationshipSources.find((s) => RESTRICTED_RECORD_SOURCES.includes(s))
    return source ? allow(`relationship: ${source}`) : hide('restricted record without an IG-granted or allocation relationship')
  }
  if (person.relationship) return allow(`relationship: ${person.relationship.source}`)
  return hide('no legitimate relationship')
}

export function registerPeoplePolicies(): void {
  registerPolicies(mergePolicies)
  registerImportPolicies()
  registerPolicies({
    'people.search': (actor) => (hasRole(SEARCHING_ROLES, actor.roleProfile) ? allow('searching role') : forbid('not a searching role')),
    'people.create': (actor) => (hasRole(CREATING_ROLES, actor.roleProfile) ? allow('creating role') : forbid('not a creating role')),
    'people.view': viewPerson,
    'people.edit': (actor, person) => {
      const view = viewPerson(actor, person)
      if (!view.allowed) return view
      return hasRole(EDITING_ROLES, actor.roleProfile) ? view : hide('role may not edit people')
    },
    // The form shows nothing about the person, so for the roles that may break glass it is shown whatever the id
    // (a 404 only for sealed or unknown ids would let anyone map which records exist); others get the POST's 404.
    'people.break-glass.form': (actor) => (hasRole(BREAK_GLASS_ROLES, actor.roleProfile) ? allow('break-glass role') : hide('role may not use break-glass')),
    'people.break-glass': (actor, person) => {
      if (!person.exists || person.state === 'sealed') return hide('no such person, or sealed')
      return hasRole(BREAK_GLASS_ROLES, actor.roleProfile) ? allow('break-glass role') : hide('role may not use break-glass')
    },
  })
}

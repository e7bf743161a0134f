import { allow, forbid, hide, type Decision } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import type { RoleProfile } from '../../platform/access/roles.ts'
import { hasRole } from '../../platform/access/roles.ts'

/**
 * Duplicates and merge (ADR 0009). The MASH works the duplicate queue without a legitimate relationship to either
 * child, so these are functions of a role, not of a record: the queue and "not the same person" for the MASH
 * manager and practitioner, merge and unmerge (the most dangerous writes in the product) for the MASH manager only.
 * Every other role is refused as a function it never has (403).
 *
 * A merge names two people by id, so `people.merge` is also decided per person: an id nobody may know about (no
 * such person, or a sealed record the actor is not named on) is the usual 404, never a "sealed" message.
 */
export const DUPLICATE_ROLES: readonly RoleProfile[] = ['mash-manager', 'mash-practitioner']
export const MERGE_ROLES: readonly RoleProfile[] = ['mash-manager']

export type DuplicateQueue = { resourceType: 'duplicate-candidate'; resourceId?: string; personId?: string }
export const DUPLICATE_QUEUE: DuplicateQueue = { resourceType: 'duplicate-candidate' }
export type MergeHistory = { resourceType: 'person-merge'; resourceId?: string; personId?: string }
export const MERGE_HISTORY: MergeHistory = { resourceType: 'person-merge' }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    /** The queue, one pair's comparison page, the merge history. */
    'people.duplicates.view': DuplicateQueue | MergeHistory
    /** "Not the same person" on a pair. */
    'people.duplicates.decide': DuplicateQueue
    /** Look for duplicates again (a scan of the whole index). */
    'people.duplicates.scan': DuplicateQueue
    /** Merge one person into another: decided for each of the two. */
    'people.merge': PersonAccess
    'people.unmerge': MergeHistory
  }
}

const duplicateWork = (actor: UserActor): Decision =>
  hasRole(DUPLICATE_ROLES, actor.roleProfile) ? allow('MASH: duplicate records') : forbid('not a MASH manager or practitioner')
const mergeWork = (actor: UserActor): Decision => (hasRole(MERGE_ROLES, actor.roleProfile) ? allow('MASH manager: merging duplicate records') : forbid('not a MASH manager'))

/** Merging a person: the MASH manager, for any person whose existence they may know of. */
export function mergePerson(actor: UserActor, person: PersonAccess): Decision {
  const role = mergeWork(actor)
  if (!role.allowed) return role
  if (!person.exists) return hide('no such person')
  if (person.state === 'sealed' && !person.namedSealedUser) return hide('sealed record')
  return role
}

export const mergePolicies = {
  'people.duplicates.view': duplicateWork,
  'people.duplicates.decide': duplicateWork,
  'people.duplicates.scan': mergeWork,
  'people.merge': mergePerson,
  'people.unmerge': mergeWork,
} as const

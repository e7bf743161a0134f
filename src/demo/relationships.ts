import type { legitimateRelationships, recordProtections, sealedRecordAccess } from '../platform/access/schema.ts'
import { addDays, addMinutes, daysBetween } from './dates.ts'
import type { ChildInfo } from './people.ts'
import type { Random } from './random.ts'

export type RelationshipRow = typeof legitimateRelationships.$inferInsert & { id: string }
export type ProtectionRow = typeof recordProtections.$inferInsert
export type SealedAccessRow = typeof sealedRecordAccess.$inferInsert & { id: string }

export const SOCIAL_WORKER_ALLOCATIONS = 60
export const MISSING_UNIT_ALLOCATIONS = 25
export const DUAL_ROLE_ALLOCATIONS = 3
/** CONTRACTS.md §2: creating a record gives the creator's team 30 days. */
export const CREATOR_DAYS = 30

export type RelationshipHolders = {
  mashTeamId: string
  missingUnitTeamId: string
  mashManagerId: string
  socialWorkerId: string
  dualRoleUserId: string
  policeMissingId: string
  igOfficerId: string
}

export type GeneratedAccess = {
  relationships: RelationshipRow[]
  protections: ProtectionRow[]
  sealedAccess: SealedAccessRow[]
}

export const RESTRICTED_REASON = 'Staff relative — restricted under the records policy'
export const SEALED_REASON = 'Sealed: adoption — existence not disclosed'

/**
 * Who may see which demo child (CONTRACTS.md §2): the MASH team as creator (30 days, so most have lapsed), the
 * exploitation and missing team's social worker by allocation, the police Missing persons unit by allocation,
 * and the restricted and sealed children's allocated worker.
 */
export function generateAccess(random: Random, ids: Random, today: Date, children: readonly ChildInfo[], h: RelationshipHolders): GeneratedAccess {
  const relationships: RelationshipRow[] = []
  const protections: ProtectionRow[] = []
  const sealedAccess: SealedAccessRow[] = []

  /** Some days after the record was created, but never later than the day before today. */
  const laterThan = (createdAt: Date, maxDays: number): Date => {
    const room = Math.min(maxDays, daysBetween(createdAt, today) - 1)
    return room >= 1 ? addMinutes(addDays(createdAt, random.int(1, room)), random.int(-120, 120)) : addMinutes(createdAt, 60)
  }
  const allocate = (child: ChildInfo, holder: { userId: string } | { teamId: string }, createdBy: string): void => {
    relationships.push({
      id: ids.uuid(),
      personId: child.id,
      userId: 'userId' in holder ? holder.userId : null,
      teamId: 'teamId' in holder ? holder.teamId : null,
      source: 'allocation',
      sourceRef: null,
      startsAt: laterThan(child.createdAt, 60),
      expiresAt: null,
      endedAt: null,
      createdBy,
    })
  }

  const ordinary = children.filter((c) => c.tag === 'ordinary')
  const protectedChildren = children.filter((c) => c.tag === 'restricted' || c.tag === 'sealed')

  // The MASH team created most records: 30 days each, so only the recent ones are still live.
  for (const child of children) {
    if (child.tag === 'restricted' || child.tag === 'sealed') continue
    const always = child.tag === 'mash-only' || child.tag === 'recent' || child.tag === 'allocated'
    if (!always && !random.chance(0.7)) continue
    relationships.push({
      id: ids.uuid(),
      personId: child.id,
      userId: null,
      teamId: h.mashTeamId,
      source: 'creator',
      sourceRef: null,
      startsAt: child.createdAt,
      expiresAt: addDays(child.createdAt, CREATOR_DAYS),
      endedAt: null,
      createdBy: h.mashManagerId,
    })
  }

  // Allocations to the exploitation and missing team's social worker, mostly older children.
  const allocated = children.filter((c) => c.tag === 'allocated')
  const olderFirst = (list: readonly ChildInfo[]) => [...list.filter((c) => c.age >= 11), ...list.filter((c) => c.age < 11)]
  const forSocialWorker = [...allocated, ...olderFirst(random.shuffle(ordinary)).slice(0, SOCIAL_WORKER_ALLOCATIONS - allocated.length)]
  for (const child of forSocialWorker) allocate(child, { userId: h.socialWorkerId }, h.mashManagerId)

  const taken = new Set(forSocialWorker.map((c) => c.id))
  for (const child of random.sample(ordinary.filter((c) => !taken.has(c.id)), DUAL_ROLE_ALLOCATIONS)) {
    allocate(child, { userId: h.dualRoleUserId }, h.mashManagerId)
  }

  // The police Missing persons unit holds its own allocations (some overlap with the social worker's).
  const forMissingUnit = [...allocated, ...olderFirst(random.shuffle(ordinary)).slice(0, MISSING_UNIT_ALLOCATIONS - allocated.length)]
  for (const child of forMissingUnit) allocate(child, { teamId: h.missingUnitTeamId }, h.policeMissingId)

  // Restricted and sealed children: allocated to the social worker; sealed names only that worker.
  for (const child of protectedChildren) {
    allocate(child, { userId: h.socialWorkerId }, h.mashManagerId)
    const setAt = laterThan(child.createdAt, 30)
    const sealed = child.tag === 'sealed'
    protections.push({ personId: child.id, state: sealed ? 'sealed' : 'restricted', reason: sealed ? SEALED_REASON : RESTRICTED_REASON, setBy: h.igOfficerId, setAt })
    if (sealed) sealedAccess.push({ id: ids.uuid(), personId: child.id, userId: h.socialWorkerId, grantedBy: h.igOfficerId, grantedAt: setAt })
  }

  return { relationships, protections, sealedAccess }
}

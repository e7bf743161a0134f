import { eq } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess, type PersonAccess } from '../../platform/access/person-access.ts'
import { accessNotifications, breakGlassGrants, legitimateRelationships } from '../../platform/access/schema.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { PERSON_INDEX } from './policy.ts'
import { findPerson, listAllocatedUserIds, searchCandidates, type Person } from './queries.ts'
import { people, personHistory } from './schema.ts'
import type { CreatePersonInput, PersonInput } from './schemas.ts'
import { postcodeDistrict } from './rules.ts'
import { recordNewPersonEntries, syncEntriesAfterEdit } from './entry-sync.ts'
import { loadIndexEntries, type PersonEntries } from './entries.ts'

/** The creator's team keeps access for 30 days unless a workflow continues it (CONTRACTS.md §2). */
export const CREATOR_RELATIONSHIP_DAYS = 30
export const BREAK_GLASS_MINUTES = 60

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('people services act for a signed-in user')
  return ctx.actor
}

function checkDateOfBirth(ctx: Ctx, dateOfBirth: string | undefined | null): void {
  if (dateOfBirth && dateOfBirth > ctx.now.toISOString().slice(0, 10)) {
    throw new ValidationError([{ field: 'dateOfBirth', message: 'Date of birth must be today or in the past' }])
  }
  if (dateOfBirth && dateOfBirth < '1900-01-01') {
    throw new ValidationError([{ field: 'dateOfBirth', message: 'Date of birth must be after 1 January 1900' }])
  }
}

/**
 * Create a person, with their current name (and address, identifiers and aliases, if given) entered in the person
 * index in the same transaction: a refusal anywhere saves nothing.
 */
export async function createPerson(ctx: Ctx, input: CreatePersonInput): Promise<Person> {
  const actor = userOf(ctx)
  authorize(ctx, 'people.create', PERSON_INDEX)
  checkDateOfBirth(ctx, input.dateOfBirth)
  const { nhsNumber, upn, aliases, ...fields } = input
  const [person] = await ctx.tx
    .insert(people)
    .values({ ...fields, createdAt: ctx.now, updatedAt: ctx.now, createdBy: actor.userId })
    .returning()
  if (!person) throw new Error('insert returned no person')
  await recordNewPersonEntries(ctx, actor, person, { nhsNumber, upn, aliases })
  await ctx.tx.insert(legitimateRelationships).values({
    personId: person.id,
    teamId: actor.teamId,
    source: 'creator',
    startsAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + CREATOR_RELATIONSHIP_DAYS * 86_400_000),
    createdBy: actor.userId,
  })
  ctx.audit.record({ action: 'people.created', outcome: 'succeeded', resourceType: 'person', resourceId: person.id, personId: person.id })
  return person
}

export type PersonView = { person: Person; access: PersonAccess; purpose: string; entries: PersonEntries }

/** Open a person's record (with their names, identifiers, addresses, contact details and relationships): authorised, and the read itself is an audit event. */
export async function viewPerson(ctx: Ctx, id: string): Promise<PersonView> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), id, ctx.now)
  const purpose = authorize(ctx, 'people.view', access)
  const person = await findPerson(ctx.tx, id)
  if (!person) throw new NotFoundError()
  const entries = await loadIndexEntries(ctx, id)
  ctx.audit.record({ action: 'people.viewed', outcome: 'allowed', resourceType: 'person', resourceId: id, personId: id, purpose })
  return { person, access, purpose, entries }
}

/**
 * Correct a person's details. The previous values are kept in person_history (nothing is overwritten without
 * trace); with `expectedVersion`, an edit made against a stale page is refused rather than silently lost.
 */
export async function updatePerson(ctx: Ctx, id: string, changes: Partial<PersonInput>, expectedVersion?: number): Promise<Person> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), id, ctx.now)
  const purpose = authorize(ctx, 'people.edit', access)
  const [current] = await ctx.tx.select().from(people).where(eq(people.id, id)).for('update')
  if (!current) throw new NotFoundError()
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new ConflictError('Someone else changed this record while you were editing it')
  }
  checkDateOfBirth(ctx, changes.dateOfBirth)
  const changed = (Object.keys(changes) as Array<keyof PersonInput>).filter((k) => changes[k] !== undefined && changes[k] !== current[k])
  if (changed.length === 0) return current
  const previous = Object.fromEntries(changed.map((k) => [k, current[k] ?? null]))
  await ctx.tx.insert(personHistory).values({ personId: id, version: current.version, previous, changedBy: userOf(ctx).userId, changedAt: ctx.now })
  const [updated] = await ctx.tx
    .update(people)
    .set({ ...Object.fromEntries(changed.map((k) => [k, changes[k]])), updatedAt: ctx.now, version: current.version + 1 })
    .where(eq(people.id, id))
    .returning()
  if (!updated) throw new NotFoundError()
  await syncEntriesAfterEdit(ctx, userOf(ctx), current, updated, changed)
  // Field names, not values: the audit log must not become a second copy of the record.
  ctx.audit.record({ action: 'people.updated', outcome: 'succeeded', resourceType: 'person', resourceId: id, personId: id, purpose, details: { fields: changed } })
  return updated
}

export type BreakGlassGrant = typeof breakGlassGrants.$inferSelect

/**
 * Emergency access to one person for 60 minutes (CONTRACTS.md §2): never for sealed records; the IG officers and
 * the allocated workers are told at once, and the use waits in IG's review queue. Re-authentication is the
 * caller's job (the page asks for password and code; the API token was issued to a strongly authenticated user).
 */
export async function breakGlass(ctx: Ctx, id: string, reason: string): Promise<BreakGlassGrant> {
  const actor = userOf(ctx)
  const access = await loadPersonAccess(ctx.tx, actor, id, ctx.now)
  authorize(ctx, 'people.break-glass', access)
  const trimmed = reason.trim()
  if (trimmed.length < 10) throw new ValidationError([{ field: 'reason', message: 'Reason for emergency access must be 10 characters or more' }])
  const [grant] = await ctx.tx
    .insert(breakGlassGrants)
    .values({
      personId: id,
      userId: actor.userId,
      userRoleProfileId: actor.userRoleProfileId,
      reason: trimmed,
      startsAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + BREAK_GLASS_MINUTES * 60_000),
    })
    .returning()
  if (!grant) throw new Error('insert returned no grant')
  const message = `${actor.displayName} (${actor.agencyName}) used emergency access to a ${access.state} record: “${trimmed}”`
  const allocated = await listAllocatedUserIds(ctx.tx, id, ctx.now)
  await ctx.tx.insert(accessNotifications).values([
    { kind: 'break-glass', recipientRole: 'information-governance-officer', personId: id, breakGlassGrantId: grant.id, message, createdAt: ctx.now },
    ...allocated
      .filter((userId) => userId !== actor.userId)
      .map((userId) => ({ kind: 'break-glass' as const, recipientUserId: userId, personId: id, breakGlassGrantId: grant.id, message, createdAt: ctx.now })),
  ])
  ctx.audit.record({
    action: 'people.break-glass',
    outcome: 'succeeded',
    resourceType: 'person',
    resourceId: id,
    personId: id,
    purpose: `break-glass: ${trimmed}`,
    details: { grantId: grant.id, expiresAt: grant.expiresAt.toISOString(), recordState: access.state, alerted: allocated.length },
  })
  return grant
}

export type SearchTerms = { givenName?: string | undefined; familyName?: string | undefined; dateOfBirth?: string | undefined; postcode?: string | undefined }

export type SearchResult =
  | {
      kind: 'card'
      id: string
      score: number
      reasons: Record<string, number>
      givenName: string
      middleNames: string | null
      familyName: string
      dateOfBirth: string | null
      gender: 'F' | 'M' | 'U'
      postcodeDistrict: string | null
      agencyTypes: string[]
    }
  | { kind: 'restricted'; id: string; score: number; reasons: Record<string, number> }

/** "Is this child known?" — a first version; the person index issue brings the full linkage scoring. */
export async function searchPeople(ctx: Ctx, terms: SearchTerms): Promise<SearchResult[]> {
  const actor = userOf(ctx)
  authorize(ctx, 'people.search', PERSON_INDEX)
  const rows = await searchCandidates(ctx.tx, actor, terms, 25)
  ctx.audit.record({ action: 'people.searched', outcome: 'allowed', resourceType: 'person-index', details: { terms, results: rows.length } })
  return rows.map((r) => {
    const reasons = { name: Math.round(r.name_score * 100) / 100, dateOfBirth: r.dob_match ? 1 : 0 }
    const score = Math.min(1, Math.round(((r.name_score / 2) * 0.6 + (r.dob_match ? 0.4 : 0)) * 100) / 100)
    if (r.state === 'restricted') return { kind: 'restricted', id: r.id, score, reasons }
    return {
      kind: 'card',
      id: r.id,
      score,
      reasons,
      givenName: r.given_name,
      middleNames: r.middle_names,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      gender: r.gender,
      postcodeDistrict: postcodeDistrict(r.postcode),
      agencyTypes: r.agency_types ?? [],
    }
  })
}

/** The change-details form: only for those who may edit; showing the current values is a read, so audited. */
export async function viewPersonForEdit(ctx: Ctx, id: string): Promise<Person> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), id, ctx.now)
  const purpose = authorize(ctx, 'people.edit', access)
  const person = await findPerson(ctx.tx, id)
  if (!person) throw new NotFoundError()
  ctx.audit.record({ action: 'people.viewed', outcome: 'allowed', resourceType: 'person', resourceId: id, personId: id, purpose, details: { for: 'edit' } })
  return person
}

/** The emergency-access form: shown to roles that may break glass, whatever the id (see the policy). */
export function assertCanBreakGlass(ctx: Ctx, id: string): void {
  authorize(ctx, 'people.break-glass.form', /^[0-9a-f-]{36}$/i.test(id) ? { resourceType: 'person', resourceId: id } : PERSON_INDEX)
}

/** For pages that show a form before anything is done: the same function-level check, audited if denied. */
export function assertCanSearch(ctx: Ctx): void {
  authorize(ctx, 'people.search', PERSON_INDEX)
}

export function assertCanCreate(ctx: Ctx): void {
  authorize(ctx, 'people.create', PERSON_INDEX)
}

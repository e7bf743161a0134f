import { eq } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess, type PersonAccess } from '../../platform/access/person-access.ts'
import { accessNotifications, breakGlassGrants, legitimateRelationships } from '../../platform/access/schema.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { PERSON_INDEX } from './policy.ts'
import { findPerson, listAllocatedUserIds, type Person } from './queries.ts'
import { people, personHistory } from './schema.ts'
import type { CreatePersonInput, PersonInput } from './schemas.ts'
import { postcodeDistrict } from './rules.ts'
import { recordNewPersonEntries, syncEntriesAfterEdit } from './entry-sync.ts'
import { loadIndexEntries, type PersonEntries } from './entries.ts'
import { agencyTypesOf, DUPLICATE_PROBABILITY, findMatches, MIN_PROBABILITY, refreshSearchKeys, type Candidate, type MatchTerms } from './search.ts'
import { apiReasons, type SearchReason } from './search-reasons.ts'
import { recordDuplicatePairs } from './duplicates-scan.ts'
import { redirectIfMerged } from './merge-redirect.ts'

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
 * Create a person — unless existing records are likely the same person and the caller has not confirmed that none
 * of them is (search before create, ADR 0008) — with their current name (and address, identifiers and aliases, if given) entered in the person
 * index in the same transaction: a refusal anywhere saves nothing.
 */
export type CreateOutcome = { kind: 'created'; person: Person } | { kind: 'possible-duplicates'; candidates: SearchResult[] }

export async function createPerson(ctx: Ctx, input: CreatePersonInput, options: { confirmNotDuplicate?: boolean | undefined } = {}): Promise<CreateOutcome> {
  const actor = userOf(ctx)
  authorize(ctx, 'people.create', PERSON_INDEX)
  checkDateOfBirth(ctx, input.dateOfBirth)
  const { nhsNumber, upn, aliases, ...fields } = input
  // Search before create: likely existing records are shown first, and a duplicate is a deliberate choice.
  const likely = await likelyDuplicates(ctx, input)
  // Nothing is saved then, but the transaction commits: the look-up is a search and its audit event must stay.
  if (likely.length > 0 && !options.confirmNotDuplicate) return { kind: 'possible-duplicates', candidates: likely }
  const [person] = await ctx.tx
    .insert(people)
    .values({ ...fields, createdAt: ctx.now, updatedAt: ctx.now, createdBy: actor.userId })
    .returning()
  if (!person) throw new Error('insert returned no person')
  await recordNewPersonEntries(ctx, actor, person, { nhsNumber, upn, aliases })
  await refreshSearchKeys(ctx.tx, [person.id])
  await ctx.tx.insert(legitimateRelationships).values({
    personId: person.id,
    teamId: actor.teamId,
    source: 'creator',
    startsAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + CREATOR_RELATIONSHIP_DAYS * 86_400_000),
    createdBy: actor.userId,
  })
  ctx.audit.record({
    action: 'people.created',
    outcome: 'succeeded',
    resourceType: 'person',
    resourceId: person.id,
    personId: person.id,
    ...(likely.length ? { details: { confirmedNotDuplicateOf: likely.map((c) => c.id) } } : {}),
  })
  // A second pair of eyes: the likely matches the user set aside go to the MASH's duplicate queue (ADR 0009).
  if (likely.length) await recordDuplicatePairs(ctx.tx, person.id, likely.map((c) => c.id), ctx.now, 'created-despite-match')
  return { kind: 'created', person }
}

export type PersonView = { person: Person; access: PersonAccess; purpose: string; entries: PersonEntries }

/** Open a person's record (with their names, identifiers, addresses, contact details and relationships): authorised, and the read itself is an audit event. */
export async function viewPerson(ctx: Ctx, id: string): Promise<PersonView> {
  await redirectIfMerged(ctx, id)
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
  // A merged-away record is an empty shell kept for unmerge: it is not edited (ADR 0009).
  if (!current || current.mergedIntoId) throw new NotFoundError()
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
  await refreshSearchKeys(ctx.tx, [id])
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

export type SearchTerms = {
  givenName?: string | undefined
  familyName?: string | undefined
  dateOfBirth?: string | undefined
  postcode?: string | undefined
  nhsNumber?: string | undefined
}

export type SearchResult =
  | {
      kind: 'card'
      id: string
      score: number
      reasons: SearchReason[]
      givenName: string
      middleNames: string | null
      familyName: string
      dateOfBirth: string | null
      gender: 'F' | 'M' | 'U'
      postcodeDistrict: string | null
      agencyTypes: string[]
    }
  | { kind: 'restricted'; id: string; score: number; reasons: SearchReason[] }

/** Results shown for one search (CONTRACTS.md §5 ranks them; the page and API show the same). */
export const SEARCH_LIMIT = 20

const round4 = (n: number) => Math.round(n * 10_000) / 10_000

/** Candidates → search cards and restricted stubs (sealed ones never got this far: see search.ts). */
async function presentCandidates(ctx: Ctx, candidates: Candidate[]): Promise<SearchResult[]> {
  const agencies = await agencyTypesOf(ctx.tx, candidates.filter((c) => c.state !== 'restricted').map((c) => c.id))
  return candidates.map((c) => {
    const score = round4(c.match.probability)
    const reasons = apiReasons(c.match.reasons)
    if (c.state === 'restricted') return { kind: 'restricted', id: c.id, score, reasons }
    return {
      kind: 'card',
      id: c.id,
      score,
      reasons,
      givenName: c.givenName,
      middleNames: c.middleNames,
      familyName: c.familyName,
      dateOfBirth: c.dateOfBirth,
      gender: c.gender,
      postcodeDistrict: postcodeDistrict(c.postcode),
      agencyTypes: agencies.get(c.id) ?? [],
    }
  })
}

/**
 * "Is this child known?": candidates by blocking keys, scored by the linkage engine (the same comparisons and
 * weights as \`lantern link\`), ranked best first. Every search is audited with its terms.
 */
export async function searchPeople(ctx: Ctx, terms: SearchTerms): Promise<SearchResult[]> {
  const actor = userOf(ctx)
  authorize(ctx, 'people.search', PERSON_INDEX)
  const candidates = await findMatches(ctx.tx, actor.userId, terms, { limit: SEARCH_LIMIT, minProbability: MIN_PROBABILITY })
  ctx.audit.record({ action: 'people.searched', outcome: 'allowed', resourceType: 'person-index', details: { terms, results: candidates.length } })
  return presentCandidates(ctx, candidates)
}

/** Creating a person: existing records that are likely the same person. The look-up is a search, so audited. */
async function likelyDuplicates(ctx: Ctx, input: CreatePersonInput): Promise<SearchResult[]> {
  const actor = userOf(ctx)
  const terms: MatchTerms = {
    givenName: input.givenName,
    middleNames: input.middleNames,
    familyName: input.familyName,
    dateOfBirth: input.dateOfBirth,
    gender: input.gender,
    postcode: input.postcode,
    nhsNumber: input.nhsNumber,
  }
  const candidates = await findMatches(ctx.tx, actor.userId, terms, { limit: 10, minProbability: DUPLICATE_PROBABILITY })
  const { middleNames: _m, gender: _g, ...audited } = terms
  ctx.audit.record({
    action: 'people.searched',
    outcome: 'allowed',
    resourceType: 'person-index',
    details: { terms: Object.fromEntries(Object.entries(audited).filter(([, v]) => v !== undefined)), results: candidates.length, for: 'create' },
  })
  return presentCandidates(ctx, candidates)
}

/** The change-details form: only for those who may edit; showing the current values is a read, so audited. */
export async function viewPersonForEdit(ctx: Ctx, id: string): Promise<Person> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), id, ctx.now)
  const purpose = authorize(ctx, 'people.edit', access)
  const person = await findPerson(ctx.tx, id)
  if (!person || person.mergedIntoId) throw new NotFoundError()
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

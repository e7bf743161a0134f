import { and, eq, isNull, ne } from 'drizzle-orm'
import { decide, authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess } from '../../platform/access/person-access.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import type { AddressEntryInput, ContactEntryInput, IdentifierEntryInput, NameEntryInput, RelationshipEntryInput, RelationshipView } from './entry-schemas.ts'
import { findOpenRelationship, listIndexEntries, listOpenablePeople, type IndexEntries, type RelationshipRow } from './entry-queries.ts'
import { londonDate, storedRelationship } from './index-rules.ts'
import { refreshSearchKeys } from './search.ts'
import { people, personAddresses, personContacts, personIdentifiers, personNames, personRelationships } from './schema.ts'

/**
 * Adding to and ending entries of the person index. Each change is authorised as "changing core details"
 * (people.edit), written with its source agency and recorder, and audited by kind and id — never by value, so the
 * audit log does not become a second copy of the record.
 */

export type EntryKind = 'name' | 'identifier' | 'address' | 'contact-detail' | 'relationship'

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('people services act for a signed-in user')
  return ctx.actor
}

async function authorizeEdit(ctx: Ctx, personId: string): Promise<{ actor: UserActor; purpose: string }> {
  const actor = userOf(ctx)
  const access = await loadPersonAccess(ctx.tx, actor, personId, ctx.now)
  return { actor, purpose: authorize(ctx, 'people.edit', access) }
}

/** For the "add" forms: the same check as the POST, so the form is refused exactly when saving would be. */
export async function assertCanAddEntry(ctx: Ctx, personId: string): Promise<void> {
  await authorizeEdit(ctx, personId)
}

const provenance = (ctx: Ctx, actor: UserActor) => ({ sourceAgencyId: actor.agencyId, recordedAt: ctx.now, recordedBy: actor.userId })

function audited(ctx: Ctx, purpose: string, personId: string, kind: EntryKind, verb: 'added' | 'ended', entryId: string, details: Record<string, unknown> = {}): void {
  ctx.audit.record({ action: `people.${kind}-${verb}`, outcome: 'succeeded', resourceType: `person-${kind}`, resourceId: entryId, personId, purpose, details })
}

export async function addName(ctx: Ctx, personId: string, input: NameEntryInput) {
  const { actor, purpose } = await authorizeEdit(ctx, personId)
  const [row] = await ctx.tx
    .insert(personNames)
    .values({ personId, kind: input.kind, givenName: input.givenName ?? null, middleNames: input.middleNames ?? null, familyName: input.familyName ?? null, startsOn: input.from ?? null, endsOn: input.to ?? null, ...provenance(ctx, actor) })
    .returning()
  if (!row) throw new Error('insert returned no name')
  await refreshSearchKeys(ctx.tx, [personId])
  audited(ctx, purpose, personId, 'name', 'added', row.id, { kind: row.kind })
  return { ...row, sourceAgency: actor.agencyName }
}

export async function addIdentifier(ctx: Ctx, personId: string, input: IdentifierEntryInput) {
  const { actor, purpose } = await authorizeEdit(ctx, personId)
  const [existing] = await ctx.tx
    .select({ id: personIdentifiers.id })
    .from(personIdentifiers)
    .where(and(eq(personIdentifiers.personId, personId), eq(personIdentifiers.type, input.type), eq(personIdentifiers.value, input.value)))
  if (existing) throw new ValidationError([{ field: 'value', message: 'This identifier is already on the record' }])
  const [row] = await ctx.tx
    .insert(personIdentifiers)
    .values({ personId, type: input.type, value: input.value, issuer: input.issuer ?? null, ...provenance(ctx, actor) })
    .returning()
  if (!row) throw new Error('insert returned no identifier')
  await refreshSearchKeys(ctx.tx, [personId])
  audited(ctx, purpose, personId, 'identifier', 'added', row.id, { type: row.type })
  return { ...row, sourceAgency: actor.agencyName }
}

/**
 * A new address with no end date is where the person lives now: it becomes the main address (mirrored on
 * people, whose version moves on so a change-details form opened earlier cannot put the old address back) and
 * the other open addresses end the day before it starts (or today).
 */
export async function addAddress(ctx: Ctx, personId: string, input: AddressEntryInput) {
  const { actor, purpose } = await authorizeEdit(ctx, personId)
  const today = londonDate(ctx.now)
  if (input.from && input.from > today) throw new ValidationError([{ field: 'from', message: 'Date they moved in must be today or in the past' }])
  const fields = { addressLine1: input.addressLine1, addressLine2: input.addressLine2 ?? null, town: input.town ?? null, postcode: input.postcode ?? null }
  if (!input.to) await closeOpenAddresses(ctx, personId, input.from ? dayBefore(input.from) : today)
  const [row] = await ctx.tx
    .insert(personAddresses)
    .values({ personId, ...fields, startsOn: input.from ?? null, endsOn: input.to ?? null, ...provenance(ctx, actor) })
    .returning()
  if (!row) throw new Error('insert returned no address')
  if (!input.to) await mirrorMainAddress(ctx, personId, fields)
  await refreshSearchKeys(ctx.tx, [personId])
  audited(ctx, purpose, personId, 'address', 'added', row.id, { current: !input.to })
  return { ...row, sourceAgency: actor.agencyName }
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
}

/** End every open address on `endsOn` (never before the day it started: the table refuses that). */
export async function closeOpenAddresses(ctx: Ctx, personId: string, endsOn: string): Promise<void> {
  const open = await ctx.tx.select().from(personAddresses).where(and(eq(personAddresses.personId, personId), isNull(personAddresses.endsOn)))
  for (const a of open) {
    const end = a.startsOn && a.startsOn > endsOn ? a.startsOn : endsOn
    await ctx.tx.update(personAddresses).set({ endsOn: end }).where(eq(personAddresses.id, a.id))
  }
}

type AddressFields = { addressLine1: string | null; addressLine2: string | null; town: string | null; postcode: string | null }
const NO_ADDRESS: AddressFields = { addressLine1: null, addressLine2: null, town: null, postcode: null }

async function mirrorMainAddress(ctx: Ctx, personId: string, fields: AddressFields): Promise<void> {
  const [current] = await ctx.tx.select({ version: people.version }).from(people).where(eq(people.id, personId)).for('update')
  if (!current) throw new NotFoundError()
  await ctx.tx.update(people).set({ ...fields, updatedAt: ctx.now, version: current.version + 1 }).where(eq(people.id, personId))
}

export async function addContact(ctx: Ctx, personId: string, input: ContactEntryInput) {
  const { actor, purpose } = await authorizeEdit(ctx, personId)
  const [row] = await ctx.tx
    .insert(personContacts)
    .values({ personId, type: input.type, value: input.value, platform: input.platform, ...provenance(ctx, actor) })
    .returning()
  if (!row) throw new Error('insert returned no contact detail')
  audited(ctx, purpose, personId, 'contact-detail', 'added', row.id, { type: row.type })
  return { ...row, sourceAgency: actor.agencyName }
}

/**
 * Link two people. The other person must be someone the actor may open: a relationship is never a way to reach,
 * or learn about, a record one cannot see. A refusal is audited as a denied view and answered like a bad choice.
 */
export async function addRelationship(ctx: Ctx, personId: string, input: RelationshipEntryInput) {
  const { actor, purpose } = await authorizeEdit(ctx, personId)
  const badChoice = () => new ValidationError([{ field: 'relatedPersonId', message: 'Select a person whose record you can open' }])
  if (input.relatedPersonId.toLowerCase() === personId.toLowerCase()) throw new ValidationError([{ field: 'relatedPersonId', message: 'Select someone other than this person' }])
  const otherAccess = await loadPersonAccess(ctx.tx, actor, input.relatedPersonId, ctx.now)
  const decision = decide(actor, 'people.view', otherAccess)
  if (!decision.allowed) {
    ctx.audit.record({ action: 'people.view', outcome: 'denied', resourceType: 'person', resourceId: input.relatedPersonId, ...(otherAccess.exists ? { personId: input.relatedPersonId } : {}), details: { reason: decision.reason, for: 'relationship' } })
    throw badChoice()
  }
  const stored = storedRelationship(personId, input.relatedPersonId, input.type)
  if (await findOpenRelationship(ctx.tx, stored.personId, stored.relatedPersonId, stored.type)) {
    throw new ValidationError([{ field: 'type', message: 'This relationship is already recorded' }])
  }
  const [row] = await ctx.tx
    .insert(personRelationships)
    .values({ ...stored, startsOn: input.from ?? null, endsOn: input.to ?? null, ...provenance(ctx, actor) })
    .returning()
  if (!row) throw new Error('insert returned no relationship')
  audited(ctx, purpose, personId, 'relationship', 'added', row.id, { type: row.type, relatedPersonId: input.relatedPersonId })
  audited(ctx, decision.purpose, input.relatedPersonId, 'relationship', 'added', row.id, { type: row.type, relatedPersonId: personId })
  return { row, view: input.type as RelationshipView }
}

const ENDABLE = { name: personNames, address: personAddresses, 'contact-detail': personContacts, relationship: personRelationships } as const
export type EndableKind = keyof typeof ENDABLE

/**
 * Mark an entry as no longer so, from today: an alias no longer used, an address moved out of, a phone number no
 * longer in use, a relationship that has ended. Nothing is deleted. The current name is changed with "Change
 * details", not ended; ending the main address clears it from people.
 */
export async function endEntry(ctx: Ctx, personId: string, kind: EndableKind, entryId: string): Promise<{ id: string; endsOn: string }> {
  const { purpose } = await authorizeEdit(ctx, personId)
  if (!/^[0-9a-f-]{36}$/i.test(entryId)) throw new NotFoundError()
  const today = londonDate(ctx.now)
  const entry = await findEntry(ctx, kind, personId, entryId)
  if (!entry) throw new NotFoundError()
  if (kind === 'name' && entry.kind === 'current') throw new ValidationError([{ field: 'form', message: 'Change the current name with ‘Change details’' }])
  if (entry.endsOn && entry.endsOn <= today) throw new ValidationError([{ field: 'form', message: 'This has already ended' }])
  const endsOn = entry.startsOn && entry.startsOn > today ? entry.startsOn : today
  const table = ENDABLE[kind]
  await ctx.tx.update(table).set({ endsOn }).where(eq(table.id, entryId))
  if (kind === 'address') {
    const [still] = await ctx.tx.select().from(personAddresses).where(and(eq(personAddresses.personId, personId), isNull(personAddresses.endsOn), ne(personAddresses.id, entryId))).limit(1)
    await mirrorMainAddress(ctx, personId, still ? { addressLine1: still.addressLine1, addressLine2: still.addressLine2, town: still.town, postcode: still.postcode } : NO_ADDRESS)
  }
  audited(ctx, purpose, personId, kind, 'ended', entryId)
  return { id: entryId, endsOn }
}

async function findEntry(ctx: Ctx, kind: EndableKind, personId: string, entryId: string): Promise<{ startsOn: string | null; endsOn: string | null; kind?: string } | undefined> {
  if (kind === 'relationship') {
    const [row] = await ctx.tx.select().from(personRelationships).where(eq(personRelationships.id, entryId))
    // Either end of a relationship may end it.
    return row && (row.personId === personId || row.relatedPersonId === personId) ? row : undefined
  }
  const table = ENDABLE[kind]
  const [row] = await ctx.tx.select().from(table).where(and(eq(table.id, entryId), eq(table.personId, personId)))
  return row
}

/**
 * How much of a related person the viewer of this record may see: `open` (name and a link), `name` (an ordinary
 * record they cannot open: the name as recorded here, no link), `restricted` ("a restricted record", no name) —
 * and a sealed record they cannot open is left out altogether, so it is never shown to exist.
 */
export type RelatedVisibility = 'open' | 'name' | 'restricted'
export type VisibleRelationship = RelationshipRow & { visibility: RelatedVisibility }
export type PersonEntries = Omit<IndexEntries, 'relationships'> & { relationships: VisibleRelationship[] }

/** Entries for the record page and the API (the caller has already authorised viewing the person). */
export async function loadIndexEntries(ctx: Ctx, personId: string): Promise<PersonEntries> {
  const actor = userOf(ctx)
  const entries = await listIndexEntries(ctx.tx, personId)
  const seen = new Map<string, RelatedVisibility | 'hidden'>()
  for (const r of entries.relationships) {
    if (seen.has(r.other.id)) continue
    const access = await loadPersonAccess(ctx.tx, actor, r.other.id, ctx.now)
    const allowed = decide(actor, 'people.view', access).allowed
    seen.set(r.other.id, allowed ? 'open' : r.other.state === 'sealed' ? 'hidden' : r.other.state === 'restricted' ? 'restricted' : 'name')
  }
  const relationships = entries.relationships.flatMap((r) => {
    const visibility = seen.get(r.other.id)
    return visibility && visibility !== 'hidden' ? [{ ...r, visibility }] : []
  })
  return { ...entries, relationships }
}

/** The people the actor may link this person to (the relationship form's choices). */
export async function relationshipChoices(ctx: Ctx, personId: string) {
  const actor = userOf(ctx)
  return listOpenablePeople(ctx.tx, actor, ctx.now, personId)
}

import { and, eq, isNull } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess } from '../../platform/access/person-access.ts'
import { hasRole } from '../../platform/access/roles.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { createPerson, findPerson } from '../people/index.ts'
import { CONCERN_LABELS, OUTCOME_LABELS, RAG_LABELS } from './labels.ts'
import { CONTACTS, MASH_ROLES, type ContactAccess } from './policy.ts'
import { allocatableUsers, getContact, listContacts, listEvents, loadContactAccess, previousContactAt, userNames, type Contact, type ContactEvent, type ContactListRow, type ListFilter } from './queries.ts'
import { repointOpenResearch, withdrawOpenResearch } from './research.ts'
import { contactReference, decisionDueBy, isOpen, isRepeatContact, nextStatus } from './rules.ts'
import { contactEvents, contacts, type Channel, type ConcernType, type ContactEventType, type ContactStatus, type DecisionOutcome, type LawfulBasis, type Rag, type ReferralSource, type SpecialCategoryCondition } from './schema.ts'
import { loadContactSettings } from './settings.ts'

export type ReportedChild = {
  givenName: string
  familyName: string
  dateOfBirth?: string | null | undefined
  gender: 'F' | 'M' | 'U'
  address?: string | undefined
  postcode?: string | undefined
}

/** A concern as reported: about a known record the reporter may open (`personId`), or a child as described. */
export type ReportInput = {
  channel: Channel
  personId?: string | undefined
  child?: ReportedChild | undefined
  household?: string | undefined
  concernTypes: ConcernType[]
  concernOther?: string | undefined
  referralSource: ReferralSource
  receivedAt?: Date | undefined
  narrative: string
  childsWords?: string | undefined
  immediateRisk?: boolean | undefined
  lawfulBasis: LawfulBasis
  specialCategoryCondition?: SpecialCategoryCondition | undefined
  familyInformed?: boolean | undefined
  familyNotInformedReason?: string | undefined
  /** The phone line: who called (the referrer is not a Lantern user). */
  caller?: { name: string; agency?: string | undefined; contact?: string | undefined } | undefined
}

export type DecisionInput = { outcome: DecisionOutcome; rationale: string }

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('contacts services act for a signed-in user')
  return ctx.actor
}

const byName = (actor: UserActor) => `${actor.displayName}, ${actor.agencyName}`
const isMash = (actor: UserActor) => hasRole(MASH_ROLES, actor.roleProfile)

async function addEvent(ctx: Ctx, contactId: string, type: ContactEventType, summary: string, details?: Record<string, unknown>): Promise<void> {
  const actor = userOf(ctx)
  await ctx.tx.insert(contactEvents).values({ contactId, type, at: ctx.now, byUserId: actor.userId, byName: byName(actor), summary, ...(details ? { details } : {}) })
}

/** The same answer for an unknown id and a record the caller may not open: no oracle (ADR 0011). */
const NO_SUCH_CHILD = 'Select a child from your records, or describe the child'

async function childFromRecord(ctx: Ctx, personId: string): Promise<ReportedChild> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), personId, ctx.now)
  try {
    authorize(ctx, 'contacts.report-about', access)
  } catch (error) {
    if (error instanceof NotFoundError) throw new ValidationError([{ field: 'personId', message: NO_SUCH_CHILD }])
    throw error
  }
  const person = await findPerson(ctx.tx, personId)
  if (!person) throw new ValidationError([{ field: 'personId', message: NO_SUCH_CHILD }])
  return { givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth, gender: person.gender, postcode: person.postcode ?? undefined }
}

/**
 * Report a concern (a partner practitioner online or through the API, or MASH staff entering a phone call). The
 * contact keeps the child as reported; reporting about a known record needs the right to open it. One
 * transaction: a refusal anywhere saves nothing.
 */
export async function reportConcern(ctx: Ctx, input: ReportInput): Promise<Contact> {
  const actor = userOf(ctx)
  authorize(ctx, 'contacts.report', CONTACTS)
  // The MASH phone line is entered by MASH staff only.
  if (input.channel === 'phone') authorize(ctx, 'contacts.queue', CONTACTS)
  const receivedAt = input.receivedAt ?? ctx.now
  if (receivedAt.getTime() > ctx.now.getTime()) throw new ValidationError([{ field: 'receivedAt', message: 'The time the concern was received must be now or in the past' }])
  const child = input.personId ? await childFromRecord(ctx, input.personId) : input.child
  if (!child) throw new ValidationError([{ field: 'child', message: NO_SUCH_CHILD }])
  if (child.dateOfBirth && child.dateOfBirth > ctx.now.toISOString().slice(0, 10)) {
    throw new ValidationError([{ field: 'child.dateOfBirth', message: "The child's date of birth must be in the past" }])
  }
  const caller = input.channel === 'phone' ? input.caller : undefined
  const [contact] = await ctx.tx
    .insert(contacts)
    .values({
      channel: input.channel,
      childGivenName: child.givenName,
      childFamilyName: child.familyName,
      childDateOfBirth: child.dateOfBirth ?? null,
      childGender: child.gender,
      childAddress: child.address ?? null,
      childPostcode: child.postcode ?? null,
      household: input.household ?? null,
      personId: input.personId ?? null,
      concernTypes: input.concernTypes,
      concernOther: input.concernOther ?? null,
      referralSource: input.referralSource,
      referrerUserId: caller ? null : actor.userId,
      referrerAgencyId: caller ? null : actor.agencyId,
      referrerName: caller ? caller.name : actor.displayName,
      referrerAgencyName: caller ? (caller.agency ?? null) : actor.agencyName,
      referrerContact: caller ? (caller.contact ?? null) : actor.email,
      receivedAt,
      narrative: input.narrative,
      childsWords: input.childsWords ?? null,
      immediateRisk: input.immediateRisk ?? false,
      lawfulBasis: input.lawfulBasis,
      specialCategoryCondition: input.specialCategoryCondition ?? null,
      familyInformed: input.familyInformed ?? null,
      familyNotInformedReason: input.familyNotInformedReason ?? null,
      createdAt: ctx.now,
      createdBy: actor.userId,
      createdByTeamId: actor.teamId,
      updatedAt: ctx.now,
    })
    .returning()
  if (!contact) throw new Error('insert returned no contact')
  const concerns = input.concernTypes.map((c) => CONCERN_LABELS[c].toLowerCase()).join(', ')
  await addEvent(ctx, contact.id, 'received', caller ? `Phone call from ${caller.name} taken: ${concerns}` : `Concern reported: ${concerns}`, { channel: input.channel })
  if (contact.personId) await addEvent(ctx, contact.id, 'linked', 'Reported about a record the referrer holds', { personId: contact.personId })
  ctx.audit.record({
    action: 'contacts.created',
    outcome: 'succeeded',
    resourceType: 'contact',
    resourceId: contact.id,
    ...(contact.personId ? { personId: contact.personId } : {}),
    details: { channel: input.channel, concernTypes: input.concernTypes, referralSource: input.referralSource, reference: contactReference(contact.number) },
  })
  return contact
}

export type ContactView =
  | { view: 'referrer'; contact: Contact }
  | {
      view: 'mash'
      contact: Contact
      events: ContactEvent[]
      repeat: { previousReceivedAt: Date } | null
      names: Map<string, string>
      allocatable: Array<{ id: string; name: string }>
      purpose: string
    }

async function authorised(ctx: Ctx, action: 'contacts.view' | 'contacts.triage' | 'contacts.allocate' | 'contacts.recommend' | 'contacts.decide', id: string): Promise<{ access: ContactAccess; purpose: string }> {
  const access = await loadContactAccess(ctx.tx, id)
  return { access, purpose: authorize(ctx, action, access) }
}

/** Read a contact: the MASH sees all of it and its chronology; the referrer what they reported and the outcome. */
export async function viewContact(ctx: Ctx, id: string): Promise<ContactView> {
  const actor = userOf(ctx)
  const { purpose } = await authorised(ctx, 'contacts.view', id)
  const contact = await getContact(ctx.tx, id)
  const mash = isMash(actor)
  ctx.audit.record({
    action: 'contacts.viewed',
    outcome: 'allowed',
    resourceType: 'contact',
    resourceId: id,
    purpose,
    ...(mash && contact.personId ? { personId: contact.personId } : {}),
    details: { view: mash ? 'mash' : 'referrer' },
  })
  if (!mash) return { view: 'referrer', contact }
  const settings = await loadContactSettings(ctx.tx)
  const previous = await previousContactAt(ctx.tx, id)
  const repeat = previous && isRepeatContact(contact.receivedAt, [previous], settings.repeatContactWindowDays) ? { previousReceivedAt: previous } : null
  const events = await listEvents(ctx.tx, id)
  const names = await userNames(ctx.tx, [contact.allocatedTo, contact.decidedBy, contact.recommendedBy])
  const allocatable = actor.roleProfile === 'mash-manager' ? await allocatableUsers(ctx.tx, actor.teamId) : []
  return { view: 'mash', contact, events, repeat, names, allocatable, purpose }
}

export type ListedContact = ContactListRow & { repeat: boolean }
export type ContactPage = { items: ListedContact[]; nextCursor: string | null; scope: 'mash' | 'own' }

async function listed(ctx: Ctx, filter: ListFilter, scope: 'mash' | 'own', details: Record<string, unknown>): Promise<ContactPage> {
  const settings = await loadContactSettings(ctx.tx)
  const rows = await listContacts(ctx.tx, { ...filter, limit: filter.limit + 1, now: ctx.now })
  const page = rows.slice(0, filter.limit)
  const last = page.at(-1)
  const nextCursor = rows.length > filter.limit && last ? encodeCursor(last) : null
  ctx.audit.record({ action: 'contacts.listed', outcome: 'allowed', resourceType: 'contacts', details: { ...details, scope, results: page.length } })
  const items = page.map((c) => ({ ...c, repeat: c.previousReceivedAt !== null && isRepeatContact(c.receivedAt, [c.previousReceivedAt], settings.repeatContactWindowDays) }))
  return { items, nextCursor, scope }
}

/** The API's list: the MASH sees the queue, every other reporting role its own contacts. */
export async function listContactsFor(ctx: Ctx, query: { statuses?: readonly ContactStatus[]; limit: number; cursor?: string | undefined }): Promise<ContactPage> {
  const actor = userOf(ctx)
  authorize(ctx, 'contacts.list', CONTACTS)
  const before = query.cursor ? decodeCursor(query.cursor) : undefined
  const scope = isMash(actor) ? 'mash' : 'own'
  return listed(ctx, { ...(query.statuses ? { statuses: query.statuses } : {}), ...(before ? { before } : {}), ...(scope === 'own' ? { referrerUserId: actor.userId } : {}), limit: query.limit }, scope, { statuses: query.statuses ?? null })
}

export type QueueFilter = { statuses?: readonly ContactStatus[]; rag?: Rag | 'none'; overdue?: boolean; mine?: boolean }

/** The MASH triage queue (the page), filtered in SQL. */
export async function listQueue(ctx: Ctx, filter: QueueFilter, limit = 200): Promise<ContactPage> {
  const actor = userOf(ctx)
  authorize(ctx, 'contacts.queue', CONTACTS)
  return listed(
    ctx,
    {
      ...(filter.statuses ? { statuses: filter.statuses } : {}),
      ...(filter.rag ? { rag: filter.rag } : {}),
      ...(filter.overdue ? { overdueAt: ctx.now } : {}),
      ...(filter.mine ? { allocatedTo: actor.userId } : {}),
      limit,
    },
    'mash',
    { filter },
  )
}

/** "My contacts": what the signed-in practitioner reported, whatever their role. */
export async function listMyContacts(ctx: Ctx, limit = 200): Promise<ContactPage> {
  const actor = userOf(ctx)
  authorize(ctx, 'contacts.list', CONTACTS)
  return listed(ctx, { referrerUserId: actor.userId, limit }, 'own', { for: 'my-contacts' })
}

function encodeCursor(c: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([c.createdAt.toISOString(), c.id])).toString('base64url')
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string]
    const createdAt = new Date(at)
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('bad cursor')
    return { createdAt, id }
  } catch {
    throw new ValidationError([{ field: 'cursor', message: 'The cursor is not one this list gave out' }])
  }
}

function assertOpen(contact: Contact, what: string): void {
  if (!isOpen(contact.status)) throw new ConflictError(`This contact has been decided: ${what}`)
}

/**
 * The MASH team's `mash-contact` relationship to the linked child (CONTRACTS.md §2): created by the first MASH step
 * on a linked contact, held by the acting MASH member's team while the contact is open.
 */
async function ensureMashRelationship(ctx: Ctx, contact: Pick<Contact, 'id' | 'personId'>): Promise<void> {
  const actor = userOf(ctx)
  if (!contact.personId) return
  const [held] = await ctx.tx
    .select({ id: legitimateRelationships.id })
    .from(legitimateRelationships)
    .where(and(eq(legitimateRelationships.sourceRef, contact.id), eq(legitimateRelationships.source, 'mash-contact'), eq(legitimateRelationships.teamId, actor.teamId), eq(legitimateRelationships.personId, contact.personId), isNull(legitimateRelationships.endedAt)))
  if (held) return
  await ctx.tx.insert(legitimateRelationships).values({ personId: contact.personId, teamId: actor.teamId, source: 'mash-contact', sourceRef: contact.id, startsAt: ctx.now, createdBy: actor.userId })
}

/** The contact is decided (or relinked): the MASH's relationships through it end now. */
async function endMashRelationships(ctx: Ctx, contactId: string): Promise<void> {
  await ctx.tx
    .update(legitimateRelationships)
    .set({ endedAt: ctx.now })
    .where(and(eq(legitimateRelationships.sourceRef, contactId), eq(legitimateRelationships.source, 'mash-contact'), isNull(legitimateRelationships.endedAt)))
}

async function update(ctx: Ctx, contact: Contact, changes: Partial<typeof contacts.$inferInsert>): Promise<Contact> {
  const [updated] = await ctx.tx
    .update(contacts)
    .set({ ...changes, updatedAt: ctx.now, version: contact.version + 1 })
    .where(eq(contacts.id, contact.id))
    .returning()
  if (!updated) throw new Error('contact vanished inside its transaction')
  return updated
}

function audited(ctx: Ctx, action: string, contact: Contact, purpose: string, details: Record<string, unknown>): void {
  ctx.audit.record({ action, outcome: 'succeeded', resourceType: 'contact', resourceId: contact.id, purpose, ...(contact.personId ? { personId: contact.personId } : {}), details })
}

/** RAG rating: fixes the decision time (receipt + the RAG's configured timescale). */
export async function rateContact(ctx: Ctx, id: string, rag: Rag): Promise<Contact> {
  const { purpose } = await authorised(ctx, 'contacts.triage', id)
  const contact = await getContact(ctx.tx, id, true)
  assertOpen(contact, 'its RAG rating can no longer change')
  const settings = await loadContactSettings(ctx.tx)
  const due = decisionDueBy(contact.receivedAt, rag, settings.ragTimescaleHours)
  const updated = await update(ctx, contact, { rag, decisionDueBy: due, status: nextStatus(contact.status, 'triage') ?? contact.status })
  await ensureMashRelationship(ctx, updated)
  await addEvent(ctx, id, 'rag-set', `RAG rating ${RAG_LABELS[rag].toLowerCase()}${contact.rag ? ` (was ${contact.rag})` : ''}: decision due within ${settings.ragTimescaleHours[rag]} hours of receipt`, { rag, decisionDueBy: due.toISOString() })
  audited(ctx, 'contacts.rated', updated, purpose, { rag, previous: contact.rag, decisionDueBy: due.toISOString() })
  return updated
}

/** Allocation to a MASH worker of the manager's team. */
export async function allocateContact(ctx: Ctx, id: string, userId: string): Promise<Contact> {
  const actor = userOf(ctx)
  const { purpose } = await authorised(ctx, 'contacts.allocate', id)
  const contact = await getContact(ctx.tx, id, true)
  assertOpen(contact, 'it can no longer be allocated')
  const worker = (await allocatableUsers(ctx.tx, actor.teamId)).find((u) => u.id === userId)
  if (!worker) throw new ValidationError([{ field: 'allocatedTo', message: 'Select someone in the MASH to allocate the contact to' }])
  const updated = await update(ctx, contact, { allocatedTo: userId, allocatedAt: ctx.now, status: nextStatus(contact.status, 'triage') ?? contact.status })
  await ensureMashRelationship(ctx, updated)
  await addEvent(ctx, id, 'allocated', `Allocated to ${worker.name}`, { allocatedTo: userId })
  audited(ctx, 'contacts.allocated', updated, purpose, { allocatedTo: userId })
  return updated
}

/** Link the contact to a person index record (found by search before create). */
export async function linkContact(ctx: Ctx, id: string, personId: string): Promise<Contact> {
  const { purpose } = await authorised(ctx, 'contacts.triage', id)
  const contact = await getContact(ctx.tx, id, true)
  assertOpen(contact, 'it can no longer be linked')
  const person = await loadPersonAccess(ctx.tx, userOf(ctx), personId, ctx.now)
  try {
    authorize(ctx, 'contacts.link', person)
  } catch (error) {
    if (error instanceof NotFoundError) throw new ValidationError([{ field: 'personId', message: 'Select a record from the search results' }])
    throw error
  }
  if (contact.personId && contact.personId !== personId) {
    await endMashRelationships(ctx, id)
    await addEvent(ctx, id, 'unlinked', 'Link to the previous record removed', { personId: contact.personId })
  }
  const updated = contact.personId === personId ? contact : await update(ctx, contact, { personId, status: nextStatus(contact.status, 'triage') ?? contact.status })
  await ensureMashRelationship(ctx, updated)
  if (contact.personId && contact.personId !== personId) await repointOpenResearch(ctx, id, personId)
  if (contact.personId !== personId) await addEvent(ctx, id, 'linked', 'Linked to a person index record', { personId })
  audited(ctx, 'contacts.linked', updated, purpose, { personId, previous: contact.personId })
  return updated
}

/** None of the search results is the child: create a record from the child as reported, and link it. */
export async function linkContactToNewPerson(ctx: Ctx, id: string): Promise<Contact> {
  await authorised(ctx, 'contacts.triage', id)
  const contact = await getContact(ctx.tx, id)
  assertOpen(contact, 'it can no longer be linked')
  const outcome = await createPerson(
    ctx,
    {
      kind: 'child',
      givenName: contact.childGivenName,
      familyName: contact.childFamilyName,
      ...(contact.childDateOfBirth ? { dateOfBirth: contact.childDateOfBirth } : {}),
      dobPrecision: contact.childDateOfBirth ? 'exact' : 'estimated',
      gender: contact.childGender,
      ...(contact.childPostcode ? { postcode: contact.childPostcode } : {}),
    },
    { confirmNotDuplicate: true },
  )
  if (outcome.kind !== 'created') throw new Error('createPerson with confirmNotDuplicate always creates')
  return linkContact(ctx, id, outcome.person.id)
}

/** A MASH practitioner's recommendation: the contact then awaits the manager's decision. */
export async function recommendDecision(ctx: Ctx, id: string, input: DecisionInput): Promise<Contact> {
  const { purpose } = await authorised(ctx, 'contacts.recommend', id)
  const contact = await getContact(ctx.tx, id, true)
  assertOpen(contact, 'a recommendation is no longer needed')
  const rationale = requireRationale(input.rationale)
  const actor = userOf(ctx)
  const updated = await update(ctx, contact, { recommendedOutcome: input.outcome, recommendationRationale: rationale, recommendedBy: actor.userId, recommendedAt: ctx.now, status: nextStatus(contact.status, 'recommend') ?? contact.status })
  await ensureMashRelationship(ctx, updated)
  await addEvent(ctx, id, 'recommended', `Recommended: ${OUTCOME_LABELS[input.outcome].toLowerCase()}`, { outcome: input.outcome })
  audited(ctx, 'contacts.recommended', updated, purpose, { outcome: input.outcome })
  return updated
}

function requireRationale(rationale: string): string {
  const trimmed = rationale.trim()
  if (!trimmed) throw new ValidationError([{ field: 'rationale', message: 'Enter the rationale for the decision' }])
  return trimmed
}

/**
 * The MASH manager's decision, signed off by them, from any open status (CONTRACTS.md §6). The MASH's
 * relationship to the child through this contact ends with it.
 */
export async function decideContact(ctx: Ctx, id: string, input: DecisionInput): Promise<Contact> {
  const { purpose } = await authorised(ctx, 'contacts.decide', id)
  const contact = await getContact(ctx.tx, id, true)
  assertOpen(contact, 'it cannot be decided again')
  const rationale = requireRationale(input.rationale)
  const actor = userOf(ctx)
  const updated = await update(ctx, contact, {
    outcome: input.outcome,
    rationale,
    decidedBy: actor.userId,
    decidedAt: ctx.now,
    signedOffBy: actor.userId,
    signedOffAt: ctx.now,
    status: 'decided',
  })
  await endMashRelationships(ctx, id)
  await withdrawOpenResearch(ctx, id)
  await addEvent(ctx, id, 'decided', `Decided and signed off: ${OUTCOME_LABELS[input.outcome].toLowerCase()}`, { outcome: input.outcome, from: contact.status })
  audited(ctx, 'contacts.decided', updated, purpose, { outcome: input.outcome, from: contact.status })
  return updated
}

/** For pages that show a form before anything is done: the same function-level checks, audited if denied. */
export function assertCanReport(ctx: Ctx, channel: Channel = 'online'): void {
  authorize(ctx, 'contacts.report', CONTACTS)
  if (channel === 'phone') authorize(ctx, 'contacts.queue', CONTACTS)
}

export async function assertCanAct(ctx: Ctx, id: string, action: 'contacts.triage' | 'contacts.decide' | 'contacts.recommend'): Promise<Contact> {
  await authorised(ctx, action, id)
  return getContact(ctx.tx, id)
}

import { and, eq, inArray, isNull } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { AGENCY_TYPE_LABELS, type AgencyType } from '../../platform/access/roles.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.ts'
import { LAWFUL_BASIS_LABELS } from './labels.ts'
import { CONTACTS } from './policy.ts'
import { getContact, loadContactAccess, type Contact } from './queries.ts'
import { getResearchRequest, loadResearchAccess, researchDesks, researchForContact, researchForDesk, type Desk, type DeskQueueRow, type ResearchRequest, type ResearchRow } from './research-queries.ts'
import { isOpen, researchDueBy } from './rules.ts'
import { contactEvents, contactResearchRequests, type ContactEventType, type LawfulBasis, type ResearchAnswer, type SpecialCategoryCondition } from './schema.ts'
import { loadContactSettings } from './settings.ts'

/**
 * Partner research requests (issue 4 point 3, ADR 0011): the MASH manager asks partner agencies' MASH desks what
 * they hold about a contact's child; each desk answers (information with its lawful basis, or "nothing held"). The
 * desk's team holds a `research-request` relationship to the linked child only while its request is open.
 */

export type AnswerInput = { answer: ResearchAnswer; information?: string | undefined; lawfulBasis?: LawfulBasis | undefined; specialCategoryCondition?: SpecialCategoryCondition | undefined }

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('research requests act for a signed-in user')
  return ctx.actor
}

async function addEvent(ctx: Ctx, contactId: string, type: ContactEventType, summary: string, details: Record<string, unknown>): Promise<void> {
  const actor = userOf(ctx)
  await ctx.tx.insert(contactEvents).values({ contactId, type, at: ctx.now, byUserId: actor.userId, byName: `${actor.displayName}, ${actor.agencyName}`, summary, details })
}

function audited(ctx: Ctx, action: string, request: Pick<ResearchRequest, 'id' | 'contactId'>, personId: string | null, purpose: string, details: Record<string, unknown>): void {
  ctx.audit.record({ action, outcome: 'succeeded', resourceType: 'research-request', resourceId: request.id, purpose, ...(personId ? { personId } : {}), details: { contactId: request.contactId, ...details } })
}

const agencyLabel = (type: string) => AGENCY_TYPE_LABELS[type as AgencyType] ?? type

/** The desk's relationships through these requests end now (answered, withdrawn, or the contact decided). */
async function endResearchRelationships(ctx: Ctx, requestIds: readonly string[]): Promise<void> {
  if (requestIds.length === 0) return
  await ctx.tx
    .update(legitimateRelationships)
    .set({ endedAt: ctx.now })
    .where(and(inArray(legitimateRelationships.sourceRef, [...requestIds]), eq(legitimateRelationships.source, 'research-request'), isNull(legitimateRelationships.endedAt)))
}

/** For the "ask partner agencies" page: the contact, every desk, and those already asked and not yet answering. */
export async function researchOptions(ctx: Ctx, contactId: string): Promise<{ contact: Contact; desks: Desk[]; openAgencyTypes: string[] }> {
  authorize(ctx, 'contacts.research.request', await loadContactAccess(ctx.tx, contactId))
  const contact = await getContact(ctx.tx, contactId)
  const open = (await researchForContact(ctx.tx, contactId)).filter((r) => r.status === 'open').map((r) => r.agencyType)
  return { contact, desks: await researchDesks(ctx.tx), openAgencyTypes: open }
}

/**
 * Ask one or more desks (by agency type). Only for an open contact linked to a person index record (the desk's
 * relationship is to that record), never twice to a desk that has not answered yet. All or nothing.
 */
export async function requestResearch(ctx: Ctx, contactId: string, input: { agencyTypes: readonly string[]; question: string }): Promise<ResearchRequest[]> {
  const actor = userOf(ctx)
  const purpose = authorize(ctx, 'contacts.research.request', await loadContactAccess(ctx.tx, contactId))
  const contact = await getContact(ctx.tx, contactId, true)
  if (!isOpen(contact.status)) throw new ConflictError('This contact has been decided: partner agencies can no longer be asked')
  if (!contact.personId) throw new ValidationError([{ field: 'agencyTypes', message: 'Link the contact to a person index record before asking partner agencies' }])
  const wanted = [...new Set(input.agencyTypes)]
  if (wanted.length === 0) throw new ValidationError([{ field: 'agencyTypes', message: 'Select the partner agencies to ask' }])
  const desks = await researchDesks(ctx.tx)
  const existing = await researchForContact(ctx.tx, contactId)
  const settings = await loadContactSettings(ctx.tx)
  const dueBy = researchDueBy(ctx.now, contact.rag, settings.researchTimescaleHours)
  const created: ResearchRequest[] = []
  for (const type of wanted) {
    const desk = desks.find((d) => d.agencyType === type)
    if (!desk) throw new ValidationError([{ field: 'agencyTypes', message: 'Select partner agencies from the list' }])
    if (existing.some((r) => r.agencyType === type && r.status === 'open')) throw new ValidationError([{ field: 'agencyTypes', message: `${agencyLabel(type)} has already been asked and has not answered yet` }])
    const [request] = await ctx.tx
      .insert(contactResearchRequests)
      .values({ contactId, deskTeamId: desk.teamId, agencyName: desk.agencyName, agencyType: desk.agencyType, question: input.question, requestedBy: actor.userId, requestedAt: ctx.now, dueBy })
      .returning()
    if (!request) throw new Error('insert returned no research request')
    await ctx.tx.insert(legitimateRelationships).values({ personId: contact.personId, teamId: desk.teamId, source: 'research-request', sourceRef: request.id, startsAt: ctx.now, createdBy: actor.userId })
    await addEvent(ctx, contactId, 'research-requested', `Asked ${desk.agencyName} (${desk.teamName}) what it holds, answer due by ${dueBy.toISOString().slice(0, 16).replace('T', ' ')} UTC`, { requestId: request.id, agencyType: type })
    audited(ctx, 'contacts.research.requested', request, contact.personId, purpose, { agencyType: type, deskTeamId: desk.teamId, dueBy: dueBy.toISOString() })
    created.push(request)
  }
  return created
}

/** The manager withdraws an open request: the desk's relationship ends; an answered request stays as it is. */
export async function withdrawResearch(ctx: Ctx, contactId: string, requestId: string): Promise<ResearchRequest> {
  const actor = userOf(ctx)
  const purpose = authorize(ctx, 'contacts.research.request', await loadContactAccess(ctx.tx, contactId))
  const research = await loadResearchAccess(ctx.tx, requestId)
  if (!research.exists || research.contactId !== contactId) throw new ValidationError([{ field: 'requestId', message: 'Select a research request of this contact' }])
  const request = await getResearchRequest(ctx.tx, requestId, true)
  if (request.status !== 'open') throw new ConflictError('This research request has already been answered or withdrawn')
  const [updated] = await ctx.tx
    .update(contactResearchRequests)
    .set({ status: 'withdrawn', withdrawnBy: actor.userId, withdrawnAt: ctx.now, version: request.version + 1 })
    .where(eq(contactResearchRequests.id, requestId))
    .returning()
  if (!updated) throw new Error('research request vanished inside its transaction')
  await endResearchRelationships(ctx, [requestId])
  await addEvent(ctx, contactId, 'research-withdrawn', `Request to ${request.agencyName} withdrawn`, { requestId })
  audited(ctx, 'contacts.research.withdrawn', updated, research.personId ?? null, purpose, {})
  return updated
}

/** The contact is decided: requests still open are withdrawn with it (no relationship outlives the enquiry). */
export async function withdrawOpenResearch(ctx: Ctx, contactId: string): Promise<void> {
  const actor = userOf(ctx)
  const open = await ctx.tx
    .update(contactResearchRequests)
    .set({ status: 'withdrawn', withdrawnBy: actor.userId, withdrawnAt: ctx.now })
    .where(and(eq(contactResearchRequests.contactId, contactId), eq(contactResearchRequests.status, 'open')))
    .returning({ id: contactResearchRequests.id, agencyName: contactResearchRequests.agencyName })
  await endResearchRelationships(ctx, open.map((r) => r.id))
  for (const r of open) await addEvent(ctx, contactId, 'research-withdrawn', `Request to ${r.agencyName} withdrawn: the contact was decided`, { requestId: r.id })
}

/** The contact was linked to another record: the open requests' relationships follow the child. */
export async function repointOpenResearch(ctx: Ctx, contactId: string, personId: string): Promise<void> {
  const open = await ctx.tx.select({ id: contactResearchRequests.id }).from(contactResearchRequests).where(and(eq(contactResearchRequests.contactId, contactId), eq(contactResearchRequests.status, 'open')))
  if (open.length === 0) return
  await ctx.tx
    .update(legitimateRelationships)
    .set({ personId })
    .where(and(inArray(legitimateRelationships.sourceRef, open.map((r) => r.id)), eq(legitimateRelationships.source, 'research-request'), isNull(legitimateRelationships.endedAt)))
}

/** The MASH reads a contact's requests and the answers, each with its source agency. */
export async function listContactResearch(ctx: Ctx, contactId: string): Promise<ResearchRow[]> {
  const access = await loadContactAccess(ctx.tx, contactId)
  const purpose = authorize(ctx, 'contacts.research.list', access)
  const rows = await researchForContact(ctx.tx, contactId)
  ctx.audit.record({ action: 'contacts.research.listed', outcome: 'allowed', resourceType: 'contact', resourceId: contactId, purpose, ...(access.personId ? { personId: access.personId } : {}), details: { results: rows.length } })
  return rows
}

/** A desk's queue: its open requests, the most urgent first; `answered` for what it has sent. */
export async function deskQueue(ctx: Ctx, which: 'open' | 'answered' = 'open'): Promise<DeskQueueRow[]> {
  const actor = userOf(ctx)
  authorize(ctx, 'contacts.research.queue', CONTACTS)
  const rows = await researchForDesk(ctx.tx, actor.teamId, which === 'open' ? ['open'] : ['answered', 'withdrawn'])
  ctx.audit.record({ action: 'contacts.research.queue-listed', outcome: 'allowed', resourceType: 'research-requests', details: { which, results: rows.length } })
  return rows
}

export type DeskView = { request: ResearchRequest; contact: Contact; answeredByName: string | null }

/**
 * One request, as its desk sees it: the child as reported (to search its own systems), the concerns, the question
 * and the deadline — never the narrative, the rationale or other agencies' answers.
 */
export async function viewResearchRequest(ctx: Ctx, requestId: string): Promise<DeskView> {
  const access = await loadResearchAccess(ctx.tx, requestId)
  const purpose = authorize(ctx, 'contacts.research.view', access)
  const request = await getResearchRequest(ctx.tx, requestId)
  const contact = await getContact(ctx.tx, request.contactId)
  const answeredByName = request.answeredBy ? ((await researchForContact(ctx.tx, request.contactId)).find((r) => r.id === requestId)?.answeredByName ?? null) : null
  audited(ctx, 'contacts.research.viewed', request, access.personId ?? null, purpose, { status: request.status })
  return { request, contact, answeredByName }
}

/** The desk answers its open request; the relationship ends with the answer. */
export async function answerResearch(ctx: Ctx, requestId: string, input: AnswerInput): Promise<ResearchRequest> {
  const actor = userOf(ctx)
  const access = await loadResearchAccess(ctx.tx, requestId)
  const purpose = authorize(ctx, 'contacts.research.answer', access)
  const request = await getResearchRequest(ctx.tx, requestId, true)
  if (request.status !== 'open') throw new ConflictError(request.status === 'answered' ? 'This research request has already been answered' : 'The MASH withdrew this research request')
  const information = input.information?.trim() || null
  const shared = input.answer === 'information-shared'
  if (shared && (!information || !input.lawfulBasis)) {
    throw new ValidationError([
      ...(information ? [] : [{ field: 'information', message: 'Enter the information you are sharing' }]),
      ...(input.lawfulBasis ? [] : [{ field: 'lawfulBasis', message: 'Select the lawful basis for sharing' }]),
    ])
  }
  const [updated] = await ctx.tx
    .update(contactResearchRequests)
    .set({
      status: 'answered',
      answer: input.answer,
      information,
      lawfulBasis: shared ? (input.lawfulBasis ?? null) : null,
      specialCategoryCondition: shared ? (input.specialCategoryCondition ?? null) : null,
      answeredBy: actor.userId,
      answeredAt: ctx.now,
      version: request.version + 1,
    })
    .where(eq(contactResearchRequests.id, requestId))
    .returning()
  if (!updated) throw new Error('research request vanished inside its transaction')
  await endResearchRelationships(ctx, [requestId])
  const late = ctx.now.getTime() > request.dueBy.getTime() ? ' (after the deadline)' : ''
  const what = shared && input.lawfulBasis ? `information shared under ${LAWFUL_BASIS_LABELS[input.lawfulBasis].replace(/ \(.*$/, '').toLowerCase()}` : 'nothing held'
  await addEvent(ctx, request.contactId, 'research-answered', `${request.agencyName} answered: ${what}${late}`, { requestId, answer: input.answer })
  audited(ctx, 'contacts.research.answered', updated, access.personId ?? null, purpose, { answer: input.answer, lawfulBasis: updated.lawfulBasis, late: late !== '' })
  return updated
}

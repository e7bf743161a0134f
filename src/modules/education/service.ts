import { and, eq, isNull, sql } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess, type PersonAccess } from '../../platform/access/person-access.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { findPerson, type Person } from '../people/index.ts'
import { CME_WORK } from './policy.ts'
import { findCase, listActions, listOpenCases, openCaseOf, type CmeAction, type CmeCase, type CmeListRow } from './queries.ts'
import { closureErrors, dateText, futureErrors, schoolAgeErrors } from './rules.ts'
import { cmeActions, cmeCases } from './schema.ts'
import type { CloseCmeInput, CmeActionInput, RecordCmeInput } from './schemas.ts'

const NIL = '00000000-0000-0000-0000-000000000000'
const DAY_MS = 86_400_000
/** After closing, the recorder's team keeps the child 30 days (as a creator's team does, CONTRACTS.md §2). */
export const CME_RELATIONSHIP_DAYS = 30

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('children missing education services act for a signed-in user')
  return ctx.actor
}

/** The child's access facts for a case id (a nonexistent case is a nonexistent child: the same 404, audited). */
async function caseAccess(ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<{ found: CmeCase | undefined; access: PersonAccess }> {
  const found = await findCase(ctx.tx, id, options)
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), found?.personId ?? NIL, ctx.now)
  return { found, access }
}

/**
 * Record a child as missing education. Refused with nothing saved when the date is in the future, the child is not
 * of compulsory school age on it (or has no date of birth), the record is an adult's, or the child already has an
 * open case (checked under a lock on the child's row; a unique index backs it). The recorder's team gets a
 * relationship to the child while the case is open (CONTRACTS.md §2 "creator's team … unless workflow continues it").
 */
export async function recordCme(ctx: Ctx, input: RecordCmeInput): Promise<CmeCase> {
  const actor = userOf(ctx)
  const access = await loadPersonAccess(ctx.tx, actor, input.personId, ctx.now)
  const purpose = authorize(ctx, 'education.cme.record', access)
  await ctx.tx.execute(sql`select id from people where id = ${input.personId} for update`)
  const person = await findPerson(ctx.tx, input.personId)
  if (!person) throw new NotFoundError()
  const errors: FieldError[] = []
  if (person.kind !== 'child') errors.push({ field: 'personId', message: 'Children missing education are recorded for children; this record is an adult’s' })
  errors.push(...futureErrors(input.identifiedOn, ctx.now, 'identifiedOn', 'Date identified'))
  if (errors.length === 0) errors.push(...schoolAgeErrors(person.dateOfBirth, input.identifiedOn))
  const open = await openCaseOf(ctx.tx, input.personId)
  if (open) errors.push({ field: 'personId', message: `This child already has an open children missing education case, identified on ${dateText(open.identifiedOn)}: add to that case instead` })
  if (errors.length > 0) throw new ValidationError(errors)

  const [created] = await ctx.tx
    .insert(cmeCases)
    .values({
      personId: input.personId,
      identifiedOn: input.identifiedOn,
      source: input.source,
      reason: input.reason,
      reasonNote: input.reasonNote ?? null,
      lastSchool: input.lastSchool ?? null,
      status: 'open',
      recordedAt: ctx.now,
      recordedBy: actor.userId,
      recordedByTeamId: actor.teamId,
      updatedAt: ctx.now,
    })
    .returning()
  if (!created) throw new Error('insert returned no case')
  await ctx.tx.insert(legitimateRelationships).values({ personId: created.personId, teamId: actor.teamId, source: 'creator', sourceRef: created.id, startsAt: ctx.now, expiresAt: null, createdBy: actor.userId })
  ctx.audit.record({
    action: 'education.cme.recorded',
    outcome: 'succeeded',
    resourceType: 'cme-case',
    resourceId: created.id,
    personId: created.personId,
    purpose,
    details: { source: created.source, reason: created.reason },
  })
  return created
}

/** Log an enquiry or action on an open case (a closed case's log is closed too). */
export async function addCmeAction(ctx: Ctx, id: string, input: CmeActionInput): Promise<CmeAction> {
  const actor = userOf(ctx)
  const { found, access } = await caseAccess(ctx, id, { lock: true })
  const purpose = authorize(ctx, 'education.cme.update', access)
  if (!found) throw new NotFoundError()
  const errors: FieldError[] = []
  if (found.status !== 'open') errors.push({ field: 'actionOn', message: 'This case is closed: actions can be added only to an open case' })
  errors.push(...futureErrors(input.actionOn, ctx.now, 'actionOn', 'Date of the action'))
  if (input.actionOn < found.identifiedOn) errors.push({ field: 'actionOn', message: `Date of the action must be on or after the date the child was identified (${dateText(found.identifiedOn)})` })
  if (errors.length > 0) throw new ValidationError(errors)
  const [action] = await ctx.tx
    .insert(cmeActions)
    .values({ caseId: found.id, actionOn: input.actionOn, actionType: input.actionType, details: input.details ?? null, outcome: input.outcome, takenBy: input.takenBy, recordedAt: ctx.now, recordedBy: actor.userId })
    .returning()
  if (!action) throw new Error('insert returned no action')
  await ctx.tx.update(cmeCases).set({ updatedAt: ctx.now }).where(eq(cmeCases.id, found.id))
  ctx.audit.record({ action: 'education.cme.action.recorded', outcome: 'succeeded', resourceType: 'cme-case', resourceId: found.id, personId: found.personId, purpose, details: { actionId: action.id, actionType: action.actionType } })
  return action
}

/** Close a case with a reason from the list; the recorder's team keeps its relationship 30 days more. */
export async function closeCme(ctx: Ctx, id: string, input: CloseCmeInput): Promise<CmeCase> {
  const actor = userOf(ctx)
  const { found, access } = await caseAccess(ctx, id, { lock: true })
  const purpose = authorize(ctx, 'education.cme.update', access)
  if (!found) throw new NotFoundError()
  if (found.status !== 'open') throw new ValidationError([{ field: 'closureReason', message: 'This case is already closed' }])
  const person = await findPerson(ctx.tx, found.personId)
  const errors = closureErrors(input, found, person?.dateOfBirth ?? null, ctx.now)
  if (errors.length > 0) throw new ValidationError(errors)
  const [closed] = await ctx.tx
    .update(cmeCases)
    .set({ status: 'closed', closedOn: input.closedOn, closureReason: input.closureReason, closureNote: input.closureNote ?? null, closedAt: ctx.now, closedBy: actor.userId, updatedAt: ctx.now })
    .where(eq(cmeCases.id, found.id))
    .returning()
  if (!closed) throw new NotFoundError()
  await ctx.tx
    .update(legitimateRelationships)
    .set({ expiresAt: new Date(ctx.now.getTime() + CME_RELATIONSHIP_DAYS * DAY_MS) })
    .where(and(eq(legitimateRelationships.sourceRef, found.id), eq(legitimateRelationships.source, 'creator'), isNull(legitimateRelationships.expiresAt)))
  ctx.audit.record({ action: 'education.cme.closed', outcome: 'succeeded', resourceType: 'cme-case', resourceId: found.id, personId: found.personId, purpose, details: { closureReason: input.closureReason } })
  return closed
}

export type CmeView = { cme: CmeCase; person: Person; actions: CmeAction[]; access: PersonAccess; purpose: string }

/** Open a case: a read of the child's record, authorised and audited. A form for a change asks for the change's decision. */
export async function viewCme(ctx: Ctx, id: string, options: { for?: string; action?: 'education.cme.view' | 'education.cme.update' } = {}): Promise<CmeView> {
  const { found, access } = await caseAccess(ctx, id)
  const purpose = authorize(ctx, options.action ?? 'education.cme.view', access)
  if (!found) throw new NotFoundError()
  const person = await findPerson(ctx.tx, found.personId)
  if (!person) throw new NotFoundError()
  ctx.audit.record({ action: 'education.cme.viewed', outcome: 'allowed', resourceType: 'cme-case', resourceId: found.id, personId: found.personId, purpose, ...(options.for ? { details: { for: options.for } } : {}) })
  return { cme: found, person, actions: await listActions(ctx.tx, found.id), access, purpose }
}

/** The case as a write just left it, for the API's answer (the write's own audit row covers this read). */
export async function cmeAfterWrite(ctx: Ctx, cme: CmeCase): Promise<{ cme: CmeCase; actions: CmeAction[] }> {
  return { cme, actions: await listActions(ctx.tx, cme.id) }
}

/** The form to record a case shows who it is for: the same decision as recording. */
export async function personForCme(ctx: Ctx, personId: string): Promise<Person> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), personId, ctx.now)
  const purpose = authorize(ctx, 'education.cme.record', access)
  const person = await findPerson(ctx.tx, personId)
  if (!person) throw new NotFoundError()
  ctx.audit.record({ action: 'people.viewed', outcome: 'allowed', resourceType: 'person', resourceId: personId, personId, purpose, details: { for: 'record-cme' } })
  return person
}

/** The open cases list: every open case of a child the actor may open. */
export async function cmeList(ctx: Ctx): Promise<CmeListRow[]> {
  const purpose = authorize(ctx, 'education.cme.work', CME_WORK)
  const rows = await listOpenCases(ctx.tx, userOf(ctx), ctx.now)
  ctx.audit.record({ action: 'education.cme.listed', outcome: 'allowed', resourceType: 'cme-list', purpose, details: { cases: rows.length } })
  return rows
}

/** For the find-a-child step: the function check alone. */
export function assertCmeWork(ctx: Ctx): void {
  authorize(ctx, 'education.cme.work', CME_WORK)
}

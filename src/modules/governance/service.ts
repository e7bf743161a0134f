import { and, eq, isNull, sql } from 'drizzle-orm'
import type { UserActor } from '../../platform/access/actor.ts'
import { authorize } from '../../platform/access/engine.ts'
import { accessNotifications, breakGlassGrants, recordProtections, sealedRecordAccess, type RecordState } from '../../platform/access/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { isUuid, joinLines, type AuditFilter, type ProtectionInput, type ReviewInput } from './forms.ts'
import { AUDIT_LOG, GOVERNANCE, GOVERNANCE_ROLE, OWN_NOTIFICATIONS, type GovernanceResource } from './policy.ts'
import {
  auditForUserOnPerson,
  countAwaitingGrants,
  countUnreadNotifications,
  findActiveUsersByEmail,
  findGrant,
  findPersonIdentity,
  findProtection,
  listAwaitingGrants,
  listNamedUsers,
  listNotifications,
  listProtections,
  listReviewedGrants,
  markNotificationRead,
  searchAudit,
  type AuditRow,
  type GrantRow,
  type NamedUser,
  type NotificationRow,
  type PersonIdentity,
  type ProtectionRow,
} from './queries.ts'

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('governance services act for a signed-in user')
  return ctx.actor
}

/** A resource naming what was asked for; ids from URLs go into the audit row only when they are UUIDs. */
function about(resourceType: GovernanceResource['resourceType'], id: string, isPerson = false): GovernanceResource {
  if (!isUuid(id)) return { resourceType }
  return { resourceType, resourceId: id, ...(isPerson ? { personId: id } : {}) }
}

// ---------------------------------------------------------------------------------------------------------------
// Landing page
// ---------------------------------------------------------------------------------------------------------------

export type GovernanceOverview = { unread: NotificationRow[]; unreadCount: number; awaitingReview: number; protectedCount: number }

export async function governanceOverview(ctx: Ctx): Promise<GovernanceOverview> {
  const actor = userOf(ctx)
  authorize(ctx, 'governance.view', GOVERNANCE)
  const unread = await listNotifications(ctx.tx, actor, { unreadOnly: true, limit: 50 })
  const unreadCount = await countUnreadNotifications(ctx.tx, actor)
  const awaitingReview = await countAwaitingGrants(ctx.tx)
  const [protectedRow] = await queryRows<{ n: number | string }>(ctx.tx, sql`select count(*)::int as n from record_protections`)
  ctx.audit.record({ action: 'notifications.viewed', outcome: 'allowed', resourceType: 'notifications', details: { page: 'governance', unread: unreadCount } })
  return { unread, unreadCount, awaitingReview, protectedCount: Number(protectedRow?.n ?? 0) }
}

// ---------------------------------------------------------------------------------------------------------------
// Audit viewer
// ---------------------------------------------------------------------------------------------------------------

/** The form alone (invalid filter): the same function-level check, audited if denied. */
export function assertCanViewAudit(ctx: Ctx): void {
  authorize(ctx, 'governance.audit.view', AUDIT_LOG)
}

/** One page of the audit log. Looking at the audit log is itself an audit event, with the filter used. */
export async function viewAudit(ctx: Ctx, filter: AuditFilter): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  authorize(ctx, 'governance.audit.view', AUDIT_LOG)
  const result = await searchAudit(ctx.tx, filter)
  ctx.audit.record({
    action: 'governance.audit.viewed',
    outcome: 'allowed',
    resourceType: 'audit-log',
    ...(filter.personId ? { personId: filter.personId } : {}),
    details: { filter, results: result.rows.length },
  })
  return result
}

// ---------------------------------------------------------------------------------------------------------------
// Break-glass reviews
// ---------------------------------------------------------------------------------------------------------------

export async function listBreakGlass(ctx: Ctx): Promise<{ awaiting: GrantRow[]; reviewed: GrantRow[]; awaitingCount: number }> {
  authorize(ctx, 'governance.break-glass.review', { resourceType: 'break-glass-grant' })
  const awaiting = await listAwaitingGrants(ctx.tx)
  const reviewed = await listReviewedGrants(ctx.tx)
  const awaitingCount = await countAwaitingGrants(ctx.tx)
  ctx.audit.record({
    action: 'governance.break-glass.listed',
    outcome: 'allowed',
    resourceType: 'break-glass-grant',
    details: { awaiting: awaiting.length, reviewed: reviewed.length },
  })
  return { awaiting, reviewed, awaitingCount }
}

export type GrantView = { grant: GrantRow; events: AuditRow[] }

/** One use of break-glass: who, why, when, and what they did to that person while it lasted. */
export async function viewBreakGlass(ctx: Ctx, id: string): Promise<GrantView> {
  authorize(ctx, 'governance.break-glass.review', about('break-glass-grant', id))
  const grant = isUuid(id) ? await findGrant(ctx.tx, id) : undefined
  if (!grant) throw new NotFoundError()
  const events = await auditForUserOnPerson(ctx.tx, grant.userId, grant.personId, grant.startsAt, grant.expiresAt)
  ctx.audit.record({
    action: 'governance.break-glass.viewed',
    outcome: 'allowed',
    resourceType: 'break-glass-grant',
    resourceId: grant.id,
    personId: grant.personId,
    purpose: 'break-glass review',
  })
  return { grant, events }
}

/** Record IG's retrospective review of a break-glass use. Once reviewed it stays reviewed (the audit keeps why). */
export async function reviewBreakGlass(ctx: Ctx, id: string, input: ReviewInput): Promise<GrantRow> {
  const actor = userOf(ctx)
  authorize(ctx, 'governance.break-glass.review', about('break-glass-grant', id))
  if (!isUuid(id)) throw new NotFoundError()
  const [locked] = await ctx.tx
    .select({ userId: breakGlassGrants.userId, personId: breakGlassGrants.personId, reviewStatus: breakGlassGrants.reviewStatus })
    .from(breakGlassGrants)
    .where(eq(breakGlassGrants.id, id))
    .for('update')
  if (!locked) throw new NotFoundError()
  if (locked.reviewStatus === 'reviewed') {
    throw new ValidationError([{ field: 'review', message: 'This use of emergency access has already been reviewed' }])
  }
  // Separation of duties: nobody reviews their own emergency access (IG officers may break glass too).
  if (locked.userId === actor.userId) {
    throw new ValidationError([{ field: 'outcome', message: 'You cannot review your own use of emergency access. Ask another information governance officer.' }])
  }
  await ctx.tx
    .update(breakGlassGrants)
    .set({ reviewStatus: 'reviewed', reviewOutcome: input.outcome, reviewNote: input.note, reviewedBy: actor.userId, reviewedAt: ctx.now })
    .where(eq(breakGlassGrants.id, id))
  // The IG alert for this use has been dealt with.
  await ctx.tx
    .update(accessNotifications)
    .set({ readAt: ctx.now })
    .where(and(eq(accessNotifications.breakGlassGrantId, id), eq(accessNotifications.recipientRole, GOVERNANCE_ROLE), isNull(accessNotifications.readAt)))
  ctx.audit.record({
    action: 'governance.break-glass.reviewed',
    outcome: 'succeeded',
    resourceType: 'break-glass-grant',
    resourceId: id,
    personId: locked.personId,
    details: { outcome: input.outcome, note: input.note, grantUserId: locked.userId },
  })
  const grant = await findGrant(ctx.tx, id)
  if (!grant) throw new NotFoundError()
  return grant
}

// ---------------------------------------------------------------------------------------------------------------
// Record protection
// ---------------------------------------------------------------------------------------------------------------

export async function listProtected(ctx: Ctx): Promise<ProtectionRow[]> {
  authorize(ctx, 'governance.record.protect', { resourceType: 'record-protection' })
  const rows = await listProtections(ctx.tx)
  ctx.audit.record({ action: 'governance.protection.listed', outcome: 'allowed', resourceType: 'record-protection', details: { results: rows.length } })
  return rows
}

/** The "find by person ID" form alone: the function-level check, audited if denied. */
export function assertCanProtect(ctx: Ctx): void {
  authorize(ctx, 'governance.record.protect', { resourceType: 'record-protection' })
}

/** Does a person with this id exist? (IG picks a record by id; they cannot search names.) */
export async function personExists(ctx: Ctx, personId: string): Promise<boolean> {
  authorize(ctx, 'governance.record.protect', about('person', personId, true))
  return isUuid(personId) && (await findPersonIdentity(ctx.tx, personId)) !== undefined
}

export type ProtectionView = { person: PersonIdentity; state: RecordState; protection: ProtectionRow | undefined; namedUsers: NamedUser[] }

export async function viewProtection(ctx: Ctx, personId: string): Promise<ProtectionView> {
  authorize(ctx, 'governance.record.protect', about('person', personId, true))
  const person = isUuid(personId) ? await findPersonIdentity(ctx.tx, personId) : undefined
  if (!person) throw new NotFoundError()
  const protection = await findProtection(ctx.tx, person.id)
  const namedUsers = await listNamedUsers(ctx.tx, person.id)
  ctx.audit.record({ action: 'governance.protection.viewed', outcome: 'allowed', resourceType: 'person', resourceId: person.id, personId: person.id, purpose: 'record protection' })
  return { person, state: protection?.state ?? 'ordinary', protection, namedUsers }
}

/**
 * Make a record ordinary, restricted or sealed (CONTRACTS.md §2). Sealing names the users who may still see it
 * (the list is replaced, not added to); any other state removes the named users. The change, its reason and the
 * named users are in the audit chain; `record_protections` holds only the current state.
 */
export async function protectRecord(ctx: Ctx, personId: string, input: ProtectionInput): Promise<{ from: RecordState; to: RecordState }> {
  const actor = userOf(ctx)
  authorize(ctx, 'governance.record.protect', about('person', personId, true))
  if (!isUuid(personId)) throw new NotFoundError()
  // Lock the person so two officers changing the same record take turns.
  const locked = await queryRows<{ id: string }>(ctx.tx, sql`select id from people where id = ${personId} for update`)
  if (locked.length === 0) throw new NotFoundError()
  const [current] = await ctx.tx.select({ state: recordProtections.state }).from(recordProtections).where(eq(recordProtections.personId, personId))
  const from: RecordState = current?.state ?? 'ordinary'

  let namedUserIds: string[] = []
  if (input.state === 'sealed') {
    const found = await findActiveUsersByEmail(
      ctx.tx,
      input.namedUsers.map((n) => n.email),
    )
    const missing = input.namedUsers.filter((n) => !found.has(n.email)).map((n) => `line ${n.line} (${n.email})`)
    if (missing.length > 0) {
      throw new ValidationError([
        { field: 'namedUsers', message: `Named users: ${joinLines(missing)} ${missing.length === 1 ? 'is not an active Lantern user' : 'are not active Lantern users'}` },
      ])
    }
    namedUserIds = input.namedUsers.map((n) => found.get(n.email)?.id).filter((id): id is string => Boolean(id))
  }

  await ctx.tx.delete(sealedRecordAccess).where(eq(sealedRecordAccess.personId, personId))
  if (input.state === 'ordinary') {
    await ctx.tx.delete(recordProtections).where(eq(recordProtections.personId, personId))
  } else {
    const values = { state: input.state, reason: input.reason, setBy: actor.userId, setAt: ctx.now }
    await ctx.tx
      .insert(recordProtections)
      .values({ personId, ...values })
      .onConflictDoUpdate({ target: recordProtections.personId, set: values })
    if (namedUserIds.length > 0) {
      await ctx.tx.insert(sealedRecordAccess).values(namedUserIds.map((userId) => ({ personId, userId, grantedBy: actor.userId, grantedAt: ctx.now })))
    }
  }
  ctx.audit.record({
    action: 'governance.record.protected',
    outcome: 'succeeded',
    resourceType: 'person',
    resourceId: personId,
    personId,
    details: { from, to: input.state, reason: input.reason, ...(input.state === 'sealed' ? { namedUserIds } : {}) },
  })
  return { from, to: input.state }
}

// ---------------------------------------------------------------------------------------------------------------
// Notifications (any signed-in user; their own only)
// ---------------------------------------------------------------------------------------------------------------

export async function myNotifications(ctx: Ctx): Promise<{ notifications: NotificationRow[]; unreadCount: number }> {
  const actor = userOf(ctx)
  authorize(ctx, 'notifications.view', OWN_NOTIFICATIONS)
  const notifications = await listNotifications(ctx.tx, actor)
  const unreadCount = await countUnreadNotifications(ctx.tx, actor)
  ctx.audit.record({ action: 'notifications.viewed', outcome: 'allowed', resourceType: 'notifications', details: { page: 'notifications', unread: unreadCount, shown: notifications.length } })
  return { notifications, unreadCount }
}

/** Mark one of the user's notifications read. Someone else's (or none) is a 404, and the attempt is on the record. */
export async function markRead(ctx: Ctx, id: string): Promise<void> {
  const actor = userOf(ctx)
  authorize(ctx, 'notifications.view', { resourceType: 'notifications', ...(isUuid(id) ? { resourceId: id } : {}) })
  const result = isUuid(id) ? await markNotificationRead(ctx.tx, actor, id, ctx.now) : { found: false, wasUnread: false }
  if (!result.found) {
    ctx.audit.record({
      action: 'notifications.read',
      outcome: 'denied',
      resourceType: 'notification',
      ...(isUuid(id) ? { resourceId: id } : {}),
      details: { reason: 'no such notification addressed to this user' },
    })
    throw new NotFoundError()
  }
  if (result.wasUnread) ctx.audit.record({ action: 'notifications.read', outcome: 'succeeded', resourceType: 'notification', resourceId: id })
}

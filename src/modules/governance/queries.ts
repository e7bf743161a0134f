import { and, desc, eq, gte, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { UserActor } from '../../platform/access/actor.ts'
import type { RecordState } from '../../platform/access/schema.ts'
import { accessNotifications } from '../../platform/access/schema.ts'
import { auditEvents } from '../../platform/audit/schema.ts'
import type { Tx } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { londonMidnight, nextDay, type AuditFilter } from './forms.ts'

/**
 * Reads for information governance. Person names come with ids only (identity, never case content); the
 * notifications queries are always scoped to the reader in SQL.
 */

export const AUDIT_PAGE_SIZE = 50

const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value))
const asDateOrNull = (value: Date | string | null): Date | null => (value === null ? null : asDate(value))

export type AuditRow = {
  seq: number
  at: Date
  actorLabel: string
  roleProfile: string | null
  action: string
  outcome: string
  personId: string | null
  purpose: string | null
  correlationId: string | null
}

const auditColumns = {
  seq: auditEvents.seq,
  at: auditEvents.at,
  actorLabel: auditEvents.actorLabel,
  roleProfile: auditEvents.roleProfile,
  action: auditEvents.action,
  outcome: auditEvents.outcome,
  personId: auditEvents.personId,
  purpose: auditEvents.purpose,
  correlationId: auditEvents.correlationId,
}

/** One page of the audit log, newest first (keyset on seq), plus whether there is another page. */
export async function searchAudit(tx: Tx, filter: AuditFilter): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const conditions: SQL[] = []
  if (filter.userEmail) {
    // The label is the email for users; the id also finds their rows from before they chose a role (sign-in steps).
    const email = filter.userEmail.toLowerCase()
    conditions.push(
      sql`(lower(${auditEvents.actorLabel}) = ${email} or ${auditEvents.actorUserId} in (select u.id from users u where lower(u.email) = ${email}))`,
    )
  }
  if (filter.personId) conditions.push(eq(auditEvents.personId, filter.personId))
  if (filter.from) conditions.push(gte(auditEvents.at, londonMidnight(filter.from)))
  if (filter.to) conditions.push(lt(auditEvents.at, londonMidnight(nextDay(filter.to))))
  // position() rather than LIKE, so that % and _ in the search are plain characters.
  if (filter.action) conditions.push(sql`position(${filter.action.toLowerCase()} in lower(${auditEvents.action})) > 0`)
  if (filter.before !== undefined) conditions.push(lt(auditEvents.seq, filter.before))
  const rows = await tx
    .select(auditColumns)
    .from(auditEvents)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.seq))
    .limit(AUDIT_PAGE_SIZE + 1)
  const page = rows.slice(0, AUDIT_PAGE_SIZE)
  const last = page[page.length - 1]
  return { rows: page, nextBefore: rows.length > AUDIT_PAGE_SIZE && last ? last.seq : null }
}

/** What one user did about one person in a window (a break-glass grant's). */
export async function auditForUserOnPerson(tx: Tx, userId: string, personId: string, from: Date, to: Date): Promise<AuditRow[]> {
  return tx
    .select(auditColumns)
    .from(auditEvents)
    .where(and(eq(auditEvents.personId, personId), eq(auditEvents.actorUserId, userId), gte(auditEvents.at, from), lte(auditEvents.at, to)))
    .orderBy(auditEvents.seq)
    .limit(1000)
}

// ---------------------------------------------------------------------------------------------------------------
// Break-glass grants
// ---------------------------------------------------------------------------------------------------------------

export type GrantRow = {
  id: string
  personId: string
  personName: string
  userId: string
  userName: string
  userEmail: string
  roleProfile: string | null
  teamName: string | null
  agencyName: string | null
  reason: string
  startsAt: Date
  expiresAt: Date
  reviewStatus: 'awaiting-review' | 'reviewed'
  reviewOutcome: 'appropriate' | 'inappropriate' | null
  reviewNote: string | null
  reviewerName: string | null
  reviewedAt: Date | null
}

type RawGrant = {
  id: string
  person_id: string
  person_name: string
  user_id: string
  user_name: string
  user_email: string
  role_profile: string | null
  team_name: string | null
  agency_name: string | null
  reason: string
  starts_at: Date | string
  expires_at: Date | string
  review_status: GrantRow['reviewStatus']
  review_outcome: GrantRow['reviewOutcome']
  review_note: string | null
  reviewer_name: string | null
  reviewed_at: Date | string | null
}

function grantQuery(where: SQL, order: SQL, limit: number): SQL {
  return sql`
    select bg.id, bg.person_id,
           concat_ws(' ', p.given_name, p.middle_names, p.family_name) as person_name,
           bg.user_id, u.display_name as user_name, u.email as user_email,
           urp.role_profile, t.name as team_name, a.name as agency_name,
           bg.reason, bg.starts_at, bg.expires_at, bg.review_status, bg.review_outcome, bg.review_note,
           rv.display_name as reviewer_name, bg.reviewed_at
      from break_glass_grants bg
      join users u on u.id = bg.user_id
      join people p on p.id = bg.person_id
      left join user_role_profiles urp on urp.id = bg.user_role_profile_id
      left join teams t on t.id = urp.team_id
      left join agencies a on a.id = t.agency_id
      left join users rv on rv.id = bg.reviewed_by
     where ${where}
     order by ${order}
     limit ${limit}`
}

function toGrant(r: RawGrant): GrantRow {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    userId: r.user_id,
    userName: r.user_name,
    userEmail: r.user_email,
    roleProfile: r.role_profile,
    teamName: r.team_name,
    agencyName: r.agency_name,
    reason: r.reason,
    startsAt: asDate(r.starts_at),
    expiresAt: asDate(r.expires_at),
    reviewStatus: r.review_status,
    reviewOutcome: r.review_outcome,
    reviewNote: r.review_note,
    reviewerName: r.reviewer_name,
    reviewedAt: asDateOrNull(r.reviewed_at),
  }
}

/** Awaiting review, longest waiting first. */
export async function listAwaitingGrants(tx: Tx, limit = 200): Promise<GrantRow[]> {
  const rows = await queryRows<RawGrant>(tx, grantQuery(sql`bg.review_status = 'awaiting-review'`, sql`bg.starts_at asc, bg.id`, limit))
  return rows.map(toGrant)
}

export async function countAwaitingGrants(tx: Tx): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(tx, sql`select count(*)::int as n from break_glass_grants where review_status = 'awaiting-review'`)
  return Number(rows[0]?.n ?? 0)
}

/** Recently reviewed, newest review first. */
export async function listReviewedGrants(tx: Tx, limit = 50): Promise<GrantRow[]> {
  const rows = await queryRows<RawGrant>(tx, grantQuery(sql`bg.review_status = 'reviewed'`, sql`bg.reviewed_at desc, bg.id`, limit))
  return rows.map(toGrant)
}

export async function findGrant(tx: Tx, id: string): Promise<GrantRow | undefined> {
  const rows = await queryRows<RawGrant>(tx, grantQuery(sql`bg.id = ${id}`, sql`bg.id`, 1))
  return rows[0] ? toGrant(rows[0]) : undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Record protection
// ---------------------------------------------------------------------------------------------------------------

export type PersonIdentity = { id: string; name: string }

export async function findPersonIdentity(tx: Tx, id: string): Promise<PersonIdentity | undefined> {
  const rows = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, concat_ws(' ', given_name, middle_names, family_name) as name from people where id = ${id}`,
  )
  return rows[0]
}

export type ProtectionRow = {
  personId: string
  personName: string
  state: 'restricted' | 'sealed'
  reason: string
  setByName: string
  setByEmail: string
  setAt: Date
}

type RawProtection = {
  person_id: string
  person_name: string
  state: ProtectionRow['state']
  reason: string
  set_by_name: string
  set_by_email: string
  set_at: Date | string
}

function protectionQuery(where: SQL): SQL {
  return sql`
    select rp.person_id, concat_ws(' ', p.given_name, p.middle_names, p.family_name) as person_name, rp.state, rp.reason,
           u.display_name as set_by_name, u.email as set_by_email, rp.set_at
      from record_protections rp
      join people p on p.id = rp.person_id
      join users u on u.id = rp.set_by
     where ${where}
     order by rp.set_at desc, rp.person_id`
}

const toProtection = (r: RawProtection): ProtectionRow => ({
  personId: r.person_id,
  personName: r.person_name,
  state: r.state,
  reason: r.reason,
  setByName: r.set_by_name,
  setByEmail: r.set_by_email,
  setAt: asDate(r.set_at),
})

export async function listProtections(tx: Tx): Promise<ProtectionRow[]> {
  return (await queryRows<RawProtection>(tx, protectionQuery(sql`true`))).map(toProtection)
}

export async function findProtection(tx: Tx, personId: string): Promise<ProtectionRow | undefined> {
  const [row] = await queryRows<RawProtection>(tx, protectionQuery(sql`rp.person_id = ${personId}`))
  return row ? toProtection(row) : undefined
}

export type NamedUser = { userId: string; email: string; displayName: string }

export async function listNamedUsers(tx: Tx, personId: string): Promise<NamedUser[]> {
  return queryRows<NamedUser>(
    tx,
    sql`select u.id as "userId", u.email, u.display_name as "displayName"
          from sealed_record_access s join users u on u.id = s.user_id
         where s.person_id = ${personId}
         order by lower(u.email)`,
  )
}

/** Active (not disabled) users by lower-cased email. */
export async function findActiveUsersByEmail(tx: Tx, emails: readonly string[]): Promise<Map<string, { id: string; email: string }>> {
  if (emails.length === 0) return new Map()
  const rows = await queryRows<{ id: string; email: string }>(
    tx,
    sql`select id, lower(email) as email from users
         where disabled_at is null and lower(email) in (${sql.join(
           emails.map((e) => sql`${e.toLowerCase()}`),
           sql`, `,
         )})`,
  )
  return new Map(rows.map((r) => [r.email, r]))
}

export async function currentState(tx: Tx, personId: string): Promise<RecordState> {
  const rows = await queryRows<{ state: RecordState }>(tx, sql`select state from record_protections where person_id = ${personId} for update`)
  return rows[0]?.state ?? 'ordinary'
}

// ---------------------------------------------------------------------------------------------------------------
// Notifications: always the reader's own (addressed to them, or to their role profile)
// ---------------------------------------------------------------------------------------------------------------

export type NotificationRow = {
  id: string
  kind: string
  message: string
  personId: string | null
  breakGlassGrantId: string | null
  createdAt: Date
  readAt: Date | null
  toRole: boolean
}

function addressedTo(actor: UserActor): SQL | undefined {
  return or(eq(accessNotifications.recipientUserId, actor.userId), eq(accessNotifications.recipientRole, actor.roleProfile))
}

export async function listNotifications(tx: Tx, actor: UserActor, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<NotificationRow[]> {
  const rows = await tx
    .select({
      id: accessNotifications.id,
      kind: accessNotifications.kind,
      message: accessNotifications.message,
      personId: accessNotifications.personId,
      breakGlassGrantId: accessNotifications.breakGlassGrantId,
      createdAt: accessNotifications.createdAt,
      readAt: accessNotifications.readAt,
      recipientRole: accessNotifications.recipientRole,
    })
    .from(accessNotifications)
    .where(and(addressedTo(actor), options.unreadOnly ? isNull(accessNotifications.readAt) : undefined))
    // Unread first, then newest first.
    .orderBy(sql`${accessNotifications.readAt} is not null`, desc(accessNotifications.createdAt), accessNotifications.id)
    .limit(options.limit ?? 100)
  return rows.map(({ recipientRole, ...r }) => ({ ...r, toRole: recipientRole !== null }))
}

export async function countUnreadNotifications(tx: Tx, actor: UserActor): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(accessNotifications)
    .where(and(addressedTo(actor), isNull(accessNotifications.readAt)))
  return Number(row?.n ?? 0)
}

/** Mark one of the reader's notifications read; false when it is not theirs (or does not exist). */
export async function markNotificationRead(tx: Tx, actor: UserActor, id: string, now: Date): Promise<{ found: boolean; wasUnread: boolean }> {
  const [row] = await tx
    .select({ id: accessNotifications.id, readAt: accessNotifications.readAt })
    .from(accessNotifications)
    .where(and(eq(accessNotifications.id, id), addressedTo(actor)))
    .for('update')
  if (!row) return { found: false, wasUnread: false }
  if (row.readAt) return { found: true, wasUnread: false }
  await tx.update(accessNotifications).set({ readAt: now }).where(eq(accessNotifications.id, id))
  return { found: true, wasUnread: true }
}

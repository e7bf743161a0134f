import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess } from '../../platform/access/person-access.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { userRoleProfiles, users } from '../../platform/auth/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { queryRows } from '../../platform/db/rows.ts'
import type { Tx } from '../../platform/db/client.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { ALERT_QUEUE } from './policy.ts'
import { ALERT_RELATIONSHIP_DAYS, effectiveRules, type AlertRule } from './rules.ts'
import { alertRules, alerts, type AlertType } from './schema.ts'
import { visiblePersonSql } from './visibility.ts'

export type Alert = typeof alerts.$inferSelect
const NIL = '00000000-0000-0000-0000-000000000000'
const DAY_MS = 86_400_000

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('alert services act for a signed-in user')
  return ctx.actor
}

/** The trigger rules in force: code defaults overlaid with the partnership's configuration rows. */
export async function loadAlertRules(tx: Tx): Promise<AlertRule[]> {
  const rows = await tx.select().from(alertRules)
  return effectiveRules(rows)
}

export type RaiseAlert = {
  personId: string
  type: AlertType
  ownerRole: string
  reason: string
  action: string
  ruleKey: string
  sourceType?: string
  sourceRef?: string
}

/**
 * Raise an alert inside the caller's unit of work (a domain event: the episode write and its alert commit together).
 * Every active holder of the owner role gets a 30-day `alert` relationship to the child, so that they can open the
 * record the alert is about. Works for users and for the system (a sweep): the audit row names whoever acted.
 */
export async function raiseAlert(ctx: Ctx, input: RaiseAlert): Promise<Alert> {
  const [alert] = await ctx.tx
    .insert(alerts)
    .values({ ...input, status: 'open', raisedAt: ctx.now })
    .returning()
  if (!alert) throw new Error('insert returned no alert')
  const owners = await ctx.tx
    .selectDistinct({ userId: userRoleProfiles.userId })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .where(and(eq(userRoleProfiles.roleProfile, input.ownerRole as never), isNull(users.disabledAt)))
  if (owners.length > 0) {
    await ctx.tx.insert(legitimateRelationships).values(
      owners.map((o) => ({
        personId: input.personId,
        userId: o.userId,
        source: 'alert' as const,
        sourceRef: alert.id,
        startsAt: ctx.now,
        expiresAt: new Date(ctx.now.getTime() + ALERT_RELATIONSHIP_DAYS * DAY_MS),
      })),
    )
  }
  ctx.audit.record({
    action: 'alerts.raised',
    outcome: 'succeeded',
    resourceType: 'alert',
    resourceId: alert.id,
    personId: input.personId,
    details: { type: input.type, ownerRole: input.ownerRole, ruleKey: input.ruleKey, owners: owners.length, ...(input.sourceRef ? { sourceType: input.sourceType, sourceRef: input.sourceRef } : {}) },
  })
  return alert
}

/** Has this rule already raised an alert for the child (since `since`, or about this source record)? */
export async function alertAlreadyRaised(tx: Tx, personId: string, ruleKey: string, by: { since?: Date; sourceRef?: string }): Promise<boolean> {
  const rows = await tx
    .select({ id: alerts.id })
    .from(alerts)
    .where(
      and(
        eq(alerts.personId, personId),
        eq(alerts.ruleKey, ruleKey),
        by.since ? gt(alerts.raisedAt, by.since) : sql`true`,
        by.sourceRef ? eq(alerts.sourceRef, by.sourceRef) : sql`true`,
      ),
    )
    .limit(1)
  return rows.length > 0
}

/** A child's alerts, newest first: part of the child's record, so authorised and audited as a read of it. */
export async function listPersonAlerts(ctx: Ctx, personId: string): Promise<Alert[]> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), personId, ctx.now)
  const purpose = authorize(ctx, 'alerts.view', access)
  const rows = await ctx.tx.select().from(alerts).where(eq(alerts.personId, personId)).orderBy(desc(alerts.raisedAt), desc(alerts.id))
  ctx.audit.record({ action: 'alerts.viewed', outcome: 'allowed', resourceType: 'person', resourceId: personId, personId, purpose, details: { alerts: rows.length } })
  return rows
}

export type QueueItem = Alert & { givenName: string | null; familyName: string | null; restricted: boolean }

/**
 * The owner's queue: alerts owned by the actor's role, open first then newest. Children the actor may open are
 * named; an alert about a restricted record the actor cannot open shows as a stub (so it is not lost), and alerts
 * about sealed records appear only to their named users.
 */
export async function listAlertQueue(ctx: Ctx, options: { status?: 'open' | 'acknowledged' | 'all' } = {}): Promise<QueueItem[]> {
  const actor = userOf(ctx)
  const purpose = authorize(ctx, 'alerts.queue', ALERT_QUEUE)
  const visible = visiblePersonSql(actor, ctx.now, sql`a.person_id`)
  const status = options.status ?? 'open'
  const rows = await queryRows<{
    id: string; person_id: string; type: AlertType; owner_role: string; status: 'open' | 'acknowledged'; raised_at: string; reason: string; action: string
    rule_key: string; source_type: string | null; source_ref: string | null; acknowledged_at: string | null; acknowledged_by: string | null; acknowledgement_note: string | null
    given_name: string | null; family_name: string | null; visible: boolean; state: string
  }>(
    ctx.tx,
    sql`select a.*, p.given_name, p.family_name, ${visible} as visible, coalesce(rp.state, 'ordinary') as state
          from alerts a join people p on p.id = a.person_id left join record_protections rp on rp.person_id = a.person_id
         where a.owner_role = ${actor.roleProfile} and (${status} = 'all' or a.status = ${status})
           and (${visible} or coalesce(rp.state, 'ordinary') = 'restricted')
         order by (a.status = 'open') desc, a.raised_at desc, a.id desc limit 200`,
  )
  ctx.audit.record({ action: 'alerts.queue.viewed', outcome: 'allowed', resourceType: 'alert-queue', purpose, details: { status, alerts: rows.length } })
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    type: r.type,
    ownerRole: r.owner_role,
    status: r.status,
    raisedAt: new Date(r.raised_at),
    reason: r.reason,
    action: r.action,
    ruleKey: r.rule_key,
    sourceType: r.source_type,
    sourceRef: r.source_ref,
    acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
    acknowledgedBy: r.acknowledged_by,
    acknowledgementNote: r.acknowledgement_note,
    givenName: r.visible ? r.given_name : null,
    familyName: r.visible ? r.family_name : null,
    restricted: !r.visible,
  }))
}

/** Acknowledge an alert (the owner role, who can open the child's record); audited. Twice is refused. */
export async function acknowledgeAlert(ctx: Ctx, id: string, note?: string): Promise<Alert> {
  const actor = userOf(ctx)
  const valid = /^[0-9a-f-]{36}$/i.test(id)
  const [alert] = valid ? await ctx.tx.select().from(alerts).where(eq(alerts.id, id)).for('update') : []
  const access = await loadPersonAccess(ctx.tx, actor, alert?.personId ?? NIL, ctx.now)
  const purpose = authorize(ctx, 'alerts.acknowledge', { ...access, ownerRole: alert?.ownerRole ?? null })
  if (!alert) throw new NotFoundError()
  if (alert.status !== 'open') throw new ValidationError([{ field: 'alert', message: 'This alert has already been acknowledged' }])
  const [updated] = await ctx.tx
    .update(alerts)
    .set({ status: 'acknowledged', acknowledgedAt: ctx.now, acknowledgedBy: actor.userId, acknowledgementNote: note ?? null })
    .where(eq(alerts.id, id))
    .returning()
  if (!updated) throw new NotFoundError()
  ctx.audit.record({ action: 'alerts.acknowledged', outcome: 'succeeded', resourceType: 'alert', resourceId: id, personId: alert.personId, purpose, details: { type: alert.type } })
  return updated
}

import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { users } from '../../platform/auth/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { NotFoundError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { findPerson } from '../people/index.ts'
import { isUuid } from './forms.ts'

/**
 * Relationships granted by information governance (CONTRACTS.md §2): the way a restricted record is opened to a
 * named practitioner outside the owning team's allocation. Each grant is user-level and expires.
 */
export type AccessGrant = { id: string; userEmail: string; userName: string; startsAt: Date; expiresAt: Date | null }

const MAX_GRANT_DAYS = 365

function resource(personId: string) {
  return { resourceType: 'person', resourceId: personId, ...(isUuid(personId) ? { personId } : {}) } as const
}

async function requirePerson(ctx: Ctx, personId: string): Promise<void> {
  if (!isUuid(personId) || !(await findPerson(ctx.tx, personId))) throw new NotFoundError()
}

export async function listAccessGrants(ctx: Ctx, personId: string): Promise<AccessGrant[]> {
  authorize(ctx, 'governance.record.protect', resource(personId))
  await requirePerson(ctx, personId)
  return ctx.tx
    .select({ id: legitimateRelationships.id, userEmail: users.email, userName: users.displayName, startsAt: legitimateRelationships.startsAt, expiresAt: legitimateRelationships.expiresAt })
    .from(legitimateRelationships)
    .innerJoin(users, eq(users.id, legitimateRelationships.userId))
    .where(
      and(
        eq(legitimateRelationships.personId, personId),
        eq(legitimateRelationships.source, 'ig-grant'),
        isNull(legitimateRelationships.endedAt),
        or(isNull(legitimateRelationships.expiresAt), gt(legitimateRelationships.expiresAt, ctx.now)),
      ),
    )
    .orderBy(desc(legitimateRelationships.startsAt))
}

export type GrantInput = { email: string; days: string; reason: string }

export async function grantAccess(ctx: Ctx, personId: string, input: GrantInput): Promise<void> {
  authorize(ctx, 'governance.record.protect', resource(personId))
  await requirePerson(ctx, personId)
  const errors: FieldError[] = []
  const email = input.email.trim().toLowerCase()
  const days = Number(input.days.trim())
  const reason = input.reason.trim()
  const [user] = email ? await ctx.tx.select().from(users).where(eq(sql`lower(${users.email})`, email)) : []
  if (!email) errors.push({ field: 'grantEmail', message: 'Enter the email address of the user to give access to' })
  else if (!user || user.disabledAt) errors.push({ field: 'grantEmail', message: 'Enter the email address of an active Lantern user' })
  if (!Number.isInteger(days) || days < 1 || days > MAX_GRANT_DAYS) errors.push({ field: 'grantDays', message: `Access must last a whole number of days from 1 to ${MAX_GRANT_DAYS}` })
  if (reason.length < 10 || reason.length > 1000) errors.push({ field: 'grantReason', message: 'Reason for giving access must be between 10 and 1000 characters' })
  if (errors.length > 0 || !user) throw new ValidationError(errors)
  const [grant] = await ctx.tx
    .insert(legitimateRelationships)
    .values({ personId, userId: user.id, source: 'ig-grant', startsAt: ctx.now, expiresAt: new Date(ctx.now.getTime() + days * 86_400_000), createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null })
    .returning({ id: legitimateRelationships.id })
  ctx.audit.record({ action: 'governance.access.granted', outcome: 'succeeded', resourceType: 'person', resourceId: personId, personId, details: { relationshipId: grant?.id, userId: user.id, days, reason } })
}

export async function endAccessGrant(ctx: Ctx, personId: string, grantId: string): Promise<void> {
  authorize(ctx, 'governance.record.protect', resource(personId))
  await requirePerson(ctx, personId)
  if (!isUuid(grantId)) throw new NotFoundError()
  const ended = await ctx.tx
    .update(legitimateRelationships)
    .set({ endedAt: ctx.now })
    .where(and(eq(legitimateRelationships.id, grantId), eq(legitimateRelationships.personId, personId), eq(legitimateRelationships.source, 'ig-grant'), isNull(legitimateRelationships.endedAt)))
    .returning({ id: legitimateRelationships.id })
  if (ended.length === 0) throw new NotFoundError()
  ctx.audit.record({ action: 'governance.access.ended', outcome: 'succeeded', resourceType: 'person', resourceId: personId, personId, details: { relationshipId: grantId } })
}

import { and, asc, eq, sql } from 'drizzle-orm'
import type { SystemActor } from '../access/actor.ts'
import { ROLE_PROFILE_LABELS } from '../access/roles.ts'
import type { Ctx, Platform } from '../context/index.ts'
import type { Tx } from '../db/client.ts'
import { runWork } from '../context/index.ts'
import { verifyAgainstDummy, verifyPassword } from './passwords.ts'
import { agencies, teams, userRoleProfiles, users } from './schema.ts'
import { checkTotp } from './totp.ts'

/** After this many failures in a row the account is locked for LOCK_MINUTES (password and code failures count). */
export const MAX_FAILED_SIGN_INS = 10
export const LOCK_MINUTES = 15

export type User = typeof users.$inferSelect

const anonymous = (email: string): SystemActor => ({ kind: 'system', label: `sign-in:${email.slice(0, 120)}` })
const pending = (user: User): SystemActor => ({ kind: 'system', label: user.email, userId: user.id })

/**
 * The password step. The answer for an unknown email, a wrong password, a disabled or a locked account is the
 * same `null`, after the same argon2 work, so sign-in never reveals which accounts exist (ASVS 6.3.8).
 */
export async function checkPassword(platform: Platform, correlationId: string, email: string, password: string): Promise<User | null> {
  const db = platform.database.db
  const now = platform.clock.now()
  // PostgreSQL refuses a NUL in a text parameter; no stored email has one, so such an email is simply unknown.
  const [user] = email.includes('\u0000') ? [] : await db.select().from(users).where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
  if (!user) {
    await verifyAgainstDummy(password)
    await runWork(platform, anonymous(email), correlationId, async (ctx) => {
      ctx.audit.record({ action: 'auth.sign-in.password', outcome: 'failed', details: { reason: 'unknown account' } })
    })
    return null
  }
  const passwordOk = await verifyPassword(user.passwordHash, password)
  const locked = user.lockedUntil !== null && user.lockedUntil > now
  const ok = passwordOk && !locked && !user.disabledAt
  await runWork(platform, pending(user), correlationId, async (ctx) => {
    if (ok) return
    const reason = user.disabledAt ? 'account disabled' : locked ? 'account locked' : 'wrong password'
    ctx.audit.record({ action: 'auth.sign-in.password', outcome: 'failed', resourceType: 'user', resourceId: user.id, details: { reason } })
    if (!locked && !user.disabledAt) await recordFailure(ctx.tx, user, now, ctx)
  })
  if (!ok) return null
  await runWork(platform, pending(user), correlationId, async (ctx) => {
    ctx.audit.record({ action: 'auth.sign-in.password', outcome: 'succeeded', resourceType: 'user', resourceId: user.id })
  })
  return user
}

async function recordFailure(tx: Tx, user: User, now: Date, ctx: Pick<Ctx, 'audit'>): Promise<void> {
  const [updated] = await tx
    .update(users)
    .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
    .where(eq(users.id, user.id))
    .returning({ failedSignIns: users.failedSignIns })
  if (updated && updated.failedSignIns >= MAX_FAILED_SIGN_INS) {
    await tx
      .update(users)
      .set({ lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000), failedSignIns: 0 })
      .where(eq(users.id, user.id))
    ctx.audit.record({ action: 'auth.account.locked', outcome: 'failed', resourceType: 'user', resourceId: user.id, details: { minutes: LOCK_MINUTES } })
  }
}

/** The TOTP step (or enrolment confirmation when `enrolSecret` is given). Returns true when the code is good. */
export async function checkSecondFactor(platform: Platform, correlationId: string, userId: string, code: string, enrolSecret?: string): Promise<boolean> {
  const now = platform.clock.now()
  return runWork(platform, { kind: 'system', label: 'sign-in', userId }, correlationId, async (ctx) => {
    // Lock the user row: two requests racing with the same code must not both succeed.
    const [user] = await ctx.tx.select().from(users).where(eq(users.id, userId)).for('update')
    const secret = enrolSecret ?? user?.totpSecret
    if (!user || !secret || user.disabledAt || (user.lockedUntil && user.lockedUntil > now)) return false
    const step = await checkTotp(secret, code, user.totpLastStep, now)
    if (step === null) {
      ctx.audit.record({ action: enrolSecret ? 'auth.mfa.enrol' : 'auth.sign-in.mfa', outcome: 'failed', resourceType: 'user', resourceId: userId })
      await recordFailure(ctx.tx, user, now, ctx)
      return false
    }
    await ctx.tx
      .update(users)
      .set({ totpLastStep: step, failedSignIns: 0, lockedUntil: null, ...(enrolSecret ? { totpSecret: enrolSecret } : {}) })
      .where(eq(users.id, userId))
    ctx.audit.record({ action: enrolSecret ? 'auth.mfa.enrol' : 'auth.sign-in.mfa', outcome: 'succeeded', resourceType: 'user', resourceId: userId })
    return true
  })
}

export type RoleProfileChoice = { id: string; roleProfile: string; label: string; teamName: string; agencyName: string }

export async function roleProfilesOf(platform: Platform, userId: string): Promise<RoleProfileChoice[]> {
  const rows = await platform.database.db
    .select({ id: userRoleProfiles.id, roleProfile: userRoleProfiles.roleProfile, teamName: teams.name, agencyName: agencies.name })
    .from(userRoleProfiles)
    .innerJoin(teams, eq(teams.id, userRoleProfiles.teamId))
    .innerJoin(agencies, eq(agencies.id, teams.agencyId))
    .where(and(eq(userRoleProfiles.userId, userId)))
    .orderBy(asc(userRoleProfiles.position), asc(userRoleProfiles.roleProfile))
  return rows.map((r) => ({ ...r, label: ROLE_PROFILE_LABELS[r.roleProfile] }))
}

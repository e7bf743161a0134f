import { eq, sql } from 'drizzle-orm'
import { ROLE_PROFILES, type RoleProfile } from '../access/roles.ts'
import type { Ctx } from '../context/index.ts'
import { ValidationError } from '../errors.ts'
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import { userRoleProfiles, users } from './schema.ts'
import { destroyUserSessions } from './sessions.ts'

export type NewUser = {
  email: string
  displayName: string
  password: string
  roleProfiles: Array<{ roleProfile: string; teamId: string }>
  /** A temporary password from an administrator: the user must choose their own at first sign-in (ASVS 6.4.1). */
  passwordChangeRequired?: boolean
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

/** Create a user who will enrol their authenticator app at first sign-in. */
export async function createUser(ctx: Ctx, input: NewUser): Promise<typeof users.$inferSelect> {
  const errors = []
  const email = input.email.trim()
  if (!EMAIL.test(email) || email.length > 320) errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.org' })
  if (input.displayName.trim().length === 0) errors.push({ field: 'displayName', message: 'Enter the user’s full name' })
  const weak = passwordProblem(input.password)
  if (weak) errors.push({ field: 'password', message: weak })
  if (input.roleProfiles.length === 0) errors.push({ field: 'roleProfile', message: 'Select at least one role profile' })
  for (const p of input.roleProfiles) {
    if (!ROLE_PROFILES.includes(p.roleProfile as RoleProfile)) errors.push({ field: 'roleProfile', message: `Select a role profile from the list` })
  }
  if (errors.length === 0) {
    const [existing] = await ctx.tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    if (existing) errors.push({ field: 'email', message: 'A user with this email address already exists' })
  }
  if (errors.length > 0) throw new ValidationError(errors)
  const [user] = await ctx.tx
    .insert(users)
    .values({
      email,
      displayName: input.displayName.trim(),
      passwordHash: await hashPassword(input.password),
      passwordChangeRequired: input.passwordChangeRequired ?? false,
      createdAt: ctx.now,
    })
    .returning()
  if (!user) throw new Error('insert returned no user')
  await ctx.tx.insert(userRoleProfiles).values(input.roleProfiles.map((p, i) => ({ userId: user.id, roleProfile: p.roleProfile as RoleProfile, teamId: p.teamId, position: i })))
  ctx.audit.record({ action: 'admin.user.created', outcome: 'succeeded', resourceType: 'user', resourceId: user.id, details: { email, roleProfiles: input.roleProfiles.map((p) => p.roleProfile) } })
  return user
}

/** Disable a user: every session and token stops working on the next request (ASVS 7.4.2). */
export async function disableUser(ctx: Ctx, userId: string): Promise<void> {
  await ctx.tx.update(users).set({ disabledAt: ctx.now }).where(eq(users.id, userId))
  await destroyUserSessions(ctx.tx, userId)
  ctx.audit.record({ action: 'admin.user.disabled', outcome: 'succeeded', resourceType: 'user', resourceId: userId })
}

export async function enableUser(ctx: Ctx, userId: string): Promise<void> {
  await ctx.tx.update(users).set({ disabledAt: null, failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId))
  ctx.audit.record({ action: 'admin.user.enabled', outcome: 'succeeded', resourceType: 'user', resourceId: userId })
}

export type PasswordChange = { currentPassword?: string; newPassword: string; confirmPassword: string }

/**
 * A user chooses a new password: after an administrator's temporary one (at sign-in, where the password has just
 * been checked, so `currentPassword` is not asked again) or from their account page (where it is). The new password
 * must meet the length rule, be typed twice the same and differ from the current one. Other sessions of the user
 * end (ASVS 7.4.3) except the one whose token hash is `keepTokenHash`.
 */
export async function changePassword(ctx: Ctx, userId: string, change: PasswordChange, keepTokenHash?: string): Promise<void> {
  const [user] = await ctx.tx.select().from(users).where(eq(users.id, userId))
  if (!user) throw new Error('changePassword: no such user')
  const errors = []
  if (change.currentPassword !== undefined) {
    if (change.currentPassword === '') errors.push({ field: 'currentPassword', message: 'Enter your current password' })
    else if (!(await verifyPassword(user.passwordHash, change.currentPassword))) errors.push({ field: 'currentPassword', message: 'Your current password is not correct' })
  }
  const weak = change.newPassword === '' ? 'Enter a new password' : passwordProblem(change.newPassword)
  if (weak) errors.push({ field: 'newPassword', message: weak })
  else if (await verifyPassword(user.passwordHash, change.newPassword)) errors.push({ field: 'newPassword', message: 'Your new password must be different from your current password' })
  if (!weak && change.confirmPassword !== change.newPassword) errors.push({ field: 'confirmPassword', message: 'Enter the same new password twice' })
  if (errors.length > 0) {
    ctx.audit.record({ action: 'auth.password.change-refused', outcome: 'denied', resourceType: 'user', resourceId: userId, details: { fields: errors.map((e) => e.field) } })
    throw new ValidationError(errors)
  }
  await ctx.tx.update(users).set({ passwordHash: await hashPassword(change.newPassword), passwordChangeRequired: false }).where(eq(users.id, userId))
  await ctx.tx.execute(sql`delete from sessions where user_id = ${userId} and token_hash <> ${keepTokenHash ?? ''}`)
  ctx.audit.record({ action: 'auth.password.changed', outcome: 'succeeded', resourceType: 'user', resourceId: userId, details: { required: user.passwordChangeRequired } })
}

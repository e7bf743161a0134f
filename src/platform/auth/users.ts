import { eq, sql } from 'drizzle-orm'
import { ROLE_PROFILES, type RoleProfile } from '../access/roles.ts'
import type { Ctx } from '../context/index.ts'
import { ValidationError } from '../errors.ts'
import { hashPassword, passwordProblem } from './passwords.ts'
import { userRoleProfiles, users } from './schema.ts'
import { destroyUserSessions } from './sessions.ts'

export type NewUser = {
  email: string
  displayName: string
  password: string
  roleProfiles: Array<{ roleProfile: string; teamId: string }>
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
    .values({ email, displayName: input.displayName.trim(), passwordHash: await hashPassword(input.password), createdAt: ctx.now })
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

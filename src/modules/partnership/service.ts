import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { agencies, apiTokens, sessions, teams, userRoleProfiles } from '../../platform/auth/schema.ts'
import { createUser, disableUser, enableUser } from '../../platform/auth/users.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { PARTNERSHIP, type PartnershipResource } from './policy.ts'
import {
  agencyNameTaken,
  findAgency,
  findTeamChoice,
  findUser,
  listAgencies,
  listTeamChoices,
  listTeamsOfAgency,
  listUsers,
  roleProfilesOf,
  teamNameTaken,
  type Agency,
  type RoleProfileRow,
  type Team,
  type TeamChoice,
  type UserRow,
} from './queries.ts'
import { isUuid, type AgencyInput, type RoleProfileInput, type TeamInput, type UserInput } from './schemas.ts'

function adminOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('partnership set-up acts for a signed-in user')
  return ctx.actor
}

function canManageAgencies(ctx: Ctx, resource: PartnershipResource = PARTNERSHIP): void {
  authorize(ctx, 'admin.agencies.manage', resource)
}

function canManageUsers(ctx: Ctx, resource: PartnershipResource = PARTNERSHIP): void {
  authorize(ctx, 'admin.users.manage', resource)
}

/** A malformed id is a missing record (and never reaches PostgreSQL as a bad uuid). */
function requireId(id: string): string {
  if (!isUuid(id)) throw new NotFoundError()
  return id
}

/** A concurrent insert can still hit the unique index after our check: PostgreSQL's unique_violation. */
function isUniqueViolation(error: unknown): boolean {
  const code = (e: unknown) => (typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined)
  return code(error) === '23505' || (typeof error === 'object' && error !== null && 'cause' in error && code((error as { cause: unknown }).cause) === '23505')
}

function isForeignKeyViolation(error: unknown): boolean {
  const code = (e: unknown) => (typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined)
  return code(error) === '23503' || (typeof error === 'object' && error !== null && 'cause' in error && code((error as { cause: unknown }).cause) === '23503')
}

const DUPLICATE_AGENCY = { field: 'name', message: 'An agency with this name already exists' }
const DUPLICATE_TEAM = { field: 'name', message: 'This agency already has a team with this name' }

// ---------------------------------------------------------------------------------------------------------------
// Agencies and teams
// ---------------------------------------------------------------------------------------------------------------

/** The landing page: the same function-level check as every other admin page, audited if denied. */
export function assertCanAdminister(ctx: Ctx): void {
  adminOf(ctx)
  canManageAgencies(ctx)
}

export async function agencyList(ctx: Ctx) {
  canManageAgencies(ctx)
  return listAgencies(ctx.tx)
}

export async function agencyDetails(ctx: Ctx, id: string): Promise<{ agency: Agency; teams: Array<Team & { memberCount: number }> }> {
  canManageAgencies(ctx, { resourceType: 'agency', resourceId: id })
  const agency = await findAgency(ctx.tx, requireId(id))
  if (!agency) throw new NotFoundError()
  return { agency, teams: await listTeamsOfAgency(ctx.tx, agency.id) }
}

function agencyValues(input: AgencyInput) {
  return {
    name: input.name,
    type: input.type,
    area: input.area ?? null,
    exploitationLeadName: input.exploitationLeadName,
    exploitationLeadEmail: input.exploitationLeadEmail,
  }
}

export async function createAgency(ctx: Ctx, input: AgencyInput): Promise<Agency> {
  canManageAgencies(ctx, { resourceType: 'agency' })
  if (await agencyNameTaken(ctx.tx, input.name)) throw new ValidationError([DUPLICATE_AGENCY])
  let agency: Agency | undefined
  try {
    ;[agency] = await ctx.tx
      .insert(agencies)
      .values({ ...agencyValues(input), createdAt: ctx.now })
      .returning()
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError([DUPLICATE_AGENCY])
    throw error
  }
  if (!agency) throw new Error('insert returned no agency')
  ctx.audit.record({ action: 'admin.agency.created', outcome: 'succeeded', resourceType: 'agency', resourceId: agency.id, details: { name: agency.name, type: agency.type } })
  return agency
}

export async function updateAgency(ctx: Ctx, id: string, input: AgencyInput): Promise<Agency> {
  canManageAgencies(ctx, { resourceType: 'agency', resourceId: id })
  const [current] = await ctx.tx
    .select()
    .from(agencies)
    .where(eq(agencies.id, requireId(id)))
    .for('update')
  if (!current) throw new NotFoundError()
  if (await agencyNameTaken(ctx.tx, input.name, id)) throw new ValidationError([DUPLICATE_AGENCY])
  const next = agencyValues(input)
  const changed = (Object.keys(next) as Array<keyof typeof next>).filter((k) => next[k] !== current[k])
  if (changed.length === 0) return current
  let updated: Agency | undefined
  try {
    ;[updated] = await ctx.tx.update(agencies).set(next).where(eq(agencies.id, id)).returning()
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError([DUPLICATE_AGENCY])
    throw error
  }
  if (!updated) throw new NotFoundError()
  // Field names and the organisation's own name, not the lead's contact details: the log is not a directory.
  ctx.audit.record({ action: 'admin.agency.updated', outcome: 'succeeded', resourceType: 'agency', resourceId: id, details: { fields: changed, name: updated.name } })
  return updated
}

export async function assertAgencyExists(ctx: Ctx, agencyId: string): Promise<Agency> {
  canManageAgencies(ctx, { resourceType: 'agency', resourceId: agencyId })
  const agency = await findAgency(ctx.tx, requireId(agencyId))
  if (!agency) throw new NotFoundError()
  return agency
}

export async function createTeam(ctx: Ctx, agencyId: string, input: TeamInput): Promise<Team> {
  canManageAgencies(ctx, { resourceType: 'team' })
  const agency = await findAgency(ctx.tx, requireId(agencyId))
  if (!agency) throw new NotFoundError()
  if (await teamNameTaken(ctx.tx, agency.id, input.name)) throw new ValidationError([DUPLICATE_TEAM])
  let team: Team | undefined
  try {
    ;[team] = await ctx.tx.insert(teams).values({ agencyId: agency.id, name: input.name, createdAt: ctx.now }).returning()
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError([DUPLICATE_TEAM])
    throw error
  }
  if (!team) throw new Error('insert returned no team')
  ctx.audit.record({ action: 'admin.team.created', outcome: 'succeeded', resourceType: 'team', resourceId: team.id, details: { agencyId: agency.id, name: team.name } })
  return team
}

// ---------------------------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------------------------

export type UserListItem = UserRow & { roleProfiles: RoleProfileRow[] }

export async function userList(ctx: Ctx, filter: { agencyId?: string | undefined }): Promise<{ users: UserListItem[]; agencies: Agency[]; agencyId?: string }> {
  canManageUsers(ctx)
  const all = await listAgencies(ctx.tx)
  // An unknown or malformed agency filter shows everyone rather than failing.
  const agencyId = filter.agencyId && isUuid(filter.agencyId) && all.some((a) => a.id === filter.agencyId) ? filter.agencyId : undefined
  return { users: await listUsers(ctx.tx, { agencyId }), agencies: all, ...(agencyId ? { agencyId } : {}) }
}

export async function teamChoices(ctx: Ctx): Promise<TeamChoice[]> {
  canManageUsers(ctx)
  return listTeamChoices(ctx.tx)
}

async function teamOrError(ctx: Ctx, teamId: string): Promise<TeamChoice> {
  const team = isUuid(teamId) ? await findTeamChoice(ctx.tx, teamId) : undefined
  if (!team) throw new ValidationError([{ field: 'teamId', message: 'Select a team' }])
  return team
}

/** 12 random bytes: a 16-character temporary password, shown to the administrator once and never stored in plain text. */
export function temporaryPassword(): string {
  return randomBytes(12).toString('base64url')
}

/**
 * Add a user with one role profile in one team. They sign in with the temporary password, enrol their
 * authenticator app (their TOTP secret is empty until then) and choose their own password at first sign-in. createUser records `admin.user.created`.
 */
export async function createPartnershipUser(ctx: Ctx, input: UserInput): Promise<{ user: UserRow; temporaryPassword: string; team: TeamChoice }> {
  canManageUsers(ctx, { resourceType: 'user' })
  const team = await teamOrError(ctx, input.teamId)
  const password = temporaryPassword()
  const created = await createUser(ctx, { email: input.email, displayName: input.displayName, password, roleProfiles: [{ roleProfile: input.roleProfile, teamId: team.id }], passwordChangeRequired: true })
  const user = await findUser(ctx.tx, created.id)
  if (!user) throw new Error('created user not found')
  return { user, temporaryPassword: password, team }
}

async function loadUser(ctx: Ctx, id: string): Promise<UserRow> {
  const user = await findUser(ctx.tx, requireId(id))
  if (!user) throw new NotFoundError()
  return user
}

/** A member of staff's details are personal data: opening them is an audit event. */
export async function userDetails(ctx: Ctx, id: string): Promise<{ user: UserRow; roleProfiles: RoleProfileRow[]; teams: TeamChoice[] }> {
  canManageUsers(ctx, { resourceType: 'user', resourceId: id })
  const user = await loadUser(ctx, id)
  const roleProfiles = await roleProfilesOf(ctx.tx, [user.id])
  ctx.audit.record({ action: 'admin.user.viewed', outcome: 'allowed', resourceType: 'user', resourceId: user.id, purpose: 'system administrator' })
  return { user, roleProfiles, teams: await listTeamChoices(ctx.tx) }
}

export async function addRoleProfile(ctx: Ctx, userId: string, input: RoleProfileInput): Promise<void> {
  canManageUsers(ctx, { resourceType: 'user', resourceId: userId })
  const user = await loadUser(ctx, userId)
  const team = await teamOrError(ctx, input.teamId)
  const existing = await roleProfilesOf(ctx.tx, [user.id])
  if (existing.some((p) => p.roleProfile === input.roleProfile && p.teamId === team.id)) {
    throw new ValidationError([{ field: 'roleProfile', message: 'The user already has this role profile in this team' }])
  }
  const position = existing.reduce((max, p) => Math.max(max, p.position), -1) + 1
  let added: { id: string } | undefined
  try {
    ;[added] = await ctx.tx.insert(userRoleProfiles).values({ userId: user.id, roleProfile: input.roleProfile, teamId: team.id, position }).returning({ id: userRoleProfiles.id })
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError([{ field: 'roleProfile', message: 'The user already has this role profile in this team' }])
    throw error
  }
  if (!added) throw new Error('insert returned no role profile')
  ctx.audit.record({
    action: 'admin.user.role-profile.added',
    outcome: 'succeeded',
    resourceType: 'user',
    resourceId: user.id,
    details: { userRoleProfileId: added.id, roleProfile: input.roleProfile, teamId: team.id, agencyId: team.agencyId },
  })
}

/**
 * Take a role profile away. A user keeps at least one; an administrator cannot remove the profile they are signed
 * in with. Sessions and API tokens acting in that profile end at once (they could not survive it anyway). A profile
 * that past records still point to (an emergency access grant, say) cannot be removed: disable the user instead.
 */
export async function removeRoleProfile(ctx: Ctx, userId: string, userRoleProfileId: string): Promise<void> {
  const actor = adminOf(ctx)
  canManageUsers(ctx, { resourceType: 'user', resourceId: userId })
  const user = await loadUser(ctx, userId)
  // Lock the user's profiles so two removals at once cannot leave them with none.
  await ctx.tx.select({ id: userRoleProfiles.id }).from(userRoleProfiles).where(eq(userRoleProfiles.userId, user.id)).for('update')
  const profiles = await roleProfilesOf(ctx.tx, [user.id])
  const profile = isUuid(userRoleProfileId) ? profiles.find((p) => p.id === userRoleProfileId) : undefined
  if (!profile) throw new NotFoundError()
  if (profiles.length <= 1) {
    throw new ValidationError([{ field: `remove-${profile.id}`, message: 'A user must have at least one role profile. Add another role profile before removing this one, or disable the user' }])
  }
  if (profile.id === actor.userRoleProfileId) {
    throw new ValidationError([{ field: `remove-${profile.id}`, message: 'You cannot remove the role profile you are signed in with' }])
  }
  const endedSessions = await ctx.tx.delete(sessions).where(eq(sessions.userRoleProfileId, profile.id)).returning({ userId: sessions.userId })
  const removedTokens = await ctx.tx.delete(apiTokens).where(and(eq(apiTokens.userRoleProfileId, profile.id), eq(apiTokens.userId, user.id))).returning({ id: apiTokens.id })
  try {
    await ctx.tx.delete(userRoleProfiles).where(and(eq(userRoleProfiles.id, profile.id), eq(userRoleProfiles.userId, user.id)))
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new ValidationError([{ field: `remove-${profile.id}`, message: 'This role profile is linked to past activity, such as emergency access, and cannot be removed. Disable the user instead' }])
    }
    throw error
  }
  ctx.audit.record({
    action: 'admin.user.role-profile.removed',
    outcome: 'succeeded',
    resourceType: 'user',
    resourceId: user.id,
    details: { userRoleProfileId: profile.id, roleProfile: profile.roleProfile, teamId: profile.teamId, agencyId: profile.agencyId, endedSessions: endedSessions.length, removedApiTokens: removedTokens.map((t) => t.id) },
  })
}

/** Disabling ends every session and token at once (disableUser); an administrator cannot disable themselves. */
export async function disablePartnershipUser(ctx: Ctx, userId: string): Promise<void> {
  const actor = adminOf(ctx)
  canManageUsers(ctx, { resourceType: 'user', resourceId: userId })
  const user = await loadUser(ctx, userId)
  if (user.id === actor.userId) throw new ValidationError([{ field: 'disable', message: 'You cannot disable your own account' }])
  if (user.disabledAt) return
  await disableUser(ctx, user.id)
}

export async function enablePartnershipUser(ctx: Ctx, userId: string): Promise<void> {
  canManageUsers(ctx, { resourceType: 'user', resourceId: userId })
  const user = await loadUser(ctx, userId)
  if (!user.disabledAt && !(user.lockedUntil && user.lockedUntil > ctx.now)) return
  await enableUser(ctx, user.id)
}

import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db/client.ts'
import { agencies, teams, userRoleProfiles, users } from '../../platform/auth/schema.ts'

export type Agency = typeof agencies.$inferSelect
export type Team = typeof teams.$inferSelect

export async function listAgencies(tx: Tx): Promise<Array<Agency & { teamCount: number }>> {
  const rows = await tx
    .select({ agency: agencies, teamCount: sql<number>`count(${teams.id})::int` })
    .from(agencies)
    .leftJoin(teams, eq(teams.agencyId, agencies.id))
    .groupBy(agencies.id)
    .orderBy(asc(agencies.name))
  return rows.map((r) => ({ ...r.agency, teamCount: Number(r.teamCount) }))
}

export async function findAgency(tx: Tx, id: string): Promise<Agency | undefined> {
  const [agency] = await tx.select().from(agencies).where(eq(agencies.id, id))
  return agency
}

/** Names are compared without regard to case or surrounding spaces: "Police (demo)" and "police (demo)" clash. */
export async function agencyNameTaken(tx: Tx, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(sql`lower(${agencies.name})`, name.toLowerCase()), exceptId ? ne(agencies.id, exceptId) : sql`true`))
    .limit(1)
  return Boolean(row)
}

export async function listTeamsOfAgency(tx: Tx, agencyId: string): Promise<Array<Team & { memberCount: number }>> {
  const rows = await tx
    .select({ team: teams, memberCount: sql<number>`count(distinct ${userRoleProfiles.userId})::int` })
    .from(teams)
    .leftJoin(userRoleProfiles, eq(userRoleProfiles.teamId, teams.id))
    .where(eq(teams.agencyId, agencyId))
    .groupBy(teams.id)
    .orderBy(asc(teams.name))
  return rows.map((r) => ({ ...r.team, memberCount: Number(r.memberCount) }))
}

export async function teamNameTaken(tx: Tx, agencyId: string, name: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.agencyId, agencyId), eq(sql`lower(${teams.name})`, name.toLowerCase())))
    .limit(1)
  return Boolean(row)
}

export type TeamChoice = { id: string; name: string; agencyId: string; agencyName: string }

/** Every team with its agency, for the "team" selects: agency by agency, team by team. */
export async function listTeamChoices(tx: Tx): Promise<TeamChoice[]> {
  return tx
    .select({ id: teams.id, name: teams.name, agencyId: agencies.id, agencyName: agencies.name })
    .from(teams)
    .innerJoin(agencies, eq(agencies.id, teams.agencyId))
    .orderBy(asc(agencies.name), asc(teams.name))
}

export async function findTeamChoice(tx: Tx, teamId: string): Promise<TeamChoice | undefined> {
  const [row] = await tx
    .select({ id: teams.id, name: teams.name, agencyId: agencies.id, agencyName: agencies.name })
    .from(teams)
    .innerJoin(agencies, eq(agencies.id, teams.agencyId))
    .where(eq(teams.id, teamId))
  return row
}

export type UserRow = {
  id: string
  email: string
  displayName: string
  disabledAt: Date | null
  lockedUntil: Date | null
  totpEnrolled: boolean
  createdAt: Date
}

export type RoleProfileRow = {
  id: string
  userId: string
  roleProfile: (typeof userRoleProfiles.$inferSelect)['roleProfile']
  position: number
  teamId: string
  teamName: string
  agencyId: string
  agencyName: string
}

const userColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  disabledAt: users.disabledAt,
  lockedUntil: users.lockedUntil,
  totpEnrolled: sql<boolean>`${users.totpSecret} is not null`,
  createdAt: users.createdAt,
}

/** Never the password hash or the TOTP secret: only whether the user has enrolled. */
export async function findUser(tx: Tx, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.select(userColumns).from(users).where(eq(users.id, id))
  return row
}

export async function roleProfilesOf(tx: Tx, userIds: readonly string[]): Promise<RoleProfileRow[]> {
  if (userIds.length === 0) return []
  return tx
    .select({
      id: userRoleProfiles.id,
      userId: userRoleProfiles.userId,
      roleProfile: userRoleProfiles.roleProfile,
      position: userRoleProfiles.position,
      teamId: teams.id,
      teamName: teams.name,
      agencyId: agencies.id,
      agencyName: agencies.name,
    })
    .from(userRoleProfiles)
    .innerJoin(teams, eq(teams.id, userRoleProfiles.teamId))
    .innerJoin(agencies, eq(agencies.id, teams.agencyId))
    .where(inArray(userRoleProfiles.userId, [...userIds]))
    .orderBy(asc(userRoleProfiles.position), asc(userRoleProfiles.roleProfile))
}

/** Users by name; with `agencyId`, only those holding a role profile in one of that agency's teams. */
export async function listUsers(tx: Tx, filter: { agencyId?: string | undefined }): Promise<Array<UserRow & { roleProfiles: RoleProfileRow[] }>> {
  const inAgency = filter.agencyId
    ? sql`exists (select 1 from ${userRoleProfiles} urp join ${teams} t on t.id = urp.team_id where urp.user_id = ${users.id} and t.agency_id = ${filter.agencyId})`
    : sql`true`
  const rows = await tx.select(userColumns).from(users).where(inAgency).orderBy(asc(users.displayName), asc(users.email))
  const profiles = await roleProfilesOf(
    tx,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({ ...r, roleProfiles: profiles.filter((p) => p.userId === r.id) }))
}

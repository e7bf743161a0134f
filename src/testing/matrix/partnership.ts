/**
 * Partnership set-up (`/admin`): agencies, teams, users and their role profiles. CONTRACTS.md §1: the system
 * administrator's work, and nobody else's ("agencies, teams, users, configuration; no case data"). Every other
 * role is refused as a function it never has (403); anonymous callers are sent to sign in.
 *
 * The cases act on throwaway agencies and users made for the purpose, never on the demo accounts the matrix
 * signs in with.
 */
import { randomUUID } from 'node:crypto'
import { agencies, teams, userRoleProfiles, users } from '../../platform/auth/schema.ts'
import type { CaseContext, MatrixEntry, RoleTable } from './types.ts'

export const SYSTEM_ADMIN_ONLY: RoleTable = {
  anonymous: 'sign-in',
  'system-admin':                     'allow',
  'information-governance-officer':   '403',
  'business-unit-officer':            '403',
  'mash-manager':                     '403',
  'mash-practitioner':                '403',
  'mash-agency-researcher':           '403',
  'social-worker':                    '403',
  'exploitation-lead':                '403',
  'police-missing-coordinator':       '403',
  'rhi-worker':                       '403',
  'designated-safeguarding-lead':     '403',
  'health-safeguarding-practitioner': '403',
  analyst:                            '403',
  'panel-chair':                      '403',
}

const unique = () => randomUUID().slice(0, 8)

/** A throwaway agency with one team, shared by the whole run. */
async function matrixAgency(ctx: CaseContext): Promise<{ agencyId: string; teamId: string; name: string }> {
  return ctx.memo('partnership.agency', async () => {
    const name = `Matrix agency (demo) ${unique()}`
    const [agency] = await ctx.db
      .insert(agencies)
      .values({ name, type: 'voluntary-sector', area: 'Matrix', exploitationLeadName: 'Matrix Lead', exploitationLeadEmail: 'lead@matrix.example.org' })
      .returning()
    if (!agency) throw new Error('no agency')
    const [team] = await ctx.db.insert(teams).values({ agencyId: agency.id, name: 'Matrix team' }).returning()
    if (!team) throw new Error('no team')
    return { agencyId: agency.id, teamId: team.id, name }
  })
}

/** A fresh user of the throwaway agency (with `profiles` role profiles), optionally disabled. */
async function throwawayUser(ctx: CaseContext, options: { profiles: number; disabled?: boolean }): Promise<{ userId: string; profileIds: string[] }> {
  const { teamId } = await matrixAgency(ctx)
  const [user] = await ctx.db
    .insert(users)
    .values({
      email: `matrix-${unique()}@matrix.example.org`,
      displayName: 'Matrix Throwaway',
      passwordHash: 'not-a-hash',
      ...(options.disabled ? { disabledAt: ctx.now() } : {}),
    })
    .returning()
  if (!user) throw new Error('no user')
  const roles = (['analyst', 'business-unit-officer'] as const).slice(0, options.profiles)
  const profiles = await ctx.db
    .insert(userRoleProfiles)
    .values(roles.map((roleProfile, position) => ({ userId: user.id, roleProfile, teamId, position })))
    .returning({ id: userRoleProfiles.id })
  return { userId: user.id, profileIds: profiles.map((p) => p.id) }
}

const agencyForm = (name: string) => ({
  name,
  type: 'voluntary-sector',
  area: 'Matrix',
  exploitationLeadName: 'Matrix Lead',
  exploitationLeadEmail: 'lead@matrix.example.org',
})

const agencyId = async (ctx: CaseContext) => ({ id: (await matrixAgency(ctx)).agencyId })

export const partnershipMatrix: MatrixEntry[] = [
  { route: 'GET /admin', actions: ['admin.agencies.manage'], kind: 'page', expect: SYSTEM_ADMIN_ONLY, why: 'CONTRACTS §1 admin' },
  { route: 'GET /admin/agencies', actions: ['admin.agencies.manage'], kind: 'page', expect: SYSTEM_ADMIN_ONLY, why: 'CONTRACTS §1 admin: agencies' },
  { route: 'GET /admin/agencies/new', actions: ['admin.agencies.manage'], kind: 'page', expect: SYSTEM_ADMIN_ONLY, why: 'CONTRACTS §1 admin: agencies' },
  {
    route: 'POST /admin/agencies',
    actions: ['admin.agencies.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: { body: () => agencyForm(`Matrix new agency (demo) ${unique()}`) },
    why: 'CONTRACTS §1 admin: agencies',
  },
  { route: 'GET /admin/agencies/:id', actions: ['admin.agencies.manage'], kind: 'page', expect: SYSTEM_ADMIN_ONLY, request: { params: agencyId }, why: 'CONTRACTS §1 admin: agencies' },
  { route: 'GET /admin/agencies/:id/edit', actions: ['admin.agencies.manage'], kind: 'page', expect: SYSTEM_ADMIN_ONLY, request: { params: agencyId }, why: 'CONTRACTS §1 admin: agencies' },
  {
    route: 'POST /admin/agencies/:id/edit',
    actions: ['admin.agencies.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: { params: agencyId, body: async (ctx) => agencyForm((await matrixAgency(ctx)).name) },
    why: 'CONTRACTS §1 admin: agencies',
  },
  { route: 'GET /admin/agencies/:id/teams/new', actions: ['admin.agencies.manage'], kind: 'page', expect: SYSTEM_ADMIN_ONLY, request: { params: agencyId }, why: 'CONTRACTS §1 admin: teams' },
  {
    route: 'POST /admin/agencies/:id/teams',
    actions: ['admin.agencies.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: { params: agencyId, body: () => ({ name: `Matrix team ${unique()}` }) },
    why: 'CONTRACTS §1 admin: teams',
  },
  { route: 'GET /admin/users', actions: ['admin.users.manage'], kind: 'page', expect: SYSTEM_ADMIN_ONLY, why: 'CONTRACTS §1 admin: users' },
  { route: 'GET /admin/users/new', actions: ['admin.users.manage'], kind: 'page', expect: SYSTEM_ADMIN_ONLY, why: 'CONTRACTS §1 admin: users' },
  {
    route: 'POST /admin/users',
    actions: ['admin.users.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: {
      body: async (ctx) => ({
        email: `matrix-new-${unique()}@matrix.example.org`,
        displayName: 'Matrix New User',
        roleProfile: 'analyst',
        teamId: (await matrixAgency(ctx)).teamId,
      }),
    },
    why: 'CONTRACTS §1 admin: users',
  },
  {
    route: 'GET /admin/users/:id',
    actions: ['admin.users.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: { params: async (ctx) => ({ id: (await throwawayUser(ctx, { profiles: 1 })).userId }) },
    why: 'CONTRACTS §1 admin: users',
  },
  {
    route: 'POST /admin/users/:id/role-profiles',
    actions: ['admin.users.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: {
      params: async (ctx) => ({ id: (await throwawayUser(ctx, { profiles: 1 })).userId }),
      body: async (ctx) => ({ roleProfile: 'panel-chair', teamId: (await matrixAgency(ctx)).teamId }),
    },
    why: 'CONTRACTS §1 admin: users',
  },
  {
    route: 'POST /admin/users/:id/role-profiles/:rpId/remove',
    actions: ['admin.users.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: {
      params: async (ctx) => {
        const { userId, profileIds } = await throwawayUser(ctx, { profiles: 2 })
        return { id: userId, rpId: profileIds[1] as string }
      },
    },
    why: 'CONTRACTS §1 admin: users',
  },
  {
    route: 'POST /admin/users/:id/disable',
    actions: ['admin.users.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: { params: async (ctx) => ({ id: (await throwawayUser(ctx, { profiles: 1 })).userId }) },
    why: 'CONTRACTS §1 admin: users',
  },
  {
    route: 'POST /admin/users/:id/enable',
    actions: ['admin.users.manage'],
    kind: 'page',
    expect: SYSTEM_ADMIN_ONLY,
    request: { params: async (ctx) => ({ id: (await throwawayUser(ctx, { profiles: 1, disabled: true })).userId }) },
    why: 'CONTRACTS §1 admin: users',
  },
]


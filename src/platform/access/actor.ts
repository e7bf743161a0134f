import type { AgencyType, RoleProfile } from './roles.ts'

/**
 * Who is acting: a user in the one role profile they chose at sign-in (or that their API token carries), or the
 * system itself (CLI, demo seed, migrations). Services receive it in `ctx.actor`, never a request.
 */
export type UserActor = {
  kind: 'user'
  userId: string
  email: string
  displayName: string
  userRoleProfileId: string
  roleProfile: RoleProfile
  teamId: string
  teamName: string
  agencyId: string
  agencyName: string
  agencyType: AgencyType
  via: 'session' | 'api-token'
}

export type SystemActor = {
  kind: 'system'
  /** What is acting, e.g. "cli" or "demo-seed", for the audit row. */
  label: string
  /** Set when a user acts before they have a role profile (the sign-in steps), so their audit rows name them. */
  userId?: string
}

export type Actor = UserActor | SystemActor

export function systemActor(label: string): SystemActor {
  return { kind: 'system', label }
}

export function isUser(actor: Actor): actor is UserActor {
  return actor.kind === 'user'
}

import { allow, forbid, registerPolicies, type Decision } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'

/**
 * What the partnership set-up pages act on. None of it is about a child: the system administrator manages
 * agencies, teams, users and configuration, and never case data (CONTRACTS.md §1).
 */
export type PartnershipResource = { resourceType: 'partnership' | 'agency' | 'team' | 'user' | 'user-role-profile'; resourceId?: string }

export const PARTNERSHIP: PartnershipResource = { resourceType: 'partnership' }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'admin.agencies.manage': PartnershipResource
    'admin.users.manage': PartnershipResource
  }
}

/** Only the system administrator; for everyone else it is a function the role never has (403, not 404). */
export function systemAdminOnly(actor: UserActor): Decision {
  return actor.roleProfile === 'system-admin' ? allow('system administrator') : forbid('not a system administrator')
}

export function registerPartnershipPolicies(): void {
  registerPolicies({
    'admin.agencies.manage': systemAdminOnly,
    'admin.users.manage': systemAdminOnly,
  })
}

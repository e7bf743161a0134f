import { allow, forbid, registerPolicies } from '../../../platform/access/engine.ts'
import { INSIGHT_ROLES } from '../policy.ts'

/** The problem profile is aggregates about the partnership, not a record: the resource names the function only. */
export type ProfileResource = { resourceType: 'insight-profile' }
export const PROFILE_RESOURCE: ProfileResource = { resourceType: 'insight-profile' }

declare module '../../../platform/access/engine.ts' {
  interface PolicyResources {
    /** The problem profile: incidence by agency, data consistency, core-risk prevalence (aggregates only). */
    'insight.profile.view': ProfileResource
  }
}

/** The indicators' readers (analyst, business unit, exploitation lead) read the profile; for others it does not exist. */
export function registerProfilePolicies(): void {
  registerPolicies({
    'insight.profile.view': (actor) => (INSIGHT_ROLES.includes(actor.roleProfile) ? allow(`${actor.roleProfile}: problem profile (aggregates)`) : forbid('not a reader of the problem profile')),
  })
}

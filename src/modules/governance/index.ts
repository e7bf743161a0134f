import { CASEWORK_ROLES } from '../../platform/access/roles.ts'
import type { LanternModule } from '../../platform/http/module.ts'
import { GOVERNANCE_ROLE, registerGovernancePolicies } from './policy.ts'
import { registerGovernancePages } from './routes.ts'

/**
 * Information governance: the audit viewer, break-glass reviews and record protection for the IG officer, and
 * every user's own access notifications (`/notifications`, e.g. "X used emergency access").
 */
export const governanceModule: LanternModule = {
  name: 'governance',
  registerPolicies: registerGovernancePolicies,
  navigation: [
    { href: '/governance', text: 'Information governance', roles: [GOVERNANCE_ROLE] },
    { href: '/notifications', text: 'Notifications', roles: [...CASEWORK_ROLES, GOVERNANCE_ROLE] },
  ],
  routes: async (app, deps) => {
    await registerGovernancePages(app, deps)
  },
}

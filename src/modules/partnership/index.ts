import type { LanternModule } from '../../platform/http/module.ts'
import { registerPartnershipPolicies } from './policy.ts'
import { registerPartnershipPages } from './routes.ts'

/**
 * Partnership set-up for the system administrator: agencies (with their named exploitation lead, seed §4), teams,
 * users and their role profiles. No case data, and no route here reads any.
 */
export const partnershipModule: LanternModule = {
  name: 'partnership',
  registerPolicies: registerPartnershipPolicies,
  navigation: [{ href: '/admin', text: 'Partnership set-up', roles: ['system-admin'] }],
  routes: async (app, deps) => {
    await registerPartnershipPages(app, deps)
  },
}

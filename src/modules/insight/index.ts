import type { LanternModule } from '../../platform/http/module.ts'
import { registerInsightApi } from './api.ts'
import { INSIGHT_ROLES, registerInsightPolicies } from './policy.ts'
import { registerInsightPages } from './routes.ts'
import { registerInsightSharingPolicies, registerInsightSharingRoutes } from './sharing/index.ts'
import { registerInsightHotspotsPolicies, registerInsightHotspotsRoutes } from './hotspots/index.ts'
import { registerInsightProfilePolicies, registerInsightProfileRoutes } from './profile/index.ts'
import { registerInsightCohortPolicies, registerInsightCohortRoutes } from './cohort/index.ts'
import { RELATIONSHIP_ROLES } from './cohort/rules.ts'
import { registerInsightReportPolicies, registerInsightReportRoutes } from './report/index.ts'

/**
 * Insight (issue 7, ADR 0017): the Section-10 indicators of the performance framework, as aggregates computed in
 * SQL over the contacts, missing episodes and return interviews; a page with the 8-quarter trend and the API.
 */
export const insightModule: LanternModule = {
  name: 'insight',
  registerPolicies: () => {
    registerInsightPolicies()
    registerInsightSharingPolicies()
    registerInsightHotspotsPolicies()
    registerInsightProfilePolicies()
    registerInsightCohortPolicies()
    registerInsightReportPolicies()
  },
  navigation: [
    { href: '/insight', text: 'Indicators', roles: INSIGHT_ROLES },
    // Practitioners reach only their own children among the young people most at risk (no other insight page).
    { href: '/insight/young-people', text: 'Most at risk', roles: RELATIONSHIP_ROLES },
  ],
  routes: async (app, deps) => {
    await registerInsightPages(app, deps)
    await registerInsightApi(app)
    await registerInsightSharingRoutes(app, deps)
    await registerInsightHotspotsRoutes(app, deps)
    await registerInsightProfileRoutes(app, deps)
    await registerInsightCohortRoutes(app, deps)
    await registerInsightReportRoutes(app, deps)
  },
}

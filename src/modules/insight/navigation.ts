import type { RoleProfile } from '../../platform/access/roles.ts'

/** The insight pages, in the order of the sub-navigation (issue 7). */
export type InsightPage = 'indicators' | 'profile' | 'hotspots' | 'cohort' | 'report' | 'neighbours'

const PAGES: ReadonlyArray<{ page: InsightPage; text: string; href: string; roles?: readonly RoleProfile[] }> = [
  { page: 'indicators', text: 'Indicators', href: '/insight' },
  { page: 'profile', text: 'Problem profile', href: '/insight/profile' },
  { page: 'hotspots', text: 'Hotspots', href: '/insight/hotspots' },
  // Identifiable (or pseudonymised for the analyst): not for the business unit, who see aggregates only.
  { page: 'cohort', text: 'Young people most at risk', href: '/insight/young-people', roles: ['exploitation-lead', 'analyst'] },
  { page: 'report', text: 'Board report', href: '/insight/board-reports' },
  { page: 'neighbours', text: 'Neighbour comparison', href: '/insight/neighbours' },
]

/**
 * The MOJ sub-navigation shared by every insight page (render with `{% include "insight/views/_subnav.njk" %}` and
 * pass `subNavigation: insightSubNavigation('hotspots', actor.roleProfile)` to the view). Items a role cannot use are
 * left out so the list never leads to a 403.
 */
export function insightSubNavigation(current: InsightPage, role: RoleProfile) {
  return PAGES.filter((p) => !p.roles || p.roles.includes(role)).map((p) => ({ text: p.text, href: p.href, active: p.page === current }))
}

import { allow, forbid, registerPolicies } from '../../../platform/access/engine.ts'
import { INSIGHT_ROLES } from '../policy.ts'

/** Hotspots are aggregates over places, not a record: the resource names the function only. */
export type HotspotsResource = { resourceType: 'insight-hotspots' }
export const HOTSPOTS_RESOURCE: HotspotsResource = { resourceType: 'insight-hotspots' }

declare module '../../../platform/access/engine.ts' {
  interface PolicyResources {
    /** Places where children are found, go missing to, or where concerns arise (counts only, no names). */
    'insight.hotspots.view': HotspotsResource
  }
}

/** The readers of the indicators read the hotspots (issue 7 point 2): the analyst, the business unit, the exploitation lead. */
export function registerHotspotsPolicies(): void {
  registerPolicies({
    'insight.hotspots.view': (actor) => (INSIGHT_ROLES.includes(actor.roleProfile) ? allow(`${actor.roleProfile}: hotspots (aggregates over places)`) : forbid('not a reader of the partnership hotspots')),
  })
}

import { allow, forbid, registerPolicies } from '../../../platform/access/engine.ts'
import type { RoleProfile } from '../../../platform/access/roles.ts'
import { INSIGHT_ROLES } from '../policy.ts'

export type NeighbourResource = { resourceType: 'insight-neighbour-dataset'; resourceId?: string }
export const SHAREABLE_RESOURCE = { resourceType: 'insight-shareable-indicators' } as const
export type ShareableResource = typeof SHAREABLE_RESOURCE

declare module '../../../platform/access/engine.ts' {
  interface PolicyResources {
    /** Our indicators with disclosure control applied, to send to a neighbouring partnership. */
    'insight.sharing.export': ShareableResource
    /** The neighbours' uploaded exports and the side-by-side comparison. */
    'insight.sharing.view': NeighbourResource
    /** Upload or remove a neighbour's export. */
    'insight.sharing.manage': NeighbourResource
  }
}

/**
 * Uploading and removing a neighbour's figures is data stewardship of what the partnership holds about other areas:
 * the business unit (who keeps the partnership's sharing agreements) and the analyst (who does the comparison
 * work). The exploitation lead reads the comparison but does not manage the files.
 */
export const NEIGHBOUR_MANAGERS: readonly RoleProfile[] = ['business-unit-officer', 'analyst']

export function registerSharingPolicies(): void {
  const readers = (what: string) => (actor: { roleProfile: RoleProfile }) => (INSIGHT_ROLES.includes(actor.roleProfile) ? allow(`${actor.roleProfile}: ${what} (aggregates)`) : forbid(`not a reader of the partnership indicators`))
  registerPolicies({
    'insight.sharing.export': readers('shareable indicators for neighbouring partnerships'),
    'insight.sharing.view': readers('comparison with neighbouring partnerships'),
    'insight.sharing.manage': (actor) => (NEIGHBOUR_MANAGERS.includes(actor.roleProfile) ? allow(`${actor.roleProfile}: neighbouring partnerships' exports`) : forbid('not a manager of neighbouring partnerships’ exports')),
  })
}

import { allow, forbid, registerPolicies } from '../../platform/access/engine.ts'
import type { RoleProfile } from '../../platform/access/roles.ts'

/** The indicators are aggregates, not a record: the resource names the function only. */
export type InsightResource = { resourceType: 'insight-indicators' }
export const INDICATORS_RESOURCE: InsightResource = { resourceType: 'insight-indicators' }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    /** The Section-10 indicators and their trend (aggregates only, no names). */
    'insight.indicators.view': InsightResource
  }
}

/**
 * Who reads the indicators (CONTRACTS.md §1, issue 7 point 7): the analyst and the business unit (aggregates), and
 * the exploitation lead. For every other role the function does not exist: 403, which says nothing about a child.
 */
export const INSIGHT_ROLES: readonly RoleProfile[] = ['analyst', 'business-unit-officer', 'exploitation-lead']

export function registerInsightPolicies(): void {
  registerPolicies({
    'insight.indicators.view': (actor) => (INSIGHT_ROLES.includes(actor.roleProfile) ? allow(`${actor.roleProfile}: partnership indicators (aggregates)`) : forbid('not a reader of the partnership indicators')),
  })
}

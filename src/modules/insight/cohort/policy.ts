import { allow, forbid, registerPolicies } from '../../../platform/access/engine.ts'
import { cohortViewOf } from './rules.ts'

/** The cohort list as a function; which children each role sees is decided per child (rules.ts `listed`). */
export type CohortResource = { resourceType: 'insight-cohort' }
export const COHORT_RESOURCE: CohortResource = { resourceType: 'insight-cohort' }

declare module '../../../platform/access/engine.ts' {
  interface PolicyResources {
    /** Young people most at risk: named (exploitation lead), pseudonymised (analyst), own children (practitioners). */
    'insight.cohort.view': CohortResource
    /** The analyst's "Open record" on a pseudonym; opening the child then needs what `people.view` needs. */
    'insight.cohort.drill-down': CohortResource
  }
}

export function registerCohortPolicies(): void {
  registerPolicies({
    'insight.cohort.view': (actor) => {
      const view = cohortViewOf(actor.roleProfile)
      if (view === 'named') return allow('exploitation lead: young people most at risk')
      if (view === 'pseudonymised') return allow('analyst: young people most at risk, pseudonymised')
      if (view === 'relationships') return allow(`${actor.roleProfile}: young people most at risk they work with`)
      // The business unit sees aggregates only; the list is identifiable (issue 7 point 2).
      return forbid('not a reader of the young people most at risk')
    },
    'insight.cohort.drill-down': (actor) =>
      cohortViewOf(actor.roleProfile) === 'pseudonymised' ? allow('analyst: drill-down from a pseudonym') : forbid('only pseudonymised lists have a drill-down'),
  })
}

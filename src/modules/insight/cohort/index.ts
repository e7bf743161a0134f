import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { registerCohortPolicies } from './policy.ts'
import { registerCohortPages } from './routes.ts'

/** Issue 7: routes of the insight cohort part (young people most at risk). Wired by ../index.ts. */
export async function registerInsightCohortRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerCohortPages(app, deps)
}

/** The policies of the insight cohort part. Wired by ../index.ts. */
export function registerInsightCohortPolicies(): void {
  registerCohortPolicies()
}

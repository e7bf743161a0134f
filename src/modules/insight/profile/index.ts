import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { registerProfilePolicies } from './policy.ts'
import { registerProfileRoutes } from './routes.ts'

/** Issue 7: routes of the insight profile part (the problem profile page and its downloads). Wired by ../index.ts. */
export async function registerInsightProfileRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerProfileRoutes(app, deps)
}

/** The policies of the insight profile part. Wired by ../index.ts. */
export function registerInsightProfilePolicies(): void {
  registerProfilePolicies()
}

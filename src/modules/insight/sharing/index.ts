import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { registerSharingApi } from './api.ts'
import { registerSharingPolicies } from './policy.ts'
import { registerSharingRoutes } from './routes.ts'

/** Issue 7 point 5: sharing aggregates with neighbouring partnerships (pages and API). Wired by ../index.ts. */
export async function registerInsightSharingRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerSharingRoutes(app, deps)
  await registerSharingApi(app)
}

/** The policies of the insight sharing part. Wired by ../index.ts. */
export function registerInsightSharingPolicies(): void {
  registerSharingPolicies()
}

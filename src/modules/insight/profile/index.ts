import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'

/** Issue 7: routes of the insight profile part (pages and API). Wired by ../index.ts. */
export async function registerInsightProfileRoutes(_app: FastifyInstance, _deps: ModuleDeps): Promise<void> {}

/** The policies of the insight profile part. Wired by ../index.ts. */
export function registerInsightProfilePolicies(): void {}

import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'

/** Issue 7: routes of the insight sharing part (pages and API). Wired by ../index.ts. */
export async function registerInsightSharingRoutes(_app: FastifyInstance, _deps: ModuleDeps): Promise<void> {}

/** The policies of the insight sharing part. Wired by ../index.ts. */
export function registerInsightSharingPolicies(): void {}

import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'

/** Issue 7: routes of the insight cohort part (pages and API). Wired by ../index.ts. */
export async function registerInsightCohortRoutes(_app: FastifyInstance, _deps: ModuleDeps): Promise<void> {}

/** The policies of the insight cohort part. Wired by ../index.ts. */
export function registerInsightCohortPolicies(): void {}

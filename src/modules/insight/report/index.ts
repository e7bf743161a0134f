import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'

/** Issue 7: routes of the insight report part (pages and API). Wired by ../index.ts. */
export async function registerInsightReportRoutes(_app: FastifyInstance, _deps: ModuleDeps): Promise<void> {}

/** The policies of the insight report part. Wired by ../index.ts. */
export function registerInsightReportPolicies(): void {}

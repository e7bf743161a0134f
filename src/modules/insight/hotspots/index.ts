import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'

/** Issue 7: routes of the insight hotspots part (pages and API). Wired by ../index.ts. */
export async function registerInsightHotspotsRoutes(_app: FastifyInstance, _deps: ModuleDeps): Promise<void> {}

/** The policies of the insight hotspots part. Wired by ../index.ts. */
export function registerInsightHotspotsPolicies(): void {}

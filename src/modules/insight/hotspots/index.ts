import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { registerHotspotsAssets } from './assets.ts'
import { registerHotspotsPolicies } from './policy.ts'
import { registerHotspotsApi, registerHotspotsPage } from './routes.ts'

/** Issue 7 point 2: the hotspots page (table, chart, map), its downloads, its API and the map's own assets. */
export async function registerInsightHotspotsRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerHotspotsPage(app, deps)
  await registerHotspotsApi(app)
  await registerHotspotsAssets(app)
}

/** The policies of the insight hotspots part. Wired by ../index.ts. */
export function registerInsightHotspotsPolicies(): void {
  registerHotspotsPolicies()
}

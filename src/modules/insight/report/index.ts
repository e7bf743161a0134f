import type { FastifyInstance } from 'fastify'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { registerBoardReportPolicies } from './policy.ts'
import { registerBoardReportRoutes } from './routes.ts'

/** Issue 7 point 4: the quarterly board report (the Strategic Group's pack). Wired by ../index.ts. */
export async function registerInsightReportRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerBoardReportRoutes(app, deps)
}

/** The policies of the board report: view, build, comment. Wired by ../index.ts. */
export function registerInsightReportPolicies(): void {
  registerBoardReportPolicies()
}

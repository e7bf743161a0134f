import type { LanternModule } from '../../platform/http/module.ts'
import { registerChronologyPolicies } from './policy.ts'
import { registerChronologyRoutes } from './routes.ts'

/**
 * A child's chronology across agencies (ADR 0015). It owns no data: it reads every module's `chronology` source
 * through the people module's extension point, so the people module never imports the modules that feed it.
 */
export const chronologyModule: LanternModule = {
  name: 'chronology',
  registerPolicies: registerChronologyPolicies,
  routes: async (app) => {
    await registerChronologyRoutes(app)
  },
}

export { childChronology, type Chronology } from './service.ts'

import type { LanternModule } from '../../platform/http/module.ts'
import type { PersonExtension } from '../people/index.ts'
import { registerCuratedRoutes } from './curated-routes.ts'
import { chronologyPersonExtension } from './extensions.ts'
import { registerChronologyPolicies } from './policy.ts'
import { registerChronologyRoutes } from './routes.ts'

/**
 * A child's chronology across agencies (ADR 0015). It reads every module's `chronology` source through the people
 * module's extension point, so the people module never imports the modules that feed it. It owns one kind of
 * data: curated chronologies (a worker's selection of entries, by reference) and their PDF export.
 */
export const chronologyModule: LanternModule & { personExtensions: readonly PersonExtension[] } = {
  name: 'chronology',
  registerPolicies: registerChronologyPolicies,
  personExtensions: [chronologyPersonExtension],
  routes: async (app) => {
    await registerChronologyRoutes(app)
    await registerCuratedRoutes(app)
  },
}

export { childChronology, type Chronology } from './service.ts'

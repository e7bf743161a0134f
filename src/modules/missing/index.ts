import type { LanternModule } from '../../platform/http/module.ts'
import { systemActor } from '../../platform/access/actor.ts'
import { runWork } from '../../platform/context/index.ts'
import type { PersonExtension } from '../people/index.ts'
import { registerMissingApi } from './api.ts'
import { missingPersonExtension } from './extensions.ts'
import { MISSING_WORK_ROLES, registerMissingPolicies, STATUTORY_ROLES } from './policy.ts'
import { registerReturnInterviewPages } from './rhi-routes.ts'
import { registerMissingPages } from './routes.ts'
import { registerStatutoryPages } from './statutory-routes.ts'
import { registerMissingSettingsPages } from './settings-routes.ts'
import { sweepDurationAlerts } from './triggers.ts'

/** How often the server looks for open episodes that have crossed a duration rule (e.g. missing from care 24 h). */
const SWEEP_MS = 5 * 60_000

/** Missing children: episodes, returns, police risk grades, return home interviews; raises alerts by trigger rules. */
export const missingModule: LanternModule & { personExtensions: readonly PersonExtension[] } = {
  name: 'missing',
  registerPolicies: registerMissingPolicies,
  personExtensions: [missingPersonExtension],
  navigation: [
    { href: '/missing', text: 'Missing children', roles: MISSING_WORK_ROLES },
    { href: '/missing/statutory', text: 'Missing: statutory returns', roles: STATUTORY_ROLES },
    { href: '/admin/missing-settings', text: 'Missing settings', roles: ['system-admin'] },
  ],
  routes: async (app, deps) => {
    await registerMissingPages(app, deps)
    await registerReturnInterviewPages(app, deps)
    await registerMissingApi(app)
    await registerStatutoryPages(app, deps)
    await registerMissingSettingsPages(app)
    // Time alone makes an open episode cross "missing from care over 24 hours": a sweep as the system notices it.
    // Not in tests (NODE_ENV=test or the test clock): they call sweepDurationAlerts with the clock they move.
    let timer: NodeJS.Timeout | undefined
    app.addHook('onReady', async () => {
      if (process.env.VITEST) return
      timer = setInterval(() => {
        runWork(deps.platform, systemActor('missing-sweep'), 'missing-sweep', (ctx) => sweepDurationAlerts(ctx)).catch((error: unknown) => app.log.error({ err: error }, 'missing-episode alert sweep failed'))
      }, SWEEP_MS)
      timer.unref()
    })
    app.addHook('onClose', async () => clearInterval(timer))
  },
}

export { sweepDurationAlerts } from './triggers.ts'
export { rhiDueBy, durationMinutes } from './rules.ts'

import type { LanternModule } from '../../platform/http/module.ts'
import { registerAccountApi } from './api.ts'
import { registerAccountPages } from './routes.ts'

/** The user's own account: details, API tokens, sign out everywhere; `GET /api/v1/me`. */
export const accountModule: LanternModule = {
  name: 'account',
  routes: async (app) => {
    await registerAccountPages(app)
    await registerAccountApi(app)
  },
}

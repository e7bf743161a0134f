import type { LanternModule } from '../../platform/http/module.ts'
import type { PersonExtension } from '../people/index.ts'
import { registerEducationApi } from './api.ts'
import { educationPersonExtension } from './extensions.ts'
import { CME_ROLES, registerEducationPolicies } from './policy.ts'
import { registerEducationPages } from './routes.ts'

/** Children missing education (issue 5 point 4, ADR 0016): record, track with an enquiries log, close with a reason. */
export const educationModule: LanternModule & { personExtensions: readonly PersonExtension[] } = {
  name: 'education',
  registerPolicies: registerEducationPolicies,
  personExtensions: [educationPersonExtension],
  navigation: [{ href: '/children-missing-education', text: 'Missing education', roles: CME_ROLES }],
  routes: async (app, deps) => {
    await registerEducationPages(app, deps)
    await registerEducationApi(app, deps)
  },
}

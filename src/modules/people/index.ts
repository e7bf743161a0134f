import type { LanternModule } from '../../platform/http/module.ts'
import { SEARCHING_ROLES } from '../../platform/access/roles.ts'
import { registerPeopleApi } from './api.ts'
import { registerPeoplePolicies } from './policy.ts'
import { registerPeoplePages } from './routes.ts'
import { registerEntryPages } from './entry-routes.ts'
import { registerEntryApi } from './entry-api.ts'

/** The people module: a person's core record and the person index (names, identifiers, addresses, contact details, relationships), "is this child known?", break-glass. */
export const peopleModule: LanternModule = {
  name: 'people',
  registerPolicies: registerPeoplePolicies,
  navigation: [{ href: '/people', text: 'Find a person', roles: SEARCHING_ROLES }],
  routes: async (app, deps) => {
    await registerPeoplePages(app, deps)
    await registerEntryPages(app)
    await registerPeopleApi(app)
    await registerEntryApi(app)
  },
}

export { findPerson, type Person } from './queries.ts'
export { fullName } from './presenters.ts'
export { registerPersonExtension, repointColumn, restoreColumn, type MergeBlock, type MergePair, type PersonExtension } from './extensions.ts'

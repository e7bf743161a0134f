import type { LanternModule } from '../../platform/http/module.ts'
import { SEARCHING_ROLES } from '../../platform/access/roles.ts'
import { registerPeopleApi } from './api.ts'
import { registerPeoplePolicies } from './policy.ts'
import { registerPeoplePages } from './routes.ts'
import { registerEntryPages } from './entry-routes.ts'
import { registerEntryApi } from './entry-api.ts'
import type { PersonExtension } from './extensions.ts'
import { registerMergeApi } from './merge-api.ts'
import { DUPLICATE_ROLES } from './merge-policy.ts'
import { peopleMergeExtension } from './merge-repoint.ts'
import { registerMergePages } from './merge-routes.ts'
import { registerImportPages } from './import-routes.ts'
import { registerImportApi } from './import-api.ts'
import { IMPORTING_ROLES } from './import-policy.ts'

/** The people module: a person's core record and the person index (names, identifiers, addresses, contact details, relationships), "is this child known?", break-glass. */
export const peopleModule: LanternModule & { personExtensions: readonly PersonExtension[] } = {
  name: 'people',
  registerPolicies: registerPeoplePolicies,
  navigation: [
    { href: '/people', text: 'Find a person', roles: SEARCHING_ROLES },
    { href: '/people/duplicates', text: 'Duplicates', roles: DUPLICATE_ROLES },
    { href: '/people/imports', text: 'Imports', roles: IMPORTING_ROLES },
  ],
  // Its own merge re-pointing first: merges run extensions in order, unmerges in reverse (ADR 0009).
  personExtensions: [peopleMergeExtension],
  routes: async (app, deps) => {
    await registerPeoplePages(app, deps)
    await registerEntryPages(app)
    await registerPeopleApi(app)
    await registerEntryApi(app)
    await registerMergePages(app)
    await registerMergeApi(app)
    await registerImportPages(app, deps)
    await registerImportApi(app, deps)
  },
}

export { findPerson, type Person } from './queries.ts'
export { fullName } from './presenters.ts'
export {
  personExtensions,
  registerPersonExtension,
  repointColumn,
  restoreColumn,
  type ChronologyItem,
  type ChronologyReader,
  type MergeBlock,
  type MergePair,
  type PersonBadge,
  type PersonExtension,
} from './extensions.ts'
export { isRealDate, isValidPostcode, normalisePostcode } from './rules.ts'
/** The UK postcode field (shape check, normalised "PE1 2AB"), so every form words its error alike. */
export { postcode as postcodeField } from './fields.ts'
export { viewPerson as personViewDecision } from './policy.ts'
export { searchPeople, type SearchResult } from './service.ts'
export { createPerson, type CreateOutcome } from './service.ts'
export type { CreatePersonInput } from './schemas.ts'
export { presentSearchResultPage } from './presenters.ts'

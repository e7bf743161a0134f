import type { LanternModule } from '../../platform/http/module.ts'
import type { PersonExtension } from '../people/index.ts'
import { registerContactsApi } from './api.ts'
import { registerAttachmentPages } from './attachment-routes.ts'
import { contactsPersonExtension } from './extensions.ts'
import { DESK_ROLES, MASH_ROLES, REPORTING_ROLES, registerContactPolicies } from './policy.ts'
import { registerResearchApi } from './research-api.ts'
import { registerResearchPages } from './research-routes.ts'
import { registerReportPages } from './report-routes.ts'
import { registerContactPages } from './routes.ts'
import { registerContactSettingsPages } from './settings-routes.ts'

/** The MASH front door: contacts from every agency, triage (RAG, allocation, linking), decisions (ADR 0011). */
export const contactsModule: LanternModule & { personExtensions: readonly PersonExtension[] } = {
  name: 'contacts',
  registerPolicies: registerContactPolicies,
  personExtensions: [contactsPersonExtension],
  navigation: [
    { href: '/contacts', text: 'MASH contacts', roles: MASH_ROLES },
    { href: '/contacts/mine', text: 'My contacts', roles: REPORTING_ROLES.filter((r) => !MASH_ROLES.includes(r)) },
    { href: '/report-a-concern', text: 'Report a concern', roles: REPORTING_ROLES.filter((r) => !MASH_ROLES.includes(r)) },
    { href: '/research-requests', text: 'Research requests', roles: DESK_ROLES },
    { href: '/admin/contact-settings', text: 'MASH timescales', roles: ['system-admin', 'mash-manager'] },
  ],
  routes: async (app) => {
    await registerContactPages(app)
    await registerReportPages(app)
    await registerContactsApi(app)
    await registerResearchPages(app)
    await registerResearchApi(app)
    await registerAttachmentPages(app)
    await registerContactSettingsPages(app)
  },
}

export { CONCERN_TYPES, DECISION_OUTCOMES, REFERRAL_SOURCES, type ConcernType, type DecisionOutcome } from './schema.ts'
export { EXPLOITATION_CONCERNS, CIN_FACTOR_CODES } from './rules.ts'

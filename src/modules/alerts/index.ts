import type { LanternModule } from '../../platform/http/module.ts'
import { CASEWORK_ROLES } from '../../platform/access/roles.ts'
import { registerAlertsApi } from './api.ts'
import { registerAlertPolicies } from './policy.ts'
import { registerAlertsPages } from './routes.ts'
import { registerAlertRulePages } from './rules-routes.ts'
import { alertsPersonExtension } from './extensions.ts'
import type { PersonExtension } from '../people/index.ts'

/** Alerts about a child for a role (repeat missing, high-risk missing, …), raised by other modules' trigger rules. */
export const alertsModule: LanternModule & { personExtensions: readonly PersonExtension[] } = {
  name: 'alerts',
  personExtensions: [alertsPersonExtension],
  registerPolicies: registerAlertPolicies,
  navigation: [
    { href: '/alerts', text: 'Alerts', roles: CASEWORK_ROLES },
    { href: '/admin/alert-rules', text: 'Alert rules', roles: ['system-admin'] },
  ],
  routes: async (app) => {
    await registerAlertsPages(app)
    await registerAlertRulePages(app)
    await registerAlertsApi(app)
  },
}

export { raiseAlert, alertAlreadyRaised, loadAlertRules, type Alert, type RaiseAlert } from './service.ts'
export { type AlertRule, DEFAULT_ALERT_RULES, ALERT_RELATIONSHIP_DAYS } from './rules.ts'
export { visiblePersonSql } from './visibility.ts'
export { alerts, alertRules, ALERT_TYPES, type AlertType } from './schema.ts'

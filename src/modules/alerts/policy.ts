import { allow, forbid, hide, registerPolicies } from '../../platform/access/engine.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import { CASEWORK_ROLES, hasRole } from '../../platform/access/roles.ts'
import { personViewDecision } from '../people/index.ts'

/** The alert queue: a function of casework roles (each sees the alerts its role owns); nobody else has one. */
export type AlertQueue = { resourceType: 'alert-queue' }
export const ALERT_QUEUE: AlertQueue = { resourceType: 'alert-queue' }

/** The trigger rules: configuration, not case data (CONTRACTS.md §1: the system administrator's). */
export type AlertRules = { resourceType: 'alert-rules' }
export const ALERT_RULES: AlertRules = { resourceType: 'alert-rules' }

/** Acknowledging one alert: the child's access facts and the alert's owner role. */
export type AlertAccess = PersonAccess & { ownerRole: string | null }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'alerts.view': PersonAccess
    'alerts.queue': AlertQueue
    'alerts.acknowledge': AlertAccess
    'alerts.rules.manage': AlertRules
  }
}

export function registerAlertPolicies(): void {
  registerPolicies({
    // Alerts are part of the child's record: whoever may open the record sees them.
    'alerts.view': personViewDecision,
    'alerts.queue': (actor) => (hasRole(CASEWORK_ROLES, actor.roleProfile) ? allow('casework role: alerts owned by the role') : forbid('role owns no alerts')),
    'alerts.acknowledge': (actor, alert) => {
      const view = personViewDecision(actor, alert)
      if (!view.allowed) return view
      return alert.ownerRole === actor.roleProfile ? allow(`alert owner: ${actor.roleProfile}`) : hide('not the alert owner role')
    },
    'alerts.rules.manage': (actor) => (actor.roleProfile === 'system-admin' ? allow('system administrator: configuration') : forbid('not a system administrator')),
  })
}

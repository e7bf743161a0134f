import { allow, forbid, registerPolicies, type Decision } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'

/**
 * Information governance: a function, not a record. The IG officer sees the audit log, reviews break-glass uses
 * and restricts or seals records — identity only (ids, names), never case content unless by break-glass
 * (CONTRACTS.md §1). Every other role is refused with 403: the function does not exist for them.
 *
 * `resourceId` / `personId` are optional so that a denial's audit row says what was asked for (a grant id, a
 * person id), but only well-formed UUIDs are ever put there (ids arrive from URLs).
 */
export type GovernanceResource = { resourceType: 'governance' | 'audit-log' | 'break-glass-grant' | 'record-protection' | 'person'; resourceId?: string; personId?: string }
export const GOVERNANCE: GovernanceResource = { resourceType: 'governance' }
export const AUDIT_LOG: GovernanceResource = { resourceType: 'audit-log' }

/** A user's own notifications. Which rows are theirs is decided in SQL (recipient user or recipient role). */
export type OwnNotifications = { resourceType: 'notifications'; resourceId?: string }
export const OWN_NOTIFICATIONS: OwnNotifications = { resourceType: 'notifications' }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    /** The IG landing page (links, IG's unread alerts). */
    'governance.view': GovernanceResource
    'governance.audit.view': GovernanceResource
    /** The break-glass review queue, one grant's page, and recording the review. */
    'governance.break-glass.review': GovernanceResource
    /** The list of restricted and sealed records, one record's protection page, and changing it. */
    'governance.record.protect': GovernanceResource
    /** Any signed-in user: the notifications addressed to them or to their role profile. */
    'notifications.view': OwnNotifications
  }
}

export const GOVERNANCE_ROLE = 'information-governance-officer' as const

function governanceOnly(actor: UserActor): Decision {
  return actor.roleProfile === GOVERNANCE_ROLE ? allow('information governance officer') : forbid('not an information governance officer')
}

export function registerGovernancePolicies(): void {
  registerPolicies({
    'governance.view': governanceOnly,
    'governance.audit.view': governanceOnly,
    'governance.break-glass.review': governanceOnly,
    'governance.record.protect': governanceOnly,
    // Every signed-in user has notifications; the query only ever returns their own.
    'notifications.view': () => allow('own notifications'),
  })
}

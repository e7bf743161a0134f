import { formatDateTime } from '../../platform/views/index.ts'
import { ROLE_PROFILE_LABELS, type RoleProfile } from '../../platform/access/roles.ts'
import { ALERT_TYPE_LABELS } from './rules.ts'
import type { Alert, QueueItem } from './service.ts'

/** CONTRACTS.md §6: `{id, type, raisedAt, ownerRole, status}`, with what raised it and what to do. */
export function presentAlertJson(a: Alert) {
  return {
    id: a.id,
    personId: a.personId,
    type: a.type,
    raisedAt: a.raisedAt.toISOString(),
    ownerRole: a.ownerRole,
    status: a.status,
    reason: a.reason,
    action: a.action,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
  }
}

const roleLabel = (role: string) => ROLE_PROFILE_LABELS[role as RoleProfile] ?? role

export function presentAlertRow(a: Alert) {
  return {
    id: a.id,
    personId: a.personId,
    typeLabel: ALERT_TYPE_LABELS[a.type],
    raisedAt: formatDateTime(a.raisedAt),
    owner: roleLabel(a.ownerRole),
    open: a.status === 'open',
    statusLabel: a.status === 'open' ? 'Open' : 'Acknowledged',
    reason: a.reason,
    action: a.action,
    acknowledgedAt: a.acknowledgedAt ? formatDateTime(a.acknowledgedAt) : null,
  }
}

export function presentQueueItem(a: QueueItem) {
  return { ...presentAlertRow(a), name: a.restricted ? null : `${a.givenName ?? ''} ${a.familyName ?? ''}`.trim() }
}

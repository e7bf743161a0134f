import { ROLE_PROFILE_LABELS, type RoleProfile } from '../../platform/access/roles.ts'
import type { RecordState } from '../../platform/access/schema.ts'
import { formatAuditTime } from './forms.ts'
import type { AuditRow, GrantRow, NotificationRow, ProtectionRow } from './queries.ts'

/** Plain values for the templates (which escape everything): labels, formatted times, tag classes. */

export function roleLabel(role: string | null): string {
  if (!role) return 'None'
  return ROLE_PROFILE_LABELS[role as RoleProfile] ?? role
}

export const STATE_LABELS: Record<RecordState, string> = { ordinary: 'Ordinary', restricted: 'Restricted', sealed: 'Sealed' }
const STATE_TAGS: Record<RecordState, string> = { ordinary: 'govuk-tag--grey', restricted: 'govuk-tag--orange', sealed: 'govuk-tag--red' }

export function stateTag(state: RecordState) {
  return { text: STATE_LABELS[state], classes: STATE_TAGS[state] }
}

const OUTCOME_TAGS: Record<string, string> = { allowed: 'govuk-tag--green', succeeded: 'govuk-tag--green', denied: 'govuk-tag--red', failed: 'govuk-tag--orange' }

export function presentAuditRow(row: AuditRow) {
  return {
    seq: row.seq,
    time: formatAuditTime(row.at),
    iso: row.at.toISOString(),
    actorLabel: row.actorLabel,
    role: row.roleProfile ? roleLabel(row.roleProfile) : '',
    action: row.action,
    outcome: row.outcome,
    outcomeClasses: OUTCOME_TAGS[row.outcome] ?? 'govuk-tag--grey',
    personId: row.personId,
    purpose: row.purpose ?? '',
    correlationId: row.correlationId ?? '',
  }
}

export function presentGrant(grant: GrantRow, now: Date) {
  const status =
    grant.reviewStatus === 'awaiting-review'
      ? { text: 'Awaiting review', classes: 'govuk-tag--yellow' }
      : grant.reviewOutcome === 'inappropriate'
        ? { text: 'Inappropriate', classes: 'govuk-tag--red' }
        : { text: 'Appropriate', classes: 'govuk-tag--green' }
  return {
    id: grant.id,
    personId: grant.personId,
    personName: grant.personName,
    userName: grant.userName,
    userEmail: grant.userEmail,
    role: roleLabel(grant.roleProfile),
    team: grant.teamName ?? 'Not known',
    agency: grant.agencyName ?? 'Not known',
    reason: grant.reason,
    startsAt: grant.startsAt.toISOString(),
    expiresAt: grant.expiresAt.toISOString(),
    active: grant.expiresAt.getTime() > now.getTime() && grant.startsAt.getTime() <= now.getTime(),
    awaiting: grant.reviewStatus === 'awaiting-review',
    status,
    reviewNote: grant.reviewNote,
    reviewerName: grant.reviewerName,
    reviewedAt: grant.reviewedAt?.toISOString(),
  }
}

export function presentNotification(n: NotificationRow, forGovernance: boolean) {
  return {
    id: n.id,
    message: n.message,
    createdAt: n.createdAt.toISOString(),
    unread: n.readAt === null,
    kind: n.kind === 'break-glass' ? 'Emergency access' : 'Restricted record opened',
    // IG reviews the use; an allocated worker goes to the child's record (which they can already open).
    link:
      forGovernance && n.breakGlassGrantId
        ? { href: `/governance/break-glass/${n.breakGlassGrantId}`, text: 'Review' }
        : n.personId && !n.toRole
          ? { href: `/people/${n.personId}`, text: 'View record' }
          : null,
  }
}

export function presentProtection(row: ProtectionRow) {
  return {
    personId: row.personId,
    personName: row.personName,
    state: stateTag(row.state),
    reason: row.reason,
    setBy: `${row.setByName} (${row.setByEmail})`,
    setAt: row.setAt.toISOString(),
  }
}

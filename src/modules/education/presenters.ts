import { formatDate } from '../../platform/views/index.ts'
import { fullName } from '../people/index.ts'
import { CME_ACTION_LABELS, CME_CLOSURE_LABELS, CME_REASON_LABELS, CME_SOURCE_LABELS } from './labels.ts'
import type { CmeAction, CmeCase, CmeListRow } from './queries.ts'
import { dateText, daysBetween, londonToday } from './rules.ts'
import type { CmeActionType } from './schema.ts'
import type { CmeView } from './service.ts'

type Row = { key: { text: string }; value: { text: string } }
const row = (key: string, value: string | null | undefined): Row => ({ key: { text: key }, value: { text: value || 'Not given' } })

/** Days a case has been (or was) open: identified day to closing day, or to today. */
export function daysOpen(c: Pick<CmeCase, 'identifiedOn' | 'closedOn'>, now: Date): number {
  return daysBetween(c.identifiedOn, c.closedOn ?? londonToday(now))
}

export const statusTag = (c: Pick<CmeCase, 'status'>) => (c.status === 'open' ? { text: 'Open', classes: 'govuk-tag--orange' } : { text: 'Closed', classes: 'govuk-tag--grey' })

/** One row of the open cases list, with sort values so MOJ's sortable table orders dates and numbers properly. */
export function presentListRow(r: CmeListRow, now: Date) {
  const days = daysBetween(r.identifiedOn, londonToday(now))
  return {
    id: r.id,
    name: fullName(r),
    dateOfBirth: r.dateOfBirth ? formatDate(r.dateOfBirth) : 'Not known',
    identified: dateText(r.identifiedOn),
    identifiedSort: r.identifiedOn,
    reason: CME_REASON_LABELS[r.reason],
    daysOpen: days,
    lastAction: r.lastActionOn ? `${CME_ACTION_LABELS[r.lastActionType as CmeActionType] ?? r.lastActionType}, ${dateText(r.lastActionOn)}` : 'None yet',
    lastActionOutcome: r.lastActionOutcome,
    lastActionSort: r.lastActionOn ?? '0000-00-00',
  }
}

export function presentCasePage(view: CmeView, can: { update: boolean }, now: Date) {
  const c = view.cme
  const rows = [
    row('Status', c.status === 'open' ? `Open for ${daysOpen(c, now)} days` : `Closed after ${daysOpen(c, now)} days`),
    row('Date identified', dateText(c.identifiedOn)),
    row('How identified', CME_SOURCE_LABELS[c.source]),
    row('Reason', CME_REASON_LABELS[c.reason]),
    row('Details of the reason', c.reasonNote),
    row('School last attended', c.lastSchool),
    row('Date of birth', view.person.dateOfBirth ? formatDate(view.person.dateOfBirth) : 'Not known'),
  ]
  const closure = c.status === 'closed' && c.closedOn && c.closureReason ? [row('Date closed', dateText(c.closedOn)), row('Reason for closing', CME_CLOSURE_LABELS[c.closureReason]), row('Details', c.closureNote)] : null
  return {
    pageTitle: `Missing education: ${fullName(view.person)}`,
    id: c.id,
    personId: view.person.id,
    name: fullName(view.person),
    open: c.status === 'open',
    tag: statusTag(c),
    rows,
    closure,
    actions: view.actions.map((a) => presentAction(a)),
    can,
  }
}

function presentAction(a: CmeAction) {
  return { on: dateText(a.actionOn), action: CME_ACTION_LABELS[a.actionType], details: a.details, outcome: a.outcome, takenBy: a.takenBy }
}

/** The API's resource (CONTRACTS.md §5: camelCase, dates `YYYY-MM-DD`, timestamps ISO 8601 UTC). */
export function presentCaseJson(c: CmeCase, actions: CmeAction[], now: Date) {
  return {
    id: c.id,
    personId: c.personId,
    identifiedOn: c.identifiedOn,
    source: c.source,
    reason: c.reason,
    reasonNote: c.reasonNote,
    lastSchool: c.lastSchool,
    status: c.status,
    daysOpen: daysOpen(c, now),
    closure: c.status === 'closed' ? { closedOn: c.closedOn, closureReason: c.closureReason, closureNote: c.closureNote, closedAt: c.closedAt?.toISOString() ?? null } : null,
    actions: actions.map((a) => ({ id: a.id, actionOn: a.actionOn, actionType: a.actionType, details: a.details, outcome: a.outcome, takenBy: a.takenBy, recordedAt: a.recordedAt.toISOString() })),
    recordedAt: c.recordedAt.toISOString(),
  }
}

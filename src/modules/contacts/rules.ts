import { OPEN_STATUSES, type ConcernType, type ContactStatus, type Rag } from './schema.ts'

/** Hours from receipt to the MASH's decision, by RAG rating (configuration; these are the defaults of issue 4). */
export type RagTimescales = Record<Rag, number>
export const DEFAULT_RAG_TIMESCALES: RagTimescales = { red: 4, amber: 24, green: 72 }
/**
 * Hours a partner agency's MASH desk has to answer a research request, by the contact's RAG (configuration
 * `researchTimescaleHours`): well inside the decision timescale, so the answers inform the decision. An unrated
 * contact is treated as amber until it is rated.
 */
export const DEFAULT_RESEARCH_TIMESCALES: RagTimescales = { red: 2, amber: 12, green: 48 }
/** Contacts about the same child within this many days are flagged as repeat contacts (DfE re-referral window). */
export const DEFAULT_REPEAT_WINDOW_DAYS = 365

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** CONTRACTS.md §6: `decisionDueBy` = `receivedAt` + the RAG's timescale (exact to the millisecond). */
export function decisionDueBy(receivedAt: Date, rag: Rag, timescales: RagTimescales): Date {
  return new Date(receivedAt.getTime() + timescales[rag] * HOUR)
}

/** When a research request asked at `requestedAt` must be answered. */
export function researchDueBy(requestedAt: Date, rag: Rag | null, timescales: RagTimescales): Date {
  return new Date(requestedAt.getTime() + timescales[rag ?? 'amber'] * HOUR)
}

/** A research request is overdue while open and past its deadline (answered or withdrawn ones never are). */
export function isResearchOverdue(request: { status: 'open' | 'answered' | 'withdrawn'; dueBy: Date }, now: Date): boolean {
  return request.status === 'open' && request.dueBy.getTime() < now.getTime()
}

export function isOpen(status: ContactStatus): boolean {
  return OPEN_STATUSES.includes(status)
}

/** Overdue: still open and past its decision time. A contact without a RAG has no decision time yet. */
export function isOverdue(contact: { status: ContactStatus; decisionDueBy: Date | null }, now: Date): boolean {
  return isOpen(contact.status) && contact.decisionDueBy !== null && contact.decisionDueBy.getTime() < now.getTime()
}

/**
 * A repeat contact: another contact about the same child was received within the window before this one (the
 * window looks back from this contact's receipt, so a later contact never makes an earlier one a repeat).
 */
export function isRepeatContact(receivedAt: Date, earlierReceivedAts: readonly Date[], windowDays: number): boolean {
  const from = receivedAt.getTime() - windowDays * DAY
  return earlierReceivedAts.some((at) => at.getTime() < receivedAt.getTime() && at.getTime() >= from)
}

/**
 * Where a contact goes next. Triage steps (RAG, allocation, linking) move a new contact into triage; a
 * recommendation makes it await the manager's decision; the manager decides from any open status (CONTRACTS.md
 * §6: triage is not a precondition); a decided contact is not decided again.
 */
export function nextStatus(current: ContactStatus, step: 'triage' | 'recommend' | 'decide'): ContactStatus | null {
  if (!isOpen(current)) return null
  if (step === 'decide') return 'decided'
  if (step === 'recommend') return 'awaiting-decision'
  return current === 'awaiting-triage' ? 'in-triage' : current
}

/** The reference a referrer is given (a number, never a name). */
export function contactReference(number: number): string {
  return `MASH-${String(number).padStart(6, '0')}`
}

/** CIN census assessment factor codes (DOMAIN.md §3.2) where a concern type has one. */
export const CIN_FACTOR_CODES: Partial<Record<ConcernType, string>> = { CSE: '11A', CCE: '24A', trafficking: '12A', missing: '10A' }

/** CONTRACTS.md §6 indicator `exploitation-contacts`. */
export const EXPLOITATION_CONCERNS: readonly ConcernType[] = ['CSE', 'CCE', 'trafficking', 'online-abuse']

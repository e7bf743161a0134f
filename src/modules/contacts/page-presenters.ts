import { formatDate, formatDateTime } from '../../platform/views/index.ts'
import { CHANNEL_LABELS, CONCERN_LABELS, CONCERN_SHORT_LABELS, LAWFUL_BASIS_LABELS, OUTCOME_LABELS, RAG_LABELS, RAG_TAG_CLASSES, REFERRAL_SOURCE_LABELS, SPECIAL_CATEGORY_LABELS, STATUS_LABELS, STATUS_TAG_CLASSES } from './labels.ts'
import type { Contact, ContactEvent } from './queries.ts'
import { contactReference, isOverdue } from './rules.ts'
import type { ContactView, ListedContact } from './service.ts'

type Row = { key: { text: string }; value: { text?: string; html?: string } }
const row = (key: string, value: string | null | undefined): Row => ({ key: { text: key }, value: { text: value || 'Not given' } })
const yesNo = (v: boolean | null) => (v === null ? null : v ? 'Yes' : 'No')

export const childName = (c: Contact) => `${c.childGivenName} ${c.childFamilyName}`
export const statusTag = (c: Pick<Contact, 'status'>) => ({ text: STATUS_LABELS[c.status], classes: STATUS_TAG_CLASSES[c.status] })
export const ragTag = (c: Pick<Contact, 'rag'>) => (c.rag ? { text: RAG_LABELS[c.rag], classes: RAG_TAG_CLASSES[c.rag] } : { text: 'Not rated', classes: 'govuk-tag--grey' })

/** One row of the MASH queue, with sort values so MOJ's sortable table orders dates and RAG properly. */
export function presentQueueRow(c: ListedContact, now: Date) {
  return {
    id: c.id,
    reference: contactReference(c.number),
    child: childName(c),
    dateOfBirth: c.childDateOfBirth ? formatDate(c.childDateOfBirth) : 'Not known',
    received: formatDateTime(c.receivedAt),
    receivedSort: c.receivedAt.getTime(),
    concerns: c.concernTypes.map((t) => CONCERN_SHORT_LABELS[t]).join(', '),
    rag: ragTag(c),
    ragSort: c.rag === 'red' ? 0 : c.rag === 'amber' ? 1 : c.rag === 'green' ? 2 : 3,
    due: c.decisionDueBy ? formatDateTime(c.decisionDueBy) : '—',
    dueSort: c.decisionDueBy?.getTime() ?? Number.MAX_SAFE_INTEGER,
    overdue: isOverdue(c, now),
    allocated: c.allocatedName ?? 'Not allocated',
    status: statusTag(c),
    repeat: c.repeat,
    research: c.research.open ? `${c.research.open} awaiting answer${c.research.overdue ? ` (${c.research.overdue} overdue)` : ''}` : null,
    researchOverdue: c.research.overdue > 0,
  }
}

/** "My contacts": what the referrer sent and where it stands; the outcome once decided. */
export function presentMyContactRow(c: ListedContact) {
  return {
    id: c.id,
    reference: contactReference(c.number),
    child: childName(c),
    received: formatDateTime(c.receivedAt),
    status: statusTag(c),
    outcome: c.outcome ? OUTCOME_LABELS[c.outcome] : 'Not decided yet',
  }
}

function reportedRows(c: Contact): { child: Row[]; concern: Row[] } {
  return {
    child: [
      row('Name', childName(c)),
      row('Date of birth', c.childDateOfBirth ? formatDate(c.childDateOfBirth) : null),
      row('Gender', { F: 'Female', M: 'Male', U: 'Unknown or other' }[c.childGender]),
      row('Address', c.childAddress),
      row('Postcode', c.childPostcode),
      row('Family and household', c.household),
    ],
    concern: [
      row('Concerns', c.concernTypes.map((t) => CONCERN_LABELS[t]).join(', ') + (c.concernOther ? ` (${c.concernOther})` : '')),
      row('What has happened', c.narrative),
      row("The child's own words", c.childsWords),
      row('Immediate risk of harm', c.immediateRisk ? 'Yes' : 'No'),
      row('Referral source', `${REFERRAL_SOURCE_LABELS[c.referralSource]} (${c.referralSource})`),
      row('Referrer', [c.referrerName, c.referrerAgencyName].filter(Boolean).join(', ')),
      row('Received', `${formatDateTime(c.receivedAt)} (${CHANNEL_LABELS[c.channel].toLowerCase()})`),
      row('Lawful basis for sharing', LAWFUL_BASIS_LABELS[c.lawfulBasis]),
      row('Special category condition', c.specialCategoryCondition ? SPECIAL_CATEGORY_LABELS[c.specialCategoryCondition] : null),
      row('Child or family told of this referral', yesNo(c.familyInformed) ? `${yesNo(c.familyInformed)}${c.familyNotInformedReason ? ` – ${c.familyNotInformedReason}` : ''}` : null),
    ],
  }
}

function timeline(events: ContactEvent[]) {
  return [...events].reverse().map((e) => ({
    label: { text: e.summary },
    byline: { text: e.byName },
    datetime: { timestamp: e.at.toISOString(), type: 'datetime' },
    text: '',
  }))
}

/** The contact page: the MASH's full view, or the referrer's (what they reported and the outcome, nothing more). */
export function presentContactPage(seen: ContactView, now: Date, can: { triage: boolean; allocate: boolean; decide: boolean; recommend: boolean; research: boolean }) {
  const c = seen.contact
  const base = { pageTitle: `Contact ${contactReference(c.number)}`, childName: childName(c), id: c.id, reference: contactReference(c.number), status: statusTag(c), ...reportedRows(c) }
  const decision = c.outcome ? { outcome: OUTCOME_LABELS[c.outcome], at: formatDateTime(c.decidedAt) } : null
  if (seen.view === 'referrer') return { ...base, view: 'referrer' as const, decision }
  const name = (id: string | null) => (id ? (seen.names.get(id) ?? 'Unknown') : null)
  return {
    ...base,
    view: 'mash' as const,
    open: c.status !== 'decided' && c.status !== 'closed',
    rag: ragTag(c),
    currentRag: c.rag,
    due: c.decisionDueBy ? formatDateTime(c.decisionDueBy) : null,
    overdue: isOverdue(c, now),
    repeat: seen.repeat ? formatDate(seen.repeat.previousReceivedAt) : null,
    personId: c.personId,
    allocated: name(c.allocatedTo),
    allocateItems: [{ value: '', text: 'Select someone' }, ...seen.allocatable.map((u) => ({ value: u.id, text: u.name, selected: u.id === c.allocatedTo }))],
    recommendation: c.recommendedOutcome ? { outcome: OUTCOME_LABELS[c.recommendedOutcome], rationale: c.recommendationRationale, by: name(c.recommendedBy), at: formatDateTime(c.recommendedAt) } : null,
    decision: decision ? { ...decision, rationale: c.rationale, by: name(c.decidedBy) } : null,
    timeline: timeline(seen.events),
    can,
  }
}

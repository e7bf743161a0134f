import { formatDate, formatDateTime } from '../../platform/views/index.ts'
import { CONCERN_LABELS, LAWFUL_BASIS_LABELS, RAG_LABELS, SPECIAL_CATEGORY_LABELS } from './labels.ts'
import type { DeskView } from './research.ts'
import type { DeskQueueRow, ResearchRequest, ResearchRow } from './research-queries.ts'
import { contactReference, isResearchOverdue } from './rules.ts'
import type { ResearchStatus } from './schema.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export const RESEARCH_STATUS_LABELS: Record<ResearchStatus, string> = { open: 'Awaiting answer', answered: 'Answered', withdrawn: 'Withdrawn' }
const STATUS_CLASSES: Record<ResearchStatus, string> = { open: 'govuk-tag--blue', answered: 'govuk-tag--green', withdrawn: 'govuk-tag--grey' }

/** Open and overdue shows red "Overdue"; otherwise the state. */
export function researchTag(r: Pick<ResearchRequest, 'status' | 'dueBy'>, now: Date) {
  return isResearchOverdue(r, now) ? { text: 'Overdue', classes: 'govuk-tag--red' } : { text: RESEARCH_STATUS_LABELS[r.status], classes: STATUS_CLASSES[r.status] }
}

/** What the desk said, in words: the source agency is always shown with it. */
export function answerText(r: Pick<ResearchRequest, 'answer' | 'information'>): string {
  if (r.answer === 'nothing-held') return `Nothing held.${r.information ? ` ${r.information}` : ''}`
  return r.information ?? ''
}

/** The API's research request. The desk also gets the child as reported (and the record id while it is open). */
export function presentResearchJson(r: ResearchRequest, now: Date, extra?: { reference: string; child?: Record<string, unknown>; personId?: string | null }) {
  return {
    id: r.id,
    contactId: r.contactId,
    ...(extra ? { reference: extra.reference } : {}),
    agency: { name: r.agencyName, type: r.agencyType },
    question: r.question,
    status: r.status,
    requestedAt: r.requestedAt.toISOString(),
    dueBy: r.dueBy.toISOString(),
    overdue: isResearchOverdue(r, now),
    answer: r.answer,
    information: r.information,
    lawfulBasis: r.lawfulBasis,
    specialCategoryCondition: r.specialCategoryCondition,
    answeredAt: iso(r.answeredAt),
    withdrawnAt: iso(r.withdrawnAt),
    ...(extra?.child ? { child: extra.child } : {}),
    ...(extra && 'personId' in extra ? { personId: extra.personId } : {}),
  }
}

/** The desk's JSON view: the record id only while the request is open (that is when the relationship exists). */
export function presentDeskJson(seen: DeskView, now: Date) {
  const c = seen.contact
  return presentResearchJson(seen.request, now, {
    reference: contactReference(c.number),
    child: { givenName: c.childGivenName, familyName: c.childFamilyName, dateOfBirth: c.childDateOfBirth, gender: c.childGender, address: c.childAddress, postcode: c.childPostcode },
    personId: seen.request.status === 'open' ? c.personId : null,
  })
}

/** The "Partner research" section of the MASH's contact page. */
export function presentResearchSection(rows: ResearchRow[], now: Date) {
  return rows.map((r) => ({
    id: r.id,
    agency: r.agencyName,
    question: r.question,
    asked: `${formatDateTime(r.requestedAt)} by ${r.requestedByName}`,
    due: formatDateTime(r.dueBy),
    tag: researchTag(r, now),
    overdue: isResearchOverdue(r, now),
    open: r.status === 'open',
    answered: r.status === 'answered',
    answer: answerText(r),
    basis: r.lawfulBasis ? LAWFUL_BASIS_LABELS[r.lawfulBasis] + (r.specialCategoryCondition ? `; ${SPECIAL_CATEGORY_LABELS[r.specialCategoryCondition]}` : '') : r.answer === 'nothing-held' ? 'Nothing shared' : null,
    answeredBy: r.answeredAt ? `${r.answeredByName ?? 'Unknown'}, ${r.agencyName}, ${formatDateTime(r.answeredAt)}` : null,
  }))
}

/** One row of a desk's queue, sortable by due time. */
export function presentDeskRow(r: DeskQueueRow, now: Date) {
  return {
    id: r.id,
    reference: contactReference(r.contact.number),
    child: `${r.contact.childGivenName} ${r.contact.childFamilyName}`,
    dateOfBirth: r.contact.childDateOfBirth ? formatDate(r.contact.childDateOfBirth) : 'Not known',
    rag: r.contact.rag ? RAG_LABELS[r.contact.rag] : 'Not rated',
    asked: formatDateTime(r.requestedAt),
    askedSort: r.requestedAt.getTime(),
    due: formatDateTime(r.dueBy),
    dueSort: r.dueBy.getTime(),
    tag: researchTag(r, now),
    overdue: isResearchOverdue(r, now),
  }
}

type Row = { key: { text: string }; value: { text: string } }
const row = (key: string, value: string | null | undefined): Row => ({ key: { text: key }, value: { text: value || 'Not given' } })

/** The desk's page of one request: who the child is as reported, what the MASH asks and by when. */
export function presentDeskPage(seen: DeskView, now: Date) {
  const { request: r, contact: c } = seen
  return {
    id: r.id,
    reference: contactReference(c.number),
    childName: `${c.childGivenName} ${c.childFamilyName}`,
    tag: researchTag(r, now),
    overdue: isResearchOverdue(r, now),
    open: r.status === 'open',
    personId: r.status === 'open' ? c.personId : null,
    child: [
      row('Name', `${c.childGivenName} ${c.childFamilyName}`),
      row('Date of birth', c.childDateOfBirth ? formatDate(c.childDateOfBirth) : null),
      row('Gender', { F: 'Female', M: 'Male', U: 'Unknown or other' }[c.childGender]),
      row('Address', c.childAddress),
      row('Postcode', c.childPostcode),
    ],
    request: [
      row('Concerns', c.concernTypes.map((t) => CONCERN_LABELS[t]).join(', ')),
      row('What the MASH wants to know', r.question),
      row('Asked', formatDateTime(r.requestedAt)),
      row('Answer due by', formatDateTime(r.dueBy)),
    ],
    answer: r.status === 'answered' ? [row('Answer', answerText(r)), row('Lawful basis', r.lawfulBasis ? LAWFUL_BASIS_LABELS[r.lawfulBasis] : 'Nothing shared'), row('Answered', `${seen.answeredByName ?? 'Unknown'}, ${formatDateTime(r.answeredAt)}`)] : null,
    withdrawn: r.status === 'withdrawn' ? formatDateTime(r.withdrawnAt) : null,
  }
}

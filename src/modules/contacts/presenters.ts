import type { Contact } from './queries.ts'
import { contactReference, isOverdue } from './rules.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/**
 * The API's contact resource (CONTRACTS.md §5–6). The referrer gets what they reported, where it stands and the
 * outcome — never the linked record, the rationale (it may carry other agencies' information) or the MASH's
 * working; the MASH gets everything.
 */
export function presentContactJson(contact: Contact, view: 'mash' | 'referrer', now: Date, repeat?: boolean) {
  const shared = {
    id: contact.id,
    reference: contactReference(contact.number),
    status: contact.status,
    rag: contact.rag,
    decisionDueBy: iso(contact.decisionDueBy),
    receivedAt: contact.receivedAt.toISOString(),
    channel: contact.channel,
    child: {
      givenName: contact.childGivenName,
      familyName: contact.childFamilyName,
      dateOfBirth: contact.childDateOfBirth,
      gender: contact.childGender,
      address: contact.childAddress,
      postcode: contact.childPostcode,
    },
    household: contact.household,
    concernTypes: contact.concernTypes,
    concernOther: contact.concernOther,
    referralSource: contact.referralSource,
    referrer: { name: contact.referrerName, agency: contact.referrerAgencyName },
    narrative: contact.narrative,
    childsWords: contact.childsWords,
    immediateRisk: contact.immediateRisk,
    lawfulBasis: contact.lawfulBasis,
    specialCategoryCondition: contact.specialCategoryCondition,
    familyInformed: contact.familyInformed,
    familyNotInformedReason: contact.familyNotInformedReason,
    outcome: contact.outcome,
    decidedAt: iso(contact.decidedAt),
    createdAt: contact.createdAt.toISOString(),
  }
  if (view === 'referrer') return shared
  return {
    ...shared,
    personId: contact.personId,
    overdue: isOverdue(contact, now),
    repeatContact: repeat ?? null,
    allocatedTo: contact.allocatedTo,
    allocatedAt: iso(contact.allocatedAt),
    recommendation: contact.recommendedOutcome
      ? { outcome: contact.recommendedOutcome, rationale: contact.recommendationRationale, by: contact.recommendedBy, at: iso(contact.recommendedAt) }
      : null,
    rationale: contact.rationale,
    decidedBy: contact.decidedBy,
    signedOffBy: contact.signedOffBy,
    signedOffAt: iso(contact.signedOffAt),
  }
}

import { AGENCY_TYPE_LABELS, type AgencyType } from '../../platform/access/roles.ts'
import type { CandidateRow, PersonCard } from './duplicates-queries.ts'
import type { Comparison, HistoryItem, QueueItem } from './duplicates-service.ts'
import type { PersonMerge } from './merge-service.ts'
import { fullName, formatDateEnGb } from './presenters.ts'
import { DOB_PRECISION_LABELS, GENDER_LABELS } from './reference.ts'
import { describeReason } from './search-reasons.ts'

/** Duplicates and merge, for the API (camelCase, ISO timestamps) and the pages (search-card fields only). */

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function presentCardJson(card: PersonCard) {
  return {
    id: card.id,
    kind: card.kind,
    givenName: card.givenName,
    middleNames: card.middleNames,
    familyName: card.familyName,
    otherNames: card.otherNames,
    dateOfBirth: card.dateOfBirth,
    dobPrecision: card.dobPrecision,
    gender: card.gender,
    postcodeDistrict: card.postcodeDistrict,
    agencyTypes: card.agencyTypes,
  }
}

export function presentCandidateJson(candidate: CandidateRow) {
  return {
    id: candidate.id,
    personId: candidate.personId,
    otherPersonId: candidate.otherPersonId,
    score: Math.round(candidate.probability * 10_000) / 10_000,
    matchWeight: Math.round(candidate.matchWeight * 10) / 10,
    reasons: candidate.reasons,
    source: candidate.source,
    foundAt: candidate.foundAt.toISOString(),
    status: candidate.status,
    decidedAt: iso(candidate.decidedAt),
    decisionReason: candidate.decisionReason,
    mergeId: candidate.mergeId,
  }
}

export function presentQueueItemJson(item: QueueItem) {
  return { ...presentCandidateJson(item.candidate), people: item.people.map(presentCardJson) }
}

export function presentMergeJson(merge: PersonMerge) {
  return {
    id: merge.id,
    survivingPersonId: merge.survivingPersonId,
    mergedPersonId: merge.mergedPersonId,
    reason: merge.reason,
    mergedAt: merge.mergedAt.toISOString(),
    unmergedAt: iso(merge.unmergedAt),
    unmergeReason: merge.unmergeReason,
  }
}

function strength(probability: number) {
  const percent = Math.round(probability * 100)
  const word = probability >= 0.9 ? 'Strong' : probability >= 0.5 ? 'Likely' : probability >= 0.1 ? 'Possible' : 'Weak'
  return { percent, strength: word, label: `${word} match (${percent}%)` }
}

const SOURCE_LABELS: Record<CandidateRow['source'], string> = {
  'index-scan': 'Found by a search of the index',
  'created-despite-match': 'Created although search showed it',
  import: 'Found by an agency import',
}

const STATUS_TAGS: Record<CandidateRow['status'], { text: string; classes: string }> = {
  open: { text: 'Open', classes: 'govuk-tag--blue' },
  merged: { text: 'Merged', classes: 'govuk-tag--green' },
  'not-duplicate': { text: 'Not the same person', classes: 'govuk-tag--grey' },
}

function dob(card: PersonCard): string {
  if (!card.dateOfBirth) return 'Not known'
  const precision = card.dobPrecision === 'exact' ? '' : ` (${DOB_PRECISION_LABELS[card.dobPrecision].toLowerCase()})`
  return `${formatDateEnGb(card.dateOfBirth)}${precision}`
}

/** A person's search-card fields as summary-list rows. */
export function presentCardPage(card: PersonCard) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } })
  return {
    id: card.id,
    name: fullName(card),
    rows: [
      row('Name', fullName(card)),
      row('Other names', card.otherNames.length ? card.otherNames.join('; ') : 'None recorded'),
      row('Child or adult', card.kind === 'child' ? 'Child' : 'Adult'),
      row('Date of birth', dob(card)),
      row('Gender', GENDER_LABELS[card.gender]),
      row('Postcode district', card.postcodeDistrict ?? 'Not known'),
      row('Agencies involved', card.agencyTypes.length ? card.agencyTypes.map((t) => AGENCY_TYPE_LABELS[t as AgencyType] ?? t).join(', ') : 'None recorded'),
    ],
  }
}

export function presentQueueRow(item: QueueItem) {
  const [a, b] = item.people
  return {
    id: item.candidate.id,
    first: { name: fullName(a), dob: dob(a) },
    second: { name: fullName(b), dob: dob(b) },
    probability: item.candidate.probability,
    ...strength(item.candidate.probability),
    source: SOURCE_LABELS[item.candidate.source],
    foundAt: item.candidate.foundAt.toISOString(),
    status: STATUS_TAGS[item.candidate.status],
    decidedAt: iso(item.candidate.decidedAt),
  }
}

export function presentComparison(c: Comparison) {
  const [a, b] = c.people
  const blocked = c.check.blocks.length > 0
  const open = c.candidate.status === 'open'
  return {
    id: c.candidate.id,
    open,
    first: presentCardPage(a),
    second: presentCardPage(b),
    ...strength(c.probability),
    reasonTexts: c.reasons.map(describeReason),
    blocks: c.check.blocks.map((block) => ({ text: block.message })),
    notes: c.check.notes,
    // Merging is offered only to a MASH manager, and only when nothing blocks it.
    offerMerge: open && c.canMerge && !blocked,
    status: STATUS_TAGS[c.candidate.status],
    decisionReason: c.candidate.decisionReason,
    decidedAt: iso(c.candidate.decidedAt),
    source: SOURCE_LABELS[c.candidate.source],
  }
}

export function presentHistoryRow(item: HistoryItem, canUnmerge: boolean) {
  const [kept, merged] = item.people
  return {
    id: item.merge.id,
    kept: fullName(kept),
    merged: fullName(merged),
    reason: item.merge.reason,
    mergedBy: item.merge.mergedByName,
    mergedAt: item.merge.mergedAt.toISOString(),
    active: item.merge.unmergedAt === null,
    unmergedAt: iso(item.merge.unmergedAt),
    unmergedBy: item.merge.unmergedByName,
    unmergeReason: item.merge.unmergeReason,
    canUnmerge: canUnmerge && item.merge.unmergedAt === null,
  }
}

import { AGENCY_TYPE_LABELS, type AgencyType } from '../../platform/access/roles.ts'
import { IMPORT_FIELDS, type ImportField } from './import-schema.ts'
import { IMPORT_FIELD_LABELS } from './import-fields.ts'
import type { CandidateView, QueueRow, ReviewRowView } from './import-review.ts'
import type { Import, ImportView, Source } from './import-service.ts'
import type { RowValues } from './import-validate.ts'
import { formatDateEnGb } from './presenters.ts'
import { describeReason } from './search-reasons.ts'
import { formatNhsNumber } from './identifier-rules.ts'

const n = (x: number) => x.toLocaleString('en-GB')

export const STATUS_LABELS: Record<Import['status'], { text: string; classes: string }> = {
  matching: { text: 'Matching', classes: 'govuk-tag--blue' },
  'awaiting-review': { text: 'Awaiting review', classes: 'govuk-tag--yellow' },
  completed: { text: 'Completed', classes: 'govuk-tag--green' },
}

/** The API's import resource (CONTRACTS.md §5). */
export function presentImportJson(view: ImportView) {
  const i = view.import
  return {
    id: i.id,
    sourceId: i.sourceId,
    sourceName: i.sourceName,
    fileName: i.fileName,
    status: i.status,
    rowCount: i.rowCount,
    processedCount: i.processedCount,
    counts: view.counts,
    ignoredColumns: i.ignoredColumns,
    uploadedAt: i.uploadedAt.toISOString(),
    completedAt: i.completedAt ? i.completedAt.toISOString() : null,
  }
}

export function presentImportPage(view: ImportView) {
  const i = view.import
  const percent = i.rowCount === 0 ? 100 : Math.floor((i.processedCount / i.rowCount) * 100)
  return {
    pageTitle: `Import of ${i.fileName}`,
    imp: i,
    status: STATUS_LABELS[i.status],
    matching: i.status === 'matching',
    percent,
    progressText: `${n(i.processedCount)} of ${n(i.rowCount)} rows matched`,
    uploadedAt: i.uploadedAt,
    counts: [
      { key: { text: 'Matched to an existing record' }, value: { text: n(view.counts.matched) } },
      { key: { text: 'New records created' }, value: { text: n(view.counts.created) } },
      { key: { text: 'Awaiting review' }, value: { text: n(view.counts.review) } },
      { key: { text: 'Reviewed: same person' }, value: { text: n(view.counts.accepted) } },
      { key: { text: 'Reviewed: not the same person' }, value: { text: n(view.counts.rejected) } },
    ],
    awaitingReview: view.counts.review,
  }
}

export function presentImportList(rows: Import[]) {
  return rows.map((i) => [
    { html: `<a class="govuk-link" href="/people/imports/${i.id}">${escapeHtml(i.fileName)}</a>` },
    { text: `${i.sourceName} (${i.agencyName})` },
    { text: formatDateEnGb(i.uploadedAt.toISOString().slice(0, 10)) },
    { text: n(i.rowCount), format: 'numeric' },
    { html: `<strong class="govuk-tag ${STATUS_LABELS[i.status].classes}">${STATUS_LABELS[i.status].text}</strong>` },
  ])
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

export function presentSources(sources: Source[]) {
  return sources.map((s) => ({
    id: s.id,
    name: s.name,
    agencyName: s.agencyName,
    encoding: s.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252',
    columns: IMPORT_FIELDS.filter((f) => s.mapping[f]).map((f) => `${IMPORT_FIELD_LABELS[f]}: ${s.mapping[f]}`),
  }))
}

export type SourceFormValues = Record<string, string>

export function sourceFormValues(source?: Source): SourceFormValues {
  if (!source) return { encoding: 'utf-8' }
  return {
    name: source.name,
    agencyId: source.agencyId,
    encoding: source.encoding,
    ...Object.fromEntries(IMPORT_FIELDS.map((f) => [`column-${f}`, source.mapping[f] ?? ''])),
  }
}

export const MAPPING_FIELDS = IMPORT_FIELDS.map((f: ImportField) => ({ field: f, label: IMPORT_FIELD_LABELS[f] }))

/** The extract row's values, labelled, for the review pages. */
export function rowSummary(data: RowValues) {
  const rows: Array<{ key: { text: string }; value: { text: string } }> = []
  const add = (label: string, value: string | undefined) => value && rows.push({ key: { text: label }, value: { text: value } })
  add('Name', [data.givenName, data.middleNames, data.familyName].filter(Boolean).join(' '))
  add('Date of birth', data.dateOfBirth ? formatDateEnGb(data.dateOfBirth) : 'Not given')
  add('Gender', data.gender ?? 'Not given')
  add('Postcode district', data.postcode ? data.postcode.split(' ')[0] : 'Not given')
  add('Address', [data.addressLine1, data.town, data.postcode].filter(Boolean).join(', ') || undefined)
  add('NHS number', data.nhsNumber ? formatNhsNumber(data.nhsNumber) : undefined)
  add('UPN', data.upn)
  add('Police id', data.policeId)
  add('Local authority id', data.laId)
  add('Record id in the agency’s system', data.sourceRecordId)
  return rows
}

export function presentQueue(rows: QueueRow[], importId: string) {
  return rows.map((r) => [
    { text: String(r.lineNumber), format: 'numeric' },
    { html: `<a class="govuk-link" href="/people/imports/${importId}/review/${r.id}">${escapeHtml([r.data.givenName, r.data.familyName].join(' '))}</a>` },
    { text: r.data.dateOfBirth ? formatDateEnGb(r.data.dateOfBirth) : 'Not given' },
    { text: r.probability === null ? '—' : `${Math.round(r.probability * 100)}%`, format: 'numeric' },
  ])
}

function presentCandidate(c: CandidateView) {
  if (c.kind !== 'card') return c
  return {
    ...c,
    summary: [
      { key: { text: 'Name' }, value: { text: [c.givenName, c.middleNames, c.familyName].filter(Boolean).join(' ') } },
      { key: { text: 'Date of birth' }, value: { text: c.dateOfBirth ? formatDateEnGb(c.dateOfBirth) : 'Not known' } },
      { key: { text: 'Gender' }, value: { text: c.gender } },
      { key: { text: 'Postcode district' }, value: { text: c.postcodeDistrict ?? 'Not known' } },
      { key: { text: 'Agencies involved' }, value: { text: c.agencyTypes.map((t) => AGENCY_TYPE_LABELS[t as AgencyType] ?? t).join(', ') || 'None recorded' } },
    ],
  }
}

export function presentReviewRow(view: ReviewRowView, values: Record<string, string> = {}) {
  const probability = view.row.probability
  const linkable = view.candidate.kind !== 'none' && view.candidate.linkable
  const decisionItems = [
    ...(linkable ? [{ value: 'same', text: 'Same person — link to this record' }] : []),
    { value: 'new', text: 'Not this person — create a new record' },
    { value: 'skip', text: 'Not this person — do not add to the index' },
  ].map((item) => ({ ...item, checked: values.decision === item.value }))
  return {
    pageTitle: `Review line ${view.row.lineNumber}`,
    imp: view.import,
    row: view.row,
    extract: rowSummary(view.row.data),
    candidate: presentCandidate(view.candidate),
    percent: probability === null ? null : Math.round(probability * 100),
    reasonTexts: view.row.reasons.map(describeReason),
    decided: view.row.outcome !== 'review',
    decisionItems,
  }
}

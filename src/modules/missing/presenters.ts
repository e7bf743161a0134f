import { formatDateTime } from '../../platform/views/index.ts'
import { fullName } from '../people/index.ts'
import type { Episode, PlaceWent, ReturnInterview } from './queries.ts'
import { durationMinutes, durationText, episodeStart, RISK_GRADE_LABELS, rhiOverdue } from './rules.ts'
import type { MissingFrom, PlaceWentSource, RhiStatus, RiskGrade } from './schema.ts'
import type { EpisodeView } from './service.ts'
import { DEFAULT_PULL_FACTORS, DEFAULT_PUSH_FACTORS, type Factor } from './settings.ts'
import { RHI_REFERRAL_LABELS } from './schemas.ts'

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

export const PLACE_WENT_SOURCE_LABELS: Record<PlaceWentSource, string> = { rhi: 'return home interview', police: 'police', other: 'other source' }

export function presentPlaceWentJson(p: PlaceWent) {
  return { description: p.description, postcode: p.postcode, latitude: p.latitude, longitude: p.longitude, source: p.source, recordedAt: p.recordedAt.toISOString() }
}

/** The interview; with `placesWent` (every place of the episode, whoever told us) when the caller has them. */
export function presentReturnInterviewJson(r: ReturnInterview | null, placesWent?: readonly PlaceWent[]) {
  if (!r) return null
  return {
    id: r.id,
    dueBy: r.dueBy.toISOString(),
    status: r.status,
    statusReason: r.statusReason,
    offeredAt: iso(r.offeredAt),
    heldAt: iso(r.heldAt),
    interviewerName: r.interviewerName,
    whyWent: r.whyWent,
    whereWent: r.whereWent,
    withWhom: r.withWhom,
    harm: r.harm,
    pushFactors: r.pushFactors,
    pullFactors: r.pullFactors,
    disclosures: r.disclosures,
    childsWords: r.childsWords,
    actions: r.actions,
    referrals: r.referrals,
    carerInformation: r.carerInformation,
    ...(placesWent ? { placesWent: placesWent.map(presentPlaceWentJson) } : {}),
  }
}

/** The API's episode (CONTRACTS.md §5–6): `durationMinutes` once returned (null while missing), `returnInterview: {dueBy, status}`. */
export function presentEpisodeJson(view: Pick<EpisodeView, 'episode' | 'gradings' | 'associates' | 'placesWent' | 'returnInterview'>) {
  const e = view.episode
  return {
    id: e.id,
    personId: e.personId,
    missingFrom: e.missingFrom,
    missingType: e.missingType,
    reportedMissingAt: e.reportedMissingAt.toISOString(),
    lastSeenAt: iso(e.lastSeenAt),
    policeReference: e.policeReference,
    riskGrade: e.riskGrade,
    riskGradings: view.gradings.map((g) => ({ grade: g.grade, gradedAt: g.gradedAt.toISOString(), reason: g.reason })),
    circumstances: e.circumstances,
    reportedBy: e.reportedBy,
    status: e.returnedAt ? 'returned' : 'missing',
    returnedAt: iso(e.returnedAt),
    foundLocation: e.foundDescription
      ? { description: e.foundDescription, postcode: e.foundPostcode, latitude: e.foundLatitude, longitude: e.foundLongitude }
      : null,
    foundWith: view.associates.map((a) => ({ personId: a.personId, name: a.name, description: a.description })),
    placesWent: view.placesWent.map(presentPlaceWentJson),
    returnMethod: e.returnMethod,
    returnCondition: e.returnCondition,
    durationMinutes: durationMinutes(e),
    returnInterview: presentReturnInterviewJson(view.returnInterview),
    recordedAt: e.recordedAt.toISOString(),
  }
}

/** A list item: the episode without its gradings' history. */
export function presentEpisodeListItemJson(e: Episode, rhi: ReturnInterview | undefined) {
  return {
    id: e.id,
    personId: e.personId,
    missingFrom: e.missingFrom,
    missingType: e.missingType,
    reportedMissingAt: e.reportedMissingAt.toISOString(),
    lastSeenAt: iso(e.lastSeenAt),
    riskGrade: e.riskGrade,
    status: e.returnedAt ? 'returned' : 'missing',
    returnedAt: iso(e.returnedAt),
    durationMinutes: durationMinutes(e),
    returnInterview: rhi ? { dueBy: rhi.dueBy.toISOString(), status: rhi.status } : null,
  }
}

export const MISSING_FROM_LABELS: Record<MissingFrom, string> = { home: 'Home', care: 'Care placement', education: 'Education setting', other: 'Somewhere else' }
export const MISSING_TYPE_LABELS: Record<string, string> = { M: 'Missing (M)', A: 'Away without authorisation (A)' }
export const RHI_STATUS_LABELS: Record<RhiStatus, string> = {
  due: 'Due',
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
  completed: 'Completed',
  'not-possible': 'Not possible',
}

const GRADE_TAG: Record<RiskGrade, string> = { high: 'govuk-tag--red', medium: 'govuk-tag--orange', low: 'govuk-tag--yellow', 'very-low': 'govuk-tag--grey' }
export const gradeTag = (grade: string) => ({ text: RISK_GRADE_LABELS[grade as RiskGrade] ?? grade, classes: GRADE_TAG[grade as RiskGrade] ?? '' })

export function rhiTag(rhi: Pick<ReturnInterview, 'status' | 'dueBy'> | null | undefined, now: Date) {
  if (!rhi) return null
  if (rhiOverdue(rhi, now)) return { text: 'Overdue', classes: 'govuk-tag--red' }
  return { text: RHI_STATUS_LABELS[rhi.status], classes: rhi.status === 'completed' ? 'govuk-tag--green' : 'govuk-tag--blue' }
}

const row = (key: string, value: string | null | undefined) => ({ key: { text: key }, value: { text: value || 'Not recorded' } })
/** A factor since removed from the partnership's list still shows its label when it was a default one, else its code. */
const labelsOf = (codes: string[], list: readonly Factor[]) =>
  codes.map((c) => (list.find((f) => f.code === c) ?? [...DEFAULT_PUSH_FACTORS, ...DEFAULT_PULL_FACTORS].find((f) => f.code === c))?.label ?? c).join(', ')

/** The episode page: summary rows for the episode, its return and its RHI, and what the actor may do next. */
export function presentEpisodePage(view: EpisodeView, can: { update: boolean; rhi: boolean }, now: Date, factors: { push: readonly Factor[]; pull: readonly Factor[] }) {
  const e = view.episode
  const minutes = durationMinutes(e, now) ?? 0
  const rhi = view.returnInterview
  const place = [e.foundDescription, e.foundPostcode].filter(Boolean).join(', ')
  return {
    pageTitle: `Missing episode: ${fullName(view.person)}`,
    episode: e,
    name: fullName(view.person),
    personId: e.personId,
    open: !e.returnedAt,
    grade: gradeTag(e.riskGrade),
    can,
    rows: [
      row('Missing from', MISSING_FROM_LABELS[e.missingFrom]),
      ...(e.missingType ? [row('Looked-after child', MISSING_TYPE_LABELS[e.missingType])] : []),
      row('Last seen', e.lastSeenAt ? formatDateTime(e.lastSeenAt) : null),
      row('Reported missing', formatDateTime(e.reportedMissingAt)),
      row('Reported by', e.reportedBy),
      row('Police reference', e.policeReference),
      row('Circumstances', e.circumstances),
      row(e.returnedAt ? 'Missing for' : 'Missing so far', durationText(minutes)),
    ],
    gradings: view.gradings.map((g) => ({ grade: gradeTag(g.grade), at: formatDateTime(g.gradedAt), reason: g.reason ?? '' })),
    returnRows: e.returnedAt
      ? [
          row('Returned or found', formatDateTime(e.returnedAt)),
          row('Where found', place),
          row('Places went while missing', view.placesWent.map((p) => `${[p.description, p.postcode].filter(Boolean).join(', ')} (${PLACE_WENT_SOURCE_LABELS[p.source]})`).join('; ')),
          row('Found with', view.associates.map((a) => [a.name, a.description].filter(Boolean).join(' — ')).join('; ')),
          row('How they returned', e.returnMethod),
          row('Condition on return', e.returnCondition),
        ]
      : [],
    rhi: rhi
      ? {
          tag: rhiTag(rhi, now),
          rows: [
            row('Due by', formatDateTime(rhi.dueBy)),
            row('Status', RHI_STATUS_LABELS[rhi.status] + (rhi.statusReason ? `: ${rhi.statusReason}` : '')),
            ...(rhi.heldAt ? [row('Held', formatDateTime(rhi.heldAt))] : []),
            ...(rhi.interviewerName ? [row('Interviewer', rhi.interviewerName)] : []),
            ...(rhi.pushFactors.length ? [row('Push factors', labelsOf(rhi.pushFactors, factors.push))] : []),
            ...(rhi.pullFactors.length ? [row('Pull factors', labelsOf(rhi.pullFactors, factors.pull))] : []),
            ...(rhi.referrals.length ? [row('Referrals', rhi.referrals.map((r) => RHI_REFERRAL_LABELS[r as keyof typeof RHI_REFERRAL_LABELS] ?? r).join(', '))] : []),
          ],
        }
      : null,
    startedAt: formatDateTime(episodeStart(e)),
  }
}

import type { PgTable } from 'drizzle-orm/pg-core'
import { alerts } from '../modules/alerts/schema.ts'
import { personIdentifiers } from '../modules/people/schema.ts'
import { missingEpisodeAssociates, missingEpisodePlaces, missingEpisodes, missingRiskGradings, missingSettings, returnInterviews, type RiskGrade } from '../modules/missing/schema.ts'
import { addDays, addMinutes } from './dates.ts'
import type { ChildInfo } from './people.ts'
import { postcodeIn } from './places.ts'
import { Random, type Weighted } from './random.ts'
import type { RelationshipRow } from './relationships.ts'

type EpisodeRow = typeof missingEpisodes.$inferInsert & { id: string; personId: string; reportedMissingAt: Date; riskGrade: RiskGrade }
type GradingRow = typeof missingRiskGradings.$inferInsert
type AssociateRow = typeof missingEpisodeAssociates.$inferInsert
type InterviewRow = typeof returnInterviews.$inferInsert & { id: string }
type PlaceWentRow = typeof missingEpisodePlaces.$inferInsert
type AlertRow = typeof alerts.$inferInsert & { id: string; raisedAt: Date }
type IdentifierRow = typeof personIdentifiers.$inferInsert

export type MissingDemoHolders = {
  missingUnitTeamId: string
  returnInterviewTeamId: string
  policeMissingId: string
  rhiWorkerId: string
  exploitationLeadId: string
  /** Children the person index already gave a local authority (la-id) identifier: the SSDA903 CHILD. */
  laIdHolders?: ReadonlySet<string>
}

/** The rows of the demo's missing year, and the relationships its workflow created; inserted in `tables` order. */
export type MissingDemo = {
  tables: Array<{ table: PgTable; rows: Record<string, unknown>[] }>
  relationships: RelationshipRow[]
  summary: { episodes: number; open: number; returnInterviews: number; alerts: number }
}

const HOUR = 60
const DAY = 24 * HOUR

/** Places children are found, and places they went while missing (synthetic coordinates near the real town centres). */
const PLACES: ReadonlyArray<{ description: string; district: string; lat: number; lon: number }> = [
  { description: 'Queensgate bus station, Peterborough', district: 'PE1', lat: 52.5745, lon: -0.2447 },
  { description: 'Peterborough railway station', district: 'PE1', lat: 52.5749, lon: -0.2505 },
  { description: 'Central Park, Peterborough', district: 'PE1', lat: 52.5842, lon: -0.2378 },
  { description: 'Serpentine Green shopping centre', district: 'PE7', lat: 52.5355, lon: -0.2628 },
  { description: 'Friend’s address in Millfield', district: 'PE1', lat: 52.5852, lon: -0.2555 },
  { description: 'Wisbech bus station', district: 'PE13', lat: 52.6643, lon: 0.1605 },
  { description: 'March railway station', district: 'PE15', lat: 52.5599, lon: 0.0911 },
  { description: 'Huntingdon town centre', district: 'PE29', lat: 52.3305, lon: -0.1837 },
  { description: 'Cambridge Drummer Street bus station', district: 'CB1', lat: 52.2056, lon: 0.1243 },
  { description: 'London King’s Cross station', district: 'N1', lat: 51.5308, lon: -0.1238 },
  { description: 'Flat above a takeaway in Norwich city centre', district: 'NR1', lat: 52.6285, lon: 1.2942 },
]
/** Where looked-after children placed out of area live, and the circumstances written on their episodes. */
const PLACEMENTS = ['a children’s home in Norfolk', 'foster carers in Leicestershire', 'a semi-independent placement in Lincolnshire', 'a children’s home in Bedfordshire']
const ASSOCIATES = ['Older male known as “Deano”', 'Two older teenagers in a grey Audi', 'Girlfriend, aged 19', 'A group of friends from school', 'An adult male not known to the family']
const GRADES: Weighted<RiskGrade> = [['very-low', 3], ['low', 27], ['medium', 60], ['high', 10]]
const REASONS_NOT_POSSIBLE = ['Child moved out of the area before contact could be made', 'No response to three contact attempts', 'Child in hospital; interview rearranged then declined by carers']
const PUSH = ['family-conflict', 'placement-unhappy', 'school-problems', 'bullying', 'domestic-abuse', 'loneliness']
const PULL = ['friends-peer-group', 'older-partner', 'grooming-exploitation', 'drugs-alcohol', 'family-contact', 'gifts-money']

type Profile = 'repeat' | 'looked-after' | 'occasional'

/**
 * A year of missing episodes ending on `today` (the seed day), deterministic for that date: children who go
 * missing repeatedly (some with three or more episodes in 30 days, recently enough for the exploitation lead's
 * queue), looked-after children placed out of area (M and A), a few high-risk episodes, a handful missing right
 * now, and return home interviews on time, late, declined, not possible and overdue. Alerts follow the default
 * trigger rules, as the service would have raised them.
 */
export function generateMissingDemo(random: Random, ids: Random, today: Date, children: readonly ChildInfo[], relationships: readonly RelationshipRow[], h: MissingDemoHolders): MissingDemo {
  const unitChildren = new Set(relationships.filter((r) => r.teamId === h.missingUnitTeamId && r.source === 'allocation').map((r) => r.personId))
  const eligible = children.filter((c) => c.tag !== 'sealed' && c.tag !== 'restricted' && c.tag !== 'mash-only' && c.age >= 11 && c.age <= 17)
  const chosen = [...eligible.filter((c) => unitChildren.has(c.id)), ...random.sample(eligible.filter((c) => !unitChildren.has(c.id)), 18)]
  const yearAgo = addDays(today, -365)

  const episodes: EpisodeRow[] = []
  const gradings: GradingRow[] = []
  const associates: AssociateRow[] = []
  const interviews: InterviewRow[] = []
  const placesWent: PlaceWentRow[] = []
  const alertRows: AlertRow[] = []
  const rels: RelationshipRow[] = []
  const laIds: IdentifierRow[] = []

  chosen.forEach((child, index) => {
    const profile: Profile = index % 4 === 0 ? 'repeat' : index % 4 === 1 ? 'looked-after' : child.tag === 'allocated' ? 'repeat' : 'occasional'
    const count = profile === 'repeat' ? random.int(6, 12) : profile === 'looked-after' ? random.int(3, 8) : random.int(1, 2)
    const placement = random.pick(PLACEMENTS)
    // A looked-after child is on the council's case system, whose id is the SSDA903 CHILD (ADR 0012): every one
    // gets an la-id. "MOS0…" never collides with the person index's MOS100000–999999; no draw from `random`, so
    // the rest of the demo is unchanged.
    if (profile === 'looked-after' && !h.laIdHolders?.has(child.id)) {
      laIds.push({ personId: child.id, type: 'la-id', value: `MOS0${String(index).padStart(5, '0')}`, issuer: 'Mosaic (demo)', recordedAt: addDays(child.createdAt, 1), recordedBy: h.exploitationLeadId })
    }
    // The named allocated child and a few others are missing now; the repeat children cluster three in 30 days.
    const missingNow = child.tag === 'allocated' || (index % 9 === 4 && profile !== 'occasional')
    const clusterEnd = index % 8 === 0 ? addDays(today, -random.int(2, 12)) : addDays(today, -random.int(40, 330))
    const starts: Date[] = []
    const from = child.createdAt > yearAgo ? child.createdAt : yearAgo
    if (profile === 'repeat') for (let k = 0; k < 3; k++) starts.push(addMinutes(addDays(clusterEnd, -k * random.int(5, 9)), random.int(-120, 120)))
    while (starts.length < count) starts.push(addMinutes(from, random.int(0, Math.max(1, Math.floor((today.getTime() - from.getTime()) / 60_000) - 3 * DAY))))
    const sorted = starts.filter((s) => s > from && s < addDays(today, -1)).sort((a, b) => a.getTime() - b.getTime())
    if (missingNow) sorted.push(addMinutes(today, -random.int(3 * HOUR, profile === 'looked-after' ? 40 * HOUR : 20 * HOUR)))

    let previousEnd: Date | null = null
    sorted.forEach((start, k) => {
      // Evenings and nights; an episode never starts before the previous one ended.
      let lastSeenAt = addMinutes(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate())), random.int(15 * HOUR, 23 * HOUR))
      if (k === sorted.length - 1 && missingNow) lastSeenAt = start
      if (previousEnd && lastSeenAt <= previousEnd) lastSeenAt = addMinutes(previousEnd, random.int(12 * HOUR, 3 * DAY))
      const reportedMissingAt = addMinutes(lastSeenAt, random.int(45, 5 * HOUR))
      const open = missingNow && k === sorted.length - 1
      // Nothing in the future; a returned episode ends before the seed day starts.
      if (reportedMissingAt >= today || (!open && reportedMissingAt > addMinutes(today, -10 * HOUR))) return
      const minutes = random.weighted<number>([[random.int(3 * HOUR, 20 * HOUR), 65], [random.int(1 * DAY, 3 * DAY), 25], [random.int(3 * DAY, 9 * DAY), 10]])
      let returnedAt: Date | null = open ? null : addMinutes(lastSeenAt, minutes)
      if (returnedAt && returnedAt >= addMinutes(today, -HOUR)) returnedAt = addMinutes(reportedMissingAt, random.int(30, 6 * HOUR))
      if (returnedAt && returnedAt < reportedMissingAt) returnedAt = addMinutes(reportedMissingAt, random.int(30, 3 * HOUR))
      previousEnd = returnedAt ?? today
      const lookedAfter = profile === 'looked-after'
      const firstGrade = random.weighted(GRADES)
      const regraded = random.chance(0.15) && firstGrade !== 'high'
      const grade: RiskGrade = regraded ? (firstGrade === 'medium' ? 'high' : 'medium') : firstGrade
      const id = ids.uuid()
      const place = returnedAt && random.chance(0.8) ? random.pick(PLACES) : null
      const recordedAt = addMinutes(reportedMissingAt, random.int(5, 50))
      const returnRecordedAt = returnedAt ? addMinutes(returnedAt, random.int(10, 4 * HOUR)) : null
      episodes.push({
        id,
        personId: child.id,
        missingFrom: lookedAfter ? 'care' : random.weighted([['home', 80], ['education', 10], ['other', 10]]),
        missingType: lookedAfter ? random.weighted([['M', 70], ['A', 30]]) : null,
        reportedMissingAt,
        lastSeenAt,
        policeReference: `CC-${reportedMissingAt.getUTCFullYear()}-${String(random.int(1000, 99999)).padStart(5, '0')}`,
        riskGrade: grade,
        circumstances: lookedAfter ? `Placed out of area with ${placement}; did not return after an evening out.` : random.pick(['Left home after an argument.', 'Did not come home from school.', 'Went out to meet friends and did not return.', 'Left the house overnight without telling anyone.']),
        reportedBy: lookedAfter ? random.pick(['Residential worker', 'Foster carer']) : random.pick(['Mother', 'Father', 'Grandmother', 'Head of year']),
        returnedAt,
        foundDescription: place?.description ?? null,
        foundPostcode: place ? postcodeIn(random, place.district) : null,
        foundLatitude: place ? Math.round((place.lat + (random.next() - 0.5) * 0.004) * 1e5) / 1e5 : null,
        foundLongitude: place ? Math.round((place.lon + (random.next() - 0.5) * 0.004) * 1e5) / 1e5 : null,
        returnMethod: returnedAt ? random.pick(['Returned on their own', 'Brought home by police', 'Collected by carers', 'Brought back by a friend’s parent']) : null,
        returnCondition: returnedAt ? random.pick(['Tired but unhurt', 'Under the influence of alcohol', 'Unhurt; would not say where they had been', 'Minor cuts to hands; seen by a nurse']) : null,
        recordedAt,
        recordedBy: h.policeMissingId,
        recordedByTeamId: h.missingUnitTeamId,
        returnRecordedAt,
        returnRecordedBy: returnedAt ? h.policeMissingId : null,
        updatedAt: returnRecordedAt ?? recordedAt,
      })
      gradings.push({ episodeId: id, grade: firstGrade, gradedAt: recordedAt, gradedBy: h.policeMissingId, reason: 'Initial grading' })
      if (regraded) gradings.push({ episodeId: id, grade, gradedAt: addMinutes(recordedAt, random.int(60, 6 * HOUR)), gradedBy: h.policeMissingId, reason: random.pick(['Seen with an adult of concern', 'Phone switched off; not answering', 'Intelligence of travel to London']) })
      rels.push({ id: ids.uuid(), personId: child.id, userId: null, teamId: h.missingUnitTeamId, source: 'missing-episode', sourceRef: id, startsAt: recordedAt, expiresAt: returnRecordedAt ? addDays(returnRecordedAt, 30) : null, endedAt: null, createdBy: h.policeMissingId })
      if (returnedAt && returnRecordedAt && random.chance(0.35)) {
        associates.push({ episodeId: id, personId: null, name: null, description: random.pick(ASSOCIATES), recordedAt: returnRecordedAt, recordedBy: h.policeMissingId })
      }
      if (returnedAt && returnRecordedAt) {
        const interview = interviewFor(random, ids, id, child.id, returnedAt, returnRecordedAt, today, h, rels, lookedAfter)
        interviews.push(interview)
        placesWent.push(...placesWentFor(id, returnRecordedAt, interview, h))
      }
    })
  })

  raiseDemoAlerts(random, ids, episodes, today, h, alertRows, rels)
  const open = episodes.filter((e) => !e.returnedAt).length
  return {
    tables: [
      { table: personIdentifiers, rows: laIds },
      { table: missingSettings, rows: [{ key: 'returnInterviewTeamId', value: h.returnInterviewTeamId, updatedAt: addDays(today, -400) }] },
      { table: missingEpisodes, rows: episodes },
      { table: missingRiskGradings, rows: gradings },
      { table: missingEpisodeAssociates, rows: associates },
      { table: missingEpisodePlaces, rows: placesWent },
      { table: returnInterviews, rows: interviews },
      { table: alerts, rows: alertRows },
    ],
    relationships: rels,
    summary: { episodes: episodes.length, open, returnInterviews: interviews.length, alerts: alertRows.length },
  }
}

/**
 * Where the child went while missing, for about half the returned episodes: one or two of the same places children
 * are found (so "missing to" hotspots form), told at the interview when it was held, else learnt by the police on
 * the return. Drawn from a generator of the episode's own, so the rest of the demo is the same as without them.
 */
function placesWentFor(episodeId: string, returnRecordedAt: Date, interview: InterviewRow, h: MissingDemoHolders): PlaceWentRow[] {
  const r = Random.from(`lantern-demo:places-went:${episodeId}`)
  if (!r.chance(0.5)) return []
  const held = interview.heldAt instanceof Date
  return r.sample(PLACES, r.chance(0.3) ? 2 : 1).map((place) => ({
    episodeId,
    description: place.description,
    postcode: postcodeIn(r, place.district),
    latitude: Math.round((place.lat + (r.next() - 0.5) * 0.004) * 1e5) / 1e5,
    longitude: Math.round((place.lon + (r.next() - 0.5) * 0.004) * 1e5) / 1e5,
    source: held ? 'rhi' : 'police',
    recordedAt: held ? (interview.heldAt as Date) : returnRecordedAt,
    recordedBy: held ? h.rhiWorkerId : h.policeMissingId,
  }))
}

/** The RHI of a returned episode: recent ones still due or offered; older ones mostly held (some late), some declined or not possible, a few left overdue. */
function interviewFor(random: Random, ids: Random, episodeId: string, personId: string, returnedAt: Date, recordedAt: Date, today: Date, h: MissingDemoHolders, rels: RelationshipRow[], lookedAfter: boolean): InterviewRow {
  const dueBy = addMinutes(returnedAt, 72 * HOUR)
  const id = ids.uuid()
  const recent = dueBy > today
  const outcome = recent
    ? random.weighted<'due' | 'offered' | 'completed'>([['due', 45], ['offered', 35], ['completed', 20]])
    : random.weighted<'completed' | 'late' | 'declined' | 'not-possible' | 'overdue'>([['completed', 55], ['late', 18], ['declined', 12], ['not-possible', 7], ['overdue', dueBy > addDays(today, -30) ? 25 : 0]])
  const heldAt =
    outcome === 'completed' ? addMinutes(returnedAt, random.int(6 * HOUR, recent ? Math.max(6 * HOUR, Math.floor((today.getTime() - returnedAt.getTime()) / 60_000) - 60) : 70 * HOUR)) : outcome === 'late' ? addMinutes(dueBy, random.int(2 * HOUR, 9 * DAY)) : null
  const held = heldAt !== null && heldAt < today
  const status = held ? 'completed' : outcome === 'late' || outcome === 'completed' ? 'offered' : outcome === 'overdue' ? 'due' : outcome
  const closed = status === 'completed' || status === 'declined' || status === 'not-possible'
  const closedAt = heldAt && held ? heldAt : addMinutes(returnedAt, random.int(24 * HOUR, 70 * HOUR))
  rels.push({ id: ids.uuid(), personId, userId: null, teamId: h.returnInterviewTeamId, source: 'return-interview', sourceRef: id, startsAt: recordedAt, expiresAt: closed ? addDays(closedAt, 30) : null, endedAt: null, createdBy: h.policeMissingId })
  return {
    id,
    episodeId,
    personId,
    dueBy,
    status,
    statusReason: status === 'not-possible' ? random.pick(REASONS_NOT_POSSIBLE) : status === 'declined' ? 'Did not want to talk about it' : null,
    providerTeamId: h.returnInterviewTeamId,
    offeredAt: status === 'due' ? null : addMinutes(returnedAt, random.int(2 * HOUR, 30 * HOUR)),
    heldAt: held ? heldAt : null,
    interviewerName: held ? 'Chloe Adeyemi' : null,
    whyWent: held ? random.pick(['Argument with mum about coming home late', 'Wanted to see friends in town', 'Unhappy at the placement', 'Says an older friend asked them to come']) : null,
    whereWent: held ? random.pick(['Stayed at a friend’s flat', 'In town, then a house party', 'Travelled to see their dad', 'Would not say']) : null,
    withWhom: held ? random.pick(['Friends from school', 'Older friends', 'Would not say', 'On their own']) : null,
    harm: held && random.chance(0.2) ? 'Was given alcohol; says nothing else happened' : null,
    pushFactors: held ? random.sample(PUSH, random.int(0, 2)).filter((p) => lookedAfter || p !== 'placement-unhappy') : [],
    pullFactors: held ? random.sample(PULL, random.int(0, 2)) : [],
    disclosures: null,
    childsWords: held && random.chance(0.5) ? random.pick(['“I just needed some space.”', '“They’re my mates, they look after me.”', '“Nobody listens at home.”']) : null,
    actions: held ? random.pick(['Safety plan agreed with the child', 'Shared with the allocated social worker', 'Referred for exploitation screening']) : null,
    referrals: held && random.chance(0.25) ? ['exploitation-screening'] : [],
    carerInformation: status === 'declined' ? 'Carer says the child was with older friends in Peterborough' : null,
    updatedAt: closed ? closedAt : recordedAt,
    updatedBy: h.rhiWorkerId,
    version: 1,
  }
}

/** The default trigger rules over the generated year: 3 in 30 days, any high grade, from care over 24 hours. */
function raiseDemoAlerts(random: Random, ids: Random, episodes: readonly EpisodeRow[], today: Date, h: MissingDemoHolders, out: AlertRow[], rels: RelationshipRow[]): void {
  const raise = (e: EpisodeRow, type: AlertRow['type'], reason: string, action: string, at: Date) => {
    const old = at < addDays(today, -14)
    const id = ids.uuid()
    out.push({ id, personId: e.personId, type, ownerRole: 'exploitation-lead', status: old ? 'acknowledged' : 'open', raisedAt: at, reason, action, ruleKey: type, sourceType: 'missing-episode', sourceRef: e.id, acknowledgedAt: old ? addMinutes(at, random.int(2 * HOUR, 3 * DAY)) : null, acknowledgedBy: old ? h.exploitationLeadId : null, acknowledgementNote: null })
    rels.push({ id: ids.uuid(), personId: e.personId, userId: h.exploitationLeadId, teamId: null, source: 'alert', sourceRef: id, startsAt: at, expiresAt: addDays(at, 30), endedAt: null, createdBy: null })
  }
  const byChild = new Map<string, EpisodeRow[]>()
  for (const e of episodes) byChild.set(e.personId, [...(byChild.get(e.personId) ?? []), e])
  for (const list of byChild.values()) {
    let lastRepeat: Date | null = null
    for (const e of list) {
      const at = addMinutes(e.reportedMissingAt, 20)
      const inWindow = list.filter((x) => x.reportedMissingAt <= e.reportedMissingAt && x.reportedMissingAt > addDays(e.reportedMissingAt, -30)).length
      if (inWindow >= 3 && (!lastRepeat || lastRepeat <= addDays(at, -30))) {
        raise(e, 'repeat-missing', `${inWindow} missing episodes in 30 days`, 'Consider a strategy meeting', at)
        lastRepeat = at
      }
      if (e.riskGrade === 'high') raise(e, 'high-risk-missing', 'Missing episode graded high risk', 'Escalate: a missing child graded high risk', at)
      const start = e.lastSeenAt ?? e.reportedMissingAt
      const over24 = addMinutes(start, 24 * HOUR)
      if (e.missingFrom === 'care' && (e.returnedAt ? e.returnedAt >= over24 : today >= over24)) {
        raise(e, 'missing-from-care-24h', `${e.returnedAt ? 'Was missing' : 'Missing'} for more than 24 hours`, 'Review the care plan: a looked-after child missing for over 24 hours', e.returnedAt ?? over24)
      }
    }
  }
}

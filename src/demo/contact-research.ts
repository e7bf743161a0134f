import type { contactEvents, contactResearchRequests, LawfulBasis, Rag } from '../modules/contacts/schema.ts'
import { DEFAULT_RESEARCH_TIMESCALES } from '../modules/contacts/rules.ts'
import { addMinutes } from './dates.ts'
import type { Random, Weighted } from './random.ts'
import type { RelationshipRow } from './relationships.ts'

/** A partner agency's MASH desk in the demo partnership (the `mash.police` / `mash.health` accounts' teams). */
export type ResearchDesk = { teamId: string; agencyName: string; agencyType: 'police' | 'health'; user: { id: string; name: string }; askChance: number }

type Input = {
  contactId: string
  personId: string
  rag: Rag
  askedAt: Date
  now: Date
  /** When the contact was decided (open requests are withdrawn then), or null while it is open. */
  closedAt: Date | null
  manager: { id: string; name: string }
  desks: readonly ResearchDesk[]
  /** While open: the chance a desk has still not answered once its answer is due (contacts in triage wait on them). */
  outstanding: number
}

const QUESTION = 'Please share anything held in the last 12 months: incidents, missing reports, known associates, attendances and health concerns.'
const HELD: Record<ResearchDesk['agencyType'], readonly string[]> = {
  police: [
    'Two missing reports (August and October), both returned within 24 hours; seen with an adult male linked to drug supply intelligence.',
    'Named as a passenger in a vehicle stopped in Peterborough at 02:00; no further action. Address known for anti-social behaviour.',
    'Domestic abuse incident at the home address last month (verbal argument, child present). Father has a caution for assault.',
    'Intelligence that the child is being contacted by older males through social media; no crime recorded yet.',
  ],
  health: [
    'Registered with the GP; A&E attendance in September with a hand injury, explanation inconsistent.',
    'Attended the sexual health clinic twice this term; the school nurse has concerns about an older boyfriend.',
    'Missed two CAMHS appointments; referred for low mood in the spring.',
    'Routine health only; health visitor records note parental substance misuse when the child was younger.',
  ],
}
const NOTHING: Record<ResearchDesk['agencyType'], string> = {
  police: 'Checked PNC, the local intelligence system and the missing persons database.',
  health: 'Checked the child health record, GP summary and A&E attendances.',
}
const BASES: Weighted<LawfulBasis> = [['public-task', 80], ['legal-obligation', 10], ['vital-interests', 5], ['consent', 5]]

/**
 * The research requests of one contact: each desk asked (by its chance), answered mostly inside the deadline, some
 * late; while the contact is open, a request may still be outstanding (more likely the younger it is). Each comes
 * with its chronology entries and the desk team's `research-request` relationship, ended when it was answered or
 * withdrawn.
 */
export function researchRequestsFor(random: Random, ids: Random, input: Input) {
  const rows: Array<typeof contactResearchRequests.$inferInsert> = []
  const events: Array<typeof contactEvents.$inferInsert> = []
  const relationships: RelationshipRow[] = []
  const hours = DEFAULT_RESEARCH_TIMESCALES[input.rag]
  const dueBy = new Date(input.askedAt.getTime() + hours * 3_600_000)
  for (const desk of input.desks) {
    if (!random.chance(desk.askChance)) continue
    const id = ids.uuid()
    // Most desks answer in a fraction of the time, one in eight late. A decided contact had its answers first (the
    // MASH waits for them), bar the odd one decided without; an open one may still be waiting, overdue or not.
    const answeredAt = input.closedAt
      ? addMinutes(input.askedAt, Math.round(((input.closedAt.getTime() - input.askedAt.getTime()) / 60_000) * (random.int(30, 95) / 100)))
      : addMinutes(input.askedAt, Math.round(hours * 60 * (random.chance(0.125) ? random.int(110, 200) / 100 : random.int(15, 95) / 100)))
    const answered = input.closedAt ? random.chance(0.95) : answeredAt.getTime() < input.now.getTime() && !random.chance(input.outstanding)
    const endedAt = answered ? answeredAt : input.closedAt
    const held = random.chance(0.55)
    const basis = held ? random.weighted(BASES) : null
    rows.push({
      id,
      contactId: input.contactId,
      deskTeamId: desk.teamId,
      agencyName: desk.agencyName,
      agencyType: desk.agencyType,
      question: QUESTION,
      status: answered ? 'answered' : input.closedAt ? 'withdrawn' : 'open',
      requestedBy: input.manager.id,
      requestedAt: input.askedAt,
      dueBy,
      answer: answered ? (held ? 'information-shared' : 'nothing-held') : null,
      information: answered ? (held ? random.pick(HELD[desk.agencyType]) : NOTHING[desk.agencyType]) : null,
      lawfulBasis: answered ? basis : null,
      specialCategoryCondition: answered && held && desk.agencyType === 'health' ? 'safeguarding-children' : null,
      answeredBy: answered ? desk.user.id : null,
      answeredAt: answered ? answeredAt : null,
      withdrawnBy: !answered && input.closedAt ? input.manager.id : null,
      withdrawnAt: !answered && input.closedAt ? input.closedAt : null,
    })
    events.push({ id: ids.uuid(), contactId: input.contactId, type: 'research-requested', at: input.askedAt, byUserId: input.manager.id, byName: `${input.manager.name}, MASH`, summary: `Asked ${desk.agencyName} what it holds`, details: { requestId: id, agencyType: desk.agencyType } })
    if (answered) {
      const late = answeredAt.getTime() > dueBy.getTime() ? ' (after the deadline)' : ''
      const what = held && basis ? `information shared under ${basis.replace('-', ' ')}` : 'nothing held'
      events.push({ id: ids.uuid(), contactId: input.contactId, type: 'research-answered', at: answeredAt, byUserId: desk.user.id, byName: `${desk.user.name}, ${desk.agencyName}`, summary: `${desk.agencyName} answered: ${what}${late}`, details: { requestId: id } })
    } else if (input.closedAt) {
      events.push({ id: ids.uuid(), contactId: input.contactId, type: 'research-withdrawn', at: input.closedAt, byUserId: input.manager.id, byName: `${input.manager.name}, MASH`, summary: `Request to ${desk.agencyName} withdrawn: the contact was decided`, details: { requestId: id } })
    }
    relationships.push({ id: ids.uuid(), personId: input.personId, userId: null, teamId: desk.teamId, source: 'research-request', sourceRef: id, startsAt: input.askedAt, expiresAt: null, endedAt: endedAt ?? null, createdBy: input.manager.id })
  }
  return { rows, events, relationships }
}

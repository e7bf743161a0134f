import type { PgTable } from 'drizzle-orm/pg-core'
import { contactEvents, contactResearchRequests, contacts, type ConcernType, type ContactStatus, type DecisionOutcome, type Rag, type ReferralSource } from '../modules/contacts/schema.ts'
import { researchRequestsFor, type ResearchDesk } from './contact-research.ts'
import { addDays, addMinutes } from './dates.ts'
import type { ChildInfo, PersonRow } from './people.ts'
import type { Random, Weighted } from './random.ts'
import type { RelationshipRow } from './relationships.ts'

/**
 * A year of MASH contacts ending today (issue 4 point 6). A county MASH receives roughly 3–4 contacts a year per
 * 100 children in its area; scaled to the demo person index (about 300 children, a fraction of whom come to the
 * MASH more than once) that is about 2.5 a day, ~900 a year. The mix follows the DfE referral-source shares
 * (police ~30%, schools ~20%, health ~15%, LA services, individuals) and a front door where CSE is a minority
 * (~1 in 8) and going missing, CCE and "other" (neglect, domestic abuse…) are most of it. Volumes follow the
 * school year (fewer in August and over Christmas, more in the autumn term), the year's total unchanged.
 *
 * The open queue is a MASH under ordinary pressure: nearly everything of the last two days, about half of the past
 * week and a tail of older contacts waiting on partner checks or the manager's decision — two dozen or so open, most
 * of the older ones overdue (at this scaled volume, dozens open cannot all be within 72 hours). About half the
 * contacts worth checking had police and health research requests; some of the open ones are still outstanding.
 * Deterministic for a given `today`.
 */
export type ContactsDemo = { tables: Array<{ table: PgTable; rows: Record<string, unknown>[] }>; relationships: RelationshipRow[]; summary: { contacts: number; open: number; cse: number; openResearch: number } }

export type ContactsDemoHolders = {
  mashTeamId: string
  mashManager: { id: string; name: string }
  mashPractitioner: { id: string; name: string }
  dsl: { id: string; name: string; agencyId: string; agencyName: string }
  nurse: { id: string; name: string; agencyId: string; agencyName: string }
  policeAgency: { id: string; name: string }
  policeDesk: ResearchDesk['user'] & { agencyId: string; agencyName: string; teamId: string }
  healthDesk: ResearchDesk['user'] & { agencyId: string; agencyName: string; teamId: string }
}

/** Share of contacts still open by age in days (the backlog described above). */
function openChance(ageDays: number): number {
  if (ageDays < 1) return 0.95
  if (ageDays < 2) return 0.9
  if (ageDays < 3) return 0.8
  if (ageDays < 7) return 0.55
  if (ageDays < 14) return 0.35
  if (ageDays < 28) return 0.15
  if (ageDays < 42) return 0.04
  return 0
}

/** Relative volume by date: the school year drives schools' and health's referrals (DfE CIN census seasonality). */
function seasonWeight(date: Date): number {
  const month = date.getUTCMonth()
  const day = date.getUTCDate()
  if (month === 7) return 0.6
  if ((month === 11 && day >= 20) || (month === 0 && day < 3)) return 0.7
  if (month >= 8 && month <= 10) return 1.2
  return 1
}

const PER_DAY = 2.5
const RAG_HOURS: Record<Rag, number> = { red: 4, amber: 24, green: 72 }
const CONCERNS: Weighted<ConcernType[]> = [
  [['other'], 34], [['missing'], 18], [['CCE'], 9], [['CSE'], 7], [['online-abuse'], 8], [['missing', 'CCE'], 7], [['missing', 'CSE'], 4],
  [['CSE', 'online-abuse'], 3], [['trafficking', 'CCE'], 2], [['trafficking'], 1], [['other', 'missing'], 7],
]
const SOURCES: Weighted<ReferralSource> = [['6', 30], ['2A', 18], ['2B', 2], ['3A', 3], ['3E', 4], ['3D', 4], ['3C', 2], ['5A', 4], ['5B', 3], ['5D', 3], ['4', 3], ['7', 3], ['1A', 6], ['1B', 2], ['1C', 1], ['8', 7], ['9', 2], ['10', 3]]
const OUTCOMES: Weighted<DecisionOutcome> = [
  ['no-further-action', 30], ['universal-services', 15], ['early-help', 20], ['assessment-s17', 13], ['strategy-discussion-s47', 6], ['police-action', 4], ['exploitation-screening', 8], ['missing-follow-up', 4],
]
const RAG: Weighted<Rag> = [['red', 10], ['amber', 45], ['green', 45]]
const NARRATIVES: Record<ConcernType, readonly string[]> = {
  CSE: ['Seen getting into cars with older men near the bus station.', 'Has a new phone and clothes she cannot explain; talks about an older boyfriend.', 'Picked up from school by adults not known to the family.'],
  CCE: ['Found with two phones and cash; travelling to Norfolk without explanation.', 'Stopped by police with a quantity of cannabis wraps; would not say who gave them.', 'Seen at an address linked to drug supply.'],
  trafficking: ['Arrived recently, unclear who the adults caring for them are.', 'Moved between addresses in different towns; says they owe money.'],
  'online-abuse': ['Sending images to an adult met online, who now threatens to share them.', 'Groomed through a gaming platform; asked to meet.'],
  missing: ['Missing overnight; returned with no account of where they had been.', 'Third missing episode this month; returns late at night.', 'Missing from care placement for two days.'],
  other: ['Disclosed domestic abuse at home.', 'Attendance has dropped; appears hungry and unkempt.', 'Self-harm disclosed to the school nurse.', 'Parent intoxicated at school collection.'],
}
const WORDS = ['“He says I am his girlfriend and that nobody else gets me.”', '“I just go to a mate’s, it’s fine.”', '“If I don’t do the runs they will hurt my brother.”', '“I don’t want to go home tonight.”']
const CALLERS = [['Anonymous', 'Neighbour'], ['Sharon (grandmother)', 'Family member'], ['Duty manager', 'Taxi firm'], ['Youth worker', 'Youth club']] as const

export function generateContactsDemo(random: Random, ids: Random, today: Date, children: readonly ChildInfo[], rows: readonly PersonRow[], h: ContactsDemoHolders): ContactsDemo {
  const byId = new Map(rows.map((r) => [r.id, r]))
  // Restricted and sealed children are left out: their stories belong to information governance's demo.
  // Amelia Hart (the MASH-only child) gets only her own contact, below.
  const pool = children.filter((c) => c.tag !== 'restricted' && c.tag !== 'sealed' && c.tag !== 'mash-only')
  // Some children come again and again: a skewed pick makes repeat contacts.
  const frequent = random.sample(pool, Math.round(pool.length / 6))
  const pickChild = () => (random.chance(0.35) ? random.pick(frequent) : random.pick(pool))
  const contactRows: Array<typeof contacts.$inferInsert & { receivedAt: Date }> = []
  const events: Array<typeof contactEvents.$inferInsert> = []
  const relationships: RelationshipRow[] = []
  const researchRows: Array<typeof contactResearchRequests.$inferInsert> = []
  if (!h.policeDesk.teamId || !h.healthDesk.teamId) throw new Error('Demo partnership has no MASH police or health desk')
  const desks: ResearchDesk[] = [
    { teamId: h.policeDesk.teamId, agencyName: h.policeDesk.agencyName, agencyType: 'police', user: h.policeDesk, askChance: 0.95 },
    { teamId: h.healthDesk.teamId, agencyName: h.healthDesk.agencyName, agencyType: 'health', user: h.healthDesk, askChance: 0.65 },
  ]
  const now = addMinutes(today, 0)
  const days = 365
  const total = Math.round(days * PER_DAY)

  const add = (child: ChildInfo, receivedAt: Date, forceOpen?: ContactStatus) => {
    const person = byId.get(child.id)
    if (!person) return
    const concernTypes = random.weighted(CONCERNS)
    const referralSource = random.weighted(SOURCES)
    const ageHours = (today.getTime() - receivedAt.getTime()) / 3_600_000
    const id = ids.uuid()
    const channel = referralSource === '6' || referralSource.startsWith('3') ? (random.chance(0.7) ? 'api' : 'online') : ['1A', '1B', '1C', '1D', '9', '10'].includes(referralSource) ? 'phone' : 'online'
    const referrer =
      referralSource === '2A' && random.chance(0.5) ? h.dsl : referralSource.startsWith('3') && random.chance(0.4) ? h.nurse : null
    const caller = channel === 'phone' ? random.pick(CALLERS) : null
    const rag = random.weighted(RAG)
    const due = new Date(receivedAt.getTime() + RAG_HOURS[rag] * 3_600_000)
    const stillOpen = random.chance(openChance(ageHours / 24))
    // New ones wait for triage; older open ones are being checked with partners or wait for the manager.
    const status: ContactStatus =
      forceOpen ?? (!stillOpen ? 'decided' : ageHours < 12 && random.chance(0.6) ? 'awaiting-triage' : random.weighted<ContactStatus>(ageHours < 72 ? [['in-triage', 3], ['awaiting-decision', 2]] : [['in-triage', 2], ['awaiting-decision', 3]]))
    const rated = status !== 'awaiting-triage'
    const linked = rated
    const late = random.chance(0.1)
    const decidedAt = status === 'decided' ? addMinutes(receivedAt, Math.round(RAG_HOURS[rag] * 60 * (late ? 1.3 : random.int(20, 95) / 100))) : null
    const outcome = status === 'decided' ? (concernTypes.includes('CSE') || concernTypes.includes('CCE') ? random.weighted<DecisionOutcome>([['exploitation-screening', 5], ['strategy-discussion-s47', 2], ['assessment-s17', 2], ['early-help', 1]]) : random.weighted(OUTCOMES)) : null
    const allocated = rated && random.chance(0.8) ? random.pick([h.mashPractitioner, h.mashManager]) : null
    const recommended = status === 'awaiting-decision' ? random.weighted(OUTCOMES) : null
    // Half-way between receipt and now: after triage and any partner answers of a contact this old.
    const recommendedAt = recommended ? addMinutes(receivedAt, Math.max(1, Math.round(ageHours * 30))) : null
    const narrative = concernTypes.map((c) => random.pick(NARRATIVES[c])).join(' ')
    contactRows.push({
      id,
      channel,
      childGivenName: person.givenName,
      childFamilyName: person.familyName,
      childDateOfBirth: person.dateOfBirth,
      childGender: person.gender,
      childAddress: person.addressLine1 ?? null,
      childPostcode: person.postcode ?? null,
      household: null,
      personId: linked ? person.id : null,
      concernTypes,
      concernOther: null,
      referralSource,
      referrerUserId: referrer?.id ?? null,
      referrerAgencyId: referrer?.agencyId ?? (referralSource === '6' ? h.policeAgency.id : null),
      referrerName: caller?.[0] ?? referrer?.name ?? (referralSource === '6' ? 'Police control room' : 'Duty practitioner'),
      referrerAgencyName: caller?.[1] ?? referrer?.agencyName ?? (referralSource === '6' ? h.policeAgency.name : null),
      receivedAt,
      narrative,
      childsWords: random.chance(0.3) ? random.pick(WORDS) : null,
      immediateRisk: rag === 'red' && random.chance(0.5),
      lawfulBasis: random.weighted([['public-task', 70], ['legal-obligation', 15], ['vital-interests', 5], ['consent', 10]] as const),
      specialCategoryCondition: random.chance(0.6) ? 'safeguarding-children' : null,
      familyInformed: random.chance(0.6),
      status,
      rag: rated ? rag : null,
      decisionDueBy: rated ? due : null,
      allocatedTo: allocated?.id ?? null,
      allocatedAt: allocated ? addMinutes(receivedAt, random.int(10, 90)) : null,
      recommendedOutcome: recommended,
      recommendationRationale: recommended ? 'Checks with police and health complete; the threshold document points to this outcome.' : null,
      recommendedBy: recommended ? h.mashPractitioner.id : null,
      recommendedAt,
      outcome,
      rationale: outcome ? 'Threshold considered against the partnership threshold document with the information shared by police, health and education.' : null,
      decidedBy: decidedAt ? h.mashManager.id : null,
      decidedAt,
      signedOffBy: decidedAt ? h.mashManager.id : null,
      signedOffAt: decidedAt,
      createdAt: receivedAt,
      createdBy: referrer?.id ?? (channel === 'phone' ? h.mashPractitioner.id : null),
      updatedAt: decidedAt ?? receivedAt,
    })
    const event = (type: (typeof contactEvents.$inferInsert)['type'], at: Date, by: { id: string; name: string } | null, summary: string) =>
      events.push({ id: ids.uuid(), contactId: id, type, at, byUserId: by?.id ?? null, byName: by ? `${by.name}, MASH` : String(caller?.[0] ?? referrer?.name ?? 'Referrer'), summary })
    event('received', receivedAt, null, `Concern reported: ${concernTypes.join(', ').toLowerCase()}`)
    if (rated) {
      const triagedAt = addMinutes(receivedAt, random.int(5, Math.max(6, Math.round(RAG_HOURS[rag] * 60 * 0.15))))
      event('rag-set', triagedAt, h.mashPractitioner, `RAG rating ${rag}: decision due within ${RAG_HOURS[rag]} hours of receipt`)
      event('linked', triagedAt, h.mashPractitioner, 'Linked to a person index record')
      relationships.push({ id: ids.uuid(), personId: person.id, userId: null, teamId: h.mashTeamId, source: 'mash-contact', sourceRef: id, startsAt: triagedAt, expiresAt: null, endedAt: decidedAt, createdBy: h.mashPractitioner.id })
    }
    if (allocated) event('allocated', addMinutes(receivedAt, 30), h.mashManager, `Allocated to ${allocated.name}`)
    if (rated) {
      // Partner research: asked by the manager soon after triage, for contacts worth checking.
      const worthChecking = rag !== 'green' || concernTypes.some((c) => c !== 'other')
      if (worthChecking && random.chance(status === 'decided' ? 0.5 : 0.8)) {
        const askedAt = addMinutes(receivedAt, random.int(20, Math.max(25, Math.round(RAG_HOURS[rag] * 60 * 0.25))))
        // Asked before the decision (or, while open, before now); otherwise this contact went without checks.
        if (askedAt.getTime() < (decidedAt ?? now).getTime()) {
          const research = researchRequestsFor(random, ids, { contactId: id, personId: person.id, rag, askedAt, now, closedAt: decidedAt, manager: h.mashManager, desks, outstanding: status === 'in-triage' ? 0.5 : 0.05 })
        researchRows.push(...research.rows)
        events.push(...research.events)
          relationships.push(...research.relationships)
        }
      }
    }
    if (recommended && recommendedAt) event('recommended', recommendedAt, h.mashPractitioner, `Recommended: ${recommended.replaceAll('-', ' ')}`)
    if (decidedAt && outcome) event('decided', decidedAt, h.mashManager, `Decided and signed off: ${outcome.replaceAll('-', ' ')}`)
  }

  // The year's total is kept; the day is drawn by season (rejection sampling against the largest weight).
  for (let i = 0; i < total; ) {
    const day = addDays(today, -random.int(0, days - 1))
    if (!random.chance(seasonWeight(day) / 1.2)) continue
    i += 1
    const receivedAt = addMinutes(day, random.int(7 * 60, 22 * 60))
    if (receivedAt.getTime() >= now.getTime()) continue
    add(pickChild(), receivedAt)
  }
  // Amelia Hart (the story's MASH-only child): a contact received this morning, awaiting triage (so not linked:
  // her one relationship stays the MASH team's as creator of her record).
  const amelia = children.find((c) => c.tag === 'mash-only')
  if (amelia) add(amelia, addMinutes(addDays(today, -1), 21 * 60 + 40), 'awaiting-triage')

  contactRows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
  const open = contactRows.filter((c) => c.status !== 'decided').length
  return {
    tables: [
      { table: contacts, rows: contactRows },
      { table: contactEvents, rows: events },
      { table: contactResearchRequests, rows: researchRows },
    ],
    relationships,
    summary: { contacts: contactRows.length, open, cse: contactRows.filter((c) => (c.concernTypes as string[]).includes('CSE')).length, openResearch: researchRows.filter((r) => r.status === 'open').length },
  }
}

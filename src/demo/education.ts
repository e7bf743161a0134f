import type { PgTable } from 'drizzle-orm/pg-core'
import { legitimateRelationships } from '../platform/access/schema.ts'
import { isOfCompulsorySchoolAge } from '../modules/education/rules.ts'
import { cmeActions, cmeCases, type CmeActionType, type CmeClosureReason, type CmeReason, type CmeSource } from '../modules/education/schema.ts'
import type { DemoData } from './build.ts'
import { addDays, isoDate, parseToday } from './dates.ts'
import { demoRandom, type Weighted } from './random.ts'

/**
 * A year of children missing education for the demo partnership (ADR 0016), ending today: about 18 cases among its
 * 300 known children, recorded by the MASH (the authority's front door in the demo), most closed once the child was
 * found on a roll, a handful still open — the oldest open for months, as real lists have. Only ordinary children of
 * compulsory school age on the day they were identified; never the named children of the acceptance stories.
 */
export type EducationDemo = { tables: Array<{ table: PgTable; rows: Record<string, unknown>[] }> }

const CASES = 18
const OPEN = 5
const REASONS: Weighted<[CmeReason, CmeSource]> = [
  [['removed-without-destination', 'removed-from-roll'], 6],
  [['moved-away-unknown', 'removed-from-roll'], 5],
  [['not-taking-up-place', 'admissions'], 3],
  [['home-education-concern', 'other-local-authority'], 2],
  [['excluded-not-in-ap', 'other-agency'], 2],
  [['moved-away-unknown', 'parent-or-carer'], 1],
]
const CLOSURES: Weighted<CmeClosureReason> = [['registered-at-school', 8], ['on-roll-elsewhere', 5], ['suitable-education-otherwise', 2], ['left-country', 1]]
const SCHOOLS = ['Fenland Academy (demo), Wisbech', 'Orton Park Primary (demo), Peterborough', 'Kingsbrook School (demo), March', 'St Ives Community College (demo)', 'Hampton Vale Academy (demo), Peterborough']
const ENQUIRIES: ReadonlyArray<[CmeActionType, string]> = [
  ['contact-school', 'School confirmed last attendance and no forwarding school'],
  ['home-visit', 'No reply; card left asking the family to contact the CME officer'],
  ['check-databases', 'No match on school to school; council tax shows the family still liable'],
  ['contact-family', 'Mother says the family is moving and has not applied for a school'],
  ['contact-other-la', 'Request sent to the receiving authority to confirm the child is on roll'],
  ['contact-health', 'GP registration still local; health visitor has no newer address'],
]

export function generateEducationDemo(data: Pick<DemoData, 'people' | 'named' | 'protections' | 'nearDuplicates' | 'userIds' | 'teamIds'>, today: string): EducationDemo {
  const random = demoRandom(today, 'education')
  const ids = demoRandom(today, 'ids:education')
  const day = parseToday(today)
  const recordedBy = data.userIds['mash.manager']
  const teamId = data.teamIds.MASH
  if (!recordedBy || !teamId) throw new Error('Demo partnership has no MASH manager or MASH team')
  const excluded = new Set([data.named.mashOnly, data.named.allocated, data.named.sealed, ...data.named.restricted, ...data.protections.map((p) => p.personId), ...data.nearDuplicates.map((d) => d.id)])
  const children = data.people.filter((p) => p.kind === 'child' && !excluded.has(p.id))

  const cases: Record<string, unknown>[] = []
  const actions: Record<string, unknown>[] = []
  const relationships: Record<string, unknown>[] = []
  const used = new Set<string>()
  for (let n = 0; n < CASES; n++) {
    const open = n < OPEN
    // Open cases were identified in the last four months; closed ones across the year, closed after 5–60 days.
    const identified = addDays(day, -(open ? random.int(3, 120) : random.int(70, 360)))
    const candidates = children.filter((c) => !used.has(c.id) && c.createdAt <= identified && isOfCompulsorySchoolAge(c.dateOfBirth, isoDate(identified)))
    if (candidates.length === 0) continue
    const child = random.pick(candidates)
    used.add(child.id)
    const [reason, source] = random.weighted(REASONS)
    const closed = open ? null : addDays(identified, random.int(5, 60))
    const id = ids.uuid()
    const closureReason = closed ? random.weighted(CLOSURES) : null
    cases.push({
      id,
      personId: child.id,
      identifiedOn: isoDate(identified),
      source,
      reason,
      reasonNote: null,
      lastSchool: reason === 'not-taking-up-place' ? null : random.pick(SCHOOLS),
      status: open ? 'open' : 'closed',
      closedOn: closed ? isoDate(closed) : null,
      closureReason,
      closureNote: closureReason === 'on-roll-elsewhere' ? 'Receiving authority confirmed the child is on roll' : null,
      closedAt: closed,
      closedBy: closed ? recordedBy : null,
      recordedAt: identified,
      recordedBy,
      recordedByTeamId: teamId,
      updatedAt: closed ?? identified,
    })
    const last = closed ?? day
    const span = Math.max(1, Math.round((last.getTime() - identified.getTime()) / 86_400_000))
    for (const [k, [actionType, outcome]] of random.sample(ENQUIRIES, random.int(1, 4)).entries()) {
      const on = addDays(identified, Math.min(span, 1 + k * Math.ceil(span / 4)))
      actions.push({ id: ids.uuid(), caseId: id, actionOn: isoDate(on), actionType, details: null, outcome, takenBy: 'CME officer (demo)', recordedAt: on, recordedBy })
    }
    // The recording team's relationship (CONTRACTS.md §2): while the case is open, and 30 days after it closes.
    relationships.push({ id: ids.uuid(), personId: child.id, teamId, userId: null, source: 'creator', sourceRef: id, startsAt: identified, expiresAt: closed ? addDays(closed, 30) : null, endedAt: null, createdBy: recordedBy })
  }
  return { tables: [{ table: cmeCases, rows: cases }, { table: cmeActions, rows: actions }, { table: legitimateRelationships, rows: relationships }] }
}

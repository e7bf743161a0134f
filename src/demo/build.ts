import type { agencies, teams, userRoleProfiles, users } from '../platform/auth/schema.ts'
import { demoTotpSecret } from '../platform/auth/totp.ts'
import { DEMO_ACCOUNTS, DEMO_AGENCIES, DEMO_DUAL_ROLE_ACCOUNT, type DemoAccount } from './accounts.ts'
import { addDays, parseToday } from './dates.ts'
import { generatePeople, type ChildInfo, type ChildTag, type PersonRow } from './people.ts'
import { demoRandom } from './random.ts'
import { CREATOR_DAYS, generateAccess, type ProtectionRow, type RelationshipRow, type SealedAccessRow } from './relationships.ts'
import { generateNearDuplicates, type NearDuplicate } from './duplicates.ts'
import { demoNhsNumber, generatePersonIndex, type PersonIndexRows, type Recorders } from './person-index.ts'
import { generateMissingDemo, type MissingDemo } from './missing.ts'
import { generateExploitationDemo, type ExploitationDemo } from './exploitation.ts'
import { generateContactsDemo, type ContactsDemo } from './contacts.ts'

export type AgencyRow = typeof agencies.$inferInsert & { id: string }
export type TeamRow = typeof teams.$inferInsert & { id: string }
export type UserRow = typeof users.$inferInsert & { id: string }
export type UserRoleProfileRow = typeof userRoleProfiles.$inferInsert & { id: string }

/** Every row of the demo partnership, built in memory (pure and deterministic for a given date). */
export type DemoData = {
  agencies: AgencyRow[]
  teams: TeamRow[]
  users: UserRow[]
  userRoleProfiles: UserRoleProfileRow[]
  people: PersonRow[]
  relationships: RelationshipRow[]
  protections: ProtectionRow[]
  sealedAccess: SealedAccessRow[]
  /** Names, identifiers, addresses, contact details and relationships between people. */
  personIndex: PersonIndexRows
  /** The deliberate near-duplicate records (see duplicates.ts), with the record each one duplicates. */
  nearDuplicates: Array<Pick<NearDuplicate, 'kind' | 'originalId'> & { id: string }>
  /** Ids of the named children of the acceptance stories, by tag. */
  named: { mashOnly: string; allocated: string; restricted: string[]; sealed: string }
  /** A year of missing episodes, return interviews and alerts (src/demo/missing.ts); its relationships are in `relationships`. */
  missing: MissingDemo
  /** Screenings over a year, exploitation cases, plans, key-worker changes (src/demo/exploitation.ts); relationships in `relationships`. */
  exploitation: ExploitationDemo
  /** A year of MASH contacts and their chronology (src/demo/contacts.ts); the MASH's relationships in `relationships`. */
  contacts: ContactsDemo
  /** User ids by account name (`mash.manager`, …, `dual.role`). */
  userIds: Record<string, string>
  /** Team ids by team name (team names are unique across the demo partnership). */
  teamIds: Record<string, string>
}

export function buildDemoPartnership(today: string, passwordHash: string): DemoData {
  const day = parseToday(today)
  const orgIds = demoRandom(today, 'ids:organisation')
  // Staff accounts and agencies predate the records they hold.
  const orgCreatedAt = addDays(day, -800)

  const agencyRows: AgencyRow[] = []
  const teamRows: TeamRow[] = []
  const teamIds: Record<string, string> = {}
  for (const a of DEMO_AGENCIES) {
    const id = orgIds.uuid()
    agencyRows.push({
      id,
      name: a.name,
      type: a.type,
      area: a.area,
      exploitationLeadName: a.exploitationLead.name,
      exploitationLeadEmail: a.exploitationLead.email,
      createdAt: orgCreatedAt,
    })
    for (const name of a.teams) {
      if (teamIds[name]) throw new Error(`Demo team name "${name}" is not unique`)
      const teamId = orgIds.uuid()
      teamIds[name] = teamId
      teamRows.push({ id: teamId, agencyId: id, name, createdAt: orgCreatedAt })
    }
  }

  const userRows: UserRow[] = []
  const profileRows: UserRoleProfileRow[] = []
  const userIds: Record<string, string> = {}
  const accounts: Array<Omit<DemoAccount, 'roleProfile'> & { roleProfiles: readonly DemoAccount['roleProfile'][] }> = [
    ...DEMO_ACCOUNTS.map((a) => ({ ...a, roleProfiles: [a.roleProfile] })),
    DEMO_DUAL_ROLE_ACCOUNT,
  ]
  for (const a of accounts) {
    const id = orgIds.uuid()
    userIds[a.account] = id
    userRows.push({
      id,
      email: a.email,
      displayName: a.displayName,
      passwordHash,
      totpSecret: demoTotpSecret(a.email),
      createdAt: orgCreatedAt,
    })
    const teamId = teamIds[a.teamName]
    if (!teamId) throw new Error(`Demo account ${a.account} names an unknown team "${a.teamName}"`)
    a.roleProfiles.forEach((roleProfile, position) => {
      profileRows.push({ id: orgIds.uuid(), userId: id, roleProfile, teamId, position })
    })
  }

  const need = (record: Record<string, string>, key: string): string => {
    const value = record[key]
    if (!value) throw new Error(`Demo partnership has no "${key}"`)
    return value
  }
  const mashManagerId = need(userIds, 'mash.manager')
  const generated = generatePeople(demoRandom(today, 'people'), demoRandom(today, 'ids:people'), day, mashManagerId)
  const access = generateAccess(demoRandom(today, 'access'), demoRandom(today, 'ids:access'), day, generated.children, {
    mashTeamId: need(teamIds, 'MASH'),
    missingUnitTeamId: need(teamIds, 'Missing persons unit'),
    mashManagerId,
    socialWorkerId: need(userIds, 'social.worker'),
    dualRoleUserId: need(userIds, 'dual.role'),
    policeMissingId: need(userIds, 'police.missing'),
    igOfficerId: need(userIds, 'ig.officer'),
  })

  // Near-duplicates of ordinary children, created recently by the police missing persons unit; the MASH team
  // holds a live creator relationship to each (as if a MASH contact opened them), so both records can be compared.
  const ordinaryIds = new Set(generated.children.filter((c) => c.tag === 'ordinary').map((c) => c.id))
  const policeMissingId = need(userIds, 'police.missing')
  const duplicates = generateNearDuplicates(demoRandom(today, 'near-duplicates'), demoRandom(today, 'ids:near-duplicates'), day, generated.rows.filter((r) => ordinaryIds.has(r.id)), policeMissingId)
  const mashTeamId = need(teamIds, 'MASH')
  const duplicateAccess: RelationshipRow[] = duplicates.map((d) => ({
    id: orgIds.uuid(),
    personId: d.row.id,
    userId: null,
    teamId: mashTeamId,
    source: 'creator',
    sourceRef: null,
    startsAt: d.row.createdAt,
    expiresAt: addDays(d.row.createdAt, CREATOR_DAYS),
    endedAt: null,
    createdBy: policeMissingId,
  }))
  const allPeople = [...generated.rows, ...duplicates.map((d) => d.row)]

  const agencyOf = (type: string): string => need({ id: agencyRows.find((a) => a.type === type)?.id ?? '' }, 'id')
  const recorders: Recorders = {
    socialCare: { agencyId: agencyOf('childrens-social-care'), userId: mashManagerId },
    police: { agencyId: agencyOf('police'), userId: policeMissingId },
    health: { agencyId: agencyOf('health'), userId: need(userIds, 'health.nurse') },
    education: { agencyId: agencyOf('education'), userId: need(userIds, 'school.dsl') },
  }
  const personIndex = generatePersonIndex(demoRandom(today, 'person-index'), demoRandom(today, 'ids:person-index'), day, allPeople, generated.households, generated.personsOfConcern, recorders)
  sameNhsNumber(personIndex, duplicates, demoRandom(today, 'near-duplicates:nhs'))

  const missing = generateMissingDemo(demoRandom(today, 'missing'), demoRandom(today, 'ids:missing'), day, generated.children, access.relationships, {
    missingUnitTeamId: need(teamIds, 'Missing persons unit'),
    returnInterviewTeamId: need(teamIds, 'Return interview service'),
    policeMissingId,
    rhiWorkerId: need(userIds, 'rhi.worker'),
    exploitationLeadId: need(userIds, 'exploitation.lead'),
    laIdHolders: new Set(personIndex.identifiers.filter((i) => i.type === 'la-id').map((i) => i.personId)),
  })

  const exploitationTeamId = need(teamIds, 'Exploitation and missing team')
  const exploitation = generateExploitationDemo(demoRandom(today, 'exploitation'), demoRandom(today, 'ids:exploitation'), day, generated.children, {
    leadId: need(userIds, 'exploitation.lead'),
    socialWorkerId: need(userIds, 'social.worker'),
    rhiWorkerId: need(userIds, 'rhi.worker'),
    teamId: exploitationTeamId,
    agencyId: need({ id: teamRows.find((t) => t.id === exploitationTeamId)?.agencyId ?? '' }, 'id'),
    voluntaryAgencyId: agencyOf('voluntary-sector'),
    policeAgencyId: agencyOf('police'),
  })

  const contacts = demoContacts(today, day, generated.children, generated.rows, userIds, teamIds, teamRows, agencyRows)

  const tagged = (tag: ChildTag) => generated.children.filter((c) => c.tag === tag).map((c) => c.id)
  const one = (tag: ChildTag): string => need({ id: tagged(tag)[0] ?? '' }, 'id')
  return {
    agencies: agencyRows,
    teams: teamRows,
    users: userRows,
    userRoleProfiles: profileRows,
    people: allPeople,
    ...access,
    relationships: [...access.relationships, ...duplicateAccess, ...missing.relationships, ...exploitation.relationships, ...contacts.relationships],
    missing,
    exploitation,
    contacts,
    personIndex,
    nearDuplicates: duplicates.map((d) => ({ kind: d.kind, originalId: d.originalId, id: d.row.id })),
    named: { mashOnly: one('mash-only'), allocated: one('allocated'), restricted: tagged('restricted'), sealed: one('sealed') },
    userIds,
    teamIds,
  }
}

/**
 * The `same-nhs` duplicate carries its original's NHS number (giving the original one first if it had none). The
 * other near-duplicates carry none: a second record opened by the police or at a referral rarely has the NHS
 * number, and a different one would (rightly) block the merge the duplicate queue is there to demonstrate.
 */
function sameNhsNumber(index: PersonIndexRows, duplicates: readonly NearDuplicate[], random: ReturnType<typeof demoRandom>): void {
  const duplicateIds = new Set(duplicates.map((d) => d.row.id))
  index.identifiers = index.identifiers.filter((i) => !(duplicateIds.has(i.personId) && i.type === 'nhs-number'))
  const dup = duplicates.find((d) => d.kind === 'same-nhs')
  if (!dup) return
  const nhs = (personId: string) => index.identifiers.find((i) => i.personId === personId && i.type === 'nhs-number')
  let original = nhs(dup.originalId)
  if (!original) {
    const used = new Set(index.identifiers.filter((i) => i.type === 'nhs-number').map((i) => i.value))
    original = { id: random.uuid(), personId: dup.originalId, type: 'nhs-number', value: demoNhsNumber(random, used), issuer: null, recordedAt: dup.row.createdAt }
    index.identifiers.push(original)
  }
  index.identifiers.push({ ...original, id: random.uuid(), personId: dup.row.id, recordedAt: dup.row.createdAt })
}

/** The contacts hook (issue 4): who reported and who triaged, from the demo accounts. */
function demoContacts(today: string, day: Date, children: ChildInfo[], rows: PersonRow[], userIds: Record<string, string>, teamIds: Record<string, string>, teams: TeamRow[], agencies: AgencyRow[]): ContactsDemo {
  const person = (account: string) => {
    const a = DEMO_ACCOUNTS.find((x) => x.account === account)
    const id = userIds[account]
    const teamId = a ? teamIds[a.teamName] : undefined
    const agency = agencies.find((g) => g.id === teams.find((t) => t.id === teamId)?.agencyId)
    if (!a || !id || !agency) throw new Error(`Demo partnership has no ${account}`)
    return { id, name: a.displayName, agencyId: agency.id, agencyName: agency.name }
  }
  const police = agencies.find((g) => g.type === 'police')
  const mashTeamId = teamIds.MASH
  if (!police || !mashTeamId) throw new Error('Demo partnership has no police agency or MASH team')
  return generateContactsDemo(demoRandom(today, 'contacts'), demoRandom(today, 'ids:contacts'), day, children, rows, {
    mashTeamId,
    mashManager: person('mash.manager'),
    mashPractitioner: person('mash.social.worker'),
    dsl: person('school.dsl'),
    nurse: person('health.nurse'),
    policeAgency: { id: police.id, name: police.name },
    policeDesk: { ...person('mash.police'), teamId: teamIds['MASH police desk'] ?? '' },
    healthDesk: { ...person('mash.health'), teamId: teamIds['MASH health desk'] ?? '' },
  })
}


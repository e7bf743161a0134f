import { returnInterviews, missingEpisodes } from '../../modules/missing/schema.ts'
import { contacts } from '../../modules/contacts/schema.ts'
import { people } from '../../modules/people/schema.ts'
import { recordProtections } from '../../platform/access/schema.ts'
import { buildDemoPartnership, type DemoData } from '../build.ts'
import { generateContactsDemo, type ContactsDemoHolders } from '../contacts.ts'
import { addDays, isoDate, parseToday } from '../dates.ts'
import { generateMissingDemo } from '../missing.ts'
import { generatePeople } from '../people.ts'
import { demoRandom } from '../random.ts'
import { generateAccess } from '../relationships.ts'
import { ShardIds } from './ids.ts'

/**
 * The demo generator at scale, for the insight benchmark (issue 7 point 8). The demo partnership's own code makes
 * every row — generatePeople (300 children and 120 adults a call, the demo's ages, genders, ethnicities and
 * households), generateAccess (restricted and sealed children, missing-unit allocations), generateMissingDemo and
 * generateContactsDemo (a year of episodes, return interviews and MASH contacts) — called once per *shard*: a
 * slice of the county whose "today" is spread over `years` years ending on `end`, so the events cover about
 * `years` + 1 years and a quarter is a realistic slice. Each shard has its own random streams and its own id
 * space (ShardIds), so shards never collide. The contacts generator makes a fixed ~912 contacts a call whatever
 * the number of children; it is called as many times as the contact target needs, round-robin over the shards
 * (a shard's children then come to the MASH twice as often, which the demo's repeat-contact skew already allows).
 *
 * Only the tables the indicators read are produced (people, record protections, contacts, missing episodes,
 * return interviews); chronologies, research requests and alerts are dropped. Staff and agency ids are the demo
 * partnership's (`organisation`), loaded once.
 */
export const COUNTY = { people: 250_000, contacts: 1_000_000, episodes: 50_000 } as const
export const PEOPLE_PER_SHARD = 420
const CONTACTS_PER_CALL = 912
const UNIT_CHILDREN = 2

export type ScaleOptions = { scale: number; end: string; years?: number }
export type ScaleTable = 'people' | 'record_protections' | 'contacts' | 'missing_episodes' | 'return_interviews'
export type ShardRows = Record<ScaleTable, Record<string, unknown>[]>
export const SCALE_TABLES = { people, record_protections: recordProtections, contacts, missing_episodes: missingEpisodes, return_interviews: returnInterviews } as const

/** The demo partnership's agencies, teams and staff, and the holders the module generators need. */
export type Organisation = {
  rows: Pick<DemoData, 'agencies' | 'teams' | 'users' | 'userRoleProfiles'>
  contacts: ContactsDemoHolders
  missing: Parameters<typeof generateMissingDemo>[5]
  access: Parameters<typeof generateAccess>[4]
  mashManagerId: string
}

export function organisation(end: string): Organisation {
  const data = buildDemoPartnership(end, 'not-a-password-hash')
  const need = (v: string | undefined, what: string): string => {
    if (!v) throw new Error(`Demo partnership has no ${what}`)
    return v
  }
  const user = (account: string) => need(data.userIds[account], account)
  const team = (name: string) => need(data.teamIds[name], name)
  const contactHolders = holdersFromDemo(data)
  return {
    rows: { agencies: data.agencies, teams: data.teams, users: data.users, userRoleProfiles: data.userRoleProfiles },
    contacts: contactHolders,
    missing: { missingUnitTeamId: team('Missing persons unit'), returnInterviewTeamId: team('Return interview service'), policeMissingId: user('police.missing'), rhiWorkerId: user('rhi.worker'), exploitationLeadId: user('exploitation.lead') },
    access: { mashTeamId: team('MASH'), missingUnitTeamId: team('Missing persons unit'), mashManagerId: user('mash.manager'), socialWorkerId: user('social.worker'), dualRoleUserId: user('dual.role'), policeMissingId: user('police.missing'), igOfficerId: user('ig.officer') },
    mashManagerId: user('mash.manager'),
  }
}

/** The same holders build.ts gives the contacts generator, read back from the demo's own contact rows' staff. */
function holdersFromDemo(data: DemoData): ContactsDemoHolders {
  const account = (name: string) => {
    const id = data.userIds[name]
    const user = data.users.find((u) => u.id === id)
    const profile = data.userRoleProfiles.find((p) => p.userId === id)
    const teamRow = data.teams.find((t) => t.id === profile?.teamId)
    const agency = data.agencies.find((a) => a.id === teamRow?.agencyId)
    if (!id || !user || !teamRow || !agency) throw new Error(`Demo partnership has no ${name}`)
    return { id, name: user.displayName, agencyId: agency.id, agencyName: agency.name, teamId: teamRow.id }
  }
  const police = data.agencies.find((a) => a.type === 'police')
  const mashTeamId = data.teamIds.MASH
  if (!police || !mashTeamId) throw new Error('Demo partnership has no police agency or MASH team')
  return {
    mashTeamId,
    mashManager: account('mash.manager'),
    mashPractitioner: account('mash.social.worker'),
    dsl: account('school.dsl'),
    nurse: account('health.nurse'),
    policeAgency: { id: police.id, name: police.name },
    policeDesk: account('mash.police'),
    healthDesk: account('mash.health'),
  }
}

export type ScalePlan = { shards: number; contactCalls: number; days: string[] }

/** How many shards and contact calls a scale needs, and each shard's "today" (oldest first). */
export function plan(options: ScaleOptions): ScalePlan {
  const shards = Math.max(1, Math.round((COUNTY.people * options.scale) / PEOPLE_PER_SHARD))
  const contactCalls = Math.max(1, Math.round((COUNTY.contacts * options.scale) / CONTACTS_PER_CALL))
  const span = Math.round((options.years ?? 5) * 365.25)
  const end = parseToday(options.end)
  const days = Array.from({ length: shards }, (_, s) => isoDate(addDays(end, -Math.floor(((shards - 1 - s) * span) / shards))))
  return { shards, contactCalls, days }
}

/** The rows of shard `s` (deterministic for the plan and `s`). */
export function shard(org: Organisation, p: ScalePlan, s: number): ShardRows {
  const today = p.days[s] as string
  const day = parseToday(today)
  const stream = (name: string) => demoRandom(today, `scale:${s}:${name}`)
  const generated = generatePeople(stream('people'), new ShardIds(s, 1), day, org.mashManagerId)
  const access = generateAccess(stream('access'), new ShardIds(s, 2), day, generated.children, org.access)
  // The demo gives the missing generator its 25 Missing-persons-unit children plus 18 others (~186 episodes a year
  // per 300 children, county-wide ~110,000); passing UNIT_CHILDREN of the allocations keeps ~20 missing children a
  // shard, ~85 episodes a year, ~50,000 over the county, with the demo's profiles (repeat, looked-after, occasional).
  let unit = 0
  const relationships = access.relationships.filter((r) => !(r.teamId === org.missing.missingUnitTeamId && r.source === 'allocation') || unit++ < UNIT_CHILDREN)
  const missing = generateMissingDemo(stream('missing'), new ShardIds(s, 3), day, generated.children, relationships, org.missing)
  const contactRows: Record<string, unknown>[] = []
  for (let call = s, k = 0; call < p.contactCalls; call += p.shards, k++) {
    const demo = generateContactsDemo(stream(`contacts:${k}`), new ShardIds(s, 4 + k), day, generated.children, generated.rows, org.contacts)
    contactRows.push(...(demo.tables.find((t) => t.table === contacts)?.rows ?? []))
  }
  const rowsOf = (table: unknown) => missing.tables.find((t) => t.table === table)?.rows ?? []
  return {
    people: generated.rows,
    record_protections: access.protections,
    contacts: contactRows,
    missing_episodes: rowsOf(missingEpisodes),
    return_interviews: rowsOf(returnInterviews),
  }
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { agencies, teams, userRoleProfiles, users } from '../../platform/auth/schema.ts'
import type { Tx } from '../../platform/db/client.ts'
import type { ResearchAccess } from './policy.ts'
import { contactResearchRequests, contacts, type ResearchStatus } from './schema.ts'

export type ResearchRequest = typeof contactResearchRequests.$inferSelect
export type ResearchRow = ResearchRequest & { requestedByName: string; answeredByName: string | null }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function loadResearchAccess(tx: Tx, id: string): Promise<ResearchAccess> {
  const base: ResearchAccess = { resourceType: 'research-request', resourceId: id, exists: false, deskTeamId: null, contactId: null }
  if (!UUID.test(id)) return base
  const [row] = await tx
    .select({ deskTeamId: contactResearchRequests.deskTeamId, contactId: contactResearchRequests.contactId, personId: contacts.personId })
    .from(contactResearchRequests)
    .innerJoin(contacts, eq(contacts.id, contactResearchRequests.contactId))
    .where(eq(contactResearchRequests.id, id))
  if (!row) return base
  return { ...base, exists: true, deskTeamId: row.deskTeamId, contactId: row.contactId, ...(row.personId ? { personId: row.personId } : {}) }
}

export async function getResearchRequest(tx: Tx, id: string, forUpdate = false): Promise<ResearchRequest> {
  const query = tx.select().from(contactResearchRequests).where(eq(contactResearchRequests.id, id))
  const [row] = forUpdate ? await query.for('update') : await query
  if (!row) throw new Error(`research request ${id} vanished inside its transaction`)
  return row
}

const requester = sql<string>`(select display_name from users u where u.id = ${contactResearchRequests.requestedBy})`
const answerer = sql<string | null>`(select display_name from users u where u.id = ${contactResearchRequests.answeredBy})`

/** The requests about one contact, oldest first, with the names of who asked and who answered. */
export async function researchForContact(tx: Tx, contactId: string): Promise<ResearchRow[]> {
  return tx
    .select({ request: contactResearchRequests, requestedByName: requester, answeredByName: answerer })
    .from(contactResearchRequests)
    .where(eq(contactResearchRequests.contactId, contactId))
    .orderBy(asc(contactResearchRequests.requestedAt), asc(contactResearchRequests.agencyName))
    .then((rows) => rows.map((r) => ({ ...r.request, requestedByName: r.requestedByName, answeredByName: r.answeredByName })))
}

export type DeskQueueRow = ResearchRequest & {
  contact: Pick<typeof contacts.$inferSelect, 'number' | 'childGivenName' | 'childFamilyName' | 'childDateOfBirth' | 'rag'>
}

/** One desk's requests in the given states, the most urgent first (scoped to the desk's team in SQL). */
export async function researchForDesk(tx: Tx, deskTeamId: string, statuses: readonly ResearchStatus[], limit = 200): Promise<DeskQueueRow[]> {
  const rows = await tx
    .select({
      request: contactResearchRequests,
      number: contacts.number,
      childGivenName: contacts.childGivenName,
      childFamilyName: contacts.childFamilyName,
      childDateOfBirth: contacts.childDateOfBirth,
      rag: contacts.rag,
    })
    .from(contactResearchRequests)
    .innerJoin(contacts, eq(contacts.id, contactResearchRequests.contactId))
    .where(and(eq(contactResearchRequests.deskTeamId, deskTeamId), inArray(contactResearchRequests.status, [...statuses])))
    .orderBy(asc(contactResearchRequests.dueBy), asc(contactResearchRequests.id))
    .limit(limit)
  return rows.map(({ request, ...contact }) => ({ ...request, contact }))
}

export type Desk = { teamId: string; teamName: string; agencyName: string; agencyType: string }

/**
 * The partner agencies' MASH desks: teams with an active member holding the `mash-agency-researcher` role. One
 * desk per agency type is what the API addresses (`agencyType`); the first by name wins if a partnership has more.
 */
export async function researchDesks(tx: Tx): Promise<Desk[]> {
  return tx
    .selectDistinct({ teamId: teams.id, teamName: teams.name, agencyName: agencies.name, agencyType: agencies.type })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .innerJoin(teams, eq(teams.id, userRoleProfiles.teamId))
    .innerJoin(agencies, eq(agencies.id, teams.agencyId))
    .where(and(eq(userRoleProfiles.roleProfile, 'mash-agency-researcher'), sql`${users.disabledAt} is null`))
    .orderBy(asc(agencies.type), asc(teams.name))
}

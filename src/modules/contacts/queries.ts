import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { teams, userRoleProfiles, users } from '../../platform/auth/schema.ts'
import type { Tx } from '../../platform/db/client.ts'
import type { ContactAccess } from './policy.ts'
import { contactEvents, contacts, OPEN_STATUSES, type ContactStatus, type Rag } from './schema.ts'

export type Contact = typeof contacts.$inferSelect
export type ContactEvent = typeof contactEvents.$inferSelect

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function loadContactAccess(tx: Tx, id: string): Promise<ContactAccess> {
  const base: ContactAccess = { resourceType: 'contact', resourceId: id, exists: false, referrerUserId: null }
  if (!UUID.test(id)) return base
  const [row] = await tx.select({ referrerUserId: contacts.referrerUserId, personId: contacts.personId }).from(contacts).where(eq(contacts.id, id))
  if (!row) return base
  return { ...base, exists: true, referrerUserId: row.referrerUserId, ...(row.personId ? { personId: row.personId } : {}) }
}

/** The contact row, locked for the rest of the transaction when it is about to change. */
export async function getContact(tx: Tx, id: string, forUpdate = false): Promise<Contact> {
  const query = tx.select().from(contacts).where(eq(contacts.id, id))
  const [row] = forUpdate ? await query.for('update') : await query
  if (!row) throw new Error(`contact ${id} vanished inside its transaction`)
  return row
}

export async function listEvents(tx: Tx, contactId: string): Promise<ContactEvent[]> {
  return tx.select().from(contactEvents).where(eq(contactEvents.contactId, contactId)).orderBy(asc(contactEvents.at), asc(contactEvents.id))
}

/** Display names of users (allocated worker, decision maker), by id. */
export async function userNames(tx: Tx, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await tx.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** The MASH workers a manager may allocate to: MASH managers and practitioners of the manager's own team. */
export async function allocatableUsers(tx: Tx, teamId: string): Promise<Array<{ id: string; name: string }>> {
  const rows = await tx
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .innerJoin(teams, eq(teams.id, userRoleProfiles.teamId))
    .where(and(eq(userRoleProfiles.teamId, teamId), inArray(userRoleProfiles.roleProfile, ['mash-manager', 'mash-practitioner']), sql`${users.disabledAt} is null`))
    .orderBy(asc(users.displayName))
  return rows
}

/**
 * The receipt time of the latest earlier contact about the same child: the same linked person, or (while either
 * is unlinked) the same reported first name, last name and date of birth. The repeat rule itself is rules.ts.
 * Written against the outer "contacts" row, so it can sit in any select from contacts.
 */
const previousReceivedAt = sql<string | Date | null>`(
  select max(p.received_at) from contacts p
   where p.id <> "contacts"."id" and p.received_at < "contacts"."received_at"
     and (("contacts"."person_id" is not null and p.person_id = "contacts"."person_id")
       or ("contacts"."child_date_of_birth" is not null and p.child_date_of_birth = "contacts"."child_date_of_birth"
           and lower(p.child_family_name) = lower("contacts"."child_family_name")
           and lower(p.child_given_name) = lower("contacts"."child_given_name"))))`

const asDate = (v: string | Date | null): Date | null => (v === null ? null : new Date(v))

export async function previousContactAt(tx: Tx, contactId: string): Promise<Date | null> {
  const [row] = await tx.select({ previous: previousReceivedAt }).from(contacts).where(eq(contacts.id, contactId))
  return asDate(row?.previous ?? null)
}

/** Partner research requests of the outer "contacts" row still waiting for an answer (and how many are overdue). */
const researchOutstanding = (now: Date) => sql<{ open: number; overdue: number }>`(
  select json_build_object('open', count(*), 'overdue', count(*) filter (where r.due_by < ${now}))
    from contact_research_requests r where r.contact_id = "contacts"."id" and r.status = 'open')`

export type ContactListRow = Contact & { previousReceivedAt: Date | null; allocatedName: string | null; research: { open: number; overdue: number } }

export type ListFilter = {
  /** Only the referrer's own (everyone but the MASH). */
  referrerUserId?: string
  statuses?: readonly ContactStatus[]
  rag?: Rag | 'none'
  overdueAt?: Date
  allocatedTo?: string
  /** Keyset pagination, newest first: rows created strictly before this (createdAt, id). */
  before?: { createdAt: Date; id: string }
  limit: number
  /** The time research deadlines are measured against (the request's clock). */
  now?: Date
}

/** Contacts newest first (CONTRACTS.md §6), scoped and filtered in SQL, never after fetching. */
export async function listContacts(tx: Tx, filter: ListFilter): Promise<ContactListRow[]> {
  const where: SQL[] = []
  if (filter.referrerUserId) where.push(eq(contacts.referrerUserId, filter.referrerUserId))
  if (filter.statuses?.length) where.push(inArray(contacts.status, [...filter.statuses]))
  if (filter.rag === 'none') where.push(sql`${contacts.rag} is null`)
  else if (filter.rag) where.push(eq(contacts.rag, filter.rag))
  if (filter.overdueAt) where.push(and(inArray(contacts.status, [...OPEN_STATUSES]), sql`${contacts.decisionDueBy} < ${filter.overdueAt}`) as SQL)
  if (filter.allocatedTo) where.push(eq(contacts.allocatedTo, filter.allocatedTo))
  if (filter.before) where.push(sql`(${contacts.createdAt}, ${contacts.id}) < (${filter.before.createdAt}, ${filter.before.id}::uuid)`)
  const rows = await tx
    .select({ contact: contacts, previous: previousReceivedAt, allocatedName: users.displayName, research: researchOutstanding(filter.now ?? new Date()) })
    .from(contacts)
    .leftJoin(users, eq(users.id, contacts.allocatedTo))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(filter.limit)
  return rows.map((r) => ({ ...r.contact, previousReceivedAt: asDate(r.previous), allocatedName: r.allocatedName, research: r.research ?? { open: 0, overdue: 0 } }))
}

import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm'
import { agencies } from '../../platform/auth/schema.ts'
import type { Tx } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { personAddresses, personContacts, personIdentifiers, personNames, personRelationships, people, type RelationshipType } from './schema.ts'

export type PersonName = typeof personNames.$inferSelect & { sourceAgency: string | null }
export type PersonIdentifier = typeof personIdentifiers.$inferSelect & { sourceAgency: string | null }
export type PersonAddress = typeof personAddresses.$inferSelect & { sourceAgency: string | null }
export type PersonContact = typeof personContacts.$inferSelect & { sourceAgency: string | null }

/** A relationship row as stored, with the other person's basic details and record state (the caller decides what to show). */
export type RelationshipRow = {
  id: string
  personId: string
  relatedPersonId: string
  type: RelationshipType
  startsOn: string | null
  endsOn: string | null
  recordedAt: Date
  sourceAgency: string | null
  other: { id: string; givenName: string; familyName: string; kind: 'child' | 'adult'; dateOfBirth: string | null; state: 'ordinary' | 'restricted' | 'sealed' }
}

export type IndexEntries = {
  names: PersonName[]
  identifiers: PersonIdentifier[]
  addresses: PersonAddress[]
  contacts: PersonContact[]
  relationships: RelationshipRow[]
}

const agencyName = sql<string | null>`(select a.name from ${agencies} a where a.id = source_agency_id)`

/** Every person-index entry of one person, in display order (current and open entries first, newest first). */
export async function listIndexEntries(tx: Tx, personId: string): Promise<IndexEntries> {
  // One after another: a transaction is one connection, and node-postgres deprecates overlapping queries on a client.
  const names = await tx
    .select({ row: personNames, sourceAgency: agencyName })
    .from(personNames)
    .where(eq(personNames.personId, personId))
    .orderBy(sql`case ${personNames.kind} when 'current' then 0 when 'alias' then 1 else 2 end`, desc(personNames.startsOn), desc(personNames.recordedAt))
  const identifiers = await tx.select({ row: personIdentifiers, sourceAgency: agencyName }).from(personIdentifiers).where(eq(personIdentifiers.personId, personId)).orderBy(asc(personIdentifiers.type), asc(personIdentifiers.recordedAt))
  const addresses = await tx
    .select({ row: personAddresses, sourceAgency: agencyName })
    .from(personAddresses)
    .where(eq(personAddresses.personId, personId))
    .orderBy(sql`${personAddresses.endsOn} is null desc`, sql`${personAddresses.startsOn} desc nulls last`, desc(personAddresses.recordedAt))
  const contacts = await tx
    .select({ row: personContacts, sourceAgency: agencyName })
    .from(personContacts)
    .where(eq(personContacts.personId, personId))
    .orderBy(sql`${personContacts.endsOn} is null desc`, asc(personContacts.type), desc(personContacts.recordedAt))
  const relationships = await listRelationships(tx, personId)
  const flat = <R>(rows: Array<{ row: R; sourceAgency: string | null }>) => rows.map((r) => ({ ...r.row, sourceAgency: r.sourceAgency }))
  return { names: flat(names), identifiers: flat(identifiers), addresses: flat(addresses), contacts: flat(contacts), relationships }
}

/** Relationships in either direction, with the other person and whether their record is restricted or sealed. */
export async function listRelationships(tx: Tx, personId: string): Promise<RelationshipRow[]> {
  const rows = await queryRows<{
    id: string
    person_id: string
    related_person_id: string
    type: RelationshipType
    starts_on: string | null
    ends_on: string | null
    recorded_at: Date | string
    source_agency: string | null
    other_id: string
    given_name: string
    family_name: string
    kind: 'child' | 'adult'
    date_of_birth: string | null
    state: 'ordinary' | 'restricted' | 'sealed'
  }>(
    tx,
    sql`
    select r.id, r.person_id, r.related_person_id, r.type, r.starts_on, r.ends_on, r.recorded_at,
           (select a.name from agencies a where a.id = r.source_agency_id) as source_agency,
           o.id as other_id, o.given_name, o.family_name, o.kind, o.date_of_birth, coalesce(rp.state, 'ordinary') as state
      from person_relationships r
      join people o on o.id = case when r.person_id = ${personId} then r.related_person_id else r.person_id end
      left join record_protections rp on rp.person_id = o.id
     where r.person_id = ${personId} or r.related_person_id = ${personId}
     order by r.ends_on is null desc, r.recorded_at, r.id`,
  )
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    relatedPersonId: r.related_person_id,
    type: r.type,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    recordedAt: new Date(r.recorded_at),
    sourceAgency: r.source_agency,
    other: { id: r.other_id, givenName: r.given_name, familyName: r.family_name, kind: r.kind, dateOfBirth: r.date_of_birth, state: r.state },
  }))
}

/** An open relationship of the same stored type between the same two people (either way round for sibling/associate). */
export async function findOpenRelationship(tx: Tx, from: string, to: string, type: RelationshipType): Promise<boolean> {
  const symmetric = type === 'sibling' || type === 'associate'
  const [row] = await tx
    .select({ id: personRelationships.id })
    .from(personRelationships)
    .where(
      and(
        eq(personRelationships.type, type),
        isNull(personRelationships.endsOn),
        symmetric
          ? or(and(eq(personRelationships.personId, from), eq(personRelationships.relatedPersonId, to)), and(eq(personRelationships.personId, to), eq(personRelationships.relatedPersonId, from)))
          : and(eq(personRelationships.personId, from), eq(personRelationships.relatedPersonId, to)),
      ),
    )
    .limit(1)
  return row !== undefined
}

/**
 * People the actor may open, for the "related to" choice: an active relationship of theirs or their team's, or
 * an active break-glass grant. Sealed records only for their named users, restricted ones only through an
 * IG-granted or allocation relationship (the same facts the policy decides on; the service still authorises the
 * chosen person). Scoped in SQL, never filtered after fetching.
 */
export async function listOpenablePeople(
  tx: Tx,
  actor: { userId: string; teamId: string },
  now: Date,
  exceptId: string,
  limit = 300,
): Promise<Array<{ id: string; givenName: string; familyName: string; dateOfBirth: string | null }>> {
  return queryRows(
    tx,
    sql`
    select p.id, p.given_name as "givenName", p.family_name as "familyName", p.date_of_birth as "dateOfBirth"
      from people p
      left join record_protections rp on rp.person_id = p.id
     where p.id <> ${exceptId}
       and (
         exists (select 1 from break_glass_grants bg where bg.person_id = p.id and bg.user_id = ${actor.userId}
                   and bg.starts_at <= ${now} and bg.expires_at > ${now} and rp.state is distinct from 'sealed')
         or (rp.state = 'sealed' and exists (select 1 from sealed_record_access s where s.person_id = p.id and s.user_id = ${actor.userId}))
         or (rp.state is distinct from 'sealed' and exists (
               select 1 from legitimate_relationships lr
                where lr.person_id = p.id and lr.ended_at is null and lr.starts_at <= ${now}
                  and (lr.expires_at is null or lr.expires_at > ${now})
                  and (lr.user_id = ${actor.userId} or lr.team_id = ${actor.teamId})
                  and (rp.state is null or lr.source in ('ig-grant', 'allocation'))))
       )
     order by p.family_name, p.given_name, p.id
     limit ${limit}`,
  )
}

export function personExists(tx: Tx, id: string) {
  return tx.select({ id: people.id }).from(people).where(eq(people.id, id))
}

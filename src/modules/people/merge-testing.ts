/**
 * Test support for duplicates and merge: people with a full person index written straight into the database, and
 * a snapshot of every row that belongs to some people (field by field), to prove that merge + unmerge is the
 * identity. Used only by *.int.test.ts files.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { people, personAddresses, personContacts, personIdentifiers, personNames, personRelationships } from './schema.ts'
import { refreshSearchKeys } from './search.ts'

type NameRow = { kind: 'current' | 'previous' | 'alias'; givenName?: string | null; familyName?: string | null }
type IdentifierRow = { type: 'nhs-number' | 'upn' | 'police-id' | 'la-id' | 'other'; value: string }
type RelationshipRow = { to: string; type: 'parent' | 'carer' | 'sibling' | 'associate' | 'person-of-concern'; reverse?: boolean }

export type PersonSpec = {
  givenName: string
  familyName: string
  dateOfBirth?: string | null
  dobPrecision?: 'exact' | 'month' | 'year' | 'estimated'
  gender?: 'F' | 'M' | 'U'
  kind?: 'child' | 'adult'
  postcode?: string | null
  names?: NameRow[]
  identifiers?: IdentifierRow[]
  addresses?: Array<{ addressLine1: string; postcode: string | null; endsOn?: string | null }>
  contacts?: Array<{ type: 'phone' | 'email'; value: string }>
  relationships?: RelationshipRow[]
  /** Legitimate relationships: team ids holding a creator relationship to the person. */
  teams?: string[]
  /** Agency source-system ids linked to the person (an import source of `sourceAgencyId` is created for them). */
  sourceRecords?: string[]
}

export async function makePerson(db: Db, spec: PersonSpec, sourceAgencyId?: string): Promise<string> {
  const id = randomUUID()
  const at = new Date('2026-11-01T10:00:00Z')
  await db.insert(people).values({
    id,
    kind: spec.kind ?? 'child',
    givenName: spec.givenName,
    familyName: spec.familyName,
    dateOfBirth: spec.dateOfBirth === undefined ? '2012-04-05' : spec.dateOfBirth,
    dobPrecision: spec.dobPrecision ?? 'exact',
    gender: spec.gender ?? 'F',
    postcode: spec.postcode ?? null,
    createdAt: at,
    updatedAt: at,
  })
  await db.insert(personNames).values([
    { personId: id, kind: 'current', givenName: spec.givenName, familyName: spec.familyName, recordedAt: at },
    ...(spec.names ?? []).map((n) => ({ personId: id, kind: n.kind, givenName: n.givenName ?? null, familyName: n.familyName ?? null, recordedAt: at })),
  ])
  if (spec.identifiers?.length) await db.insert(personIdentifiers).values(spec.identifiers.map((i) => ({ personId: id, ...i, recordedAt: at })))
  if (spec.addresses?.length) await db.insert(personAddresses).values(spec.addresses.map((a) => ({ personId: id, ...a, recordedAt: at })))
  if (spec.contacts?.length) await db.insert(personContacts).values(spec.contacts.map((c) => ({ personId: id, ...c, recordedAt: at })))
  for (const r of spec.relationships ?? []) {
    const [from, to] = r.reverse ? [r.to, id] : [id, r.to]
    await db.insert(personRelationships).values({ personId: from, relatedPersonId: to, type: r.type, recordedAt: at })
  }
  for (const teamId of spec.teams ?? []) await db.insert(legitimateRelationships).values({ personId: id, teamId, source: 'creator', startsAt: at })
  if (spec.sourceRecords?.length && sourceAgencyId) {
    const [source] = await queryRows<{ id: string }>(
      db,
      sql`insert into import_sources (agency_id, name, mapping, created_at, updated_at) values (${sourceAgencyId}::uuid, ${`Test source ${id}`}, '{}'::jsonb, ${at}, ${at}) returning id`,
    )
    for (const recordId of spec.sourceRecords) {
      await db.execute(sql`insert into person_source_records (person_id, source_id, source_record_id, linked_at) values (${id}::uuid, ${source?.id}::uuid, ${recordId}, ${at})`)
    }
  }
  await refreshSearchKeys(db, [id])
  return id
}

const list = (ids: readonly string[]) => sql`string_to_array(${ids.join(',')}, ',')::uuid[]`

/** Every row about these people, in a stable order, as the database returns it. */
export async function snapshot(db: Db, ids: readonly string[]) {
  const q = (query: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(db, query)
  return {
    people: await q(sql`select * from people where id = any(${list(ids)}) order by id`),
    names: await q(sql`select * from person_names where person_id = any(${list(ids)}) order by id`),
    identifiers: await q(sql`select * from person_identifiers where person_id = any(${list(ids)}) order by id`),
    addresses: await q(sql`select * from person_addresses where person_id = any(${list(ids)}) order by id`),
    contacts: await q(sql`select * from person_contacts where person_id = any(${list(ids)}) order by id`),
    relationships: await q(sql`select * from person_relationships where person_id = any(${list(ids)}) or related_person_id = any(${list(ids)}) order by id`),
    legitimateRelationships: await q(sql`select * from legitimate_relationships where person_id = any(${list(ids)}) order by id`),
    sourceRecords: await q(sql`select * from person_source_records where person_id = any(${list(ids)}) order by id`),
    searchKeys: await q(sql`select * from person_search_keys where person_id = any(${list(ids)}) order by person_id, key, birth_year`),
    history: await q(sql`select * from person_history where person_id = any(${list(ids)}) order by id`),
  }
}

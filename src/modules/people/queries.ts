import { and, eq, isNotNull, sql } from 'drizzle-orm'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { queryRows } from '../../platform/db/rows.ts'
import type { Tx } from '../../platform/db/client.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { people } from './schema.ts'

export type Person = typeof people.$inferSelect

export async function findPerson(tx: Tx, id: string): Promise<Person | undefined> {
  const [person] = await tx.select().from(people).where(eq(people.id, id))
  return person
}

/** Users allocated to a person (they are told when someone breaks glass on the record). */
export async function listAllocatedUserIds(tx: Tx, personId: string, now: Date): Promise<string[]> {
  const rows = await tx
    .select({ userId: legitimateRelationships.userId })
    .from(legitimateRelationships)
    .where(
      and(
        eq(legitimateRelationships.personId, personId),
        eq(legitimateRelationships.source, 'allocation'),
        isNotNull(legitimateRelationships.userId),
        sql`${legitimateRelationships.endedAt} is null and (${legitimateRelationships.expiresAt} is null or ${legitimateRelationships.expiresAt} > ${now})`,
      ),
    )
  return rows.flatMap((r) => (r.userId ? [r.userId] : []))
}

export type SearchRow = {
  id: string
  given_name: string
  middle_names: string | null
  family_name: string
  date_of_birth: string | null
  gender: 'F' | 'M' | 'U'
  postcode: string | null
  state: 'ordinary' | 'restricted' | 'sealed'
  name_score: number
  dob_match: boolean
  agency_types: string[] | null
}

/**
 * A first, simple candidate search (the person index issue replaces it with the linkage engine's scoring): names
 * by trigram similarity, with or without a date of birth. Sealed records are excluded in SQL unless the actor is
 * one of their named users, so they never appear in results or counts.
 */
export async function searchCandidates(
  tx: Tx,
  actor: UserActor,
  terms: { givenName?: string | undefined; familyName?: string | undefined; dateOfBirth?: string | undefined },
  limit: number,
): Promise<SearchRow[]> {
  const given = terms.givenName?.toLowerCase() ?? ''
  const family = terms.familyName?.toLowerCase() ?? ''
  const dob = terms.dateOfBirth ?? null
  return queryRows<SearchRow>(
    tx,
    sql`
    with scored as (
      select p.*, coalesce(rp.state, 'ordinary') as state,
        (case when ${family} = '' then 0 else similarity(lower(p.family_name), ${family}) end
          + case when ${given} = '' then 0 else similarity(lower(p.given_name), ${given}) end) as name_score,
        (${dob}::date is not null and p.date_of_birth = ${dob}::date) as dob_match
      from people p
      left join record_protections rp on rp.person_id = p.id
      where (rp.state is distinct from 'sealed'
             or exists (select 1 from sealed_record_access s where s.person_id = p.id and s.user_id = ${actor.userId}))
        and (
          (${family} <> '' and lower(p.family_name) % ${family})
          or (${given} <> '' and ${family} = '' and lower(p.given_name) % ${given})
          or (${dob}::date is not null and p.date_of_birth = ${dob}::date and (${family} = '' or lower(p.family_name) % ${family} or lower(p.given_name) % ${given}))
        )
    )
    select s.id, s.given_name, s.middle_names, s.family_name, s.date_of_birth, s.gender, s.postcode, s.state,
           s.name_score::float8 as name_score, s.dob_match,
           (select array_agg(distinct a.type order by a.type)
              from legitimate_relationships lr
              left join teams t on t.id = lr.team_id
              left join user_role_profiles urp on urp.user_id = lr.user_id
              left join teams ut on ut.id = urp.team_id
              join agencies a on a.id = coalesce(t.agency_id, ut.agency_id)
             where lr.person_id = s.id) as agency_types
    from scored s
    order by (s.name_score + case when s.dob_match then 1 else 0 end) desc, s.family_name, s.given_name, s.id
    limit ${limit}`,
  )
}

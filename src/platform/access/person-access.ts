import { sql } from 'drizzle-orm'
import type { Tx } from '../db/client.ts'
import { queryRows } from '../db/rows.ts'
import type { UserActor } from './actor.ts'
import type { RecordState, RelationshipSource } from './schema.ts'

/**
 * The access facts about one person for one actor, loaded in a single query. Policies decide on these; nothing
 * here decides anything.
 */
export type PersonAccess = {
  resourceType: 'person'
  resourceId: string
  personId: string
  exists: boolean
  state: RecordState
  relationship: { id: string; source: RelationshipSource } | null
  /** The sources of every active relationship the actor (or their team) holds: a restricted record needs a particular one. */
  relationshipSources: RelationshipSource[]
  breakGlass: { id: string; reason: string; expiresAt: Date } | null
  namedSealedUser: boolean
}

/**
 * The access facts about one person for one user. A person merged into another record does not exist here (404 for
 * every read and write: nobody adds to a merged-away record, whatever grant or relationship was left on its id;
 * ADR 0009), except for the merge itself, which asks with `includeMerged` to report "already merged" as a block.
 */
export async function loadPersonAccess(tx: Tx, actor: UserActor, personId: string, now: Date, options: { includeMerged?: boolean } = {}): Promise<PersonAccess> {
  const base: PersonAccess = {
    resourceType: 'person',
    resourceId: personId,
    personId,
    exists: false,
    state: 'ordinary',
    relationship: null,
    relationshipSources: [],
    breakGlass: null,
    namedSealedUser: false,
  }
  // Ids arrive from URLs: anything that is not a UUID is simply someone nobody can see.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(personId)) return base
  const rows = await queryRows<{
    state: RecordState
    relationship: PersonAccess['relationship']
    sources: RelationshipSource[] | null
    break_glass: { id: string; reason: string; expiresAt: string } | null
    named: boolean
  }>(
    tx,
    sql`
    select
      p.id,
      coalesce(rp.state, 'ordinary') as state,
      (select json_build_object('id', lr.id, 'source', lr.source)
         from legitimate_relationships lr
        where lr.person_id = p.id and lr.ended_at is null and lr.starts_at <= ${now}
          and (lr.expires_at is null or lr.expires_at > ${now})
          and (lr.user_id = ${actor.userId} or lr.team_id = ${actor.teamId})
        order by lr.starts_at limit 1) as relationship,
      (select array_agg(distinct lr.source)
         from legitimate_relationships lr
        where lr.person_id = p.id and lr.ended_at is null and lr.starts_at <= ${now}
          and (lr.expires_at is null or lr.expires_at > ${now})
          and (lr.user_id = ${actor.userId} or lr.team_id = ${actor.teamId})) as sources,
      (select json_build_object('id', bg.id, 'reason', bg.reason, 'expiresAt', bg.expires_at)
         from break_glass_grants bg
        where bg.person_id = p.id and bg.user_id = ${actor.userId}
          and bg.starts_at <= ${now} and bg.expires_at > ${now}
        order by bg.expires_at desc limit 1) as break_glass,
      exists (select 1 from sealed_record_access s where s.person_id = p.id and s.user_id = ${actor.userId}) as named
    from people p
    left join record_protections rp on rp.person_id = p.id
    where p.id = ${personId} and (${options.includeMerged ?? false} or p.merged_into_id is null)`,
  )
  const row = rows[0]
  if (!row) return base
  return {
    ...base,
    exists: true,
    state: row.state,
    relationship: row.relationship,
    relationshipSources: row.sources ?? [],
    breakGlass: row.break_glass ? { ...row.break_glass, expiresAt: new Date(row.break_glass.expiresAt) } : null,
    namedSealedUser: row.named,
  }
}

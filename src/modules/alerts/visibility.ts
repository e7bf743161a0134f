import { sql, type SQL } from 'drizzle-orm'
import type { UserActor } from '../../platform/access/actor.ts'
import { CASEWORK_ROLES, hasRole } from '../../platform/access/roles.ts'

/**
 * "Which people may this actor open?" as a SQL condition on a person id column, for list queries, which are scoped
 * in SQL and never filtered after fetching (ARCHITECTURE.md §4). It mirrors the people module's `people.view`
 * policy (CONTRACTS.md §2): sealed → named users only; otherwise active break-glass, or a casework role with an
 * active relationship of the actor's or their team's — for a restricted record, only an IG-granted or allocation one.
 */
export function visiblePersonSql(actor: UserActor, now: Date, personId: SQL): SQL {
  const relationship = (sources: SQL) => sql`exists (
      select 1 from legitimate_relationships lr
       where lr.person_id = ${personId} and lr.ended_at is null and lr.starts_at <= ${now}
         and (lr.expires_at is null or lr.expires_at > ${now})
         and (lr.user_id = ${actor.userId} or lr.team_id = ${actor.teamId}) and ${sources})`
  const casework = hasRole(CASEWORK_ROLES, actor.roleProfile)
  return sql`(
    case coalesce((select rp.state from record_protections rp where rp.person_id = ${personId}), 'ordinary')
      when 'sealed' then exists (select 1 from sealed_record_access s where s.person_id = ${personId} and s.user_id = ${actor.userId})
      else exists (select 1 from break_glass_grants bg where bg.person_id = ${personId} and bg.user_id = ${actor.userId} and bg.starts_at <= ${now} and bg.expires_at > ${now})
        or (${casework} and case coalesce((select rp.state from record_protections rp where rp.person_id = ${personId}), 'ordinary')
              when 'restricted' then ${relationship(sql`lr.source in ('ig-grant', 'allocation')`)}
              else ${relationship(sql`true`)} end)
    end)`
}

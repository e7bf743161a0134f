import { sql } from 'drizzle-orm'
import type { UserActor } from '../../../platform/access/actor.ts'
import type { PersonAccess } from '../../../platform/access/person-access.ts'
import type { RecordState, RelationshipSource } from '../../../platform/access/schema.ts'
import type { Db, Tx } from '../../../platform/db/client.ts'
import { queryRows } from '../../../platform/db/rows.ts'
import type { RiskLevel } from '../../exploitation/index.ts'
import type { Period } from '../period.ts'
import { rangeOf } from '../queries.ts'

/**
 * The cohort's SQL. Other modules' tables (people, screenings, exploitation cases, missing episodes, contacts and
 * the access facts) are read by name, so this module imports none of their internals. A child is in the cohort for
 * a period when, as at the end of the period, they have an open exploitation case or their latest screening is
 * medium or high; or they have a missing episode reported, or a contact received, in the period; or they are
 * missing now. Merged-away records are left out (their events belong to the surviving record).
 *
 * The access facts are those of loadPersonAccess (platform/access/person-access.ts), for every child at once.
 */
export type CohortRow = {
  personId: string
  givenName: string
  familyName: string
  gender: string
  ageBand: string
  screeningLevel: RiskLevel | null
  caseLevel: RiskLevel | null
  episodes: number
  missingNow: boolean
  contacts: number
  /** The London day of the latest of: contact and episode in the period, latest screening, open case opened. */
  lastEventDay: string | null
  access: PersonAccess
}

type Raw = {
  person_id: string
  given_name: string
  family_name: string
  gender: string
  age_band: string
  screening_level: RiskLevel | null
  case_level: RiskLevel | null
  episodes: number
  missing_now: boolean
  contacts: number
  last_event_day: string | null
  state: RecordState
  relationship: PersonAccess['relationship']
  sources: RelationshipSource[] | null
  break_glass: { id: string; reason: string; expiresAt: string } | null
  named: boolean
}

export async function loadCohort(db: Db | Tx, actor: UserActor, period: Period, now: Date): Promise<CohortRow[]> {
  const { start, end } = rangeOf(period)
  const day = (at: string) => sql.raw(`to_char(${at} at time zone 'Europe/London', 'YYYY-MM-DD')`)
  const years = sql`date_part('year', age(${period.to}::date, p.date_of_birth))`
  const active = sql`lr.person_id = p.id and lr.ended_at is null and lr.starts_at <= ${now}
    and (lr.expires_at is null or lr.expires_at > ${now}) and (lr.user_id = ${actor.userId} or lr.team_id = ${actor.teamId})`
  const rows = await queryRows<Raw>(
    db,
    sql`
    with ep as (
      select e.person_id,
        count(*) filter (where e.reported_missing_at >= ${start} and e.reported_missing_at < ${end})::int as episodes,
        max(e.reported_missing_at) filter (where e.reported_missing_at >= ${start} and e.reported_missing_at < ${end}) as last_at,
        bool_or(e.returned_at is null) as missing_now
      from missing_episodes e group by e.person_id
    ), ct as (
      select c.person_id, count(*)::int as contacts, max(c.received_at) as last_at
      from contacts c where c.person_id is not null and c.received_at >= ${start} and c.received_at < ${end}
      group by c.person_id
    ), sc as (
      select distinct on (s.person_id) s.person_id, s.risk_level, s.assessed_at
      from screenings s where s.assessed_at < ${end}
      order by s.person_id, s.assessed_at desc, s.id desc
    ), cs as (
      select distinct on (x.person_id) x.person_id, x.risk_level, x.opened_at
      from exploitation_cases x where x.opened_at < ${end} and (x.closed_at is null or x.closed_at >= ${end})
      order by x.person_id, x.opened_at desc
    )
    select p.id as person_id, p.given_name, p.family_name, p.gender,
      case when p.date_of_birth is null or p.date_of_birth > ${period.to}::date then 'unknown'
        when ${years} < 10 then 'under-10' when ${years} < 13 then '10-12' when ${years} < 16 then '13-15'
        when ${years} < 18 then '16-17' else '18-plus' end as age_band,
      sc.risk_level as screening_level, cs.risk_level as case_level,
      coalesce(ep.episodes, 0) as episodes, coalesce(ep.missing_now, false) as missing_now,
      coalesce(ct.contacts, 0) as contacts,
      ${day('greatest(ep.last_at, ct.last_at, sc.assessed_at, cs.opened_at)')} as last_event_day,
      coalesce(rp.state, 'ordinary') as state,
      (select json_build_object('id', lr.id, 'source', lr.source) from legitimate_relationships lr
        where ${active} order by lr.starts_at limit 1) as relationship,
      (select array_agg(distinct lr.source) from legitimate_relationships lr where ${active}) as sources,
      (select json_build_object('id', bg.id, 'reason', bg.reason, 'expiresAt', bg.expires_at) from break_glass_grants bg
        where bg.person_id = p.id and bg.user_id = ${actor.userId} and bg.starts_at <= ${now} and bg.expires_at > ${now}
        order by bg.expires_at desc limit 1) as break_glass,
      exists (select 1 from sealed_record_access s where s.person_id = p.id and s.user_id = ${actor.userId}) as named
    from people p
    left join ep on ep.person_id = p.id
    left join ct on ct.person_id = p.id
    left join sc on sc.person_id = p.id
    left join cs on cs.person_id = p.id
    left join record_protections rp on rp.person_id = p.id
    where p.merged_into_id is null and p.kind = 'child'
      and (cs.person_id is not null or sc.risk_level in ('medium', 'high') or ep.episodes > 0 or ep.missing_now or ct.contacts > 0)`,
  )
  return rows.map((r) => ({
    personId: r.person_id,
    givenName: r.given_name,
    familyName: r.family_name,
    gender: r.gender,
    ageBand: r.age_band,
    screeningLevel: r.screening_level,
    caseLevel: r.case_level,
    episodes: Number(r.episodes),
    missingNow: r.missing_now,
    contacts: Number(r.contacts),
    lastEventDay: r.last_event_day,
    access: {
      resourceType: 'person',
      resourceId: r.person_id,
      personId: r.person_id,
      exists: true,
      state: r.state,
      relationship: r.relationship,
      relationshipSources: r.sources ?? [],
      breakGlass: r.break_glass ? { ...r.break_glass, expiresAt: new Date(r.break_glass.expiresAt) } : null,
      namedSealedUser: r.named,
    },
  }))
}

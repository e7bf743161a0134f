import { asc, desc, eq, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { visiblePersonSql } from '../alerts/index.ts'
import { missingEpisodeAssociates, missingEpisodePlaces, missingEpisodes, missingRiskGradings, returnInterviews, type RhiStatus } from './schema.ts'

export type Episode = typeof missingEpisodes.$inferSelect
export type RiskGrading = typeof missingRiskGradings.$inferSelect
export type Associate = typeof missingEpisodeAssociates.$inferSelect
export type ReturnInterview = typeof returnInterviews.$inferSelect
export type PlaceWent = typeof missingEpisodePlaces.$inferSelect

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function findEpisode(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<Episode | undefined> {
  if (!UUID.test(id)) return undefined
  const query = tx.select().from(missingEpisodes).where(eq(missingEpisodes.id, id))
  const [row] = options.lock ? await query.for('update') : await query
  return row
}

export async function listEpisodesOf(tx: Tx, personId: string): Promise<Episode[]> {
  return tx.select().from(missingEpisodes).where(eq(missingEpisodes.personId, personId)).orderBy(desc(missingEpisodes.reportedMissingAt), desc(missingEpisodes.id))
}

export async function listGradings(tx: Tx, episodeId: string): Promise<RiskGrading[]> {
  return tx.select().from(missingRiskGradings).where(eq(missingRiskGradings.episodeId, episodeId)).orderBy(asc(missingRiskGradings.gradedAt), asc(missingRiskGradings.id))
}

export async function listAssociates(tx: Tx, episodeId: string): Promise<Associate[]> {
  return tx.select().from(missingEpisodeAssociates).where(eq(missingEpisodeAssociates.episodeId, episodeId)).orderBy(asc(missingEpisodeAssociates.recordedAt))
}

/** Places the child went while missing: by when recorded, then by name (one write records several at once). */
export async function listPlacesWent(tx: Tx, episodeId: string): Promise<PlaceWent[]> {
  return tx.select().from(missingEpisodePlaces).where(eq(missingEpisodePlaces.episodeId, episodeId)).orderBy(asc(missingEpisodePlaces.recordedAt), asc(missingEpisodePlaces.description), asc(missingEpisodePlaces.id))
}

export async function findReturnInterview(tx: Tx, episodeId: string, options: { lock?: boolean } = {}): Promise<ReturnInterview | undefined> {
  const query = tx.select().from(returnInterviews).where(eq(returnInterviews.episodeId, episodeId))
  const [row] = options.lock ? await query.for('update') : await query
  return row
}

/** RHIs of several episodes at once (a child's list), by episode id. */
export async function returnInterviewsOf(tx: Tx, personId: string): Promise<Map<string, ReturnInterview>> {
  const rows = await tx.select().from(returnInterviews).where(eq(returnInterviews.personId, personId))
  return new Map(rows.map((r) => [r.episodeId, r]))
}

export type BoardRow = {
  id: string
  personId: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  missingFrom: string
  missingType: string | null
  reportedMissingAt: Date
  lastSeenAt: Date | null
  riskGrade: string
}

/** "Currently missing": open episodes of children the actor may open, highest risk then longest missing first. */
export async function listOpenEpisodes(tx: Tx, actor: UserActor, now: Date): Promise<BoardRow[]> {
  const rows = await queryRows<{
    id: string; person_id: string; given_name: string; family_name: string; date_of_birth: string | null; missing_from: string
    missing_type: string | null; reported_missing_at: string; last_seen_at: string | null; risk_grade: string
  }>(
    tx,
    sql`select e.id, e.person_id, p.given_name, p.family_name, p.date_of_birth, e.missing_from, e.missing_type,
               e.reported_missing_at, e.last_seen_at, e.risk_grade
          from missing_episodes e join people p on p.id = e.person_id
         where e.returned_at is null and ${visiblePersonSql(actor, now, sql`e.person_id`)}
         order by array_position(array['high','medium','low','very-low'], e.risk_grade), coalesce(e.last_seen_at, e.reported_missing_at), e.id
         limit 500`,
  )
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    missingFrom: r.missing_from,
    missingType: r.missing_type,
    reportedMissingAt: new Date(r.reported_missing_at),
    lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at) : null,
    riskGrade: r.risk_grade,
  }))
}

export type RhiQueueRow = { id: string; episodeId: string; personId: string; givenName: string; familyName: string; returnedAt: Date; dueBy: Date; status: RhiStatus }

/** Return home interviews still to happen (due, offered, accepted) for children the actor may open; soonest due first. */
export async function listOpenReturnInterviews(tx: Tx, actor: UserActor, now: Date): Promise<RhiQueueRow[]> {
  const rows = await queryRows<{ id: string; episode_id: string; person_id: string; given_name: string; family_name: string; returned_at: string; due_by: string; status: RhiStatus }>(
    tx,
    sql`select r.id, r.episode_id, r.person_id, p.given_name, p.family_name, e.returned_at, r.due_by, r.status
          from return_interviews r join missing_episodes e on e.id = r.episode_id join people p on p.id = r.person_id
         where r.status in ('due', 'offered', 'accepted') and ${visiblePersonSql(actor, now, sql`r.person_id`)}
         order by r.due_by, r.id
         limit 500`,
  )
  return rows.map((r) => ({
    id: r.id,
    episodeId: r.episode_id,
    personId: r.person_id,
    givenName: r.given_name,
    familyName: r.family_name,
    returnedAt: new Date(r.returned_at),
    dueBy: new Date(r.due_by),
    status: r.status,
  }))
}

import { and, eq, isNull, sql } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess, type PersonAccess } from '../../platform/access/person-access.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { formatDateTime } from '../../platform/views/index.ts'
import { findPerson, type Person } from '../people/index.ts'
import { MISSING_WORK } from './policy.ts'
import {
  findEpisode,
  findReturnInterview,
  listAssociates,
  listEpisodesOf,
  listGradings,
  listOpenEpisodes,
  listOpenReturnInterviews,
  listPlacesWent,
  returnInterviewsOf,
  type Associate,
  type BoardRow,
  type Episode,
  type PlaceWent,
  type ReturnInterview,
  type RhiQueueRow,
  type RiskGrading,
} from './queries.ts'
import { checkEpisodeTimes, checkReturnTime, episodeStart, gradeAllowed, periodsOverlap, RISK_GRADE_LABELS, rhiDueBy } from './rules.ts'
import { missingEpisodeAssociates, missingEpisodePlaces, missingEpisodes, missingRiskGradings, returnInterviews, type PlaceWentSource, type RiskGrade } from './schema.ts'
import type { PlaceWentInput, RecordEpisodeInput, RegradeInput, ReturnInput } from './schemas.ts'
import { loadMissingSettings } from './settings.ts'
import { afterEpisodeRecorded, afterEpisodeRegraded, afterEpisodeReturned } from './triggers.ts'

const NIL = '00000000-0000-0000-0000-000000000000'
const DAY_MS = 86_400_000
/** The recorder's team keeps its relationship 30 days after the return (ADR 0012), as a creator's team does. */
export const EPISODE_RELATIONSHIP_DAYS = 30

export function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('missing-episode services act for a signed-in user')
  return ctx.actor
}

/** The child's access facts for an episode id (a nonexistent episode is a nonexistent child: the same 404, audited). */
export async function episodeAccess(ctx: Ctx, id: string, options: { lock?: boolean } = {}): Promise<{ episode: Episode | undefined; access: PersonAccess }> {
  const episode = await findEpisode(ctx.tx, id, options)
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), episode?.personId ?? NIL, ctx.now)
  return { episode, access }
}

/** Insert places the child went while missing, all from one source (the caller has checked and authorised). */
export async function insertPlacesWent(ctx: Ctx, episodeId: string, places: readonly PlaceWentInput[], source: PlaceWentSource): Promise<void> {
  if (places.length === 0) return
  const recordedBy = userOf(ctx).userId
  await ctx.tx.insert(missingEpisodePlaces).values(
    places.map((p) => ({ episodeId, description: p.description, postcode: p.postcode ?? null, latitude: p.latitude ?? null, longitude: p.longitude ?? null, source, recordedAt: ctx.now, recordedBy })),
  )
}

function minimumGradeErrors(grade: RiskGrade, minimum: RiskGrade | null): FieldError[] {
  if (gradeAllowed(grade, minimum) || !minimum) return []
  return [{ field: 'riskGrade', message: `Risk grade for a missing child must be ${RISK_GRADE_LABELS[minimum].toLowerCase()} or higher (partnership setting)` }]
}

async function overlapErrors(ctx: Ctx, personId: string, start: Date): Promise<FieldError[]> {
  const existing = await listEpisodesOf(ctx.tx, personId)
  const clash = existing.find((e) => periodsOverlap({ start, end: null }, { start: episodeStart(e), end: e.returnedAt }))
  if (!clash) return []
  const until = clash.returnedAt ? `to ${formatDateTime(clash.returnedAt)}` : 'and has not returned'
  return [{ field: 'reportedMissingAt', message: `This child already has a missing episode at this time (from ${formatDateTime(episodeStart(clash))} ${until})` }]
}

/**
 * Record a missing episode. Refused with nothing saved when a time is in the future, last seen is after the report,
 * the grade is below the partnership's minimum, or it would overlap another episode of the child (checked under a
 * lock on the child's row, so two recordings at once cannot both pass). The recorder's team gets a relationship
 * to the child while the episode is open; trigger rules run in the same transaction.
 */
export async function recordEpisode(ctx: Ctx, input: RecordEpisodeInput): Promise<Episode> {
  const actor = userOf(ctx)
  const access = await loadPersonAccess(ctx.tx, actor, input.personId, ctx.now)
  const purpose = authorize(ctx, 'missing.record', access)
  await ctx.tx.execute(sql`select id from people where id = ${input.personId} for update`)
  const person = await findPerson(ctx.tx, input.personId)
  if (!person) throw new NotFoundError()
  const errors: FieldError[] = []
  if (person.kind !== 'child') errors.push({ field: 'personId', message: 'Missing episodes are recorded for children; this record is an adult’s' })
  errors.push(...checkEpisodeTimes(input, ctx.now))
  errors.push(...minimumGradeErrors(input.riskGrade, (await loadMissingSettings(ctx.tx)).minimumChildRiskGrade))
  if (errors.length === 0) errors.push(...(await overlapErrors(ctx, input.personId, input.lastSeenAt ?? input.reportedMissingAt)))
  if (errors.length > 0) throw new ValidationError(errors)

  const [episode] = await ctx.tx
    .insert(missingEpisodes)
    .values({
      personId: input.personId,
      missingFrom: input.missingFrom,
      missingType: input.missingType ?? null,
      reportedMissingAt: input.reportedMissingAt,
      lastSeenAt: input.lastSeenAt ?? null,
      policeReference: input.policeReference ?? null,
      riskGrade: input.riskGrade,
      circumstances: input.circumstances ?? null,
      reportedBy: input.reportedBy ?? null,
      recordedAt: ctx.now,
      recordedBy: actor.userId,
      recordedByTeamId: actor.teamId,
      updatedAt: ctx.now,
    })
    .returning()
  if (!episode) throw new Error('insert returned no episode')
  await ctx.tx.insert(missingRiskGradings).values({ episodeId: episode.id, grade: input.riskGrade, gradedAt: ctx.now, gradedBy: actor.userId, reason: 'Initial grading' })
  await ctx.tx.insert(legitimateRelationships).values({ personId: episode.personId, teamId: actor.teamId, source: 'missing-episode', sourceRef: episode.id, startsAt: ctx.now, expiresAt: null, createdBy: actor.userId })
  ctx.audit.record({
    action: 'missing.episode.recorded',
    outcome: 'succeeded',
    resourceType: 'missing-episode',
    resourceId: episode.id,
    personId: episode.personId,
    purpose,
    details: { missingFrom: episode.missingFrom, riskGrade: episode.riskGrade },
  })
  await afterEpisodeRecorded(ctx, episode)
  return episode
}

/**
 * Record the child's return (or being found): where (a structured place) and with whom, how and in what
 * condition. Opens the return home interview, due exactly 72 hours after the return, allocated to the return
 * interview service (which gets a relationship to the child while the interview is open).
 */
export async function returnEpisode(ctx: Ctx, id: string, input: ReturnInput): Promise<Episode> {
  const actor = userOf(ctx)
  const { episode, access } = await episodeAccess(ctx, id, { lock: true })
  const purpose = authorize(ctx, 'missing.update', access)
  if (!episode) throw new NotFoundError()
  if (episode.returnedAt) throw new ValidationError([{ field: 'returnedAt', message: 'This episode already has a return recorded' }])
  const errors = checkReturnTime(input.returnedAt, episode.reportedMissingAt, ctx.now)
  const associateIds = (input.foundWith ?? []).flatMap((a) => (a.personId ? [a.personId] : []))
  for (const personId of associateIds) {
    if (!(await findPerson(ctx.tx, personId))) errors.push({ field: 'foundWith', message: 'An associate’s person id is not a person on the index' })
  }
  if (errors.length > 0) throw new ValidationError(errors)

  const place = input.foundLocation
  const [updated] = await ctx.tx
    .update(missingEpisodes)
    .set({
      returnedAt: input.returnedAt,
      foundDescription: place?.description ?? null,
      foundPostcode: place?.postcode ?? null,
      foundLatitude: place?.latitude ?? null,
      foundLongitude: place?.longitude ?? null,
      returnMethod: input.returnMethod ?? null,
      returnCondition: input.returnCondition ?? null,
      returnRecordedAt: ctx.now,
      returnRecordedBy: actor.userId,
      updatedAt: ctx.now,
    })
    .where(eq(missingEpisodes.id, episode.id))
    .returning()
  if (!updated) throw new NotFoundError()
  if (input.foundWith?.length) {
    await ctx.tx.insert(missingEpisodeAssociates).values(
      input.foundWith.map((a) => ({ episodeId: episode.id, personId: a.personId ?? null, name: a.name ?? null, description: a.description ?? null, recordedAt: ctx.now, recordedBy: actor.userId })),
    )
  }
  await insertPlacesWent(ctx, episode.id, input.placesWent ?? [], 'police')
  const settings = await loadMissingSettings(ctx.tx)
  const [rhi] = await ctx.tx
    .insert(returnInterviews)
    .values({ episodeId: episode.id, personId: episode.personId, dueBy: rhiDueBy(input.returnedAt), status: 'due', providerTeamId: settings.returnInterviewTeamId, updatedAt: ctx.now, updatedBy: actor.userId })
    .returning()
  if (!rhi) throw new Error('insert returned no return interview')
  if (settings.returnInterviewTeamId) {
    await ctx.tx.insert(legitimateRelationships).values({ personId: episode.personId, teamId: settings.returnInterviewTeamId, source: 'return-interview', sourceRef: rhi.id, startsAt: ctx.now, expiresAt: null, createdBy: actor.userId })
  }
  // The recorder's team keeps the child for 30 days after the return is recorded, then the workflow lets go.
  await ctx.tx
    .update(legitimateRelationships)
    .set({ expiresAt: new Date(ctx.now.getTime() + EPISODE_RELATIONSHIP_DAYS * DAY_MS) })
    .where(and(eq(legitimateRelationships.sourceRef, episode.id), eq(legitimateRelationships.source, 'missing-episode'), isNull(legitimateRelationships.expiresAt)))
  ctx.audit.record({
    action: 'missing.episode.returned',
    outcome: 'succeeded',
    resourceType: 'missing-episode',
    resourceId: episode.id,
    personId: episode.personId,
    purpose,
    details: { returnInterviewId: rhi.id, dueBy: rhi.dueBy.toISOString(), associates: input.foundWith?.length ?? 0, placesWent: input.placesWent?.length ?? 0 },
  })
  await afterEpisodeReturned(ctx, updated)
  return updated
}

/** A police risk review: a new grading row (the history is kept) and the episode's current grade. */
export async function regradeEpisode(ctx: Ctx, id: string, input: RegradeInput): Promise<Episode> {
  const actor = userOf(ctx)
  const { episode, access } = await episodeAccess(ctx, id, { lock: true })
  const purpose = authorize(ctx, 'missing.update', access)
  if (!episode) throw new NotFoundError()
  const errors = minimumGradeErrors(input.riskGrade, (await loadMissingSettings(ctx.tx)).minimumChildRiskGrade)
  if (errors.length > 0) throw new ValidationError(errors)
  await ctx.tx.insert(missingRiskGradings).values({ episodeId: episode.id, grade: input.riskGrade, gradedAt: ctx.now, gradedBy: actor.userId, reason: input.reason ?? null })
  const [updated] = await ctx.tx.update(missingEpisodes).set({ riskGrade: input.riskGrade, updatedAt: ctx.now }).where(eq(missingEpisodes.id, episode.id)).returning()
  if (!updated) throw new NotFoundError()
  ctx.audit.record({
    action: 'missing.episode.regraded',
    outcome: 'succeeded',
    resourceType: 'missing-episode',
    resourceId: episode.id,
    personId: episode.personId,
    purpose,
    details: { from: episode.riskGrade, to: input.riskGrade },
  })
  await afterEpisodeRegraded(ctx, updated)
  return updated
}

export type EpisodeView = { episode: Episode; person: Person; gradings: RiskGrading[]; associates: Associate[]; placesWent: PlaceWent[]; returnInterview: ReturnInterview | null; access: PersonAccess; purpose: string }

/** Open an episode: a read of the child's record, authorised and audited. */
export async function viewEpisode(ctx: Ctx, id: string, options: { for?: string; action?: 'missing.view' | 'missing.update' } = {}): Promise<EpisodeView> {
  const { episode, access } = await episodeAccess(ctx, id)
  // A form for a change (return, risk review) is refused exactly when the change would be.
  const purpose = authorize(ctx, options.action ?? 'missing.view', access)
  if (!episode) throw new NotFoundError()
  return loadEpisodeView(ctx, episode, access, purpose, options.for)
}

/** The episode as a service just left it, for the answer to a write (the write's own audit row covers the read). */
export async function loadEpisodeView(ctx: Ctx, episode: Episode, access: PersonAccess, purpose: string, readFor?: string): Promise<EpisodeView> {
  const person = await findPerson(ctx.tx, episode.personId)
  if (!person) throw new NotFoundError()
  const [gradings, associates, placesWent, returnInterview] = [
    await listGradings(ctx.tx, episode.id),
    await listAssociates(ctx.tx, episode.id),
    await listPlacesWent(ctx.tx, episode.id),
    (await findReturnInterview(ctx.tx, episode.id)) ?? null,
  ]
  if (readFor !== 'write') {
    ctx.audit.record({ action: 'missing.episode.viewed', outcome: 'allowed', resourceType: 'missing-episode', resourceId: episode.id, personId: episode.personId, purpose, ...(readFor ? { details: { for: readFor } } : {}) })
  }
  return { episode, person, gradings, associates, placesWent, returnInterview, access, purpose }
}

/** For a write's answer: the episode again, with the caller's access (no second authorisation or audit row). */
export async function episodeAfterWrite(ctx: Ctx, episode: Episode): Promise<EpisodeView> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), episode.personId, ctx.now)
  return loadEpisodeView(ctx, episode, access, 'write', 'write')
}

export type PersonEpisodes = { person: Person; access: PersonAccess; episodes: Episode[]; interviews: Map<string, ReturnInterview> }

/** A child's episodes, newest first: a read of the child's record. */
export async function listPersonEpisodes(ctx: Ctx, personId: string): Promise<PersonEpisodes> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), personId, ctx.now)
  const purpose = authorize(ctx, 'missing.view', access)
  const person = await findPerson(ctx.tx, personId)
  if (!person) throw new NotFoundError()
  const episodes = await listEpisodesOf(ctx.tx, personId)
  const interviews = await returnInterviewsOf(ctx.tx, personId)
  ctx.audit.record({ action: 'missing.episodes.listed', outcome: 'allowed', resourceType: 'person', resourceId: personId, personId, purpose, details: { episodes: episodes.length } })
  return { person, access, episodes, interviews }
}

/** The form to record an episode shows who it is for: the same decision as recording. */
export async function personForRecording(ctx: Ctx, personId: string): Promise<{ person: Person; settings: Awaited<ReturnType<typeof loadMissingSettings>> }> {
  const access = await loadPersonAccess(ctx.tx, userOf(ctx), personId, ctx.now)
  const purpose = authorize(ctx, 'missing.record', access)
  const person = await findPerson(ctx.tx, personId)
  if (!person) throw new NotFoundError()
  ctx.audit.record({ action: 'people.viewed', outcome: 'allowed', resourceType: 'person', resourceId: personId, personId, purpose, details: { for: 'record-missing-episode' } })
  return { person, settings: await loadMissingSettings(ctx.tx) }
}

/** "Currently missing": every open episode the actor may see. */
export async function missingBoard(ctx: Ctx): Promise<BoardRow[]> {
  const purpose = authorize(ctx, 'missing.work', MISSING_WORK)
  const rows = await listOpenEpisodes(ctx.tx, userOf(ctx), ctx.now)
  ctx.audit.record({ action: 'missing.board.viewed', outcome: 'allowed', resourceType: 'missing-board', purpose, details: { episodes: rows.length } })
  return rows
}

/** Return home interviews still to happen, soonest due first (the overdue ones are the queue's head). */
export async function returnInterviewQueue(ctx: Ctx): Promise<RhiQueueRow[]> {
  const purpose = authorize(ctx, 'missing.work', MISSING_WORK)
  const rows = await listOpenReturnInterviews(ctx.tx, userOf(ctx), ctx.now)
  ctx.audit.record({ action: 'missing.return-interviews.listed', outcome: 'allowed', resourceType: 'return-interview-queue', purpose, details: { interviews: rows.length } })
  return rows
}

/** For the find-a-child step: the function check alone. */
export function assertMissingWork(ctx: Ctx): void {
  authorize(ctx, 'missing.work', MISSING_WORK)
}

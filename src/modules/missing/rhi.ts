import { and, eq, isNull } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../platform/errors.ts'
import type { PlaceWent, ReturnInterview } from './queries.ts'
import { findReturnInterview, listPlacesWent } from './queries.ts'
import { RHI_OPEN_STATUSES } from './rules.ts'
import { missingEpisodePlaces, returnInterviews } from './schema.ts'
import type { ReturnInterviewInput } from './schemas.ts'
import { episodeAccess, insertPlacesWent, userOf, EPISODE_RELATIONSHIP_DAYS } from './service.ts'
import { loadMissingSettings, type MissingSettings } from './settings.ts'

const DAY_MS = 86_400_000

/** The rules a return home interview record must meet (pure apart from the settings' factor lists). */
export function checkReturnInterview(input: ReturnInterviewInput, returnedAt: Date, now: Date, settings: MissingSettings): FieldError[] {
  const errors: FieldError[] = []
  if (input.status === 'not-possible' && !input.statusReason) errors.push({ field: 'statusReason', message: 'Enter why a return home interview was not possible' })
  if (input.status === 'completed' && !input.heldAt) errors.push({ field: 'heldAt', message: 'Enter when the interview took place' })
  for (const [field, at] of [['offeredAt', input.offeredAt], ['heldAt', input.heldAt]] as const) {
    if (!at) continue
    if (at.getTime() > now.getTime()) errors.push({ field, message: `${field === 'heldAt' ? 'Time of the interview' : 'Time offered'} must be in the past` })
    else if (at.getTime() < returnedAt.getTime()) errors.push({ field, message: `${field === 'heldAt' ? 'Time of the interview' : 'Time offered'} must be after the child returned` })
  }
  const known = (list: MissingSettings['pushFactors'], values: string[] | undefined) => (values ?? []).every((v) => list.some((f) => f.code === v))
  if (!known(settings.pushFactors, input.pushFactors)) errors.push({ field: 'pushFactors', message: 'Select push factors from the list' })
  if (!known(settings.pullFactors, input.pullFactors)) errors.push({ field: 'pullFactors', message: 'Select pull factors from the list' })
  return errors
}

/**
 * Record a return home interview's progress and content. Refused while the child is still missing (there is no
 * interview before a return). When it closes (completed, declined, not possible), the return interview service's
 * relationship to the child runs on for 30 days and then ends.
 */
export async function recordReturnInterview(ctx: Ctx, episodeId: string, input: ReturnInterviewInput, expectedVersion?: number): Promise<ReturnInterview & { placesWent: PlaceWent[] }> {
  const actor = userOf(ctx)
  const { episode, access } = await episodeAccess(ctx, episodeId, { lock: true })
  const purpose = authorize(ctx, 'missing.rhi.record', access)
  if (!episode) throw new NotFoundError()
  if (!episode.returnedAt) throw new ValidationError([{ field: 'status', message: 'You cannot record a return home interview while the child is still missing: record their return first' }])
  const current = await findReturnInterview(ctx.tx, episode.id, { lock: true })
  if (!current) throw new NotFoundError()
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw new ConflictError('Someone else changed this return home interview while you were editing it')
  const settings = await loadMissingSettings(ctx.tx)
  const errors = checkReturnInterview(input, episode.returnedAt, ctx.now, settings)
  if (errors.length > 0) throw new ValidationError(errors)
  const [updated] = await ctx.tx
    .update(returnInterviews)
    .set({
      status: input.status,
      statusReason: input.statusReason ?? null,
      offeredAt: input.offeredAt ?? current.offeredAt,
      heldAt: input.heldAt ?? null,
      interviewerName: input.interviewerName ?? null,
      whyWent: input.whyWent ?? null,
      whereWent: input.whereWent ?? null,
      withWhom: input.withWhom ?? null,
      harm: input.harm ?? null,
      pushFactors: input.pushFactors ?? [],
      pullFactors: input.pullFactors ?? [],
      disclosures: input.disclosures ?? null,
      childsWords: input.childsWords ?? null,
      actions: input.actions ?? null,
      referrals: input.referrals ?? [],
      carerInformation: input.carerInformation ?? null,
      updatedAt: ctx.now,
      updatedBy: actor.userId,
      version: current.version + 1,
    })
    .where(eq(returnInterviews.id, current.id))
    .returning()
  if (!updated) throw new NotFoundError()
  // The interview's places are replaced as a whole (its other fields are too); places from the police stay.
  if (input.placesWent) {
    await ctx.tx.delete(missingEpisodePlaces).where(and(eq(missingEpisodePlaces.episodeId, episode.id), eq(missingEpisodePlaces.source, 'rhi')))
    await insertPlacesWent(ctx, episode.id, input.placesWent, 'rhi')
  }
  const closed = !(RHI_OPEN_STATUSES as readonly string[]).includes(updated.status)
  if (closed) {
    await ctx.tx
      .update(legitimateRelationships)
      .set({ expiresAt: new Date(ctx.now.getTime() + EPISODE_RELATIONSHIP_DAYS * DAY_MS) })
      .where(and(eq(legitimateRelationships.sourceRef, current.id), eq(legitimateRelationships.source, 'return-interview'), isNull(legitimateRelationships.expiresAt)))
  }
  // Field names, not what the child said: the audit log must not become a second copy of the interview.
  const filled = Object.entries(input).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)).map(([k]) => k)
  ctx.audit.record({
    action: 'missing.return-interview.recorded',
    outcome: 'succeeded',
    resourceType: 'return-interview',
    resourceId: current.id,
    personId: episode.personId,
    purpose,
    details: { episodeId: episode.id, from: current.status, to: updated.status, fields: filled, ...(input.placesWent ? { placesWent: input.placesWent.length } : {}) },
  })
  return { ...updated, placesWent: await listPlacesWent(ctx.tx, episode.id) }
}

/** The RHI form: the same decision as recording it, and the read of what is there is audited. */
export async function viewReturnInterviewForEdit(ctx: Ctx, episodeId: string) {
  const { episode, access } = await episodeAccess(ctx, episodeId)
  const purpose = authorize(ctx, 'missing.rhi.record', access)
  if (!episode) throw new NotFoundError()
  const rhi = (await findReturnInterview(ctx.tx, episode.id)) ?? null
  const placesWent = await listPlacesWent(ctx.tx, episode.id)
  ctx.audit.record({ action: 'missing.episode.viewed', outcome: 'allowed', resourceType: 'missing-episode', resourceId: episode.id, personId: episode.personId, purpose, details: { for: 'return-interview' } })
  return { episode, rhi, placesWent, settings: await loadMissingSettings(ctx.tx) }
}

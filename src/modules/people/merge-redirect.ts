import type { FastifyReply } from 'fastify'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess } from '../../platform/access/person-access.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ForbiddenError } from '../../platform/errors.ts'
import { findSurvivor } from './duplicates-queries.ts'

/**
 * A merged-away person's address leads to the record it was merged into (ADR 0009): old links and bookmarks keep
 * working for whoever may open the survivor; anyone else gets the usual 404 (a denial of the survivor, audited).
 */
export class PersonMergedError extends Error {
  constructor(readonly survivorId: string) {
    super('merged into another record')
    this.name = 'PersonMergedError'
  }
}

export async function redirectIfMerged(ctx: Ctx, personId: string): Promise<void> {
  const survivor = await findSurvivor(ctx.tx, personId)
  if (!survivor) return
  if (ctx.actor.kind !== 'user') throw new ForbiddenError()
  // Nothing is shown here (the survivor's page, which audits its own view, is): only a denial is recorded.
  authorize(ctx, 'people.view', await loadPersonAccess(ctx.tx, ctx.actor, survivor, ctx.now))
  throw new PersonMergedError(survivor)
}

/** For the record routes: a merged-away person's page answers 303 to the survivor's (then resolves to undefined). */
export function survivorRedirect(reply: FastifyReply, base: '/people' | '/api/v1/people') {
  return (error: unknown): undefined => {
    if (!(error instanceof PersonMergedError)) throw error
    void reply.redirect(`${base}/${error.survivorId}`, 303)
    return undefined
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { abilities } from '../../platform/access/engine.ts'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import { ConflictError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { compareDuplicates, decideNotDuplicate, listDuplicates, listMerges, mergeFromCandidate, scanForDuplicates } from './duplicates-service.ts'
import { DUPLICATE_QUEUE, MERGE_HISTORY } from './merge-policy.ts'
import { presentCardPage, presentComparison, presentHistoryRow, presentQueueRow } from './merge-presenters.ts'
import { decisionForm, decodeCursor, encodeCursor, unmergeBody } from './merge-schemas.ts'
import { MergeBlockedError, unmergePeople, viewMergeForUnmerge } from './merge-service.ts'

/** Duplicates and merge pages (ADR 0009): the queue, a pair side by side, the merge history and unmerge. */

type IdParams = { id: string }
type FormValues = { decision?: string; reason?: string }

const QUEUE_PAGE = 100

function subNavigation(current: 'open' | 'decided' | 'merges') {
  return [
    { text: 'Open', href: '/people/duplicates', active: current === 'open' },
    { text: 'Decided', href: '/people/duplicates?status=decided', active: current === 'decided' },
    { text: 'Merge history', href: '/people/merges', active: current === 'merges' },
  ]
}

const field = (body: unknown, name: string) => {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value.slice(0, 2000) : ''
}

/** A service's refusal as form errors; anything else is rethrown. */
function refusal(error: unknown): FieldError[] {
  if (error instanceof ValidationError) return error.errors
  if (error instanceof ConflictError) return [{ field: 'decision', message: error.message }]
  throw error
}

export async function registerMergePages(app: FastifyInstance): Promise<void> {
  const pre = { preHandler: requireUser }

  app.get<{ Querystring: Record<string, string | undefined> }>('/people/duplicates', pre, async (request, reply) => {
    const filter = request.query.status === 'decided' ? 'decided' : 'open'
    const after = decodeCursor(request.query.cursor)
    const { items, next } = await app.work(request, (ctx) => listDuplicates(ctx, filter, { limit: QUEUE_PAGE, after }))
    const can = abilities(currentUser(request), ['people.duplicates.scan'], DUPLICATE_QUEUE)
    return reply.view('people/views/duplicates.njk', {
      pageTitle: filter === 'open' ? 'Possible duplicate records' : 'Decided duplicate records',
      subNavigation: subNavigation(filter),
      filter,
      rows: items.map(presentQueueRow),
      nextHref: next ? `/people/duplicates?${new URLSearchParams({ ...(filter === 'decided' ? { status: 'decided' } : {}), cursor: encodeCursor(next) })}` : null,
      canScan: can['people.duplicates.scan'],
      scanned: request.query.scanned,
      decided: request.query.decided === '1',
    })
  })

  app.post('/people/duplicates/scan', pre, async (request, reply) => {
    const summary = await app.work(request, (ctx) => scanForDuplicates(ctx))
    return reply.redirect(`/people/duplicates?scanned=${summary.added}`, 303)
  })

  async function comparePage(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply, values: FormValues = {}, errors: FieldError[] = []) {
    const comparison = await app.work(request, (ctx) => compareDuplicates(ctx, request.params.id))
    const page = presentComparison(comparison)
    return reply.view('people/views/duplicates-compare.njk', { pageTitle: 'Compare possible duplicate records', pair: page, values, ...formLocals(errors) })
  }

  app.get<{ Params: IdParams }>('/people/duplicates/:id', pre, async (request, reply) => comparePage(request, reply))

  app.post<{ Params: IdParams }>('/people/duplicates/:id', pre, async (request, reply) => {
    const values = { decision: field(request.body, 'decision'), reason: field(request.body, 'reason') }
    const parsed = decisionForm.safeParse(values)
    if (!parsed.success) return comparePage(request, reply.code(400), values, zodFieldErrors(parsed.error))
    const { decision, reason } = parsed.data
    try {
      if (decision === 'not-duplicate') {
        await app.work(request, (ctx) => decideNotDuplicate(ctx, request.params.id, { reason }))
        return reply.redirect('/people/duplicates?decided=1', 303)
      }
      const { merge } = await app.work(request, (ctx) => mergeFromCandidate(ctx, request.params.id, decision === 'keep-first' ? 'first' : 'second', reason))
      return reply.redirect(`/people/merges?merged=${merge.id}`, 303)
    } catch (error) {
      // The page checks the pair again and shows every reason it cannot be merged (and no merge option).
      if (error instanceof MergeBlockedError) return comparePage(request, reply.code(409), values)
      return comparePage(request, reply.code(400), values, refusal(error))
    }
  })

  app.get<{ Querystring: Record<string, string | undefined> }>('/people/merges', pre, async (request, reply) => {
    const items = await app.work(request, (ctx) => listMerges(ctx))
    const canUnmerge = abilities(currentUser(request), ['people.unmerge'], MERGE_HISTORY)['people.unmerge']
    return reply.view('people/views/merges.njk', {
      pageTitle: 'Merge history',
      subNavigation: subNavigation('merges'),
      rows: items.map((i) => presentHistoryRow(i, canUnmerge)),
      merged: items.find((i) => i.merge.id === request.query.merged) ? presentHistoryRow(items.find((i) => i.merge.id === request.query.merged) as (typeof items)[number], false) : null,
      unmerged: request.query.unmerged === '1',
    })
  })

  async function unmergePage(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply, values: FormValues = {}, errors: FieldError[] = []) {
    const { merge, kept, merged } = await app.work(request, (ctx) => viewMergeForUnmerge(ctx, request.params.id))
    return reply.view('people/views/merge-unmerge.njk', {
      pageTitle: 'Undo a merge',
      id: merge.id,
      active: merge.unmergedAt === null,
      reason: merge.reason,
      mergedAt: merge.mergedAt.toISOString(),
      mergedBy: merge.mergedByName,
      kept: presentCardPage(kept),
      merged: presentCardPage(merged),
      values,
      ...formLocals(errors),
    })
  }

  app.get<{ Params: IdParams }>('/people/merges/:id/unmerge', pre, async (request, reply) => unmergePage(request, reply))

  app.post<{ Params: IdParams }>('/people/merges/:id/unmerge', pre, async (request, reply) => {
    const values = { reason: field(request.body, 'reason') }
    const parsed = unmergeBody.safeParse(values)
    // Invalid input is reported only to someone who may unmerge this merge; anyone else gets the usual 403/404.
    if (!parsed.success) return unmergePage(request, reply.code(400), values, zodFieldErrors(parsed.error))
    try {
      await app.work(request, (ctx) => unmergePeople(ctx, request.params.id, parsed.data))
    } catch (error) {
      const errors = refusal(error).map((e) => (e.field === 'decision' ? { ...e, field: 'reason' } : e))
      return unmergePage(request, reply.code(400), values, errors)
    }
    return reply.redirect('/people/merges?unmerged=1', 303)
  })
}

function formLocals(errors: FieldError[]) {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

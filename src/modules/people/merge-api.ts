import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { decideNotDuplicate, listDuplicates } from './duplicates-service.ts'
import { presentCandidateJson, presentMergeJson, presentQueueItemJson } from './merge-presenters.ts'
import { decisionBody, decodeCursor, duplicatesQuery, encodeCursor, idParams, mergeBody, unmergeBody } from './merge-schemas.ts'
import { MergeBlockedError, mergePeople, unmergePeople } from './merge-service.ts'

/** Duplicates and merge in the API (ADR 0009): the same services as the pages, so the same policies and audit. */
export async function registerMergeApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['people']
  const pre = { preHandler: requireUser }

  app.get(
    '/api/v1/people/duplicates',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The duplicate-candidates queue (MASH)',
        description:
          '`{items, nextCursor}`, highest probability first. Each item is a pair `{id, personId, otherPersonId, score, matchWeight, reasons, source, foundAt, status, decidedAt, decisionReason, mergeId, people}` where `people` holds the two search cards. Pairs with a restricted or sealed record are left out.',
        querystring: duplicatesQuery,
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query
      const { items, next } = await app.work(request, (ctx) => listDuplicates(ctx, status, { limit, after: decodeCursor(cursor) }))
      return { items: items.map(presentQueueItemJson), nextCursor: next ? encodeCursor(next) : null }
    },
  )

  app.post(
    '/api/v1/people/duplicates/:id/decision',
    { ...pre, schema: { tags, summary: 'Decide that a pair is not the same person', params: idParams, body: decisionBody } },
    async (request) => presentCandidateJson(await app.work(request, (ctx) => decideNotDuplicate(ctx, request.params.id, request.body))),
  )

  app.post(
    '/api/v1/people/merges',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Merge two records of one person (MASH manager)',
        description:
          '201 `{id, survivingPersonId, mergedPersonId, mergedAt, …}`. When the merge would be unsafe (different NHS numbers, different verified dates of birth, a restricted or sealed record, a record already merged, or a module’s own reason such as overlapping open plans) nothing is changed and the answer is 409 problem+json with `blocks: [{code, message}]`.',
        body: mergeBody,
      },
    },
    async (request, reply) => {
      try {
        const { merge } = await app.work(request, (ctx) => mergePeople(ctx, request.body))
        return reply.code(201).send(presentMergeJson(merge))
      } catch (error) {
        if (!(error instanceof MergeBlockedError)) throw error
        return reply
          .code(409)
          .type('application/problem+json')
          .send({ type: 'about:blank', title: 'Merge blocked', status: 409, detail: 'These records cannot be merged.', blocks: error.blocks })
      }
    },
  )

  app.post(
    '/api/v1/people/merges/:id/unmerge',
    { ...pre, schema: { tags, summary: 'Undo a merge (MASH manager): both records as they were', params: idParams, body: unmergeBody } },
    async (request) => presentMergeJson(await app.work(request, (ctx) => unmergePeople(ctx, request.params.id, request.body))),
  )
}

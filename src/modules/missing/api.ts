import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { presentEpisodeJson, presentEpisodeListItemJson, presentReturnInterviewJson } from './presenters.ts'
import { recordReturnInterview } from './rhi.ts'
import { idParams, recordEpisodeBody, regradeBody, returnBody, returnInterviewBody } from './schemas.ts'
import { episodeAfterWrite, listPersonEpisodes, missingBoard, recordEpisode, regradeEpisode, returnEpisode, viewEpisode } from './service.ts'

/** Missing episodes API (CONTRACTS.md §5–6): the same services as the pages, so the same policies and audit. */
export async function registerMissingApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['missing']

  app.post(
    '/api/v1/missing-episodes',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Record a missing episode (201)',
        description:
          'Refused (400, nothing saved) for a time in the future, last seen after the report, a grade outside very-low/low/medium/high or below the partnership minimum, or a period overlapping another episode of the child. Trigger rules (repeat missing, high risk) raise alerts in the same transaction.',
        body: recordEpisodeBody,
      },
    },
    async (request, reply) => {
      const view = await app.work(request, async (ctx) => episodeAfterWrite(ctx, await recordEpisode(ctx, request.body)))
      return reply.code(201).send(presentEpisodeJson(view))
    },
  )

  app.get('/api/v1/missing-episodes', { preHandler: requireUser, schema: { tags, summary: 'Currently missing: open episodes of children the caller may open' } }, async (request) => {
    const rows = await app.work(request, (ctx) => missingBoard(ctx))
    return {
      items: rows.map((r) => ({ id: r.id, personId: r.personId, missingFrom: r.missingFrom, missingType: r.missingType, reportedMissingAt: r.reportedMissingAt.toISOString(), lastSeenAt: r.lastSeenAt?.toISOString() ?? null, riskGrade: r.riskGrade, status: 'missing' })),
      nextCursor: null,
    }
  })

  app.get('/api/v1/missing-episodes/:id', { preHandler: requireUser, schema: { tags, params: idParams } }, async (request) => {
    return presentEpisodeJson(await app.work(request, (ctx) => viewEpisode(ctx, request.params.id)))
  })

  app.post('/api/v1/missing-episodes/:id/return', { preHandler: requireUser, schema: { tags, params: idParams, body: returnBody, summary: 'Record the return (200); opens the return home interview, due 72 hours later', description: '`foundLocation` is where the child was found; `placesWent` the places they went while missing, as the police learnt them (recorded with source police).' } }, async (request) => {
    const view = await app.work(request, async (ctx) => episodeAfterWrite(ctx, await returnEpisode(ctx, request.params.id, request.body)))
    return presentEpisodeJson(view)
  })

  app.post('/api/v1/missing-episodes/:id/risk-grades', { preHandler: requireUser, schema: { tags, params: idParams, body: regradeBody, summary: 'A risk review: a new police risk grade (200)' } }, async (request) => {
    const view = await app.work(request, async (ctx) => episodeAfterWrite(ctx, await regradeEpisode(ctx, request.params.id, request.body)))
    return presentEpisodeJson(view)
  })

  app.put('/api/v1/missing-episodes/:id/return-interview', { preHandler: requireUser, schema: { tags, params: idParams, body: returnInterviewBody, summary: 'Record the return home interview (200); refused while the child is still missing', description: '`placesWent` (places the child went while missing: a place name, optional postcode, optional latitude and longitude in the UK) replaces the places the interview recorded; absent leaves them as they are. Places recorded with the return (source police) are kept.' } }, async (request) => {
    const rhi = await app.work(request, (ctx) => recordReturnInterview(ctx, request.params.id, request.body))
    return presentReturnInterviewJson(rhi, rhi.placesWent)
  })

  app.get('/api/v1/people/:id/missing-episodes', { preHandler: requireUser, schema: { tags, params: idParams, summary: "A child's missing episodes, newest first" } }, async (request) => {
    const { episodes, interviews } = await app.work(request, (ctx) => listPersonEpisodes(ctx, request.params.id))
    return { items: episodes.map((e) => presentEpisodeListItemJson(e, interviews.get(e.id))), nextCursor: null }
  })
}

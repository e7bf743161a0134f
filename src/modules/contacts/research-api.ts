import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { presentDeskJson, presentResearchJson } from './research-presenters.ts'
import { answerResearch, deskQueue, listContactResearch, requestResearch, viewResearchRequest, withdrawResearch } from './research.ts'
import { contactReference } from './rules.ts'
import { contactIdParams, deskQueueQuery, researchAnswerBody, researchIdParams, researchOnlyParams, researchRequestBody } from './schemas.ts'

/** Partner research requests (issue 4 point 3, ADR 0011): the same services as the pages. */
export async function registerResearchApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['contacts']
  const pre = { preHandler: requireUser }

  app.get('/api/v1/contacts/:id/research-requests', { ...pre, schema: { tags, summary: "A contact's partner research requests and the answers", description: 'The MASH (manager and practitioners). Each answer carries its source agency and lawful basis.', params: contactIdParams } }, async (request) => {
    const { rows, now } = await app.work(request, async (ctx) => ({ rows: await listContactResearch(ctx, request.params.id), now: ctx.now }))
    return { items: rows.map((r) => presentResearchJson(r, now)) }
  })

  app.post(
    '/api/v1/contacts/:id/research-requests',
    {
      ...pre,
      schema: {
        tags,
        summary: "Ask a partner agency's MASH desk what it holds about the contact's child",
        description:
          "The MASH manager. 201 with the request; its `dueBy` follows the contact's RAG (configuration `researchTimescaleHours`, defaults red 2 h, amber 12 h, green 48 h; unrated = amber). 400 if the contact is not linked to a person index record, or that desk has an open request already; 409 once decided. The desk's team holds a relationship to the child until it answers or the request is withdrawn.",
        params: contactIdParams,
        body: researchRequestBody,
      },
    },
    async (request, reply) => {
      const { created, now } = await app.work(request, async (ctx) => ({ created: await requestResearch(ctx, request.params.id, { agencyTypes: [request.body.agencyType], question: request.body.question }), now: ctx.now }))
      const [first] = created
      if (!first) throw new Error('requestResearch created nothing')
      return reply.code(201).send(presentResearchJson(first, now))
    },
  )

  app.post(
    '/api/v1/contacts/:id/research-requests/:requestId/withdraw',
    { ...pre, schema: { tags, summary: 'Withdraw an open research request', description: "The MASH manager. The desk's relationship to the child ends. 409 if already answered or withdrawn.", params: researchIdParams } },
    async (request) => {
      const { updated, now } = await app.work(request, async (ctx) => ({ updated: await withdrawResearch(ctx, request.params.id, request.params.requestId), now: ctx.now }))
      return presentResearchJson(updated, now)
    },
  )

  app.get('/api/v1/research-requests', { ...pre, schema: { tags, summary: "A MASH desk's research requests", description: "The caller's desk only (mash-agency-researcher): `status=open` (default, most urgent first) or `answered` (answered and withdrawn).", querystring: deskQueueQuery } }, async (request) => {
    const { rows, now } = await app.work(request, async (ctx) => ({ rows: await deskQueue(ctx, request.query.status), now: ctx.now }))
    return { items: rows.map((r) => presentResearchJson(r, now, { reference: contactReference(r.contact.number) })) }
  })

  app.get('/api/v1/research-requests/:requestId', { ...pre, schema: { tags, summary: 'One research request, for the desk it was sent to', description: 'Anyone else gets 404. `personId` is given only while the request is open.', params: researchOnlyParams } }, async (request) => {
    const { seen, now } = await app.work(request, async (ctx) => ({ seen: await viewResearchRequest(ctx, request.params.requestId), now: ctx.now }))
    return presentDeskJson(seen, now)
  })

  app.post(
    '/api/v1/research-requests/:requestId/answer',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Answer a research request',
        description: '`answer`: `information-shared` (with `information` and `lawfulBasis`, UK GDPR Art. 6; `specialCategoryCondition` for special category data) or `nothing-held`. Ends the desk\'s relationship to the child. 409 once answered or withdrawn.',
        params: researchOnlyParams,
        body: researchAnswerBody,
      },
    },
    async (request) => {
      const { updated, now } = await app.work(request, async (ctx) => ({ updated: await answerResearch(ctx, request.params.requestId, request.body), now: ctx.now }))
      return presentResearchJson(updated, now)
    },
  )
}

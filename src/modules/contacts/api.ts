import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { presentContactJson } from './presenters.ts'
import { contactIdParams, createContactBody, decisionBody, listQuery } from './schemas.ts'
import { OPEN_STATUSES } from './schema.ts'
import { decideContact, listContactsFor, reportConcern, viewContact } from './service.ts'

/** The contacts API (issue 4 point 5): the same services as the pages, so the same policies and the same audit. */
export async function registerContactsApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['contacts']

  app.post(
    '/api/v1/contacts',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Report a concern about a child (a MASH contact)',
        description:
          '201 with the contact. Give the child as reported in `child`, or `personId` of a record you may open (any other id, known or not, gets the same 400). The MASH links the contact to the person index at triage; a referrer never learns whether the child is known.',
        body: createContactBody,
      },
    },
    async (request, reply) => {
      const { receivedAt, ...body } = request.body
      const { contact, now } = await app.work(request, async (ctx) => ({
        contact: await reportConcern(ctx, { ...body, channel: 'api', ...(receivedAt ? { receivedAt: new Date(receivedAt) } : {}) }),
        now: ctx.now,
      }))
      return reply.code(201).send(presentContactJson(contact, 'referrer', now))
    },
  )

  app.get(
    '/api/v1/contacts',
    {
      preHandler: requireUser,
      schema: { tags, summary: 'Contacts, newest first', description: 'The MASH sees its queue; everyone else who reports concerns sees their own contacts. `status=open` = awaiting-triage, in-triage and awaiting-decision.', querystring: listQuery },
    },
    async (request) => {
      const { status, limit, cursor } = request.query
      const statuses = status === 'open' ? OPEN_STATUSES : status ? [status] : undefined
      const { page, now } = await app.work(request, async (ctx) => ({ page: await listContactsFor(ctx, { ...(statuses ? { statuses } : {}), limit, cursor }), now: ctx.now }))
      return { items: page.items.map((c) => presentContactJson(c, page.scope === 'mash' ? 'mash' : 'referrer', now, c.repeat)), nextCursor: page.nextCursor }
    },
  )

  app.get('/api/v1/contacts/:id', { preHandler: requireUser, schema: { tags, summary: 'One contact', params: contactIdParams } }, async (request) => {
    const { seen, now } = await app.work(request, async (ctx) => ({ seen: await viewContact(ctx, request.params.id), now: ctx.now }))
    return presentContactJson(seen.contact, seen.view, now, seen.view === 'mash' ? seen.repeat !== null : undefined)
  })

  app.post(
    '/api/v1/contacts/:id/decision',
    {
      preHandler: requireUser,
      schema: { tags, summary: "The MASH manager's decision", description: 'From any open status; 400 without a rationale (nothing is saved); 409 if already decided.', params: contactIdParams, body: decisionBody },
    },
    async (request) => {
      const { contact, now } = await app.work(request, async (ctx) => ({ contact: await decideContact(ctx, request.params.id, request.body), now: ctx.now }))
      return presentContactJson(contact, 'mash', now)
    },
  )
}

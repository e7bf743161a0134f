import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { presentPersonResourceJson, presentSearchResultJson } from './presenters.ts'
import { loadIndexEntries } from './entries.ts'
import { breakGlassBody, createPersonBody, personIdParams, searchTerms, updatePersonBody } from './schemas.ts'
import { breakGlass, createPerson, searchPeople, updatePerson, viewPerson } from './service.ts'

const searchQuery = searchTerms.refine((q) => q.givenName || q.familyName || q.dateOfBirth, 'Give at least a name or a date of birth')

/** The people API: the same services as the pages, so the same policies and the same audit. */
export async function registerPeopleApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['people']

  app.get('/api/v1/people/search', { preHandler: requireUser, schema: { tags, querystring: searchQuery } }, async (request) => {
    const results = await app.work(request, (ctx) => searchPeople(ctx, request.query))
    return { results: results.map(presentSearchResultJson) }
  })

  app.post('/api/v1/people', { preHandler: requireUser, schema: { tags, body: createPersonBody } }, async (request, reply) => {
    const { person, entries } = await app.work(request, async (ctx) => {
      const created = await createPerson(ctx, request.body)
      return { person: created, entries: await loadIndexEntries(ctx, created.id) }
    })
    return reply.code(201).send(presentPersonResourceJson(person, entries))
  })

  app.get('/api/v1/people/:id', { preHandler: requireUser, schema: { tags, params: personIdParams } }, async (request) => {
    const { person, entries } = await app.work(request, (ctx) => viewPerson(ctx, request.params.id))
    return presentPersonResourceJson(person, entries)
  })

  app.patch('/api/v1/people/:id', { preHandler: requireUser, schema: { tags, params: personIdParams, body: updatePersonBody } }, async (request) => {
    const { person, entries } = await app.work(request, async (ctx) => {
      const updated = await updatePerson(ctx, request.params.id, request.body)
      return { person: updated, entries: await loadIndexEntries(ctx, updated.id) }
    })
    return presentPersonResourceJson(person, entries)
  })

  app.post('/api/v1/people/:id/break-glass', { preHandler: requireUser, schema: { tags, params: personIdParams, body: breakGlassBody } }, async (request) => {
    const grant = await app.work(request, (ctx) => breakGlass(ctx, request.params.id, request.body.reason))
    return { id: grant.id, personId: grant.personId, reason: grant.reason, startsAt: grant.startsAt.toISOString(), expiresAt: grant.expiresAt.toISOString() }
  })
}

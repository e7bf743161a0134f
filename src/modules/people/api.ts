import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { presentPersonResourceJson, presentSearchResultJson } from './presenters.ts'
import { loadIndexEntries } from './entries.ts'
import { breakGlassBody, createPersonBody, personIdParams, searchTerms, updatePersonBody } from './schemas.ts'
import { survivorRedirect } from './merge-redirect.ts'
import { breakGlass, createPerson, searchPeople, updatePerson, viewPerson } from './service.ts'

const searchQuery = searchTerms.refine((q) => q.givenName || q.familyName || q.dateOfBirth || q.nhsNumber || q.postcode, 'Give at least a name, a date of birth, a postcode or an NHS number')

/** The people API: the same services as the pages, so the same policies and the same audit. */
export async function registerPeopleApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['people']

  app.get(
    '/api/v1/people/search',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Is this child known?',
        description:
          'Ranked best first: `{results: [{id, score, reasons, ...card}]}`. `score` is the match probability from the linkage model; `reasons` are the per-field match weights (bits, `{field, level, weight}`). Tolerates misspellings, nicknames, swapped names, day/month swaps and slightly wrong dates of birth, aliases and previous names, and old addresses. Restricted records appear as stubs; sealed records never appear.',
        querystring: searchQuery,
      },
    },
    async (request) => {
      const results = await app.work(request, (ctx) => searchPeople(ctx, request.query))
      return { results: results.map(presentSearchResultJson) }
    },
  )

  app.post(
    '/api/v1/people',
    {
      preHandler: requireUser,
      schema: {
        tags,
        description:
          'Creates a person (201). Search before create: if existing records are likely the same person, the answer is 409 problem+json with `candidates` (search results: id, score, reasons and the card or restricted stub) and nothing is saved; send the same body with `confirmNotDuplicate: true` to create a new record anyway.',
        body: createPersonBody,
      },
    },
    async (request, reply) => {
      const { confirmNotDuplicate, ...input } = request.body
      const outcome = await app.work(request, async (ctx) => {
        const result = await createPerson(ctx, input, { confirmNotDuplicate })
        return result.kind === 'created' ? { ...result, entries: await loadIndexEntries(ctx, result.person.id) } : result
      })
      if (outcome.kind === 'created') return reply.code(201).send(presentPersonResourceJson(outcome.person, outcome.entries))
      return reply
        .code(409)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Possible duplicate',
          status: 409,
          detail: 'Existing records may be the same person. Check them; to create a new record anyway, send confirmNotDuplicate: true.',
          candidates: outcome.candidates.map(presentSearchResultJson),
        })
    },
  )

  app.get('/api/v1/people/:id', { preHandler: requireUser, schema: { tags, params: personIdParams } }, async (request, reply) => {
    const viewed = await app.work(request, (ctx) => viewPerson(ctx, request.params.id)).catch(survivorRedirect(reply, '/api/v1/people'))
    if (!viewed) return reply
    return presentPersonResourceJson(viewed.person, viewed.entries)
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

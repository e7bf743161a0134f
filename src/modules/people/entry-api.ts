import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { addAddress, addContact, addIdentifier, addName, addRelationship, endEntry, type EndableKind } from './entries.ts'
import { listRelationships } from './entry-queries.ts'
import { addressEntry, contactEntry, entryParams, identifierEntry, nameEntry, relationshipEntry } from './entry-schemas.ts'
import { presentAddressJson, presentContactJson, presentIdentifierJson, presentNameJson } from './entry-presenters.ts'
import { relationshipView } from './index-rules.ts'
import { personIdParams } from './schemas.ts'

/**
 * The person index in the API: POST adds an entry (201 with the entry, CONTRACTS.md §5 "creation → 201 with the
 * resource"); POST …/{entryId}/end ends one from today (an action: 200 with `{id, to}`). The same services as the
 * pages, so the same policy (changing core details) and the same audit.
 */
export async function registerEntryApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['people']
  const pre = { preHandler: requireUser }

  app.post('/api/v1/people/:id/names', { ...pre, schema: { tags, params: personIdParams, body: nameEntry } }, async (request, reply) => {
    const row = await app.work(request, (ctx) => addName(ctx, request.params.id, request.body))
    return reply.code(201).send(presentNameJson(row))
  })

  app.post('/api/v1/people/:id/identifiers', { ...pre, schema: { tags, params: personIdParams, body: identifierEntry } }, async (request, reply) => {
    const row = await app.work(request, (ctx) => addIdentifier(ctx, request.params.id, request.body))
    return reply.code(201).send(presentIdentifierJson(row))
  })

  app.post('/api/v1/people/:id/addresses', { ...pre, schema: { tags, params: personIdParams, body: addressEntry } }, async (request, reply) => {
    const row = await app.work(request, (ctx) => addAddress(ctx, request.params.id, request.body))
    return reply.code(201).send(presentAddressJson(row))
  })

  app.post('/api/v1/people/:id/contact-details', { ...pre, schema: { tags, params: personIdParams, body: contactEntry } }, async (request, reply) => {
    const row = await app.work(request, (ctx) => addContact(ctx, request.params.id, request.body))
    return reply.code(201).send(presentContactJson(row))
  })

  app.post('/api/v1/people/:id/relationships', { ...pre, schema: { tags, params: personIdParams, body: relationshipEntry } }, async (request, reply) => {
    const id = request.params.id
    const created = await app.work(request, async (ctx) => {
      const { row } = await addRelationship(ctx, id, request.body)
      // Read back with the other person's details; the actor may open them (addRelationship checked).
      return (await listRelationships(ctx.tx, id)).find((r) => r.id === row.id)
    })
    if (!created) throw new Error('relationship not found after insert')
    const relatedPerson = { id: created.other.id, restricted: false, givenName: created.other.givenName, familyName: created.other.familyName, kind: created.other.kind, canOpen: true }
    return reply.code(201).send({ id: created.id, type: relationshipView(created, id), relatedPerson, from: created.startsOn, to: created.endsOn, sourceAgency: created.sourceAgency, recordedAt: created.recordedAt.toISOString() })
  })

  const ends: ReadonlyArray<[string, EndableKind]> = [
    ['names', 'name'],
    ['addresses', 'address'],
    ['contact-details', 'contact-detail'],
    ['relationships', 'relationship'],
  ]
  for (const [path, kind] of ends) {
    app.post(`/api/v1/people/:id/${path}/:entryId/end`, { ...pre, schema: { tags, params: entryParams } }, async (request) => {
      const ended = await app.work(request, (ctx) => endEntry(ctx, request.params.id, kind, request.params.entryId))
      return { id: ended.id, to: ended.endsOn }
    })
  }
}

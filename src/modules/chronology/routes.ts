import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { fullName } from '../people/index.ts'
import { presentItemJson, typeLabel } from './presenters.ts'
import { curatedOf } from './curated-service.ts'
import { childChronology } from './service.ts'

const params = z.object({ id: z.guid({ error: 'Not found' }) })
const query = z.object({
  agency: z.string().max(200).optional(),
  type: z.string().max(60).optional(),
})
const blankToUndefined = (v: string | undefined) => (v && v.trim() ? v : undefined)

/** The chronology page (MOJ timeline; filters are a GET form, so they work without JavaScript) and the API. */
export async function registerChronologyRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const pre = { preHandler: requireUser }

  app.get('/people/:id/chronology', pre, async (request, reply) => {
    const { id } = request.params as { id: string }
    const q = query.safeParse(request.query)
    const filters = q.success ? { agency: blankToUndefined(q.data.agency), type: blankToUndefined(q.data.type) } : {}
    const { c, curated } = await app.work(request, async (ctx) => {
      const c = await childChronology(ctx, id, filters)
      return { c, curated: await curatedOf(ctx, id) }
    })
    return reply.view('chronology/views/chronology.njk', {
      pageTitle: `Chronology: ${fullName(c.person)}`,
      name: fullName(c.person),
      personId: c.person.id,
      total: c.total,
      filtered: Boolean(filters.agency || filters.type),
      curated,
      items: c.items.map((i) => ({ ...presentItemJson(i), label: typeLabel(i.type), href: i.href })),
      agencyItems: [{ value: '', text: 'All agencies' }, ...c.agencies.map((a) => ({ value: a, text: a, selected: filters.agency === a }))],
      typeItems: [{ value: '', text: 'All types' }, ...c.types.map((t) => ({ value: t, text: typeLabel(t), selected: filters.type === t }))],
    })
  })

  app.get(
    '/api/v1/people/:id/chronology',
    { ...pre, schema: { tags: ['chronology'], params, querystring: query, summary: "A child's chronology across agencies, oldest first: `{items: [{at, type, agency, summary}]}`; optional filters `agency` (name) and `type`" } },
    async (request) => {
      const c = await app.work(request, (ctx) => childChronology(ctx, request.params.id, { agency: blankToUndefined(request.query.agency), type: blankToUndefined(request.query.type) }))
      return { items: c.items.map(presentItemJson) }
    },
  )
}

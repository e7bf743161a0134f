import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { presentAlertJson } from './presenters.ts'
import { acknowledgeAlert, listAlertQueue, listPersonAlerts } from './service.ts'

const idParams = z.object({ id: z.string() })
const acknowledgeBody = z.object({ note: z.string().trim().max(2000, 'Note must be 2000 characters or fewer').optional() }).strict().optional()
const queueQuery = z.object({ status: z.enum(['open', 'acknowledged', 'all'], { error: 'Status must be open, acknowledged or all' }).optional() }).strict()

/** Alerts API: a child's alerts, the owner's queue, acknowledging. Same services as the pages. */
export async function registerAlertsApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['alerts']

  app.get('/api/v1/people/:id/alerts', { preHandler: requireUser, schema: { tags, params: idParams, summary: "A child's alerts, newest first" } }, async (request) => {
    const items = await app.work(request, (ctx) => listPersonAlerts(ctx, request.params.id))
    return { items: items.map(presentAlertJson), nextCursor: null }
  })

  app.get('/api/v1/alerts', { preHandler: requireUser, schema: { tags, querystring: queueQuery, summary: "The alerts owned by the caller's role (default: open ones)" } }, async (request) => {
    const items = await app.work(request, (ctx) => listAlertQueue(ctx, { status: request.query.status ?? 'open' }))
    return { items: items.map((a) => ({ ...presentAlertJson(a), personId: a.restricted ? null : a.personId, restricted: a.restricted })), nextCursor: null }
  })

  app.post('/api/v1/alerts/:id/acknowledge', { preHandler: requireUser, schema: { tags, params: idParams, body: acknowledgeBody, summary: 'Acknowledge an alert (its owner role); 200 with the alert' } }, async (request) => {
    const alert = await app.work(request, (ctx) => acknowledgeAlert(ctx, request.params.id, request.body?.note))
    return presentAlertJson(alert)
  })
}

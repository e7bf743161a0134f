import type { FastifyInstance } from 'fastify'
import { requireUser } from '../../platform/auth/guards.ts'
import { formErrors } from '../../platform/http/forms.ts'
import { ValidationError } from '../../platform/errors.ts'
import { presentAlertRow, presentQueueItem } from './presenters.ts'
import { acknowledgeAlert, listAlertQueue, listPersonAlerts } from './service.ts'

type Params = { id: string }

/** Alert pages: the owner's queue (acknowledge from it) and a child's alerts. */
export async function registerAlertsPages(app: FastifyInstance): Promise<void> {
  const pre = { preHandler: requireUser }

  const queuePage = async (request: Parameters<typeof app.work>[0], status: 'open' | 'all', errors: ReturnType<typeof formErrors> = formErrors([])) => {
    const items = await app.work(request, (ctx) => listAlertQueue(ctx, { status }))
    return { pageTitle: 'Alerts', items: items.map(presentQueueItem), status, errors: errors.summary }
  }

  app.get('/alerts', pre, async (request, reply) => {
    const status = (request.query as Record<string, unknown>)?.status === 'all' ? 'all' : 'open'
    return reply.view('alerts/views/queue.njk', await queuePage(request, status))
  })

  app.post<{ Params: Params }>('/alerts/:id/acknowledge', pre, async (request, reply) => {
    const note = String((request.body as Record<string, unknown> | undefined)?.note ?? '').trim().slice(0, 2000)
    try {
      await app.work(request, (ctx) => acknowledgeAlert(ctx, request.params.id, note || undefined))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return reply.code(400).view('alerts/views/queue.njk', await queuePage(request, 'open', formErrors(error.errors)))
    }
    return reply.redirect('/alerts', 303)
  })

  app.get<{ Params: Params }>('/people/:id/alerts', pre, async (request, reply) => {
    const items = await app.work(request, (ctx) => listPersonAlerts(ctx, request.params.id))
    return reply.view('alerts/views/person.njk', { pageTitle: 'Alerts about this child', personId: request.params.id, items: items.map(presentAlertRow) })
  })
}

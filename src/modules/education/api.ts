import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { presentCaseJson } from './presenters.ts'
import { closeCmeBody, idParams, recordCmeBody } from './schemas.ts'
import { closeCme, cmeAfterWrite, recordCme, viewCme } from './service.ts'

/** Children missing education API (CONTRACTS.md §5): the same services as the pages, so the same policies and audit. */
export async function registerEducationApi(root: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const now = () => deps.platform.clock.now()
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['children missing education']

  app.post(
    '/api/v1/children-missing-education',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Record a child as missing education (201)',
        description:
          'A child of compulsory school age not registered at a school and not receiving suitable education otherwise. Refused (400, nothing saved) for a date in the future, a child not of compulsory school age on `identifiedOn` (or with no date of birth), an adult’s record, a reason `other` without `reasonNote`, or a child who already has an open case. `source`: removed-from-roll, admissions, other-local-authority, other-agency, parent-or-carer, member-of-public, other. `reason`: removed-without-destination, moved-away-unknown, not-taking-up-place, home-education-concern, excluded-not-in-ap, other.',
        body: recordCmeBody,
      },
    },
    async (request, reply) => {
      const { cme, actions } = await app.work(request, async (ctx) => cmeAfterWrite(ctx, await recordCme(ctx, request.body)))
      return reply.code(201).send(presentCaseJson(cme, actions, now()))
    },
  )

  app.get('/api/v1/children-missing-education/:id', { preHandler: requireUser, schema: { tags, params: idParams, summary: 'A children missing education case with its actions log' } }, async (request) => {
    const view = await app.work(request, (ctx) => viewCme(ctx, request.params.id))
    return presentCaseJson(view.cme, view.actions, now())
  })

  app.post(
    '/api/v1/children-missing-education/:id/close',
    {
      preHandler: requireUser,
      schema: {
        tags,
        params: idParams,
        body: closeCmeBody,
        summary: 'Close the case with a reason (200)',
        description:
          '`closureReason`: registered-at-school, suitable-education-otherwise, on-roll-elsewhere, left-country, end-of-compulsory-school-age, other (needs `closureNote`). Refused (400) for a date in the future or before `identifiedOn`, end of compulsory school age before it is reached, or a case already closed.',
      },
    },
    async (request) => {
      const { cme, actions } = await app.work(request, async (ctx) => cmeAfterWrite(ctx, await closeCme(ctx, request.params.id, request.body)))
      return presentCaseJson(cme, actions, now())
    },
  )
}

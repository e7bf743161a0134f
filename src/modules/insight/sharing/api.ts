import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../../platform/auth/guards.ts'
import { parsePeriodQuery } from '../period.ts'
import { exportShareable } from './service.ts'

const shareableQuery = z.object({
  from: z.string().optional().describe('First day, YYYY-MM-DD (Europe/London), inclusive. With `to`; neither = the current calendar quarter.'),
  to: z.string().optional().describe('Last day, YYYY-MM-DD (Europe/London), inclusive; not before `from`.'),
})

/** `GET /api/v1/insight/indicators/shareable` (issue 7 points 5 and 7). */
export async function registerSharingApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/api/v1/insight/indicators/shareable',
    {
      preHandler: requireUser,
      schema: {
        tags: ['insight'],
        summary: 'Indicators for a neighbouring partnership, with statistical disclosure control: {partnership, from, to, generatedAt, policy, indicators}',
        description:
          'Readers: analyst, business unit officer, exploitation lead (403 otherwise). The indicators of GET /api/v1/insight/indicators with DfE disclosure control (`policy`): every count from 1 to 5, and every cell from which one could be worked out, is `{count: null, suppressed: true}`; 0 is a true zero. A not-yet-recorded indicator keeps `count: null` without `suppressed`. 400 for a date that is not real, only one of from/to, or to before from.',
        querystring: shareableQuery,
      },
    },
    async (request) => {
      const { from, to } = request.query
      return app.work(request, (ctx) => {
        const parsed = parsePeriodQuery(from, to, ctx.now)
        return exportShareable(ctx, parsed.period ?? parsed.errors, 'api')
      })
    },
  )
}

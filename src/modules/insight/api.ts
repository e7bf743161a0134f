import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/auth/guards.ts'
import { parsePeriodQuery } from './period.ts'
import { viewIndicators } from './service.ts'

// The dates are judged by the service after the role check, so the schema only documents them.
const indicatorsQuery = z.object({
  from: z.string().optional().describe('First day, YYYY-MM-DD (Europe/London), inclusive. With `to`; neither = the current calendar quarter.'),
  to: z.string().optional().describe('Last day, YYYY-MM-DD (Europe/London), inclusive; not before `from`.'),
})

/** `GET /api/v1/insight/indicators` (issue 7 point 7, CONTRACTS.md §5–6). */
export async function registerInsightApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/api/v1/insight/indicators',
    {
      preHandler: requireUser,
      schema: {
        tags: ['insight'],
        summary: 'Section-10 indicators for a period: {from, to, indicators: [{id, title, rows: [{dimension, value, count}]}]}',
        description:
          'Readers: analyst, business unit officer, exploitation lead (403 for other roles). Aggregates only. Every value of every dimension has a row; `count` is a number, or null on every row of an indicator not yet recorded (panel-high-risk-cases). 400 for a date that is not real, only one of from/to, or to before from.',
        querystring: indicatorsQuery,
      },
    },
    async (request) => {
      const { from, to } = request.query
      const { set } = await app.work(request, (ctx) => {
        const parsed = parsePeriodQuery(from, to, ctx.now)
        return viewIndicators(ctx, parsed.period ?? parsed.errors)
      })
      return set
    },
  )
}

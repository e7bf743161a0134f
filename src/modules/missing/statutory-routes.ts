import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { ANNEX_A_LIST_8_COLUMNS, list8Csv } from './annex-a.ts'
import { errorLocals } from './routes.ts'
import { collectionYear, collectionYearOf, missingTableCsv, SSDA903_MISSING_COLUMNS } from './ssda903.ts'
import { annexAList8, EARLIEST_YEAR, ssda903Missing } from './statutory.ts'

type YearQuery = { year?: string }

const csv = (filename: string) => ({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' })

/**
 * The statutory returns page (SSDA903 Missing table with its errors listed first, Annex A List 8), the two CSV
 * downloads and the API. Rows show the council child id, never a name: the return is about the cohort, and a
 * link to an episode opens it only for a reader with access to the child.
 */
export async function registerStatutoryPages(root: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const app = root
  const pre = { preHandler: requireUser }
  const now = () => deps.platform.clock.now()

  const yearItems = (selected: number) => {
    const items = []
    for (let y = collectionYearOf(now()); y >= Math.max(EARLIEST_YEAR, collectionYearOf(now()) - 5); y--) items.push({ value: String(y), text: collectionYear(y).label, selected: y === selected })
    return items
  }

  app.get<{ Querystring: YearQuery }>('/missing/statutory', pre, async (request, reply) => {
    try {
      const { ret, list8 } = await app.work(request, async (ctx) => ({ ret: await ssda903Missing(ctx, request.query.year, 'viewed'), list8: await annexAList8(ctx, 'viewed') }))
      return reply.view('missing/views/statutory.njk', {
        pageTitle: 'Statutory returns: missing children',
        year: ret.year,
        yearItems: yearItems(ret.year.year),
        columns: SSDA903_MISSING_COLUMNS,
        rows: ret.rows,
        children: new Set(ret.rows.map((r) => r.personId)).size,
        problems: ret.errors,
        rulesChecked: ret.rulesChecked,
        rulesNotChecked: ret.rulesNotChecked,
        list8Columns: ANNEX_A_LIST_8_COLUMNS,
        list8,
      })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const errors: FieldError[] = error.errors
      return reply.code(400).view('missing/views/statutory.njk', { pageTitle: 'Statutory returns: missing children', invalidYear: true, yearValue: String(request.query.year ?? ''), yearItems: yearItems(collectionYearOf(now())), ...errorLocals(errors) })
    }
  })

  app.get<{ Querystring: YearQuery }>('/missing/statutory/ssda903-missing.csv', pre, async (request, reply) => {
    const ret = await app.work(request, (ctx) => ssda903Missing(ctx, request.query.year, 'downloaded'))
    return reply.headers(csv(`ssda903-missing-${ret.year.year}-${String(ret.year.year + 1).slice(2)}.csv`)).send(missingTableCsv(ret.rows))
  })

  app.get('/missing/statutory/annex-a-list-8.csv', pre, async (request, reply) => {
    const rows = await app.work(request, (ctx) => annexAList8(ctx, 'downloaded'))
    return reply.headers(csv('annex-a-list-8-missing.csv')).send(list8Csv(rows))
  })

  const api = root.withTypeProvider<ZodTypeProvider>()
  api.get(
    '/api/v1/missing-episodes/ssda903',
    {
      preHandler: requireUser,
      schema: {
        tags: ['missing'],
        summary: 'The SSDA903 Missing table of a collection year, with its validation errors',
        description: '`year` is the year the collection year starts in (2025 = 1 April 2025 to 31 March 2026); default the current one. Exploitation lead only. Rows hold the council child id (la-id), never names.',
        querystring: z.object({ year: z.string().optional() }),
      },
    },
    async (request) => {
      const ret = await app.work(request, (ctx) => ssda903Missing(ctx, request.query.year, 'viewed'))
      return {
        year: ret.year.year,
        from: ret.year.start,
        to: ret.year.end,
        columns: SSDA903_MISSING_COLUMNS,
        items: ret.rows.map((r) => ({ CHILD: r.CHILD, DOB: r.DOB, MISSING: r.MISSING, MIS_START: r.MIS_START, MIS_END: r.MIS_END, episodeId: r.episodeId })),
        errors: ret.errors.map((e) => ({ code: e.code, message: e.message, child: e.child, episodeId: e.episodeId, fields: e.fields })),
        rulesChecked: ret.rulesChecked,
        rulesNotChecked: ret.rulesNotChecked,
      }
    },
  )
}

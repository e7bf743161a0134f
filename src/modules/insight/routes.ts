import type { FastifyInstance } from 'fastify'
import { requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { DOWNLOAD_FORMATS, sendTables, type DownloadFormat } from '../../platform/outputs/http.ts'
import { ValidationError } from '../../platform/errors.ts'
import { parsePeriodForm, periodFormErrors, quarterItems } from './forms.ts'
import { insightSubNavigation } from './navigation.ts'
import { formatDay, parsePeriodQuery } from './period.ts'
import { indicatorDataTables, presentIndicatorTables, presentTrend, trendDataTable } from './presenters.ts'
import { assertCanViewIndicators, viewIndicators } from './service.ts'
import { MARKING } from '../../platform/outputs/table.ts'
import { textField } from '../../platform/http/forms.ts'

/** `/insight`: the Section-10 indicators for a period and the 8-quarter trend, as GOV.UK tables (ADR 0017). */
export async function registerInsightPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  app.get('/insight', { preHandler: requireUser }, async (request, reply) => {
    const now = deps.platform.clock.now()
    const parsed = parsePeriodForm(request.query, now)
    const base = { pageTitle: 'Partnership indicators', values: parsed.values, quarterItems: quarterItems(now, parsed.values.quarter), subNavigation: insightSubNavigation('indicators', request.user!.roleProfile) }
    const period = parsed.period
    if (!period) {
      await app.work(request, async (ctx) => assertCanViewIndicators(ctx))
      return reply.code(400).view('insight/views/indicators.njk', { ...base, ...periodFormErrors(parsed.errors), custom: true })
    }
    const { set, trend } = await app.work(request, (ctx) => viewIndicators(ctx, period, { trend: true }))
    return reply.view('insight/views/indicators.njk', {
      ...base,
      custom: !parsed.values.quarter,
      periodText: `${formatDay(set.from)} to ${formatDay(set.to)}`,
      apiPath: `/api/v1/insight/indicators?from=${set.from}&to=${set.to}`,
      downloadBase: `/insight/download?from=${set.from}&to=${set.to}`,
      tables: presentIndicatorTables(set),
      trend: trend ? presentTrend(trend) : null,
    })
  })

  // Every table of the page as CSV (formula-safe) or XLSX (issue 7 point 3): the same tables the page shows.
  app.get('/insight/download', { preHandler: requireUser }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>
    const text = (name: string) => textField(query, name)
    const format = text('format') as DownloadFormat | undefined
    const table = text('table') ?? 'all'
    const { tables, set } = await app.work(request, async (ctx) => {
      assertCanViewIndicators(ctx)
      const parsed = parsePeriodQuery(text('from'), text('to'), ctx.now)
      const errors = [...parsed.errors]
      if (!format || !DOWNLOAD_FORMATS.includes(format)) errors.push({ field: 'format', message: 'Choose CSV or XLSX' })
      if (errors.length || !parsed.period) throw new ValidationError(errors)
      const { set, trend } = await viewIndicators(ctx, parsed.period, { trend: true })
      const all = [...indicatorDataTables(set), ...(trend ? [trendDataTable(trend)] : [])]
      const chosen = table === 'all' ? all : all.filter((t) => t.id === table)
      if (chosen.length === 0) throw new ValidationError([{ field: 'table', message: 'Choose a table on the indicators page' }])
      return { tables: chosen, set }
    })
    const basename = `lantern-indicators-${table}-${set.from}-to-${set.to}`
    return sendTables(reply, format!, basename, tables, { title: 'Partnership indicators', marking: MARKING, subtitle: [`${formatDay(set.from)} to ${formatDay(set.to)}`] })
  })
}

import type { FastifyInstance } from 'fastify'
import { requireUser } from '../../../platform/auth/guards.ts'
import { ValidationError } from '../../../platform/errors.ts'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { DOWNLOAD_FORMATS, sendTables, type DownloadFormat } from '../../../platform/outputs/http.ts'
import { parsePeriodForm, periodFormErrors, quarterItems } from '../forms.ts'
import { insightSubNavigation } from '../navigation.ts'
import { formatDay, parsePeriodQuery } from '../period.ts'
import { presentProfile, PROFILE_TABLE_SECTIONS } from './presenters.ts'
import { allProfileTables, assertCanViewProfile, viewProfile } from './service.ts'
import { MARKING } from '../../../platform/outputs/table.ts'
import { textField } from '../../../platform/http/forms.ts'

/** `/insight/profile`: the problem profile for a period (issue 7 point 2), aggregates only. */
export async function registerProfileRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  app.get('/insight/profile', { preHandler: requireUser }, async (request, reply) => {
    const now = deps.platform.clock.now()
    const parsed = parsePeriodForm(request.query, now)
    const base = { pageTitle: 'Problem profile', values: parsed.values, quarterItems: quarterItems(now, parsed.values.quarter), subNavigation: insightSubNavigation('profile', request.user!.roleProfile) }
    const period = parsed.period
    if (!period) {
      await app.work(request, async (ctx) => assertCanViewProfile(ctx))
      return reply.code(400).view('insight/profile/views/profile.njk', { ...base, ...periodFormErrors(parsed.errors), custom: true })
    }
    const tables = await app.work(request, (ctx) => viewProfile(ctx, period, 'page'))
    return reply.view('insight/profile/views/profile.njk', {
      ...base,
      custom: !parsed.values.quarter,
      periodText: `${formatDay(period.from)} to ${formatDay(period.to)}`,
      downloadBase: `/insight/profile/download?from=${period.from}&to=${period.to}`,
      ...presentProfile(tables),
    })
  })

  // Every table of the page as CSV (formula-safe) or XLSX; `table=all` gives one workbook with a sheet per table.
  app.get('/insight/profile/download', { preHandler: requireUser }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>
    const text = (name: string) => textField(query, name)
    const format = text('format') as DownloadFormat | undefined
    const table = text('table') ?? 'all'
    const { tables, period } = await app.work(request, async (ctx) => {
      assertCanViewProfile(ctx)
      const parsed = parsePeriodQuery(text('from'), text('to'), ctx.now)
      const errors = [...parsed.errors]
      if (!format || !DOWNLOAD_FORMATS.includes(format)) errors.push({ field: 'format', message: 'Choose CSV or XLSX' })
      if (table !== 'all' && !PROFILE_TABLE_SECTIONS.has(table)) errors.push({ field: 'table', message: 'Choose a table on the problem profile page' })
      if (errors.length || !parsed.period) throw new ValidationError(errors)
      const all = allProfileTables(await viewProfile(ctx, parsed.period, 'download', PROFILE_TABLE_SECTIONS.get(table)))
      return { tables: table === 'all' ? all : all.filter((t) => t.id === table), period: parsed.period }
    })
    const basename = `lantern-problem-profile-${table}-${period.from}-to-${period.to}`
    return sendTables(reply, format!, basename, tables, { title: 'Problem profile', marking: MARKING, subtitle: [`${formatDay(period.from)} to ${formatDay(period.to)}`] })
  })
}

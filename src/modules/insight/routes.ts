import type { FastifyInstance } from 'fastify'
import { requireUser } from '../../platform/auth/guards.ts'
import { formErrors } from '../../platform/http/forms.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { parsePeriodForm } from './forms.ts'
import { formatDay, londonDay, parseQuarterKey, quarterKey, quarterLabel, quarterOf, quartersEndingWith } from './period.ts'
import { presentIndicatorTables, presentTrend } from './presenters.ts'
import { assertCanViewIndicators, viewIndicators } from './service.ts'

/** The quarter select: the last 8 quarters, newest first, plus the chosen one if it is older. */
function quarterItems(now: Date, selected: string) {
  const keys = quartersEndingWith(quarterOf(londonDay(now)), 8).reverse().map(quarterKey)
  const chosen = parseQuarterKey(selected)
  if (chosen && !keys.includes(selected)) keys.push(selected)
  return keys.map((key) => ({ value: key, text: quarterLabel(parseQuarterKey(key)!), selected: key === selected }))
}

/** `/insight`: the Section-10 indicators for a period and the 8-quarter trend, as GOV.UK tables (ADR 0017). */
export async function registerInsightPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  app.get('/insight', { preHandler: requireUser }, async (request, reply) => {
    const now = deps.platform.clock.now()
    const parsed = parsePeriodForm(request.query, now)
    const base = { pageTitle: 'Partnership indicators', values: parsed.values, quarterItems: quarterItems(now, parsed.values.quarter) }
    const period = parsed.period
    if (!period) {
      await app.work(request, async (ctx) => assertCanViewIndicators(ctx))
      const { summary, fields } = formErrors(parsed.errors)
      const errors = summary.map((s) => (s.href === '#from' || s.href === '#to' ? { ...s, href: `${s.href}-day` } : s))
      return reply.code(400).view('insight/views/indicators.njk', { ...base, errors, fieldErrors: fields, custom: true })
    }
    const { set, trend } = await app.work(request, (ctx) => viewIndicators(ctx, period, { trend: true }))
    return reply.view('insight/views/indicators.njk', {
      ...base,
      custom: !parsed.values.quarter,
      periodText: `${formatDay(set.from)} to ${formatDay(set.to)}`,
      apiPath: `/api/v1/insight/indicators?from=${set.from}&to=${set.to}`,
      tables: presentIndicatorTables(set),
      trend: trend ? presentTrend(trend) : null,
    })
  })
}

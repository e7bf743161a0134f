import type { FastifyInstance } from 'fastify'
import { requireUser } from '../../../platform/auth/guards.ts'
import { ValidationError, type FieldError } from '../../../platform/errors.ts'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { DOWNLOAD_FORMATS, sendTables, type DownloadFormat } from '../../../platform/outputs/http.ts'
import { dateParts, parsePeriodForm, periodFormErrors, quarterItems } from '../forms.ts'
import { insightSubNavigation } from '../navigation.ts'
import { formatDay, londonDay, parsePeriodQuery, type Period } from '../period.ts'
import { COHORT_PAGE_SIZE, parsePageParam } from './paging.ts'
import { byRiskTable, cohortTable, presentCohortPage } from './presenters.ts'
import { cohortViewOf, COHORT_RISK_LABELS, COHORT_RISKS, type CohortRisk } from './rules.ts'
import { assertCanViewCohort, drillDown, viewCohort } from './service.ts'
import { MARKING } from '../../../platform/outputs/table.ts'

const PAGE = '/insight/young-people'

/** The default period: the last 90 days up to today (London), today included. */
export function last90Days(now: Date): Period {
  const to = londonDay(now)
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10)
  return { from, to }
}

const given = (query: Record<string, unknown>, names: string[]) => names.some((n) => typeof query[n] === 'string' && (query[n] as string).trim() !== '')
const PERIOD_FIELDS = ['quarter', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year']

function parseRisk(value: unknown, errors: FieldError[]): CohortRisk | null {
  if (typeof value !== 'string' || value === '') return null
  if ((COHORT_RISKS as readonly string[]).includes(value)) return value as CohortRisk
  errors.push({ field: 'risk', message: 'Select a risk level from the list' })
  return null
}

/**
 * The page's GET form: a quarter, or two dates, or neither (the last 90 days); the risk level filter; and the page
 * of the list (./paging.ts: past the last page shows the last page; not a page number is an error).
 */
function parsePageQuery(query: Record<string, unknown>, now: Date) {
  const errors: FieldError[] = []
  let period: Period | undefined
  let values
  if (given(query, PERIOD_FIELDS)) {
    const parsed = parsePeriodForm(query, now)
    errors.push(...parsed.errors)
    period = parsed.period
    values = parsed.values
  } else {
    period = last90Days(now)
    values = { quarter: '', from: dateParts(period.from), to: dateParts(period.to) }
  }
  const risk = parseRisk(query.risk, errors)
  const page = parsePageParam(query.page)
  if (page === null) errors.push({ field: 'page', message: 'Page number must be a whole number, like 2' })
  return { period: errors.length ? undefined : period, values, risk, page: page ?? 1, errors, custom: !values.quarter }
}

/** The list's other pages keep the period as it was chosen (a quarter, dates, or the default) and the risk filter. */
function pageHref(query: Record<string, unknown>, risk: CohortRisk | null) {
  const kept = new URLSearchParams()
  const fields = typeof query.quarter === 'string' && query.quarter.trim() !== '' ? ['quarter'] : PERIOD_FIELDS.slice(1)
  for (const name of fields) if (typeof query[name] === 'string' && (query[name] as string).trim() !== '') kept.set(name, (query[name] as string).trim())
  if (risk) kept.set('risk', risk)
  return (page: number) => {
    const params = new URLSearchParams(kept)
    params.set('page', String(page))
    return `${PAGE}?${params.toString()}#young-people`
  }
}

const riskItems = (selected: CohortRisk | null) => [{ value: '', text: 'All risk levels', selected: !selected }, ...COHORT_RISKS.map((r) => ({ value: r, text: COHORT_RISK_LABELS[r], selected: r === selected }))]

const TABLES = ['young-people', 'young-people-by-risk', 'all'] as const

/** `/insight/young-people`: the cohort list, its downloads and the analyst's drill-down (issue 7 points 2 and 6). */
export async function registerCohortPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const pre = { preHandler: requireUser }
  const now = () => deps.platform.clock.now()

  app.get(PAGE, pre, async (request, reply) => {
    const at = now()
    const query = (request.query ?? {}) as Record<string, unknown>
    const parsed = parsePageQuery(query, at)
    const role = request.user!.roleProfile
    const base = {
      pageTitle: 'Young people most at risk',
      // Practitioners reach only this insight page: the other pages' links would all be 403s for them.
      subNavigation: cohortViewOf(role) === 'relationships' ? undefined : insightSubNavigation('cohort', role),
      values: parsed.values,
      quarterItems: quarterItems(at, parsed.values.quarter, 'Choose a quarter'),
      riskItems: riskItems(parsed.risk),
      custom: parsed.custom,
    }
    const period = parsed.period
    if (!period) {
      await app.work(request, async (ctx) => assertCanViewCohort(ctx))
      const { errors, fieldErrors } = periodFormErrors(parsed.errors)
      // The page number has no field on the form: its message stands without a link.
      return reply.code(400).view('insight/cohort/views/cohort.njk', { ...base, errors: errors.map((s) => (s.href === '#page' ? { text: s.text } : s)), fieldErrors })
    }
    const cohort = await app.work(request, (ctx) => viewCohort(ctx, period, parsed.risk, { page: parsed.page, pageSize: COHORT_PAGE_SIZE }))
    const params = new URLSearchParams({ from: period.from, to: period.to, ...(parsed.risk ? { risk: parsed.risk } : {}) })
    return reply.view('insight/cohort/views/cohort.njk', {
      ...base,
      cohort,
      page: presentCohortPage(cohort, pageHref(query, parsed.risk)),
      periodText: `${formatDay(period.from)} to ${formatDay(period.to)}`,
      period: { from: dateParts(period.from), to: dateParts(period.to) },
      risk: parsed.risk,
      downloadBase: `${PAGE}/download?${params.toString()}`,
    })
  })

  app.get(`${PAGE}/download`, pre, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, string | undefined>
    const errors: FieldError[] = []
    const dates = given(query, ['from', 'to']) ? parsePeriodQuery(query.from, query.to, now()) : { period: last90Days(now()), errors: [] }
    errors.push(...dates.errors)
    const risk = parseRisk(query.risk, errors)
    const format = DOWNLOAD_FORMATS.includes(query.format as DownloadFormat) ? (query.format as DownloadFormat) : null
    const table = TABLES.find((t) => t === (query.table ?? 'young-people'))
    if (!format) errors.push({ field: 'format', message: 'Choose CSV or XLSX' })
    if (!table) errors.push({ field: 'table', message: 'Choose a table' })
    if (errors.length || !dates.period || !format || !table) {
      await app.work(request, async (ctx) => assertCanViewCohort(ctx))
      return reply.code(400).view('errors/400.njk', { pageTitle: 'There is a problem' })
    }
    const period = dates.period
    const cohort = await app.work(request, (ctx) => viewCohort(ctx, period, risk, { download: format }))
    const tables = table === 'young-people' ? [cohortTable(cohort)] : table === 'young-people-by-risk' ? [byRiskTable(cohort)] : [cohortTable(cohort), byRiskTable(cohort)]
    return sendTables(reply, format, `young-people-${period.from}-to-${period.to}${table === 'young-people-by-risk' ? '-by-risk' : ''}`, tables, { title: 'Young people most at risk', marking: MARKING })
  })

  app.post(`${PAGE}/drill-down`, pre, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const input = { scope: typeof body.scope === 'string' ? body.scope : '', pseudonym: typeof body.pseudonym === 'string' ? body.pseudonym : '' }
    try {
      const outcome = await app.work(request, (ctx) => drillDown(ctx, input))
      if (outcome.kind === 'allowed') return reply.code(303).redirect(`/people/${outcome.personId}`)
      return reply.code(403).view('insight/cohort/views/drill-down-denied.njk', {
        pageTitle: 'You need a relationship with this young person',
        subNavigation: insightSubNavigation('cohort', request.user!.roleProfile),
        pseudonym: outcome.pseudonym,
      })
    } catch (error) {
      if (error instanceof ValidationError) return reply.code(400).view('errors/400.njk', { pageTitle: 'There is a problem' })
      throw error
    }
  })
}

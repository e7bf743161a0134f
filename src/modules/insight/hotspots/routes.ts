import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../../platform/auth/guards.ts'
import type { FieldError } from '../../../platform/errors.ts'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { allowImageOrigin } from '../../../platform/http/security.ts'
import { DOWNLOAD_FORMATS, sendTables, type DownloadFormat } from '../../../platform/outputs/http.ts'
import { parsePeriodForm, periodFormErrors, quarterItems, type PeriodFormValues } from '../forms.ts'
import { insightSubNavigation } from '../navigation.ts'
import { formatDay, parsePeriodQuery } from '../period.ts'
import { HOTSPOT_KINDS, type HotspotKind } from './places.ts'
import { hotspotsChart, hotspotsDataTable, hotspotsJson, hotspotsTableArgs, KIND_LABELS, mapPoints, TOP_N } from './presenters.ts'
import { assertCanViewHotspots, viewHotspots } from './service.ts'
import { MARKING } from '../../../platform/outputs/table.ts'
import { textField } from '../../../platform/http/forms.ts'

/** `kind`: absent, empty or `all` = every kind. */
export function parseKind(value: string | undefined): { kind: HotspotKind | null; errors: FieldError[] } {
  const v = value?.trim() ?? ''
  if (v === '' || v === 'all') return { kind: null, errors: [] }
  if ((HOTSPOT_KINDS as readonly string[]).includes(v)) return { kind: v as HotspotKind, errors: [] }
  return { kind: null, errors: [{ field: 'kind', message: 'Choose found, missing to or concern' }] }
}

/** The period as query parameters, so the kind links, "show all" and the downloads keep it. */
function periodParams(values: PeriodFormValues): URLSearchParams {
  const params = new URLSearchParams()
  if (values.quarter) params.set('quarter', values.quarter)
  else for (const name of ['from', 'to'] as const) for (const part of ['day', 'month', 'year'] as const) params.set(`${name}-${part}`, values[name][part])
  return params
}

function href(params: URLSearchParams, extra: Record<string, string | null>): string {
  const p = new URLSearchParams(params)
  for (const [k, v] of Object.entries(extra)) if (v !== null) p.set(k, v)
  return `/insight/hotspots?${p.toString()}`
}


/**
 * `/insight/hotspots` (issue 7 point 2): the ranked table of places, a bar chart of the top 10 and a map that
 * Leaflet draws from the same figures when JavaScript runs. `?format=csv|xlsx` downloads the whole table.
 */
export async function registerHotspotsPage(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  app.get('/insight/hotspots', { preHandler: requireUser }, async (request, reply) => {
    const now = deps.platform.clock.now()
    const query = (request.query ?? {}) as Record<string, unknown>
    const parsed = parsePeriodForm(query, now)
    const kind = parseKind(textField(query, 'kind'))
    const format = textField(query, 'format')
    if (format !== undefined) {
      const errors = [...parsed.errors, ...kind.errors]
      if (!DOWNLOAD_FORMATS.includes(format as DownloadFormat)) errors.push({ field: 'format', message: 'Choose CSV or XLSX' })
      const set = await app.work(request, (ctx) => viewHotspots(ctx, { period: parsed.period, kind: kind.kind, errors }, format as DownloadFormat))
      return sendTables(reply, format as DownloadFormat, `lantern-hotspots-${set.kind ?? 'all'}-${set.from}-to-${set.to}`, [hotspotsDataTable(set)], {
        title: 'Hotspots',
        marking: MARKING,
        subtitle: [`${formatDay(set.from)} to ${formatDay(set.to)}`],
      })
    }
    const params = periodParams(parsed.values)
    const base = {
      pageTitle: 'Hotspots',
      values: parsed.values,
      kind: kind.kind ?? '',
      quarterItems: quarterItems(now, parsed.values.quarter),
      subNavigation: insightSubNavigation('hotspots', request.user!.roleProfile),
    }
    const errors = [...parsed.errors, ...kind.errors]
    if (!parsed.period || errors.length) {
      await app.work(request, async (ctx) => assertCanViewHotspots(ctx))
      return reply.code(400).view('insight/hotspots/views/hotspots.njk', { ...base, kind: '', ...periodFormErrors(errors), custom: Boolean(parsed.errors.length && !parsed.values.quarter) })
    }
    const set = await app.work(request, (ctx) => viewHotspots(ctx, { period: parsed.period, kind: kind.kind, errors: [] }, 'page'))
    const showAll = textField(query, 'all') === '1'
    const table = hotspotsDataTable(set, showAll ? undefined : TOP_N)
    const tiles = deps.config.mapTiles
    if (tiles) allowImageOrigin(reply, tiles.origin)
    const kindParam = kind.kind
    return reply.view('insight/hotspots/views/hotspots.njk', {
      ...base,
      custom: !parsed.values.quarter,
      periodText: `${formatDay(set.from)} to ${formatDay(set.to)}`,
      kindLinks: [{ value: null, text: 'All kinds' }, ...HOTSPOT_KINDS.map((k) => ({ value: k, text: KIND_LABELS[k] }))].map((k) => ({
        text: k.text,
        href: href(params, { kind: k.value }),
        current: (k.value ?? null) === kindParam,
      })),
      total: set.hotspots.length,
      shown: table.rows.length,
      showAllHref: !showAll && set.hotspots.length > TOP_N ? href(params, { kind: kindParam, all: '1' }) : null,
      table: hotspotsTableArgs(table),
      notes: table.notes,
      chart: hotspotsChart(set),
      downloadCsv: href(params, { kind: kindParam, format: 'csv' }),
      downloadXlsx: href(params, { kind: kindParam, format: 'xlsx' }),
      apiPath: `/api/v1/insight/hotspots?from=${set.from}&to=${set.to}${kindParam ? `&kind=${kindParam}` : ''}`,
      map: { points: JSON.stringify(mapPoints(set.hotspots)), tileUrl: tiles?.urlTemplate ?? '', attribution: tiles?.attribution ?? '' },
    })
  })
}

const hotspotsQuery = z.object({
  from: z.string().optional().describe('First day, YYYY-MM-DD (Europe/London), inclusive. With `to`; neither = the current calendar quarter.'),
  to: z.string().optional().describe('Last day, YYYY-MM-DD (Europe/London), inclusive; not before `from`.'),
  kind: z.string().optional().describe('found, missing-to or concern; absent = every kind.'),
})

/** `GET /api/v1/insight/hotspots` (issue 7 point 2). */
export async function registerHotspotsApi(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/api/v1/insight/hotspots',
    {
      preHandler: requireUser,
      schema: {
        tags: ['insight'],
        summary: 'Hotspots for a period: {from, to, hotspots: [{place, kind, latitude, longitude, events, children, latest}]}',
        description:
          'Readers: analyst, business unit officer, exploitation lead (403 for other roles). Places where children are found after going missing (kind `found`, by the day found), places they went while missing (`missing-to`, by the day the episode was reported) and where concerns arise (`concern`: the postcode district of the child on a MASH contact, by the day received), most events first. Places are rounded to about 100 m or to the postcode district; latitude and longitude are null for a place with no known position. 400 (problem+json) for a date that is not real, only one of from/to, to before from, or an unknown kind.',
        querystring: hotspotsQuery,
      },
    },
    async (request) => {
      const { from, to, kind } = request.query
      const set = await app.work(request, (ctx) => {
        const parsed = parsePeriodQuery(from, to, ctx.now)
        const k = parseKind(kind)
        return viewHotspots(ctx, { period: parsed.period, kind: k.kind, errors: [...parsed.errors, ...k.errors] }, 'api')
      })
      return hotspotsJson(set)
    },
  )
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireUser } from '../../../platform/auth/guards.ts'
import { ValidationError, type FieldError } from '../../../platform/errors.ts'
import { formErrors, textField } from '../../../platform/http/forms.ts'
import type { ModuleDeps } from '../../../platform/http/module.ts'
import { sendFile, sendTables } from '../../../platform/outputs/http.ts'
import { parsePeriodForm, periodFormErrors, quarterItems, type ParsedPeriodForm } from '../forms.ts'
import { insightSubNavigation } from '../navigation.ts'
import { formatDay, parsePeriodQuery } from '../period.ts'
import { MAX_NEIGHBOUR_FILE_BYTES } from './format.ts'
import { comparisonDataTables, presentNeighbours, shareableDataTables, tableArgs } from './presenters.ts'
import { assertCanExport, assertCanManageNeighbours, assertCanViewNeighbours, canManageNeighbours, compareWithNeighbour, exportShareable, listNeighbourDatasets, removeNeighbourDataset, uploadNeighbourDataset } from './service.ts'
import { acceptOneFile } from '../../../platform/http/uploads.ts'
import { MARKING } from '../../../platform/outputs/table.ts'

const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const
const TABLE_FORMATS = ['csv', 'xlsx'] as const

/**
 * `/insight/neighbours` (issue 7 point 5): our indicators with disclosure control for a neighbouring partnership
 * (JSON, CSV, XLSX and the API), the neighbours' uploaded exports and the side-by-side comparison.
 */
export async function registerSharingRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const pre = { preHandler: requireUser }
  type P = { Params: { datasetId: string } }

  const neighboursPage = async (request: FastifyRequest, reply: FastifyReply, parsed: ParsedPeriodForm, uploadErrors: FieldError[] = []) => {
    const now = deps.platform.clock.now()
    const { rows, manage } = await app.work(request, async (ctx) => ({ rows: await listNeighbourDatasets(ctx), manage: canManageNeighbours(ctx) }))
    const periodErrors = periodFormErrors(parsed.errors)
    const upload = formErrors(uploadErrors)
    const period = parsed.period
    return reply.code(parsed.errors.length || uploadErrors.length ? 400 : 200).view('insight/sharing/views/neighbours.njk', {
      pageTitle: 'Neighbour comparison',
      subNavigation: insightSubNavigation('neighbours', request.user!.roleProfile),
      values: parsed.values,
      quarterItems: quarterItems(now, parsed.values.quarter),
      custom: !parsed.values.quarter,
      // Every problem with the file in the summary; the inline message is the first.
      errors: [...periodErrors.errors, ...uploadErrors.map((e) => ({ href: '#file', text: e.message }))],
      fieldErrors: { ...periodErrors.fieldErrors, ...upload.fields },
      period: period ? { text: `${formatDay(period.from)} to ${formatDay(period.to)}`, exportBase: `/insight/neighbours/export?from=${period.from}&to=${period.to}`, apiPath: `/api/v1/insight/indicators/shareable?from=${period.from}&to=${period.to}` } : null,
      neighbours: presentNeighbours(rows),
      manage,
      maxSize: `${MAX_NEIGHBOUR_FILE_BYTES / 1024 / 1024} MB`,
    })
  }

  app.get('/insight/neighbours', pre, async (request, reply) => neighboursPage(request, reply, parsePeriodForm(request.query, deps.platform.clock.now())))

  // Our shareable export as a file: JSON (what a neighbour uploads), or the same cells as CSV/XLSX with "c".
  app.get('/insight/neighbours/export', pre, async (request, reply) => {
    const format = textField(request.query, 'format')
    const value = await app.work(request, async (ctx) => {
      assertCanExport(ctx)
      const parsed = parsePeriodQuery(textField(request.query, 'from'), textField(request.query, 'to'), ctx.now)
      const errors = [...parsed.errors]
      if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) errors.push({ field: 'format', message: 'Choose JSON, CSV or XLSX' })
      return exportShareable(ctx, errors.length || !parsed.period ? errors : parsed.period, format!)
    })
    const basename = `lantern-shareable-indicators-${value.from}-to-${value.to}`
    if (format === 'json') return sendFile(reply, 'json', `${basename}.json`, JSON.stringify(value, null, 2))
    return sendTables(reply, format as 'csv' | 'xlsx', basename, shareableDataTables(value), { title: `Shareable indicators: ${value.partnership}`, marking: MARKING, subtitle: [`${formatDay(value.from)} to ${formatDay(value.to)}`] })
  })

  // The upload runs in its own scope: multipart with hard limits (one JSON file of at most 1 MB, the CSRF token).
  await app.register(async (scope) => {
    const uploadOf = await acceptOneFile(scope, { maxBytes: MAX_NEIGHBOUR_FILE_BYTES, fields: 2 })
    scope.post('/insight/neighbours/upload', pre, async (request, reply) => {
      const file = uploadOf(request)
      const period = parsePeriodForm({}, deps.platform.clock.now())
      let problem: string | undefined
      if (!file || (!file.filename && file.bytes.length === 0)) problem = 'Select a JSON file'
      else if (file.truncated) problem = `The selected file must be smaller than ${MAX_NEIGHBOUR_FILE_BYTES / 1024 / 1024} MB`
      if (problem || !file) {
        await app.work(request, async (ctx) => assertCanManageNeighbours(ctx))
        return neighboursPage(request, reply, period, [{ field: 'file', message: problem! }])
      }
      try {
        const id = await app.work(request, (ctx) => uploadNeighbourDataset(ctx, { fileName: file.filename, bytes: file.bytes }))
        return reply.redirect(`/insight/neighbours/${id}`, 303)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        return neighboursPage(request, reply, period, error.errors)
      }
    })
  })

  app.get<P>('/insight/neighbours/:datasetId', pre, async (request, reply) => {
    const { comparison, manage } = await app.work(request, async (ctx) => ({ comparison: await compareWithNeighbour(ctx, request.params.datasetId), manage: canManageNeighbours(ctx) }))
    const { dataset, theirs } = comparison
    return reply.view('insight/sharing/views/comparison.njk', {
      pageTitle: `Comparison with ${dataset.partnershipName}`,
      subNavigation: insightSubNavigation('neighbours', request.user!.roleProfile),
      dataset: { id: dataset.id, partnership: dataset.partnershipName, period: `${formatDay(dataset.periodFrom)} to ${formatDay(dataset.periodTo)}`, generated: formatDay(theirs.generatedAt.slice(0, 10)), fileName: dataset.fileName },
      tables: comparisonDataTables(comparison).map((t) => ({ id: t.id, caption: t.title, notes: t.notes ?? [], table: tableArgs(t) })),
      downloadBase: `/insight/neighbours/${dataset.id}/download`,
      manage,
    })
  })

  app.get<P>('/insight/neighbours/:datasetId/download', pre, async (request, reply) => {
    const format = textField(request.query, 'format')
    const table = textField(request.query, 'table') ?? 'all'
    const { tables, comparison } = await app.work(request, async (ctx) => {
      assertCanViewNeighbours(ctx)
      if (!format || !(TABLE_FORMATS as readonly string[]).includes(format)) throw new ValidationError([{ field: 'format', message: 'Choose CSV or XLSX' }])
      const comparison = await compareWithNeighbour(ctx, request.params.datasetId)
      const all = comparisonDataTables(comparison)
      const chosen = table === 'all' ? all : all.filter((t) => t.id === table)
      if (chosen.length === 0) throw new ValidationError([{ field: 'table', message: 'Choose a table on the comparison page' }])
      return { tables: chosen, comparison }
    })
    const { dataset } = comparison
    return sendTables(reply, format as 'csv' | 'xlsx', `lantern-comparison-${dataset.partnershipName}-${table}-${dataset.periodFrom}-to-${dataset.periodTo}`, tables, {
      title: `Comparison with ${dataset.partnershipName}`,
      marking: MARKING,
      subtitle: [`${formatDay(dataset.periodFrom)} to ${formatDay(dataset.periodTo)}`],
    })
  })

  app.post<P>('/insight/neighbours/:datasetId/remove', pre, async (request, reply) => {
    await app.work(request, (ctx) => removeNeighbourDataset(ctx, request.params.datasetId))
    return reply.redirect('/insight/neighbours', 303)
  })
}

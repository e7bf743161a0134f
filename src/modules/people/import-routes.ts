import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { ConflictError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { MAPPING_FIELDS, presentImportList, presentImportPage, presentQueue, presentReviewRow, presentSources, sourceFormValues, type SourceFormValues } from './import-presenters.ts'
import { decideReviewRow, reviewQueue, viewReviewRow } from './import-review.ts'
import { importRunner } from './import-runner.ts'
import { reviewBody, sourceBody, sourceFormBody } from './import-schemas.ts'
import { assertCanImport, getSource, listAgencies, listImports, listSources, resumeImport, saveSource, stageImport, viewImport } from './import-service.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { acceptOneFile, type Upload } from '../../platform/http/uploads.ts'

/** An extract's size limit: a police or school system's extract of a few thousand children is well under it. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024


function refusal(error: unknown): FieldError[] {
  if (error instanceof ValidationError) return error.errors
  if (error instanceof ConflictError) return [{ field: 'decision', message: error.message }]
  throw error
}

const errorLocals = (errors: FieldError[]) => {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

/**
 * An upload's errors: every problem with the file in the summary (each names its line), the inline message a pointer
 * to them — the platform's helper keeps only a field's first message, which would hide all but one bad line.
 */
const uploadErrorLocals = (errors: FieldError[]) => {
  const fileProblems = errors.filter((e) => e.field === 'file')
  if (fileProblems.length <= 1) return errorLocals(errors)
  const others = errorLocals(errors.filter((e) => e.field !== 'file'))
  return {
    errors: [...others.errors, ...fileProblems.map((e) => ({ href: '#file', text: e.message }))],
    fieldErrors: { ...others.fieldErrors, file: { text: 'Fix the problems listed above and upload the file again: nothing has been imported' } },
  }
}

/** Agency extract import pages (ADR 0010): sources, upload, progress, clerical review. */
export async function registerImportPages(root: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const runner = importRunner(deps.platform)
  root.addHook('onClose', async () => runner.stop())
  // Multipart only here, with hard limits: one file of at most 20 MB and a few short fields.
  await root.register(async (app) => {
    const uploadOf = await acceptOneFile(app, { maxBytes: MAX_UPLOAD_BYTES, fields: 5 })
    registerRoutes(app, runner, uploadOf)
  })
}

function registerRoutes(app: FastifyInstance, runner: ReturnType<typeof importRunner>, uploadOf: (request: FastifyRequest) => Upload | undefined): void {
  const pre = { preHandler: requireUser }
  type P = { Params: { importId: string; rowId: string; sourceId: string } }

  app.get('/people/imports', pre, async (request, reply) => {
    const rows = await app.work(request, (ctx) => listImports(ctx))
    return reply.view('people/views/import-list.njk', { pageTitle: 'Agency extract imports', rows: presentImportList(rows) })
  })

  app.get('/people/imports/sources', pre, async (request, reply) => {
    const sources = await app.work(request, (ctx) => listSources(ctx))
    return reply.view('people/views/import-sources.njk', { pageTitle: 'Extract sources', sources: presentSources(sources) })
  })

  const sourceForm = async (request: FastifyRequest, reply: FastifyReply, sourceId: string | null, values: SourceFormValues, errors: FieldError[] = []) => {
    const agencies = await app.work(request, (ctx) => listAgencies(ctx))
    const agencyItems = [{ value: '', text: 'Choose an agency' }, ...agencies.map((a) => ({ value: a.id, text: a.name, selected: values.agencyId === a.id }))]
    const view = { pageTitle: sourceId ? 'Change an extract source' : 'Add an extract source', sourceId, values, agencyItems, fields: MAPPING_FIELDS, ...errorLocals(errors) }
    return reply.code(errors.length ? 400 : 200).view('people/views/import-source-form.njk', view)
  }

  app.get('/people/imports/sources/new', pre, async (request, reply) => sourceForm(request, reply, null, sourceFormValues()))

  app.get<P>('/people/imports/sources/:sourceId/edit', pre, async (request, reply) => {
    const source = await app.work(request, (ctx) => getSource(ctx, request.params.sourceId))
    return sourceForm(request, reply, source.id, sourceFormValues(source))
  })

  const saveSourceRoute = async (request: FastifyRequest, reply: FastifyReply, sourceId: string | null) => {
    const form = (request.body ?? {}) as Record<string, string>
    const values = Object.fromEntries(Object.entries(form).filter(([k, v]) => k !== '_csrf' && typeof v === 'string').map(([k, v]) => [k, v.slice(0, 300)]))
    const parsed = sourceBody.safeParse(sourceFormBody(form))
    if (!parsed.success) {
      if (sourceId) await app.work(request, (ctx) => getSource(ctx, sourceId))
      return sourceForm(request, reply, sourceId, values, zodFieldErrors(parsed.error).map((e) => ({ ...e, field: e.field.replace(/^mapping\./, 'column-') })))
    }
    try {
      await app.work(request, (ctx) => saveSource(ctx, sourceId, parsed.data))
      return reply.redirect('/people/imports/sources', 303)
    } catch (error) {
      return sourceForm(request, reply, sourceId, values, refusal(error))
    }
  }
  app.post('/people/imports/sources', pre, async (request, reply) => saveSourceRoute(request, reply, null))
  app.post<P>('/people/imports/sources/:sourceId', pre, async (request, reply) => saveSourceRoute(request, reply, request.params.sourceId))

  const uploadForm = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldError[] = []) => {
    const sources = await app.work(request, (ctx) => listSources(ctx))
    const sourceItems = [{ value: '', text: 'Choose a source' }, ...sources.map((s) => ({ value: s.id, text: `${s.name} (${s.agencyName})`, selected: values.sourceId === s.id }))]
    return reply.code(errors.length ? 400 : 200).view('people/views/import-new.njk', { pageTitle: 'Upload an agency extract', sourceItems, hasSources: sources.length > 0, ...uploadErrorLocals(errors) })
  }

  app.get('/people/imports/new', pre, async (request, reply) => uploadForm(request, reply, {}))

  app.post('/people/imports', pre, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const sourceId = typeof body.sourceId === 'string' ? body.sourceId : ''
    const file = uploadOf(request)
    const errors: FieldError[] = []
    if (!sourceId) errors.push({ field: 'sourceId', message: 'Select the source the extract comes from' })
    if (!file || (!file.filename && file.bytes.length === 0)) errors.push({ field: 'file', message: 'Select a CSV file' })
    else if (file.truncated) errors.push({ field: 'file', message: 'The selected file must be smaller than 20 MB' })
    if (errors.length > 0 || !file) {
      await app.work(request, async (ctx: Ctx) => assertCanImport(ctx))
      return uploadForm(request, reply, { sourceId }, errors)
    }
    try {
      const staged = await app.work(request, (ctx) => stageImport(ctx, { sourceId, fileName: file.filename, bytes: file.bytes }))
      runner.kick(staged.id)
      return reply.redirect(`/people/imports/${staged.id}`, 303)
    } catch (error) {
      return uploadForm(request, reply, { sourceId }, refusal(error))
    }
  })

  app.get<P>('/people/imports/:importId', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => viewImport(ctx, request.params.importId))
    // `matching` but not in this server's queue: its runner gave up on it, or another process died part-way.
    const stalled = view.import.status === 'matching' && !runner.isQueued(view.import.id)
    return reply.view('people/views/import-show.njk', { ...presentImportPage(view), stalled })
  })

  app.post<P>('/people/imports/:importId/resume', pre, async (request, reply) => {
    const { importId } = request.params
    const { resumed } = await app.work(request, (ctx) => resumeImport(ctx, importId))
    // Queued only after the audited request has committed; a runner already on it ignores the kick.
    if (resumed) runner.resume(importId)
    return reply.redirect(`/people/imports/${importId}`, 303)
  })

  app.get<P>('/people/imports/:importId/review', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => reviewQueue(ctx, request.params.importId))
    return reply.view('people/views/import-review-queue.njk', { ...presentImportPage(view), pageTitle: `Review: ${view.import.fileName}`, rows: presentQueue(view.rows, view.import.id) })
  })

  const reviewPage = async (request: FastifyRequest<P>, reply: FastifyReply, values: Record<string, string> = {}, errors: FieldError[] = []) => {
    const view = await app.work(request, (ctx) => viewReviewRow(ctx, request.params.importId, request.params.rowId))
    return reply.code(errors.length ? 400 : 200).view('people/views/import-review-row.njk', { ...presentReviewRow(view, values), values, ...errorLocals(errors) })
  }

  app.get<P>('/people/imports/:importId/review/:rowId', pre, async (request, reply) => reviewPage(request, reply))

  app.post<P>('/people/imports/:importId/review/:rowId', pre, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>
    const values = { decision: typeof form.decision === 'string' ? form.decision : '', reason: typeof form.reason === 'string' ? form.reason.slice(0, 1000) : '' }
    const parsed = reviewBody.safeParse({ decision: values.decision || undefined, reason: values.reason })
    if (!parsed.success) return reviewPage(request, reply, values, zodFieldErrors(parsed.error))
    try {
      const { importId, rowId } = request.params
      const { completed } = await app.work(request, (ctx) => decideReviewRow(ctx, importId, rowId, parsed.data))
      return reply.redirect(completed ? `/people/imports/${importId}` : `/people/imports/${importId}/review`, 303)
    } catch (error) {
      return reviewPage(request, reply, values, refusal(error))
    }
  })
}

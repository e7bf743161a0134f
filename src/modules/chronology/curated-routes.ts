import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/auth/guards.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { formatDate } from '../../platform/views/filters.ts'
import { fullName, type ChronologyItem } from '../people/index.ts'
import { renderCuratedPdf } from './curated-pdf.ts'
import { createCuratedBody, updateCuratedBody, type CreateCuratedInput } from './curated-schemas.ts'
import { composeSource, createCurated, updateCurated, viewCurated, type CuratedView } from './curated-service.ts'
import { presentItemJson, typeLabel } from './presenters.ts'

type Params = { id: string }
type Values = { title: string; chosen: Map<string, string>; version?: number }
const idParams = z.object({ id: z.guid({ error: 'Not found' }) })

/** A chronology item's key in the form: its type and stable source id (types never contain a colon). */
const keyOf = (i: { type: string; sourceId: string }) => `${i.type}:${i.sourceId}`
const splitKey = (key: string) => ({ type: key.slice(0, key.indexOf(':')), sourceId: key.slice(key.indexOf(':') + 1) })

/** The form: `title`, ticked `entries` (keys), and per row k `noteKey-k` (its key) and `note-k`. */
function readForm(body: unknown): { values: Values; entries: CreateCuratedInput['entries']; rowOf: (entryIndex: number) => number } {
  const b = (body ?? {}) as Record<string, unknown>
  const str = (v: unknown) => (typeof v === 'string' ? v : '')
  const ticked = (Array.isArray(b.entries) ? b.entries : [b.entries]).filter((v): v is string => typeof v === 'string' && v.includes(':')).slice(0, 1000)
  const notes = new Map<string, { note: string; row: number }>()
  for (const [name, value] of Object.entries(b)) {
    const m = /^noteKey-(\d{1,4})$/.exec(name)
    if (m && typeof value === 'string') notes.set(value, { note: str(b[`note-${m[1]}`]).slice(0, 10000), row: Number(m[1]) })
  }
  const entries = ticked.map((key) => {
    const note = notes.get(key)?.note.trim()
    return { ...splitKey(key), ...(note ? { note } : {}) }
  })
  const chosen = new Map(ticked.map((key) => [key, notes.get(key)?.note ?? '']))
  const version = Number(str(b.version))
  return { values: { title: str(b.title).slice(0, 1000), chosen, ...(Number.isInteger(version) && version > 0 ? { version } : {}) }, entries, rowOf: (k) => notes.get(ticked[k] ?? '')?.row ?? -1 }
}

/** API paths (`entries.3.note`) → the form's fields (`note-7`); anything about the entries themselves → `entries`. */
function formFields(errors: FieldError[], rowOf: (entryIndex: number) => number): FieldError[] {
  return errors.map((e) => {
    const note = /^entries\.(\d+)\.note$/.exec(e.field)
    if (note && rowOf(Number(note[1])) >= 0) return { ...e, field: `note-${rowOf(Number(note[1]))}` }
    return e.field.startsWith('entries') ? { ...e, field: 'entries' } : e.field === 'version' ? { ...e, field: 'form' } : e
  })
}

function formRows(items: readonly ChronologyItem[], values: Values) {
  return items.map((i, k) => ({
    k,
    key: keyOf(i),
    checked: values.chosen.has(keyOf(i)),
    note: values.chosen.get(keyOf(i)) ?? '',
    label: `${formatDate(i.at)} · ${typeLabel(i.type)} · ${i.agency?.name ?? 'agency not recorded'}`,
    summary: i.summary,
  }))
}

function pageErrors(errors: FieldError[]) {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

const refused = (error: unknown): FieldError[] => {
  if (error instanceof ValidationError) return error.errors
  if (error instanceof ConflictError) return [{ field: 'form', message: error.message }]
  throw error
}

function presentCurated(view: CuratedView) {
  return {
    id: view.curated.id,
    personId: view.curated.personId,
    title: view.curated.title,
    version: view.curated.version,
    updatedAt: view.curated.updatedAt.toISOString(),
    entries: view.entries.map((e) => ({ ...presentItemJson(e.item), note: e.note })),
    omitted: view.omitted,
  }
}

async function exportPdf(ctx: Ctx, id: string): Promise<{ pdf: Buffer; filename: string }> {
  const view = await viewCurated(ctx, id, 'export')
  const actor = ctx.actor.kind === 'user' ? ctx.actor : null
  const pdf = await renderCuratedPdf({
    title: view.curated.title,
    childName: fullName(view.person),
    dateOfBirth: view.person.dateOfBirth ? formatDate(view.person.dateOfBirth) : null,
    exportedBy: actor?.displayName ?? 'Lantern',
    exportedByAgency: actor?.agencyName ?? '',
    exportedAt: ctx.now,
    entries: view.entries,
    omitted: view.omitted,
  })
  return { pdf, filename: `chronology-${view.curated.id.slice(0, 8)}.pdf` }
}

const sendPdf = (reply: FastifyReply, out: { pdf: Buffer; filename: string }) =>
  reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${out.filename}"`).header('cache-control', 'no-store').send(out.pdf)

/**
 * Curated chronologies (ADR 0015): compose from the child's chronology (tick entries, a title, a note per entry),
 * save, reopen, edit, and export as PDF. Plain forms: no JavaScript needed. The API mirrors the pages.
 */
export async function registerCuratedRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const pre = { preHandler: requireUser }

  const composePage = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, values: Values, errors: FieldError[]) => {
    const source = await app.work(request, (ctx) => composeSource(ctx, request.params.id))
    return reply.code(errors.length ? 400 : 200).view('chronology/views/curated-form.njk', {
      pageTitle: 'Compose a chronology',
      heading: 'Compose a chronology',
      name: fullName(source.person),
      personId: source.person.id,
      action: `/people/${source.person.id}/chronology/curated`,
      backHref: `/people/${source.person.id}/chronology`,
      values,
      rows: formRows(source.items, values),
      ...pageErrors(errors),
    })
  }

  app.get<{ Params: Params }>('/people/:id/chronology/curated/new', pre, async (request, reply) => composePage(request, reply, { title: '', chosen: new Map() }, []))

  app.post<{ Params: Params }>('/people/:id/chronology/curated', pre, async (request, reply) => {
    const { values, entries, rowOf } = readForm(request.body)
    const parsed = createCuratedBody.safeParse({ personId: request.params.id, title: values.title, entries })
    if (!parsed.success) return composePage(request, reply, values, formFields(zodFieldErrors(parsed.error), rowOf))
    try {
      const row = await app.work(request, (ctx) => createCurated(ctx, parsed.data))
      return reply.redirect(`/chronologies/${row.id}`, 303)
    } catch (error) {
      return composePage(request, reply, values, formFields(refused(error), rowOf))
    }
  })

  app.get<{ Params: Params }>('/chronologies/:id', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => viewCurated(ctx, request.params.id))
    return reply.view('chronology/views/curated.njk', {
      pageTitle: view.curated.title,
      name: fullName(view.person),
      personId: view.person.id,
      curated: presentCurated(view),
      entries: view.entries.map((e) => ({ ...presentItemJson(e.item), label: typeLabel(e.item.type), note: e.note, href: e.item.href })),
    })
  })

  const editPage = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, values: Values | null, errors: FieldError[]) => {
    const view = await app.work(request, (ctx) => viewCurated(ctx, request.params.id, 'edit'))
    const shown: Values = values ?? { title: view.curated.title, chosen: new Map(view.entries.map((e) => [keyOf(e.item), e.note ?? ''])), version: view.curated.version }
    return reply.code(errors.length ? 400 : 200).view('chronology/views/curated-form.njk', {
      pageTitle: `Edit: ${view.curated.title}`,
      heading: 'Edit the chronology',
      name: fullName(view.person),
      personId: view.person.id,
      action: `/chronologies/${view.curated.id}/edit`,
      backHref: `/chronologies/${view.curated.id}`,
      values: { ...shown, version: shown.version ?? view.curated.version },
      kept: view.omitted,
      rows: formRows(view.items, shown),
      ...pageErrors(errors),
    })
  }

  app.get<{ Params: Params }>('/chronologies/:id/edit', pre, async (request, reply) => editPage(request, reply, null, []))

  app.post<{ Params: Params }>('/chronologies/:id/edit', pre, async (request, reply) => {
    const { values, entries, rowOf } = readForm(request.body)
    const parsed = updateCuratedBody.safeParse({ title: values.title, entries, version: values.version })
    if (!parsed.success) return editPage(request, reply, values, formFields(zodFieldErrors(parsed.error), rowOf))
    try {
      await app.work(request, (ctx) => updateCurated(ctx, request.params.id, parsed.data))
      return reply.redirect(`/chronologies/${request.params.id}`, 303)
    } catch (error) {
      return editPage(request, reply, values, formFields(refused(error), rowOf))
    }
  })

  app.get<{ Params: Params }>('/chronologies/:id/pdf', pre, async (request, reply) => sendPdf(reply, await app.work(request, (ctx) => exportPdf(ctx, request.params.id))))

  const tags = ['chronology']
  app.post('/api/v1/curated-chronologies', { ...pre, schema: { tags, body: createCuratedBody, summary: 'Compose a curated chronology from a child’s chronology (201)', description: 'Entries are references `{type, sourceId}` to items of `GET /api/v1/people/{id}/chronology` the caller may see, each with an optional note.' } }, async (request, reply) => {
    const row = await app.work(request, (ctx) => createCurated(ctx, request.body))
    return reply.code(201).send({ id: row.id, version: row.version })
  })
  app.get('/api/v1/curated-chronologies/:id', { ...pre, schema: { tags, params: idParams, summary: 'A curated chronology as the caller may see it now: `{id, title, version, entries, omitted}`' } }, async (request) => {
    return presentCurated(await app.work(request, (ctx) => viewCurated(ctx, request.params.id)))
  })
  app.put('/api/v1/curated-chronologies/:id', { ...pre, schema: { tags, params: idParams, body: updateCuratedBody, summary: 'Replace the title and entries (200); 409 if `version` is stale', description: 'Entries the caller may not see are kept as they are.' } }, async (request) => {
    return presentCurated(await app.work(request, async (ctx) => (await updateCurated(ctx, request.params.id, request.body), viewCurated(ctx, request.params.id, 'edit'))))
  })
  app.get('/api/v1/curated-chronologies/:id/pdf', { ...pre, schema: { tags, params: idParams, summary: 'Export as PDF (OFFICIAL-SENSITIVE), only the entries the caller may see now; audited' } }, async (request, reply) => {
    return sendPdf(reply, await app.work(request, (ctx) => exportPdf(ctx, request.params.id)))
  })
}

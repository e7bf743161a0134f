import type { FastifyInstance, FastifyReply } from 'fastify'
import { abilities } from '../../platform/access/engine.ts'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { formatDate, formatDateTime } from '../../platform/views/index.ts'
import { fullName } from '../people/index.ts'
import { blank, formValues, parseDateTime, type FormValues } from './forms.ts'
import { gradeTag, MISSING_FROM_LABELS, presentEpisodePage, rhiTag } from './presenters.ts'
import { durationMinutes, durationText, RISK_GRADE_LABELS } from './rules.ts'
import { MISSING_FROM, RISK_GRADES } from './schema.ts'
import { recordEpisodeBody, regradeBody, returnBody } from './schemas.ts'
import { listPersonEpisodes, missingBoard, personForRecording, recordEpisode, regradeEpisode, returnEpisode, viewEpisode } from './service.ts'
import { loadMissingSettings } from './settings.ts'

type Params = { id: string }

/** GOV.UK error summary and inline messages; a service's refusal is shown the same way as a form's. */
export function errorLocals(errors: FieldError[]) {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

export function refusal(error: unknown): FieldError[] {
  if (error instanceof ValidationError) return error.errors
  throw error
}

const iso = (d: Date | undefined) => d?.toISOString()
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

const gradeItems = (values: FormValues) => RISK_GRADES.map((g) => ({ value: g, text: RISK_GRADE_LABELS[g], checked: values.riskGrade === g })).reverse()

/** The record form → the API's body (so both refuse with the same words), or errors. */
function parseRecordForm(personId: string, values: FormValues) {
  const errors: FieldError[] = []
  const lastSeenAt = parseDateTime(values, 'lastSeenAt', 'Date last seen', false, errors)
  const reportedMissingAt = parseDateTime(values, 'reportedMissingAt', 'Date reported missing', true, errors)
  const parsed = recordEpisodeBody.safeParse(
    defined({
      personId,
      missingFrom: blank(values.missingFrom),
      missingType: blank(values.missingType),
      reportedMissingAt: iso(reportedMissingAt) ?? (errors.some((e) => e.field.startsWith('reportedMissingAt')) ? undefined : ''),
      lastSeenAt: iso(lastSeenAt),
      riskGrade: blank(values.riskGrade),
      policeReference: blank(values.policeReference),
      circumstances: blank(values.circumstances),
      reportedBy: blank(values.reportedBy),
    }),
  )
  if (!parsed.success) errors.push(...zodFieldErrors(parsed.error).filter((e) => !errors.some((x) => x.field.startsWith(e.field))))
  return errors.length || !parsed.success ? { errors: order(errors, ['missingFrom', 'missingType', 'lastSeenAt', 'lastSeenAt-time', 'reportedMissingAt', 'reportedMissingAt-time', 'riskGrade']) } : { input: parsed.data, errors }
}

function order(errors: FieldError[], fields: string[]): FieldError[] {
  const rank = (f: string) => (fields.includes(f) ? fields.indexOf(f) : fields.length)
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field))
}

export async function registerMissingPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const pre = { preHandler: requireUser }
  const now = () => deps.platform.clock.now()

  app.get('/missing', pre, async (request, reply) => {
    const rows = await app.work(request, (ctx) => missingBoard(ctx))
    const at = now()
    const items = rows.map((r) => ({
      ...r,
      name: fullName(r),
      dateOfBirth: r.dateOfBirth ? formatDate(r.dateOfBirth) : 'Not known',
      from: MISSING_FROM_LABELS[r.missingFrom as keyof typeof MISSING_FROM_LABELS] + (r.missingType ? ` (${r.missingType})` : ''),
      grade: gradeTag(r.riskGrade),
      since: formatDateTime(r.lastSeenAt ?? r.reportedMissingAt),
      missingFor: durationText(durationMinutes({ ...r, returnedAt: null }, at) ?? 0),
    }))
    return reply.view('missing/views/board.njk', { pageTitle: 'Currently missing', items })
  })

  app.get<{ Params: Params }>('/people/:id/missing-episodes', pre, async (request, reply) => {
    const { person, access, episodes, interviews } = await app.work(request, (ctx) => listPersonEpisodes(ctx, request.params.id))
    const at = now()
    const items = episodes.map((e) => ({
      id: e.id,
      from: MISSING_FROM_LABELS[e.missingFrom],
      reported: formatDateTime(e.reportedMissingAt),
      returned: e.returnedAt ? formatDateTime(e.returnedAt) : null,
      length: durationText(durationMinutes(e, at) ?? 0),
      grade: gradeTag(e.riskGrade),
      rhi: rhiTag(interviews.get(e.id), at),
    }))
    const can = abilities(currentUser(request), ['missing.record'], access)
    return reply.view('missing/views/person.njk', { pageTitle: `Missing episodes: ${fullName(person)}`, name: fullName(person), personId: person.id, items, canRecord: can['missing.record'] })
  })

  const recordPage = (reply: FastifyReply, personId: string, name: string, values: FormValues, errors: FieldError[] = []) =>
    reply.code(errors.length ? 400 : 200).view('missing/views/record.njk', {
      pageTitle: 'Record a missing episode',
      personId,
      name,
      values,
      gradeItems: gradeItems(values),
      fromItems: MISSING_FROM.map((f) => ({ value: f, text: MISSING_FROM_LABELS[f], checked: values.missingFrom === f })),
      typeItems: [
        { value: 'M', text: 'Missing (M): whereabouts not known', checked: values.missingType === 'M' },
        { value: 'A', text: 'Away without authorisation (A): whereabouts known', checked: values.missingType === 'A' },
      ],
      ...errorLocals(errors),
    })

  app.get<{ Params: Params }>('/people/:id/missing-episodes/new', pre, async (request, reply) => {
    const { person } = await app.work(request, (ctx) => personForRecording(ctx, request.params.id))
    return recordPage(reply, person.id, fullName(person), {})
  })

  app.post<{ Params: Params }>('/people/:id/missing-episodes', pre, async (request, reply) => {
    const values = formValues(request.body)
    const parsed = parseRecordForm(request.params.id, values)
    const again = async (errors: FieldError[]) => {
      // Invalid input is reported only to someone who may record for this child; anyone else gets the usual 404.
      const { person } = await app.work(request, (ctx) => personForRecording(ctx, request.params.id))
      return recordPage(reply, person.id, fullName(person), values, errors)
    }
    const input = parsed.input
    if (!input) return again(parsed.errors)
    try {
      const episode = await app.work(request, (ctx) => recordEpisode(ctx, input))
      return reply.redirect(`/missing-episodes/${episode.id}`, 303)
    } catch (error) {
      return again(refusal(error))
    }
  })

  app.get<{ Params: Params }>('/missing-episodes/:id', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => viewEpisode(ctx, request.params.id))
    const settings = await app.work(request, async (ctx) => loadMissingSettings(ctx.tx))
    const can = abilities(currentUser(request), ['missing.update', 'missing.rhi.record'], view.access)
    const page = presentEpisodePage(view, { update: can['missing.update'], rhi: can['missing.rhi.record'] }, now(), { push: settings.pushFactors, pull: settings.pullFactors })
    return reply.view('missing/views/episode.njk', page)
  })

  const returnPage = (reply: FastifyReply, id: string, name: string, values: FormValues, errors: FieldError[] = []) =>
    reply.code(errors.length ? 400 : 200).view('missing/views/return.njk', { pageTitle: 'Record a return', id, name, values, ...errorLocals(errors) })

  app.get<{ Params: Params }>('/missing-episodes/:id/return', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => viewEpisode(ctx, request.params.id, { for: 'return', action: 'missing.update' }))
    return returnPage(reply, view.episode.id, fullName(view.person), {})
  })

  app.post<{ Params: Params }>('/missing-episodes/:id/return', pre, async (request, reply) => {
    const values = formValues(request.body)
    const errors: FieldError[] = []
    const returnedAt = parseDateTime(values, 'returnedAt', 'Date of return', true, errors)
    const place = blank(values.foundDescription) || blank(values.foundPostcode) ? defined({ description: blank(values.foundDescription) ?? '', postcode: blank(values.foundPostcode) }) : undefined
    const associate = blank(values.withName) || blank(values.withDescription) ? [defined({ name: blank(values.withName), description: blank(values.withDescription) })] : undefined
    const parsed = returnBody.safeParse(defined({ returnedAt: iso(returnedAt) ?? (errors.length ? undefined : ''), foundLocation: place, foundWith: associate, returnMethod: blank(values.returnMethod), returnCondition: blank(values.returnCondition) }))
    const again = async (errs: FieldError[]) => {
      const view = await app.work(request, (ctx) => viewEpisode(ctx, request.params.id, { for: 'return', action: 'missing.update' }))
      return returnPage(reply, view.episode.id, fullName(view.person), values, errs)
    }
    if (!parsed.success) errors.push(...zodFieldErrors(parsed.error).map(formField).filter((e) => !errors.some((x) => x.field.startsWith(e.field))))
    if (errors.length || !parsed.success) return again(errors)
    try {
      await app.work(request, (ctx) => returnEpisode(ctx, request.params.id, parsed.data))
      return reply.redirect(`/missing-episodes/${request.params.id}`, 303)
    } catch (error) {
      return again(refusal(error).map(formField))
    }
  })

  const gradePage = (reply: FastifyReply, id: string, name: string, values: FormValues, errors: FieldError[] = []) =>
    reply.code(errors.length ? 400 : 200).view('missing/views/regrade.njk', { pageTitle: 'Review the risk grade', id, name, values, gradeItems: gradeItems(values), ...errorLocals(errors) })

  app.get<{ Params: Params }>('/missing-episodes/:id/risk-grade', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => viewEpisode(ctx, request.params.id, { for: 'risk-grade', action: 'missing.update' }))
    return gradePage(reply, view.episode.id, fullName(view.person), { riskGrade: view.episode.riskGrade })
  })

  app.post<{ Params: Params }>('/missing-episodes/:id/risk-grade', pre, async (request, reply) => {
    const values = formValues(request.body)
    const parsed = regradeBody.safeParse(defined({ riskGrade: blank(values.riskGrade), reason: blank(values.reason) }))
    const again = async (errs: FieldError[]) => {
      const view = await app.work(request, (ctx) => viewEpisode(ctx, request.params.id, { for: 'risk-grade', action: 'missing.update' }))
      return gradePage(reply, view.episode.id, fullName(view.person), values, errs)
    }
    if (!parsed.success) return again(zodFieldErrors(parsed.error))
    try {
      await app.work(request, (ctx) => regradeEpisode(ctx, request.params.id, parsed.data))
      return reply.redirect(`/missing-episodes/${request.params.id}`, 303)
    } catch (error) {
      return again(refusal(error))
    }
  })
}

/** The API's nested names → the form's fields (foundLocation.description → foundDescription). */
function formField(e: FieldError): FieldError {
  const map: Record<string, string> = { 'foundLocation.description': 'foundDescription', 'foundLocation.postcode': 'foundPostcode', 'foundWith.0': 'withName', 'foundWith.0.name': 'withName', 'foundWith.0.description': 'withDescription', foundWith: 'withName' }
  return { ...e, field: map[e.field] ?? e.field }
}


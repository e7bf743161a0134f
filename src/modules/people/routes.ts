import type { FastifyInstance, FastifyReply } from 'fastify'
import { abilities } from '../../platform/access/engine.ts'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import { checkPassword, checkSecondFactor } from '../../platform/auth/sign-in.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { ConflictError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { parsePersonForm, personFormValues, type PersonFormValues } from './forms.ts'
import { presentPersonPage } from './presenters.ts'
import { ETHNICITY_CODES, GENDER_LABELS } from './reference.ts'
import { breakGlassBody, searchTerms } from './schemas.ts'
import { assertCanBreakGlass, assertCanCreate, assertCanSearch, breakGlass, createPerson, searchPeople, updatePerson, viewPerson, viewPersonForEdit } from './service.ts'

type Params = { id: string }

function formLocals(values: PersonFormValues, errors: FieldError[] = []) {
  const { summary, fields } = formErrors(errors)
  return {
    values,
    errors: summary,
    fieldErrors: fields,
    ethnicityItems: Object.entries(ETHNICITY_CODES).map(([value, text]) => ({ value, text, selected: values.ethnicity === value })),
    genderItems: Object.entries(GENDER_LABELS).map(([value, text]) => ({ value, text, checked: values.gender === value })),
  }
}

/** Re-render a form with the GOV.UK error summary when a service refuses the input; rethrow anything else. */
function refusal(error: unknown): FieldError[] {
  if (error instanceof ValidationError) return error.errors
  if (error instanceof ConflictError) return [{ field: 'form', message: error.message }]
  throw error
}

export async function registerPeoplePages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const pre = { preHandler: requireUser }

  app.get('/people', pre, async (request, reply) => {
    const { terms, errors } = parseSearchQuery(request.query)
    const searched = errors.length === 0 && Boolean(terms.givenName || terms.familyName || terms.dateOfBirth)
    const results = searched ? await app.work(request, (ctx) => searchPeople(ctx, terms)) : undefined
    if (!searched) await app.work(request, async (ctx) => assertCanSearch(ctx))
    const view = { pageTitle: 'Find a person', terms, searched, results, ...formErrorsLocals(errors) }
    return reply.code(errors.length ? 400 : 200).view('people/views/search.njk', view)
  })

  app.get('/people/new', pre, async (request, reply) => {
    await app.work(request, async (ctx) => assertCanCreate(ctx))
    return reply.view('people/views/new.njk', { pageTitle: 'Add a person', showNhsNumber: true, ...formLocals({ kind: 'child' }) })
  })

  app.post('/people', pre, async (request, reply) => {
    const { input, errors, values } = parsePersonForm(request.body, { withNhsNumber: true })
    const render = (errs: FieldError[]) => reply.code(400).view('people/views/new.njk', { pageTitle: 'Add a person', showNhsNumber: true, ...formLocals(values, errs) })
    if (!input) return render(errors)
    try {
      const person = await app.work(request, (ctx) => createPerson(ctx, input))
      return reply.redirect(`/people/${person.id}`, 303)
    } catch (error) {
      return render(refusal(error))
    }
  })

  app.get<{ Params: Params }>('/people/:id', pre, async (request, reply) => {
    const { person, access, purpose, entries } = await app.work(request, (ctx) => viewPerson(ctx, request.params.id))
    const can = abilities(currentUser(request), ['people.edit'], access)
    return reply.view('people/views/show.njk', presentPersonPage(person, access, purpose, { edit: can['people.edit'] }, entries, deps.platform.clock.now()))
  })

  app.get<{ Params: Params }>('/people/:id/edit', pre, async (request, reply) => {
    const person = await app.work(request, (ctx) => viewPersonForEdit(ctx, request.params.id))
    return editPage(reply, person.id, person.version, personFormValues(person))
  })

  app.post<{ Params: Params }>('/people/:id/edit', pre, async (request, reply) => {
    const { input, errors, values } = parsePersonForm(request.body)
    const version = Number((request.body as Record<string, unknown>)?.version)
    // Invalid input is reported only to someone who may edit this record; anyone else gets the same 404 as ever.
    if (!input) {
      await app.work(request, (ctx) => viewPersonForEdit(ctx, request.params.id))
      return editPage(reply.code(400), request.params.id, version, values, errors)
    }
    try {
      await app.work(request, (ctx) => updatePerson(ctx, request.params.id, input, Number.isInteger(version) ? version : -1))
      return reply.redirect(`/people/${request.params.id}`, 303)
    } catch (error) {
      return editPage(reply.code(400), request.params.id, version, values, refusal(error))
    }
  })

  function editPage(reply: FastifyReply, id: string, version: number, values: PersonFormValues, errors: FieldError[] = []) {
    return reply.view('people/views/edit.njk', { pageTitle: 'Change details', id, version, ...formLocals(values, errors) })
  }

  app.get<{ Params: Params }>('/people/:id/break-glass', pre, async (request, reply) => {
    await app.work(request, async (ctx) => assertCanBreakGlass(ctx, request.params.id))
    return reply.view('people/views/break-glass.njk', { pageTitle: 'Get emergency access to a record', id: request.params.id })
  })

  app.post<{ Params: Params }>('/people/:id/break-glass', { ...pre, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const user = currentUser(request)
    const body = (request.body ?? {}) as Record<string, unknown>
    const render = (errs: FieldError[]) =>
      reply.code(400).view('people/views/break-glass.njk', { pageTitle: 'Get emergency access to a record', id: request.params.id, reason: String(body.reason ?? '').slice(0, 1000), ...formErrorsLocals(errs) })
    const parsed = breakGlassBody.safeParse({ reason: typeof body.reason === 'string' ? body.reason : '' })
    const errors: FieldError[] = parsed.success ? [] : zodFieldErrors(parsed.error)
    const password = typeof body.password === 'string' ? body.password : ''
    const code = typeof body.code === 'string' ? body.code : ''
    if (!password) errors.push({ field: 'password', message: 'Enter your password' })
    if (!code) errors.push({ field: 'code', message: 'Enter the security code from your authenticator app' })
    if (errors.length > 0 || !parsed.success) return render(errors)
    // Step-up (ASVS 7.5.3): the person at the keyboard proves again who they are before emergency access.
    const passwordOk = (await checkPassword(deps.platform, request.id, user.email, password)) !== null
    const codeOk = passwordOk && (await checkSecondFactor(deps.platform, request.id, user.userId, code))
    if (!codeOk) return render([{ field: 'password', message: 'Your password or security code is not correct' }])
    await app.work(request, (ctx) => breakGlass(ctx, request.params.id, parsed.data.reason))
    return reply.redirect(`/people/${request.params.id}`, 303)
  })
}

/** The search form's query string → terms, or GOV.UK errors (nothing is searched then). */
function parseSearchQuery(query: unknown): { terms: Record<string, string | undefined>; errors: FieldError[] } {
  const raw = Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  ) as Record<string, string>
  const parsed = searchTerms.safeParse(raw)
  if (parsed.success) return { terms: parsed.data, errors: [] }
  return { terms: raw, errors: zodFieldErrors(parsed.error) }
}

function formErrorsLocals(errors: FieldError[]) {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

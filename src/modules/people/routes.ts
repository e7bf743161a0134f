import type { FastifyInstance, FastifyReply } from 'fastify'
import { abilities } from '../../platform/access/engine.ts'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import { checkPassword, checkSecondFactor } from '../../platform/auth/sign-in.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { ConflictError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { parsePersonForm, personFormValues, type PersonFormValues } from './forms.ts'
import { presentPersonPage, presentSearchResultPage } from './presenters.ts'
import { ETHNICITY_CODES, GENDER_LABELS } from './reference.ts'
import { breakGlassBody, searchTerms } from './schemas.ts'
import { survivorRedirect } from './merge-redirect.ts'
import { personExtensions, type PersonBadge } from './extensions.ts'
import { assertCanBreakGlass, assertCanCreate, assertCanSearch, breakGlass, createPerson, searchPeople, updatePerson, viewPerson, viewPersonForEdit, type SearchTerms } from './service.ts'

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
    const { terms, values, errors } = parseSearchQuery(request.query)
    const searched = errors.length === 0 && Object.values(terms).some(Boolean)
    const results = searched ? await app.work(request, (ctx) => searchPeople(ctx, terms)) : undefined
    if (!searched) await app.work(request, async (ctx) => assertCanSearch(ctx))
    const view = { pageTitle: 'Find a person', values, searched, results: results?.map(presentSearchResultPage), ...formErrorsLocals(errors) }
    return reply.code(errors.length ? 400 : 200).view('people/views/search.njk', view)
  })

  app.get('/people/new', pre, async (request, reply) => {
    await app.work(request, async (ctx) => assertCanCreate(ctx))
    return reply.view('people/views/new.njk', { pageTitle: 'Add a person', showNhsNumber: true, ...formLocals({ kind: 'child' }) })
  })

  app.post('/people', pre, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const { input, errors, values } = parsePersonForm(body, { withNhsNumber: true })
    const confirmed = body.confirmNotDuplicate === 'yes'
    if (confirmed) values.confirmNotDuplicate = 'yes'
    const render = (errs: FieldError[], duplicates?: unknown[]) =>
      reply
        .code(errs.length ? 400 : 200)
        .view('people/views/new.njk', { pageTitle: 'Add a person', showNhsNumber: true, duplicates, ...formLocals(values, errs) })
    if (!input) return render(errors)
    try {
      const outcome = await app.work(request, (ctx) => createPerson(ctx, input, { confirmNotDuplicate: confirmed }))
      if (outcome.kind === 'created') return reply.redirect(`/people/${outcome.person.id}`, 303)
      // Search before create: show the likely matches; asked already and not confirmed → say what to do.
      const asked = body.duplicatesShown === 'yes'
      const missing: FieldError[] = asked ? [{ field: 'confirmNotDuplicate', message: 'Select that none of these is the person, or open the existing record instead' }] : []
      return render(missing, outcome.candidates.map(presentSearchResultPage))
    } catch (error) {
      return render(refusal(error))
    }
  })

  app.get<{ Params: Params }>('/people/:id', pre, async (request, reply) => {
    // Badges from every module (extension point), read in the same unit of work once the record may be opened.
    const viewed = await app.work(request, async (ctx) => {
      const v = await viewPerson(ctx, request.params.id)
      const badges: PersonBadge[] = []
      for (const e of personExtensions()) badges.push(...((await e.badges?.(ctx.tx, v.person.id)) ?? []))
      return { ...v, badges }
    }).catch(survivorRedirect(reply, '/people'))
    if (!viewed) return reply
    const { person, access, purpose, entries, badges } = viewed
    const can = abilities(currentUser(request), ['people.edit'], access)
    return reply.view('people/views/show.njk', { ...presentPersonPage(person, access, purpose, { edit: can['people.edit'] }, entries, deps.platform.clock.now()), badges })
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

/**
 * The search form's query string → terms, or GOV.UK errors (nothing is searched then). The date of birth comes as
 * three boxes (dateOfBirth-day/-month/-year) or, from links and older bookmarks, as one dateOfBirth=YYYY-MM-DD.
 */
function parseSearchQuery(query: unknown): { terms: SearchTerms; values: Record<string, string>; errors: FieldError[] } {
  const values = Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
      .map(([k, v]) => [k, (v as string).slice(0, 300)]),
  ) as Record<string, string>
  const errors: FieldError[] = []
  const [day, month, year] = ['day', 'month', 'year'].map((p) => values[`dateOfBirth-${p}`]?.trim() ?? '')
  let dateOfBirth = values.dateOfBirth
  if (day || month || year) {
    if (!day || !month || !year) errors.push({ field: 'dateOfBirth', message: 'Date of birth must include a day, month and year' })
    else if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) errors.push({ field: 'dateOfBirth', message: 'Date of birth must be a real date' })
    else dateOfBirth = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  } else if (dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) {
    const [y, m, d] = dateOfBirth.split('-') as [string, string, string]
    Object.assign(values, { 'dateOfBirth-day': d, 'dateOfBirth-month': m, 'dateOfBirth-year': y })
  }
  const raw = { givenName: values.givenName, familyName: values.familyName, dateOfBirth, postcode: values.postcode, nhsNumber: values.nhsNumber }
  const parsed = searchTerms.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)))
  if (!parsed.success) {
    errors.push(...zodFieldErrors(parsed.error).filter((e) => !(e.field === 'dateOfBirth' && errors.some((x) => x.field === 'dateOfBirth'))))
  }
  if (errors.length > 0 || !parsed.success) return { terms: {}, values, errors: orderSearchErrors(errors) }
  return { terms: parsed.data, values, errors: [] }
}

const SEARCH_FIELDS = ['givenName', 'familyName', 'dateOfBirth', 'postcode', 'nhsNumber']
function orderSearchErrors(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => SEARCH_FIELDS.indexOf(a.field) - SEARCH_FIELDS.indexOf(b.field))
}

function formErrorsLocals(errors: FieldError[]) {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

import type { FastifyInstance, FastifyReply } from 'fastify'
import { abilities } from '../../platform/access/engine.ts'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { fullName, presentSearchResultPage, searchPeople } from '../people/index.ts'
import { blank, dateFromBoxes, dateValues, formValues, type FormValues } from './forms.ts'
import { CME_ACTION_LABELS, CME_CLOSURE_LABELS, CME_REASON_LABELS, CME_SOURCE_LABELS } from './labels.ts'
import { presentCasePage, presentListRow } from './presenters.ts'
import { londonToday } from './rules.ts'
import { CME_ACTION_TYPES, CME_CLOSURE_REASONS, CME_REASONS, CME_SOURCES } from './schema.ts'
import { closeCmeBody, cmeActionBody, recordCmeBody } from './schemas.ts'
import { addCmeAction, assertCmeWork, closeCme, cmeList, personForCme, recordCme, viewCme } from './service.ts'

type Params = { id: string }
const DATE_FIELDS = new Set(['identifiedOn', 'actionOn', 'closedOn'])

/** GOV.UK error summary and inline messages, in the form's order; a date's summary link goes to its day box. */
function errorLocals(errors: FieldError[], order: readonly string[]) {
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length)
  const { summary, fields } = formErrors([...errors].sort((a, b) => rank(a.field) - rank(b.field)))
  return { errors: summary.map((s) => (DATE_FIELDS.has(s.href.slice(1)) ? { ...s, href: `${s.href}-day` } : s)), fieldErrors: fields }
}

/** A service's refusal is shown like a form's; anything else is not ours to handle. */
function refusal(error: unknown): FieldError[] {
  if (error instanceof ValidationError) return error.errors
  throw error
}

/** Zod's errors for fields the boxes have not already complained about. */
function merge(errors: FieldError[], parsed: { success: boolean; error?: Parameters<typeof zodFieldErrors>[0] }): FieldError[] {
  if (parsed.success || !parsed.error) return errors
  return [...errors, ...zodFieldErrors(parsed.error).filter((e) => !errors.some((x) => x.field === e.field))]
}

const items = <T extends string>(codes: readonly T[], labels: Record<T, string>, chosen: string | undefined) => codes.map((c) => ({ value: c, text: labels[c], checked: chosen === c }))
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/** Children missing education pages: the open cases list, finding a child, recording, the case, actions, closing. */
export async function registerEducationPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const pre = { preHandler: requireUser }
  const now = () => deps.platform.clock.now()

  app.get('/children-missing-education', pre, async (request, reply) => {
    const rows = await app.work(request, (ctx) => cmeList(ctx))
    const at = now()
    return reply.view('education/views/list.njk', { pageTitle: 'Children missing education', items: rows.map((r) => presentListRow(r, at)) })
  })

  app.get('/children-missing-education/find', pre, async (request, reply) => {
    const q = (request.query ?? {}) as Record<string, unknown>
    const str = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '')
    const terms = { givenName: str(q.givenName), familyName: str(q.familyName) }
    // Searching the index is a function of its own (CONTRACTS.md §2): a social worker starts from their own children.
    const canSearch = abilities(currentUser(request), ['people.search'], { resourceType: 'person-index' })['people.search']
    const searched = canSearch && Boolean(terms.givenName || terms.familyName)
    const page = { pageTitle: 'Record a child missing education: find the child', values: terms, searched, canSearch }
    if (!searched) {
      await app.work(request, async (ctx) => assertCmeWork(ctx))
      return reply.view('education/views/find.njk', page)
    }
    const results = await app.work(request, async (ctx) => {
      assertCmeWork(ctx)
      return searchPeople(ctx, terms)
    })
    return reply.view('education/views/find.njk', { ...page, results: results.map(presentSearchResultPage) })
  })

  const RECORD_ORDER = ['identifiedOn', 'source', 'reason', 'reasonNote', 'lastSchool', 'personId']
  const recordPage = (reply: FastifyReply, personId: string, name: string, values: FormValues, errors: FieldError[] = []) =>
    reply.code(errors.length ? 400 : 200).view('education/views/record.njk', {
      pageTitle: 'Record a child missing education',
      personId,
      name,
      values,
      sourceItems: items(CME_SOURCES, CME_SOURCE_LABELS, values.source),
      reasonItems: items(CME_REASONS, CME_REASON_LABELS, values.reason),
      ...errorLocals(errors, RECORD_ORDER),
    })

  app.get<{ Params: Params }>('/people/:id/children-missing-education/new', pre, async (request, reply) => {
    const person = await app.work(request, (ctx) => personForCme(ctx, request.params.id))
    return recordPage(reply, person.id, fullName(person), dateValues('identifiedOn', londonToday(now())))
  })

  app.post<{ Params: Params }>('/people/:id/children-missing-education', pre, async (request, reply) => {
    const values = formValues(request.body)
    const errors: FieldError[] = []
    const identifiedOn = dateFromBoxes(values, 'identifiedOn', 'Date identified', errors)
    const parsed = recordCmeBody.safeParse(
      defined({ personId: request.params.id, identifiedOn: identifiedOn ?? '2000-01-01', source: blank(values.source), reason: blank(values.reason), reasonNote: blank(values.reasonNote), lastSchool: blank(values.lastSchool) }),
    )
    // Invalid input is shown only to someone who may record for this child; anyone else gets the usual 404.
    const again = async (errs: FieldError[]) => {
      const person = await app.work(request, (ctx) => personForCme(ctx, request.params.id))
      return recordPage(reply, person.id, fullName(person), values, errs)
    }
    const all = merge(errors, parsed)
    if (all.length || !parsed.success) return again(all)
    try {
      const created = await app.work(request, (ctx) => recordCme(ctx, parsed.data))
      return reply.redirect(`/children-missing-education/${created.id}`, 303)
    } catch (error) {
      return again(refusal(error))
    }
  })

  app.get<{ Params: Params }>('/children-missing-education/:id', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => viewCme(ctx, request.params.id))
    const can = abilities(currentUser(request), ['education.cme.update'], view.access)
    return reply.view('education/views/case.njk', presentCasePage(view, { update: can['education.cme.update'] }, now()))
  })

  const ACTION_ORDER = ['actionOn', 'actionType', 'details', 'outcome', 'takenBy']
  const actionPage = (reply: FastifyReply, id: string, name: string, values: FormValues, errors: FieldError[] = []) =>
    reply.code(errors.length ? 400 : 200).view('education/views/action.njk', {
      pageTitle: 'Add an action or enquiry',
      id,
      name,
      values,
      typeItems: items(CME_ACTION_TYPES, CME_ACTION_LABELS, values.actionType),
      ...errorLocals(errors, ACTION_ORDER),
    })

  app.get<{ Params: Params }>('/children-missing-education/:id/actions/new', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => viewCme(ctx, request.params.id, { for: 'add-action', action: 'education.cme.update' }))
    return actionPage(reply, view.cme.id, fullName(view.person), dateValues('actionOn', londonToday(now())))
  })

  app.post<{ Params: Params }>('/children-missing-education/:id/actions', pre, async (request, reply) => {
    const values = formValues(request.body)
    const errors: FieldError[] = []
    const actionOn = dateFromBoxes(values, 'actionOn', 'Date of the action', errors)
    const parsed = cmeActionBody.safeParse(defined({ actionOn: actionOn ?? '2000-01-01', actionType: blank(values.actionType), details: blank(values.details), outcome: blank(values.outcome), takenBy: blank(values.takenBy) }))
    const again = async (errs: FieldError[]) => {
      const view = await app.work(request, (ctx) => viewCme(ctx, request.params.id, { for: 'add-action', action: 'education.cme.update' }))
      return actionPage(reply, view.cme.id, fullName(view.person), values, errs)
    }
    const all = merge(errors, parsed)
    if (all.length || !parsed.success) return again(all)
    try {
      await app.work(request, (ctx) => addCmeAction(ctx, request.params.id, parsed.data))
      return reply.redirect(`/children-missing-education/${request.params.id}`, 303)
    } catch (error) {
      return again(refusal(error))
    }
  })

  const CLOSE_ORDER = ['closedOn', 'closureReason', 'closureNote']
  const closePage = (reply: FastifyReply, id: string, name: string, values: FormValues, errors: FieldError[] = []) =>
    reply.code(errors.length ? 400 : 200).view('education/views/close.njk', {
      pageTitle: 'Close the case',
      id,
      name,
      values,
      reasonItems: items(CME_CLOSURE_REASONS, CME_CLOSURE_LABELS, values.closureReason),
      ...errorLocals(errors, CLOSE_ORDER),
    })

  app.get<{ Params: Params }>('/children-missing-education/:id/close', pre, async (request, reply) => {
    const view = await app.work(request, (ctx) => viewCme(ctx, request.params.id, { for: 'close', action: 'education.cme.update' }))
    return closePage(reply, view.cme.id, fullName(view.person), dateValues('closedOn', londonToday(now())))
  })

  app.post<{ Params: Params }>('/children-missing-education/:id/close', pre, async (request, reply) => {
    const values = formValues(request.body)
    const errors: FieldError[] = []
    const closedOn = dateFromBoxes(values, 'closedOn', 'Date closed', errors)
    const parsed = closeCmeBody.safeParse(defined({ closedOn: closedOn ?? '2000-01-01', closureReason: blank(values.closureReason), closureNote: blank(values.closureNote) }))
    const again = async (errs: FieldError[]) => {
      const view = await app.work(request, (ctx) => viewCme(ctx, request.params.id, { for: 'close', action: 'education.cme.update' }))
      return closePage(reply, view.cme.id, fullName(view.person), values, errs)
    }
    const all = merge(errors, parsed)
    if (all.length || !parsed.success) return again(all)
    try {
      await app.work(request, (ctx) => closeCme(ctx, request.params.id, parsed.data))
      return reply.redirect(`/children-missing-education/${request.params.id}`, 303)
    } catch (error) {
      return again(refusal(error))
    }
  })
}

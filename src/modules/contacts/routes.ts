import type { FastifyInstance, FastifyReply } from 'fastify'
import { abilities } from '../../platform/access/engine.ts'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { ConflictError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { presentSearchResultPage, searchPeople } from '../people/index.ts'
import { OUTCOME_LABELS } from './labels.ts'
import { presentContactPage, presentMyContactRow, presentQueueRow, childName } from './page-presenters.ts'
import type { ContactAccess } from './policy.ts'
import { loadContactAccess } from './queries.ts'
import { presentAttachments } from './attachment-presenters.ts'
import { listAttachments } from './attachments.ts'
import { presentResearchSection } from './research-presenters.ts'
import { listContactResearch } from './research.ts'
import { contactReference } from './rules.ts'
import { loadContactSettings } from './settings.ts'
import { CONTACT_STATUSES, DECISION_OUTCOMES, OPEN_STATUSES, RAGS, type ContactStatus, type Rag } from './schema.ts'
import { decisionBody, ragForm } from './schemas.ts'
import { allocateContact, assertCanAct, decideContact, linkContact, linkContactToNewPerson, listMyContacts, listQueue, rateContact, recommendDecision, viewContact, type QueueFilter } from './service.ts'

type Params = { id: string }
const pre = { preHandler: requireUser }
const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** A service's refusal of the input becomes GOV.UK errors on the page; anything else propagates. */
function refusal(error: unknown): FieldError[] {
  if (error instanceof ValidationError) return error.errors
  if (error instanceof ConflictError) return [{ field: 'form', message: error.message }]
  throw error
}

/** The queue's filter from its query string; unknown values are ignored rather than refused (it is a GET form). */
export function parseQueueFilter(query: Record<string, unknown>): { filter: QueueFilter; values: Record<string, string> } {
  const status = str(query.status) || 'open'
  const rag = str(query.rag)
  const statuses: readonly ContactStatus[] | undefined = status === 'open' ? OPEN_STATUSES : (CONTACT_STATUSES as readonly string[]).includes(status) ? [status as ContactStatus] : undefined
  const filter: QueueFilter = {
    ...(statuses ? { statuses } : {}),
    ...((RAGS as readonly string[]).includes(rag) || rag === 'none' ? { rag: rag as Rag | 'none' } : {}),
    overdue: query.overdue === 'yes',
    mine: query.mine === 'yes',
  }
  return { filter, values: { status: statuses ? status : 'all', rag: filter.rag ?? '', overdue: filter.overdue ? 'yes' : '', mine: filter.mine ? 'yes' : '' } }
}

export async function registerContactPages(app: FastifyInstance): Promise<void> {
  app.get('/contacts', pre, async (request, reply) => {
    const { filter, values } = parseQueueFilter(request.query as Record<string, unknown>)
    const { page, now } = await app.work(request, async (ctx) => ({ page: await listQueue(ctx, filter), now: ctx.now }))
    return reply.view('contacts/views/queue.njk', { pageTitle: 'MASH contacts', values, rows: page.items.map((c) => presentQueueRow(c, now)) })
  })

  app.get('/contacts/mine', pre, async (request, reply) => {
    const page = await app.work(request, (ctx) => listMyContacts(ctx))
    return reply.view('contacts/views/mine.njk', { pageTitle: 'My contacts', rows: page.items.map(presentMyContactRow) })
  })

  app.get<{ Params: Params }>('/contacts/:id', pre, async (request, reply) => contactPage(reply, request, []))

  async function contactPage(reply: FastifyReply, request: Parameters<typeof app.work>[0] & { params: Params }, errors: FieldError[]) {
    const { seen, now, access, research, attachments, timescales } = await app.work(request, async (ctx) => {
      const seen = await viewContact(ctx, request.params.id)
      // Partner research is the MASH's working: the referrer's view never includes it.
      const research = seen.view === 'mash' ? await listContactResearch(ctx, request.params.id) : []
      const attachments = await listAttachments(ctx, request.params.id, seen.view)
      const timescales = seen.view === 'mash' ? (await loadContactSettings(ctx.tx)).ragTimescaleHours : null
      return { seen, now: ctx.now, access: await loadContactAccess(ctx.tx, request.params.id), research, attachments, timescales }
    })
    const can = abilities(currentUser(request), ['contacts.triage', 'contacts.allocate', 'contacts.decide', 'contacts.recommend', 'contacts.research.request'], access as ContactAccess)
    const page = presentContactPage(seen, now, { triage: can['contacts.triage'], allocate: can['contacts.allocate'], decide: can['contacts.decide'], recommend: can['contacts.recommend'], research: can['contacts.research.request'] })
    return reply.code(errors.length ? 400 : 200).view('contacts/views/contact.njk', { ...page, research: presentResearchSection(research, now), attachments: presentAttachments(request.params.id, attachments), timescales, ...locals(errors) })
  }

  app.post<{ Params: Params }>('/contacts/:id/rag', pre, async (request, reply) => {
    const parsed = ragForm.safeParse(request.body ?? {})
    if (!parsed.success) return contactPage(reply, request, zodFieldErrors(parsed.error))
    try {
      await app.work(request, (ctx) => rateContact(ctx, request.params.id, parsed.data.rag))
    } catch (error) {
      return contactPage(reply, request, refusal(error))
    }
    return reply.redirect(`/contacts/${request.params.id}`, 303)
  })

  app.post<{ Params: Params }>('/contacts/:id/allocation', pre, async (request, reply) => {
    const userId = str((request.body as Record<string, unknown> | undefined)?.allocatedTo)
    try {
      await app.work(request, (ctx) => allocateContact(ctx, request.params.id, userId))
    } catch (error) {
      return contactPage(reply, request, refusal(error))
    }
    return reply.redirect(`/contacts/${request.params.id}`, 303)
  })

  registerLinkPages(app)
  registerDecisionPages(app)
}

function locals(errors: FieldError[]) {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

/** Linking to the person index: search before create, with the child as reported filled in. */
function registerLinkPages(app: FastifyInstance): void {
  app.get<{ Params: Params }>('/contacts/:id/link', pre, async (request, reply) => {
    const q = request.query as Record<string, unknown>
    const { contact, results } = await app.work(request, async (ctx) => {
      const contact = await assertCanAct(ctx, request.params.id, 'contacts.triage')
      const terms = {
        givenName: str(q.givenName) || contact.childGivenName,
        familyName: str(q.familyName) || contact.childFamilyName,
        ...(contact.childDateOfBirth ? { dateOfBirth: contact.childDateOfBirth } : {}),
        ...(contact.childPostcode ? { postcode: contact.childPostcode } : {}),
      }
      return { contact, results: await searchPeople(ctx, terms) }
    })
    return reply.view('contacts/views/link.njk', { pageTitle: 'Is this child known?', id: contact.id, reference: contactReference(contact.number), child: childName(contact), results: results.map(presentSearchResultPage) })
  })

  app.post<{ Params: Params }>('/contacts/:id/link', pre, async (request, reply) => {
    const personId = str((request.body as Record<string, unknown> | undefined)?.personId)
    try {
      await app.work(request, (ctx) => linkContact(ctx, request.params.id, personId))
    } catch (error) {
      const errors = refusal(error)
      return reply.code(400).view('contacts/views/link.njk', { pageTitle: 'Is this child known?', id: request.params.id, results: [], ...locals(errors) })
    }
    return reply.redirect(`/contacts/${request.params.id}`, 303)
  })

  app.post<{ Params: Params }>('/contacts/:id/link-new', pre, async (request, reply) => {
    try {
      await app.work(request, (ctx) => linkContactToNewPerson(ctx, request.params.id))
    } catch (error) {
      return reply.code(400).view('contacts/views/link.njk', { pageTitle: 'Is this child known?', id: request.params.id, results: [], ...locals(refusal(error)) })
    }
    return reply.redirect(`/contacts/${request.params.id}`, 303)
  })
}

/** The decision page: the manager decides and signs off; a practitioner recommends. */
function registerDecisionPages(app: FastifyInstance): void {
  const outcomeItems = (selected: string) => DECISION_OUTCOMES.map((value) => ({ value, text: OUTCOME_LABELS[value], checked: value === selected }))

  async function decisionPage(reply: FastifyReply, request: Parameters<typeof app.work>[0] & { params: Params }, values: Record<string, string>, errors: FieldError[]) {
    const manager = currentUser(request).roleProfile === 'mash-manager'
    const contact = await app.work(request, (ctx) => assertCanAct(ctx, request.params.id, manager ? 'contacts.decide' : 'contacts.recommend'))
    const recommended = contact.recommendedOutcome ?? ''
    return reply.code(errors.length ? 400 : 200).view('contacts/views/decision.njk', {
      pageTitle: manager ? 'Record the decision' : 'Recommend a decision',
      manager,
      id: contact.id,
      reference: contactReference(contact.number),
      child: childName(contact),
      recommendation: contact.recommendedOutcome ? { outcome: OUTCOME_LABELS[contact.recommendedOutcome], rationale: contact.recommendationRationale } : null,
      outcomeItems: outcomeItems(values.outcome ?? recommended),
      values,
      ...locals(errors),
    })
  }

  app.get<{ Params: Params }>('/contacts/:id/decision', pre, async (request, reply) => decisionPage(reply, request, {}, []))

  app.post<{ Params: Params }>('/contacts/:id/decision', pre, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const values = { outcome: str(body.outcome), rationale: str(body.rationale).slice(0, 6000), signOff: str(body.signOff) }
    const manager = currentUser(request).roleProfile === 'mash-manager'
    const parsed = decisionBody.safeParse({ outcome: values.outcome || undefined, rationale: values.rationale })
    const errors = parsed.success ? [] : zodFieldErrors(parsed.error)
    if (manager && values.signOff !== 'yes') errors.push({ field: 'signOff', message: 'Confirm that you sign off this decision as MASH manager' })
    if (!parsed.success || errors.length) return decisionPage(reply, request, values, errors)
    try {
      await app.work(request, (ctx) => (manager ? decideContact(ctx, request.params.id, parsed.data) : recommendDecision(ctx, request.params.id, parsed.data)))
    } catch (error) {
      return decisionPage(reply, request, values, refusal(error))
    }
    return reply.redirect(`/contacts/${request.params.id}`, 303)
  })
}

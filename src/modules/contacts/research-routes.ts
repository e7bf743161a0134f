import type { FastifyInstance, FastifyReply } from 'fastify'
import { requireUser } from '../../platform/auth/guards.ts'
import { AGENCY_TYPE_LABELS, type AgencyType } from '../../platform/access/roles.ts'
import { ConflictError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { formErrors, zodFieldErrors } from '../../platform/http/forms.ts'
import { LAWFUL_BASIS_LABELS, SPECIAL_CATEGORY_LABELS } from './labels.ts'
import { childName } from './page-presenters.ts'
import { presentDeskPage, presentDeskRow } from './research-presenters.ts'
import { answerResearch, deskQueue, requestResearch, researchOptions, viewResearchRequest, withdrawResearch } from './research.ts'
import { contactReference } from './rules.ts'
import { LAWFUL_BASES, SPECIAL_CATEGORY_CONDITIONS } from './schema.ts'
import { researchAnswerBody } from './schemas.ts'

type Params = { id: string }
type RequestParams = { requestId: string }
type Req = Parameters<FastifyInstance['work']>[0]
const pre = { preHandler: requireUser }
const str = (v: unknown) => (typeof v === 'string' ? v : '')
const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : typeof v === 'string' && v ? [v] : [])

function locals(errors: FieldError[]) {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

function refusal(error: unknown): FieldError[] {
  if (error instanceof ValidationError) return error.errors
  if (error instanceof ConflictError) return [{ field: 'form', message: error.message }]
  throw error
}

/** Partner research pages (ADR 0011): the manager asks from the contact; each desk answers from its queue. */
export async function registerResearchPages(app: FastifyInstance): Promise<void> {
  async function askPage(reply: FastifyReply, request: Req & { params: Params }, values: { agencyTypes: string[]; question: string }, errors: FieldError[]) {
    const { contact, desks, openAgencyTypes } = await app.work(request, (ctx) => researchOptions(ctx, request.params.id))
    return reply.code(errors.length ? 400 : 200).view('contacts/views/research-ask.njk', {
      pageTitle: 'Ask partner agencies',
      id: contact.id,
      reference: contactReference(contact.number),
      child: childName(contact),
      linked: contact.personId !== null,
      deskItems: desks.map((d) => ({
        value: d.agencyType,
        text: AGENCY_TYPE_LABELS[d.agencyType as AgencyType] ?? d.agencyType,
        hint: { text: `${d.teamName}, ${d.agencyName}${openAgencyTypes.includes(d.agencyType) ? ' – already asked, not answered yet' : ''}` },
        checked: values.agencyTypes.includes(d.agencyType),
      })),
      values,
      ...locals(errors),
    })
  }

  app.get<{ Params: Params }>('/contacts/:id/research', pre, async (request, reply) => askPage(reply, request, { agencyTypes: [], question: '' }, []))

  app.post<{ Params: Params }>('/contacts/:id/research', pre, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const values = { agencyTypes: list(body.agencyTypes), question: str(body.question).trim().slice(0, 4000) }
    const errors: FieldError[] = []
    if (values.agencyTypes.length === 0) errors.push({ field: 'agencyTypes', message: 'Select the partner agencies to ask' })
    if (!values.question) errors.push({ field: 'question', message: 'Enter what you want to know' })
    else if (values.question.length > 2000) errors.push({ field: 'question', message: 'What you want to know must be 2,000 characters or fewer' })
    if (errors.length) return askPage(reply, request, values, errors)
    try {
      await app.work(request, (ctx) => requestResearch(ctx, request.params.id, values))
    } catch (error) {
      return askPage(reply, request, values, refusal(error))
    }
    return reply.redirect(`/contacts/${request.params.id}#research`, 303)
  })

  app.post<{ Params: Params & RequestParams }>('/contacts/:id/research/:requestId/withdraw', pre, async (request, reply) => {
    try {
      await app.work(request, (ctx) => withdrawResearch(ctx, request.params.id, request.params.requestId))
    } catch (error) {
      // Already answered or withdrawn (two people at once): the contact page shows where it stands.
      if (!(error instanceof ConflictError || error instanceof ValidationError)) throw error
    }
    return reply.redirect(`/contacts/${request.params.id}#research`, 303)
  })

  app.get('/research-requests', pre, async (request, reply) => {
    const which = (request.query as Record<string, unknown>).status === 'answered' ? 'answered' : 'open'
    const { rows, now } = await app.work(request, async (ctx) => ({ rows: await deskQueue(ctx, which), now: ctx.now }))
    return reply.view('contacts/views/research-queue.njk', { pageTitle: 'Research requests', which, rows: rows.map((r) => presentDeskRow(r, now)) })
  })

  async function deskPage(reply: FastifyReply, request: Req & { params: RequestParams }, values: Record<string, string>, errors: FieldError[]) {
    const { seen, now } = await app.work(request, async (ctx) => ({ seen: await viewResearchRequest(ctx, request.params.requestId), now: ctx.now }))
    return reply.code(errors.length ? 400 : 200).view('contacts/views/research-request.njk', {
      pageTitle: `Research request ${contactReference(seen.contact.number)}`,
      ...presentDeskPage(seen, now),
      values,
      lawfulBasisItems: [{ value: '', text: 'Select the lawful basis' }, ...LAWFUL_BASES.map((value) => ({ value, text: LAWFUL_BASIS_LABELS[value], selected: values.lawfulBasis === value }))],
      specialItems: [{ value: '', text: 'None: no special category data' }, ...SPECIAL_CATEGORY_CONDITIONS.map((value) => ({ value, text: SPECIAL_CATEGORY_LABELS[value], selected: values.specialCategoryCondition === value }))],
      ...locals(errors),
    })
  }

  app.get<{ Params: RequestParams }>('/research-requests/:requestId', pre, async (request, reply) => deskPage(reply, request, {}, []))

  app.post<{ Params: RequestParams }>('/research-requests/:requestId', pre, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const values = { answer: str(body.answer), information: str(body.information).slice(0, 12_000), lawfulBasis: str(body.lawfulBasis), specialCategoryCondition: str(body.specialCategoryCondition) }
    const parsed = researchAnswerBody.safeParse({
      answer: values.answer || undefined,
      ...(values.information.trim() ? { information: values.information } : {}),
      ...(values.answer === 'information-shared' && values.lawfulBasis ? { lawfulBasis: values.lawfulBasis } : {}),
      ...(values.answer === 'information-shared' && values.specialCategoryCondition ? { specialCategoryCondition: values.specialCategoryCondition } : {}),
    })
    if (!parsed.success) return deskPage(reply, request, values, zodFieldErrors(parsed.error))
    try {
      await app.work(request, (ctx) => answerResearch(ctx, request.params.requestId, parsed.data))
    } catch (error) {
      return deskPage(reply, request, values, refusal(error))
    }
    return reply.redirect(`/research-requests/${request.params.requestId}`, 303)
  })
}

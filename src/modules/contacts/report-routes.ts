import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireUser } from '../../platform/auth/guards.ts'
import { formErrors } from '../../platform/http/forms.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { loadDraft, saveDraftStep, sendDraft, startDraft, type Draft } from './draft.ts'
import { CONCERN_LABELS, LAWFUL_BASIS_LABELS, REFERRAL_SOURCE_LABELS, SPECIAL_CATEGORY_LABELS } from './labels.ts'
import { presentCheckAnswers } from './report-presenters.ts'
import { findStep, nextUnanswered, stepsFor, type Answers } from './report-steps.ts'
import { contactReference } from './rules.ts'
import { CONCERN_TYPES, REFERRAL_SOURCES, SPECIAL_CATEGORY_CONDITIONS, type LawfulBasis } from './schema.ts'
import { assertCanReport, viewContact } from './service.ts'

const pre = { preHandler: requireUser }
/** Public task first: consent is not the default basis for safeguarding (DOMAIN.md §6.2–6.3). */
const BASIS_ORDER: readonly LawfulBasis[] = ['public-task', 'legal-obligation', 'vital-interests', 'consent']
const BASE = '/report-a-concern'

/** The browser session's key (report pages are pages: there is always a session). */
function sessionKey(request: FastifyRequest): string {
  const hash = request.session?.tokenHash
  if (!hash) throw new Error('report pages need a browser session')
  return hash
}

/** The options each question offers, with the current answers ticked. */
function questionLocals(answers: Answers) {
  const ticked = (k: string, v: string) => (Array.isArray(answers[k]) ? (answers[k] as string[]).includes(v) : answers[k] === v)
  return {
    values: answers,
    concernItems: CONCERN_TYPES.map((value) => ({ value, text: CONCERN_LABELS[value], checked: ticked('concernTypes', value) })),
    sourceItems: [{ value: '', text: 'Select who is making the referral' }, ...REFERRAL_SOURCES.map((value) => ({ value, text: `${REFERRAL_SOURCE_LABELS[value]} (${value})`, selected: ticked('referralSource', value) }))],
    basisItems: BASIS_ORDER.map((value) => ({ value, text: LAWFUL_BASIS_LABELS[value], checked: ticked('lawfulBasis', value) })),
    specialItems: [
      ...SPECIAL_CATEGORY_CONDITIONS.map((value) => ({ value, text: SPECIAL_CATEGORY_LABELS[value], checked: ticked('specialCategoryCondition', value) })),
      { divider: 'or' },
      { value: 'none', text: 'I am not sharing special category information (health, ethnicity, sexual life, religion)', checked: ticked('specialCategoryCondition', 'none') },
    ],
  }
}

export async function registerReportPages(app: FastifyInstance): Promise<void> {
  app.get(BASE, pre, async (request, reply) => {
    const channel = (request.query as Record<string, unknown>).channel === 'phone' ? 'phone' : 'online'
    await app.work(request, async (ctx) => assertCanReport(ctx, channel))
    return reply.view('contacts/views/report-start.njk', { pageTitle: channel === 'phone' ? 'Record a phone call to the MASH' : 'Report a concern about a child', channel })
  })

  app.post(`${BASE}/start`, pre, async (request, reply) => {
    const channel = (request.body as Record<string, unknown> | undefined)?.channel === 'phone' ? 'phone' : 'online'
    await app.work(request, (ctx) => startDraft(ctx, sessionKey(request), channel))
    return reply.redirect(`${BASE}/${stepsFor(channel)[0]?.name}`, 303)
  })

  app.get(`${BASE}/check`, pre, async (request, reply) => {
    const draft = await app.work(request, (ctx) => loadDraft(ctx, sessionKey(request)))
    if (!draft) return reply.redirect(BASE, 303)
    return checkPage(reply, draft, [])
  })

  app.post(`${BASE}/check`, pre, async (request, reply) => {
    const key = sessionKey(request)
    const draft = await app.work(request, (ctx) => loadDraft(ctx, key))
    if (!draft) return reply.redirect(BASE, 303)
    try {
      const sent = await app.work(request, (ctx) => sendDraft(ctx, key, draft))
      if ('unanswered' in sent) return reply.redirect(`${BASE}/${sent.unanswered}`, 303)
      return reply.redirect(`${BASE}/sent/${sent.id}`, 303)
    } catch (error) {
      if (error instanceof ValidationError) return checkPage(reply.code(400), draft, error.errors)
      throw error
    }
  })

  app.get<{ Params: { id: string } }>(`${BASE}/sent/:id`, pre, async (request, reply) => {
    const seen = await app.work(request, (ctx) => viewContact(ctx, request.params.id))
    return reply.view('contacts/views/report-sent.njk', { pageTitle: 'Concern sent to the MASH', reference: contactReference(seen.contact.number), id: seen.contact.id, phone: seen.contact.channel === 'phone' })
  })

  app.get<{ Params: { step: string } }>(`${BASE}/:step`, pre, async (request, reply) => {
    const draft = await app.work(request, (ctx) => loadDraft(ctx, sessionKey(request)))
    const step = findStep(request.params.step)
    if (!draft || !step || (step.phoneOnly && draft.channel !== 'phone')) return reply.redirect(BASE, 303)
    return questionPage(reply, draft, step.name, draft.answers, [])
  })

  app.post<{ Params: { step: string } }>(`${BASE}/:step`, pre, async (request, reply) => {
    const key = sessionKey(request)
    const draft = await app.work(request, (ctx) => loadDraft(ctx, key))
    const step = findStep(request.params.step)
    if (!draft || !step || (step.phoneOnly && draft.channel !== 'phone')) return reply.redirect(BASE, 303)
    const { answers, errors } = step.read((request.body ?? {}) as Record<string, unknown>)
    if (errors.length) return questionPage(reply.code(400), draft, step.name, { ...draft.answers, ...answers }, errors)
    await app.work(request, (ctx) => saveDraftStep(ctx, key, draft, step.name, answers))
    return reply.redirect(`${BASE}/${nextUnanswered({ ...draft.answers, ...answers }, draft.channel)}`, 303)
  })
}

function questionPage(reply: FastifyReply, draft: Draft, step: string, answers: Answers, errors: FieldError[]) {
  const steps = stepsFor(draft.channel)
  const index = steps.findIndex((s) => s.name === step)
  const { summary, fields } = formErrors(errors)
  return reply.view('contacts/views/report-question.njk', {
    pageTitle: steps[index]?.title ?? 'Report a concern',
    step,
    channel: draft.channel,
    back: index > 0 ? `${BASE}/${steps[index - 1]?.name}` : BASE,
    ...questionLocals(answers),
    errors: summary,
    fieldErrors: fields,
  })
}

function checkPage(reply: FastifyReply, draft: Draft, errors: FieldError[]) {
  const { summary } = formErrors(errors)
  return reply.view('contacts/views/report-check.njk', { pageTitle: 'Check your answers before sending', channel: draft.channel, sections: presentCheckAnswers(draft), complete: nextUnanswered(draft.answers, draft.channel) === 'check', errors: summary })
}

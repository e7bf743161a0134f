import type { FastifyInstance, FastifyReply } from 'fastify'
import { requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { zodFieldErrors } from '../../platform/http/forms.ts'
import { ConflictError, type FieldError } from '../../platform/errors.ts'
import { formatDateTime } from '../../platform/views/index.ts'
import { fullName, presentSearchResultPage, searchPeople } from '../people/index.ts'
import { blank, checked, dateTimeValues, formValues, parseDateTime, type FormValues } from './forms.ts'
import { PLACE_WENT_SOURCE_LABELS, RHI_STATUS_LABELS, rhiTag } from './presenters.ts'
import { recordReturnInterview, viewReturnInterviewForEdit } from './rhi.ts'
import { rhiOverdue } from './rules.ts'
import { RHI_STATUSES } from './schema.ts'
import { MAX_PLACES_WENT, RHI_REFERRAL_LABELS, RHI_REFERRALS, returnInterviewBody } from './schemas.ts'
import { assertMissingWork, returnInterviewQueue } from './service.ts'
import type { Factor } from './settings.ts'
import { errorLocals, refusal } from './routes.ts'

type Params = { id: string }
/** The form offers this many empty rows for places went (more once they are filled), and reads up to the API's maximum. */
const PLACE_SLOTS = 3

/** The form's place rows (`placeWent1`, `placeWent1Postcode`, …) → the API's `placesWent`; a row with neither is skipped. */
export function placesWentFromForm(values: FormValues): Array<{ description: string; postcode?: string }> {
  const places: Array<{ description: string; postcode?: string }> = []
  for (let n = 1; n <= MAX_PLACES_WENT; n++) {
    const description = blank(values[`placeWent${n}`])
    const postcode = blank(values[`placeWent${n}Postcode`])
    if (description || postcode) places.push({ description: description ?? '', ...(postcode ? { postcode } : {}) })
  }
  return places
}

/** The API's nested names → the form's fields (placesWent.0.postcode → placeWent1Postcode), given the rows sent. */
function placeField(field: string, values: FormValues): string {
  const m = /^placesWent\.(\d+)(?:\.(\w+))?$/.exec(field)
  if (!m) return field === 'placesWent' ? 'placeWent1' : field
  // The n-th place sent is the n-th filled row, which need not be the n-th row of the form.
  const filled = Array.from({ length: MAX_PLACES_WENT }, (_, i) => i + 1).filter((n) => blank(values[`placeWent${n}`]) || blank(values[`placeWent${n}Postcode`]))
  const row = filled[Number(m[1])] ?? 1
  return m[2] === 'postcode' ? `placeWent${row}Postcode` : `placeWent${row}`
}
const TEXT_FIELDS = ['statusReason', 'interviewerName', 'whyWent', 'whereWent', 'withWhom', 'harm', 'disclosures', 'childsWords', 'actions', 'carerInformation'] as const

/** Return home interview pages, the overdue queue, and finding a child to record an episode for. */
export async function registerReturnInterviewPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const pre = { preHandler: requireUser }
  const now = () => deps.platform.clock.now()

  app.get('/missing/return-interviews', pre, async (request, reply) => {
    const rows = await app.work(request, (ctx) => returnInterviewQueue(ctx))
    const at = now()
    const items = rows.map((r) => ({ ...r, name: fullName(r), returned: formatDateTime(r.returnedAt), due: formatDateTime(r.dueBy), tag: rhiTag(r, at), overdue: rhiOverdue(r, at) }))
    return reply.view('missing/views/rhi-queue.njk', { pageTitle: 'Return home interviews', items, overdue: items.filter((i) => i.overdue).length })
  })

  app.get('/missing/find', pre, async (request, reply) => {
    const q = (request.query ?? {}) as Record<string, unknown>
    const terms = { givenName: str(q.givenName), familyName: str(q.familyName) }
    const searched = Boolean(terms.givenName || terms.familyName)
    if (!searched) {
      await app.work(request, async (ctx) => assertMissingWork(ctx))
      return reply.view('missing/views/find.njk', { pageTitle: 'Record a missing episode: find the child', values: terms, searched })
    }
    const results = await app.work(request, (ctx) => searchPeople(ctx, terms))
    return reply.view('missing/views/find.njk', { pageTitle: 'Record a missing episode: find the child', values: terms, searched, results: results.map(presentSearchResultPage) })
  })

  const rhiPage = (reply: FastifyReply, data: Awaited<ReturnType<typeof viewReturnInterviewForEdit>>, values: FormValues, errors: FieldError[] = []) => {
    const factorItems = (list: readonly Factor[], name: string) => {
      const chosen = (values[name] ?? '').split('\n')
      return list.map((f) => ({ value: f.code, text: f.label, checked: chosen.includes(f.code) }))
    }
    const chosenReferrals = (values.referrals ?? '').split('\n')
    const filledRows = Array.from({ length: MAX_PLACES_WENT }, (_, i) => i + 1).filter((n) => blank(values[`placeWent${n}`]) || blank(values[`placeWent${n}Postcode`]))
    const slots = Math.min(MAX_PLACES_WENT, Math.max(PLACE_SLOTS, (filledRows.at(-1) ?? 0) + 1))
    return reply.code(errors.length ? 400 : 200).view('missing/views/rhi.njk', {
      pageTitle: 'Return home interview',
      id: data.episode.id,
      open: !data.episode.returnedAt,
      dueBy: data.rhi ? formatDateTime(data.rhi.dueBy) : null,
      version: data.rhi?.version ?? 0,
      values,
      statusItems: RHI_STATUSES.map((s) => ({ value: s, text: RHI_STATUS_LABELS[s], checked: values.status === s })),
      pushItems: factorItems(data.settings.pushFactors, 'pushFactors'),
      pullItems: factorItems(data.settings.pullFactors, 'pullFactors'),
      placeRows: Array.from({ length: slots }, (_, i) => i + 1),
      policePlaces: data.placesWent.filter((p) => p.source !== 'rhi').map((p) => `${[p.description, p.postcode].filter(Boolean).join(', ')} (${PLACE_WENT_SOURCE_LABELS[p.source]})`),
      referralItems: RHI_REFERRALS.map((r) => ({ value: r, text: RHI_REFERRAL_LABELS[r], checked: chosenReferrals.includes(r) })),
      ...errorLocals(errors),
    })
  }

  app.get<{ Params: Params }>('/missing-episodes/:id/return-interview', pre, async (request, reply) => {
    const data = await app.work(request, (ctx) => viewReturnInterviewForEdit(ctx, request.params.id))
    const r = data.rhi
    const values: FormValues = r
      ? {
          status: r.status,
          ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, r[f] ?? ''])),
          ...dateTimeValues('offeredAt', r.offeredAt),
          ...dateTimeValues('heldAt', r.heldAt),
          pushFactors: r.pushFactors.join('\n'),
          pullFactors: r.pullFactors.join('\n'),
          referrals: r.referrals.join('\n'),
          ...Object.fromEntries(
            data.placesWent
              .filter((p) => p.source === 'rhi')
              .flatMap((p, i) => [
                [`placeWent${i + 1}`, p.description],
                [`placeWent${i + 1}Postcode`, p.postcode ?? ''],
              ]),
          ),
        }
      : {}
    return rhiPage(reply, data, values)
  })

  app.post<{ Params: Params }>('/missing-episodes/:id/return-interview', pre, async (request, reply) => {
    const values = formValues(request.body)
    const errors: FieldError[] = []
    const offeredAt = parseDateTime(values, 'offeredAt', 'Date offered', false, errors)
    const heldAt = parseDateTime(values, 'heldAt', 'Date of the interview', false, errors)
    const lists = { pushFactors: checked(request.body, 'pushFactors'), pullFactors: checked(request.body, 'pullFactors'), referrals: checked(request.body, 'referrals') }
    const parsed = returnInterviewBody.safeParse({
      ...Object.fromEntries(TEXT_FIELDS.flatMap((f) => (blank(values[f]) ? [[f, blank(values[f])]] : []))),
      ...(blank(values.status) ? { status: values.status } : {}),
      ...(offeredAt ? { offeredAt: offeredAt.toISOString() } : {}),
      ...(heldAt ? { heldAt: heldAt.toISOString() } : {}),
      ...lists,
      placesWent: placesWentFromForm(values),
    })
    if (!parsed.success) errors.push(...zodFieldErrors(parsed.error).map((e) => ({ ...e, field: placeField(e.field, values) })).filter((e) => !errors.some((x) => x.field.startsWith(e.field))))
    const again = async (errs: FieldError[]) => rhiPage(reply, await app.work(request, (ctx) => viewReturnInterviewForEdit(ctx, request.params.id)), values, errs)
    if (errors.length || !parsed.success) return again(errors)
    const version = Number(values.version)
    try {
      await app.work(request, (ctx) => recordReturnInterview(ctx, request.params.id, parsed.data, Number.isInteger(version) && version > 0 ? version : undefined))
      return reply.redirect(`/missing-episodes/${request.params.id}`, 303)
    } catch (error) {
      if (error instanceof ConflictError) return again([{ field: 'status', message: error.message }])
      return again(refusal(error))
    }
  })
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : undefined
}

import { endAccessGrant, grantAccess, listAccessGrants, type GrantInput } from './access-grants.ts'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { formErrors } from '../../platform/http/forms.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import {
  auditFilterQuery,
  field,
  isUuid,
  parseAuditFilter,
  parseProtectionForm,
  parseReviewForm,
  type ProtectionValues,
  type ReviewValues,
} from './forms.ts'
import { GOVERNANCE_ROLE } from './policy.ts'
import { presentAuditRow, presentGrant, presentNotification, presentProtection, stateTag, STATE_LABELS } from './presenters.ts'
import {
  assertCanProtect,
  assertCanViewAudit,
  governanceOverview,
  listBreakGlass,
  listProtected,
  markRead,
  myNotifications,
  protectRecord,
  reviewBreakGlass,
  viewAudit,
  viewBreakGlass,
  viewProtection,
} from './service.ts'

type IdParams = { id: string }
type PersonParams = { personId: string }

/** GOV.UK error summary + inline messages; a date input's summary link goes to its day field. */
function errorLocals(errors: readonly FieldError[], dateFields: readonly string[] = []) {
  const { summary, fields } = formErrors(errors)
  return {
    errors: summary.map((s) => (dateFields.includes(s.href.slice(1)) ? { ...s, href: `${s.href}-day` } : s)),
    fieldErrors: fields,
  }
}

/** Sub-navigation for the IG pages (MOJ sub-navigation). */
function subNavigation(current: 'overview' | 'audit' | 'break-glass' | 'protection') {
  return [
    { text: 'Overview', href: '/governance', active: current === 'overview' },
    { text: 'Audit log', href: '/governance/audit', active: current === 'audit' },
    { text: 'Break-glass reviews', href: '/governance/break-glass', active: current === 'break-glass' },
    { text: 'Record protection', href: '/governance/protection', active: current === 'protection' },
  ]
}

/** Only our own pages: a mark-as-read form on the IG overview asks to come back to it. */
function returnPath(body: unknown, governance: boolean): string {
  return governance && field(body, 'returnTo') === 'governance' ? '/governance' : '/notifications'
}

export async function registerGovernancePages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const pre = { preHandler: requireUser }

  // --- Overview ---------------------------------------------------------------------------------------------

  app.get('/governance', pre, async (request, reply) => {
    const overview = await app.work(request, (ctx) => governanceOverview(ctx))
    return reply.view('governance/views/index.njk', {
      pageTitle: 'Information governance',
      subNavigation: subNavigation('overview'),
      unreadCount: overview.unreadCount,
      awaitingReview: overview.awaitingReview,
      protectedCount: overview.protectedCount,
      notifications: overview.unread.map((n) => presentNotification(n, true)),
    })
  })

  // --- Audit viewer -----------------------------------------------------------------------------------------

  app.get('/governance/audit', pre, async (request, reply) => {
    const parsed = parseAuditFilter(request.query)
    const locals = { pageTitle: 'Audit log', subNavigation: subNavigation('audit'), values: parsed.values, filtered: parsed.filtered }
    if (!parsed.filter) {
      await app.work(request, async (ctx) => assertCanViewAudit(ctx))
      return reply.code(400).view('governance/views/audit.njk', { ...locals, ...errorLocals(parsed.errors, ['from', 'to']) })
    }
    const filter = parsed.filter
    const { rows, nextBefore } = await app.work(request, (ctx) => viewAudit(ctx, filter))
    const query = auditFilterQuery(filter)
    return reply.view('governance/views/audit.njk', {
      ...locals,
      rows: rows.map(presentAuditRow),
      nextHref: nextBefore === null ? null : `/governance/audit?${auditFilterQuery(filter, nextBefore)}`,
      firstHref: filter.before === undefined ? null : `/governance/audit${query ? `?${query}` : ''}`,
    })
  })

  // --- Break-glass reviews ----------------------------------------------------------------------------------

  app.get('/governance/break-glass', pre, async (request, reply) => {
    const { awaiting, reviewed, awaitingCount } = await app.work(request, (ctx) => listBreakGlass(ctx))
    const now = deps.platform.clock.now()
    return reply.view('governance/views/break-glass-list.njk', {
      pageTitle: 'Break-glass reviews',
      subNavigation: subNavigation('break-glass'),
      awaiting: awaiting.map((g) => presentGrant(g, now)),
      awaitingCount,
      reviewed: reviewed.map((g) => presentGrant(g, now)),
    })
  })

  async function grantPage(request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply, form: { values?: ReviewValues; errors?: FieldError[]; reviewed?: boolean } = {}) {
    const { grant, events } = await app.work(request, (ctx) => viewBreakGlass(ctx, request.params.id))
    const presented = presentGrant(grant, deps.platform.clock.now())
    return reply.view('governance/views/break-glass-show.njk', {
      pageTitle: `Emergency access to ${grant.personName}`,
      subNavigation: subNavigation('break-glass'),
      grant: presented,
      ownUse: grant.userId === currentUser(request).userId,
      events: events.map(presentAuditRow),
      values: form.values ?? { outcome: '', note: '' },
      justReviewed: form.reviewed ?? false,
      ...errorLocals(form.errors ?? []),
    })
  }

  app.get<{ Params: IdParams; Querystring: { reviewed?: string } }>('/governance/break-glass/:id', pre, async (request, reply) =>
    grantPage(request, reply, { reviewed: request.query?.reviewed === '1' }),
  )

  app.post<{ Params: IdParams }>('/governance/break-glass/:id/review', pre, async (request, reply) => {
    const { input, values, errors } = parseReviewForm(request.body)
    if (!input) return grantPage(request, reply.code(400), { values, errors })
    try {
      await app.work(request, (ctx) => reviewBreakGlass(ctx, request.params.id, input))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return grantPage(request, reply.code(400), { values, errors: error.errors })
    }
    return reply.redirect(`/governance/break-glass/${request.params.id}?reviewed=1`, 303)
  })

  // --- Record protection ------------------------------------------------------------------------------------

  app.get('/governance/protection', pre, async (request, reply) => {
    const rows = await app.work(request, (ctx) => listProtected(ctx))
    return reply.view('governance/views/protection-list.njk', {
      pageTitle: 'Record protection',
      subNavigation: subNavigation('protection'),
      rows: rows.map(presentProtection),
    })
  })

  app.get('/governance/protection/find', pre, async (request, reply) => {
    await app.work(request, async (ctx) => assertCanProtect(ctx))
    const query = request.query as Record<string, unknown> | undefined
    const asked = query !== undefined && 'personId' in query
    const personId = field(query, 'personId').trim()
    const render = (errors: FieldError[]) =>
      reply.code(errors.length > 0 ? 400 : 200).view('governance/views/protection-find.njk', {
        pageTitle: 'Find a record by person ID',
        subNavigation: subNavigation('protection'),
        personId: personId.slice(0, 100),
        ...errorLocals(errors),
      })
    if (!asked) return render([])
    if (!personId) return render([{ field: 'personId', message: 'Enter a person ID' }])
    if (!isUuid(personId)) return render([{ field: 'personId', message: 'Enter a person ID in the correct format, like 0b6a5f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b' }])
    // An unknown id gets the record page's 404.
    return reply.redirect(`/governance/protection/${personId.toLowerCase()}`, 303)
  })

  async function protectionPage(
    request: FastifyRequest<{ Params: PersonParams }>,
    reply: FastifyReply,
    form: { values?: ProtectionValues; errors?: FieldError[]; saved?: boolean; grant?: Partial<GrantInput> } = {},
  ) {
    const { view, grants } = await app.work(request, async (ctx) => ({
      view: await viewProtection(ctx, request.params.personId),
      grants: await listAccessGrants(ctx, request.params.personId),
    }))
    const values = form.values ?? { state: view.state, reason: '', namedUsers: view.namedUsers.map((u) => u.email).join('\n') }
    return reply.view('governance/views/protection-show.njk', {
      pageTitle: `Record protection: ${view.person.name}`,
      subNavigation: subNavigation('protection'),
      person: view.person,
      state: view.state,
      stateTag: stateTag(view.state),
      stateLabel: STATE_LABELS[view.state],
      protection: view.protection ? presentProtection(view.protection) : null,
      namedUsers: view.namedUsers,
      grants: grants.map((g) => ({ ...g, startsAt: g.startsAt.toISOString(), expiresAt: g.expiresAt?.toISOString() })),
      grantValues: form.grant ?? {},
      values,
      saved: form.saved ?? false,
      ...errorLocals(form.errors ?? []),
    })
  }

  app.get<{ Params: PersonParams; Querystring: { saved?: string } }>('/governance/protection/:personId', pre, async (request, reply) =>
    protectionPage(request, reply, { saved: request.query?.saved === '1' }),
  )

  app.post<{ Params: PersonParams }>('/governance/protection/:personId', pre, async (request, reply) => {
    const { input, values, errors } = parseProtectionForm(request.body)
    if (!input) return protectionPage(request, reply.code(400), { values, errors })
    try {
      await app.work(request, (ctx) => protectRecord(ctx, request.params.personId, input))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return protectionPage(request, reply.code(400), { values, errors: error.errors })
    }
    return reply.redirect(`/governance/protection/${request.params.personId}?saved=1`, 303)
  })

  // Relationships granted by IG: how a restricted record is opened to a named practitioner (CONTRACTS.md §2).
  app.post<{ Params: PersonParams }>('/governance/protection/:personId/grants', pre, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const grant = { email: String(body.grantEmail ?? '').slice(0, 320), days: String(body.grantDays ?? '').slice(0, 10), reason: String(body.grantReason ?? '').slice(0, 2000) }
    try {
      await app.work(request, (ctx) => grantAccess(ctx, request.params.personId, grant))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return protectionPage(request, reply.code(400), { errors: error.errors, grant })
    }
    return reply.redirect(`/governance/protection/${request.params.personId}?saved=1`, 303)
  })

  app.post<{ Params: PersonParams & { grantId: string } }>('/governance/protection/:personId/grants/:grantId/end', pre, async (request, reply) => {
    await app.work(request, (ctx) => endAccessGrant(ctx, request.params.personId, request.params.grantId))
    return reply.redirect(`/governance/protection/${request.params.personId}?saved=1`, 303)
  })

  // --- Notifications (every signed-in user) -------------------------------------------------------------------

  app.get('/notifications', pre, async (request, reply) => {
    const { notifications, unreadCount } = await app.work(request, (ctx) => myNotifications(ctx))
    const forGovernance = currentUser(request).roleProfile === GOVERNANCE_ROLE
    return reply.view('governance/views/notifications.njk', {
      pageTitle: 'Notifications',
      unreadCount,
      notifications: notifications.map((n) => presentNotification(n, forGovernance)),
    })
  })

  app.post<{ Params: IdParams }>('/notifications/:id/read', pre, async (request, reply) => {
    await app.work(request, (ctx) => markRead(ctx, request.params.id))
    return reply.redirect(returnPath(request.body, currentUser(request).roleProfile === GOVERNANCE_ROLE), 303)
  })
}

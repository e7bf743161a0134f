import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { authorize, type Action } from '../../platform/access/engine.ts'
import { requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { AGENCY_FORM_FIELDS, parseForm, ROLE_PROFILE_FORM_FIELDS, TEAM_FORM_FIELDS, USER_FORM_FIELDS, type FormValues } from './forms.ts'
import { PARTNERSHIP } from './policy.ts'
import {
  agencyFormValues,
  agencyTypeItems,
  agencyTypeLabel,
  describeRoleProfile,
  formLocals,
  roleProfileItems,
  roleProfileLabel,
  statusTag,
  teamItems,
  userStatus,
} from './presenters.ts'
import { agencyFields, roleProfileFields, teamFields, userFields } from './schemas.ts'
import {
  addRoleProfile,
  agencyDetails,
  agencyList,
  assertAgencyExists,
  assertCanAdminister,
  createAgency,
  createPartnershipUser,
  createTeam,
  disablePartnershipUser,
  enablePartnershipUser,
  removeRoleProfile,
  teamChoices,
  updateAgency,
  userDetails,
  userList,
} from './service.ts'

type Id = { id: string }
const usersQuery = z.object({ agency: z.string().max(64).optional(), done: z.string().max(40).optional() })
const doneQuery = z.object({ done: z.string().max(40).optional() })

/** Fixed confirmation messages after a redirect (never text from the query string itself). */
const DONE: Record<string, string> = {
  'agency-created': 'Agency added',
  'agency-updated': 'Agency details changed',
  'team-created': 'Team added',
  'role-profile-added': 'Role profile added',
  'role-profile-removed': 'Role profile removed. Any session or API token in that role has ended.',
  disabled: 'User disabled. Their sessions and API tokens have ended.',
  enabled: 'User enabled. They can sign in again.',
}
const doneMessage = (query: unknown) => {
  const parsed = doneQuery.safeParse(query ?? {})
  return parsed.success && parsed.data.done ? DONE[parsed.data.done] : undefined
}

/** Re-render with the GOV.UK error summary when a service refuses the input; rethrow anything else. */
function refusal(error: unknown): FieldError[] {
  if (error instanceof ValidationError) return error.errors
  throw error
}

export async function registerPartnershipPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const now = () => deps.platform.clock.now()
  /**
   * Every admin route checks the function first — before reading a form or a record — so a role without it gets
   * the same audited 403 on every route, whatever it sends. The services check again (defence in depth).
   */
  const only = (action: Action) => ({
    preHandler: [
      requireUser,
      async (request: FastifyRequest) => {
        if (!request.user) return
        await app.work(request, async (ctx) => void authorize(ctx, action, PARTNERSHIP))
      },
    ],
  })
  const agenciesRoute = only('admin.agencies.manage')
  const usersRoute = only('admin.users.manage')

  // --- Landing ------------------------------------------------------------------------------------------------

  app.get('/admin', agenciesRoute, async (request, reply) => {
    await app.work(request, async (ctx) => assertCanAdminister(ctx))
    return reply.view('partnership/views/index.njk', { pageTitle: 'Partnership set-up' })
  })

  // --- Agencies -----------------------------------------------------------------------------------------------

  app.get('/admin/agencies', agenciesRoute, async (request, reply) => {
    const list = await app.work(request, (ctx) => agencyList(ctx))
    return reply.view('partnership/views/agencies.njk', {
      pageTitle: 'Agencies',
      done: doneMessage(request.query),
      agencies: list.map((a) => ({ ...a, typeLabel: agencyTypeLabel(a.type) })),
    })
  })

  const agencyForm = (reply: FastifyReply, locals: { mode: 'new' | 'edit'; id?: string; agencyName?: string; values: FormValues; errors?: FieldError[] }) =>
    reply.view('partnership/views/agency-form.njk', {
      pageTitle: locals.mode === 'new' ? 'Add an agency' : 'Change agency details',
      mode: locals.mode,
      id: locals.id,
      agencyName: locals.agencyName,
      action: locals.mode === 'new' ? '/admin/agencies' : `/admin/agencies/${locals.id}/edit`,
      typeItems: agencyTypeItems(locals.values.type),
      ...formLocals(locals.values, locals.errors),
    })

  app.get('/admin/agencies/new', agenciesRoute, async (_request, reply) => agencyForm(reply, { mode: 'new', values: {} }))

  app.post('/admin/agencies', agenciesRoute, async (request, reply) => {
    const { input, errors, values } = parseForm(agencyFields, AGENCY_FORM_FIELDS, request.body)
    if (!input) return agencyForm(reply.code(400), { mode: 'new', values, errors })
    try {
      const agency = await app.work(request, (ctx) => createAgency(ctx, input))
      return reply.redirect(`/admin/agencies/${agency.id}?done=agency-created`, 303)
    } catch (error) {
      return agencyForm(reply.code(400), { mode: 'new', values, errors: refusal(error) })
    }
  })

  app.get<{ Params: Id }>('/admin/agencies/:id', agenciesRoute, async (request, reply) => {
    const { agency, teams } = await app.work(request, (ctx) => agencyDetails(ctx, request.params.id))
    return reply.view('partnership/views/agency.njk', {
      pageTitle: agency.name,
      done: doneMessage(request.query),
      agency: { ...agency, typeLabel: agencyTypeLabel(agency.type) },
      teams,
    })
  })

  app.get<{ Params: Id }>('/admin/agencies/:id/edit', agenciesRoute, async (request, reply) => {
    const { agency } = await app.work(request, (ctx) => agencyDetails(ctx, request.params.id))
    return agencyForm(reply, { mode: 'edit', id: agency.id, agencyName: agency.name, values: agencyFormValues(agency) })
  })

  app.post<{ Params: Id }>('/admin/agencies/:id/edit', agenciesRoute, async (request, reply) => {
    const { agency } = await app.work(request, (ctx) => agencyDetails(ctx, request.params.id))
    const { input, errors, values } = parseForm(agencyFields, AGENCY_FORM_FIELDS, request.body)
    if (!input) return agencyForm(reply.code(400), { mode: 'edit', id: agency.id, agencyName: agency.name, values, errors })
    try {
      await app.work(request, (ctx) => updateAgency(ctx, agency.id, input))
      return reply.redirect(`/admin/agencies/${agency.id}?done=agency-updated`, 303)
    } catch (error) {
      return agencyForm(reply.code(400), { mode: 'edit', id: agency.id, agencyName: agency.name, values, errors: refusal(error) })
    }
  })

  // --- Teams --------------------------------------------------------------------------------------------------

  const teamForm = (reply: FastifyReply, agency: { id: string; name: string }, values: FormValues, errors: FieldError[] = []) =>
    reply.view('partnership/views/team-form.njk', { pageTitle: 'What is the team called?', agency, ...formLocals(values, errors) })

  app.get<{ Params: Id }>('/admin/agencies/:id/teams/new', agenciesRoute, async (request, reply) => {
    const agency = await app.work(request, (ctx) => assertAgencyExists(ctx, request.params.id))
    return teamForm(reply, agency, {})
  })

  app.post<{ Params: Id }>('/admin/agencies/:id/teams', agenciesRoute, async (request, reply) => {
    const agency = await app.work(request, (ctx) => assertAgencyExists(ctx, request.params.id))
    const { input, errors, values } = parseForm(teamFields, TEAM_FORM_FIELDS, request.body)
    if (!input) return teamForm(reply.code(400), agency, values, errors)
    try {
      await app.work(request, (ctx) => createTeam(ctx, agency.id, input))
      return reply.redirect(`/admin/agencies/${agency.id}?done=team-created`, 303)
    } catch (error) {
      return teamForm(reply.code(400), agency, values, refusal(error))
    }
  })

  // --- Users --------------------------------------------------------------------------------------------------

  app.get('/admin/users', usersRoute, async (request, reply) => {
    const query = usersQuery.safeParse(request.query ?? {})
    const agencyFilter = query.success ? query.data.agency : undefined
    const { users, agencies, agencyId } = await app.work(request, (ctx) => userList(ctx, { agencyId: agencyFilter }))
    const filtered = agencies.find((a) => a.id === agencyId)
    return reply.view('partnership/views/users.njk', {
      pageTitle: filtered ? `Users in ${filtered.name}` : 'Users',
      filteredAgency: filtered,
      agencyItems: [{ value: '', text: 'All agencies', selected: !agencyId }, ...agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === agencyId }))],
      users: users.map((u) => ({
        id: u.id,
        displayName: u.displayName,
        email: u.email,
        status: statusTag(userStatus(u, now())),
        roleProfiles: u.roleProfiles.map(describeRoleProfile),
      })),
    })
  })

  const userForm = async (request: FastifyRequest, reply: FastifyReply, values: FormValues, errors: FieldError[] = []) => {
    const teams = await app.work(request, (ctx) => teamChoices(ctx))
    return reply.view('partnership/views/user-form.njk', {
      pageTitle: 'Add a user',
      roleProfileItems: roleProfileItems(values.roleProfile),
      teamItems: teamItems(teams, values.teamId),
      ...formLocals(values, errors),
    })
  }

  app.get('/admin/users/new', usersRoute, async (request, reply) => userForm(request, reply, {}))

  app.post('/admin/users', usersRoute, async (request, reply) => {
    const { input, errors, values } = parseForm(userFields, USER_FORM_FIELDS, request.body)
    if (!input) return userForm(request, reply.code(400), values, errors)
    try {
      const { user, temporaryPassword, team } = await app.work(request, (ctx) => createPartnershipUser(ctx, input))
      // Shown once, on this response only (no redirect: it must never sit in a URL or be shown again).
      return reply.view('partnership/views/user-created.njk', {
        pageTitle: 'User added',
        user,
        temporaryPassword,
        roleProfile: describeRoleProfile({ roleProfile: input.roleProfile, teamName: team.name, agencyName: team.agencyName }),
      })
    } catch (error) {
      return userForm(request, reply.code(400), values, refusal(error))
    }
  })

  const userPage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { values?: FormValues; errors?: FieldError[] } = {}) => {
    const { user, roleProfiles, teams } = await app.work(request, (ctx) => userDetails(ctx, id))
    const status = userStatus(user, now())
    const values = extra.values ?? {}
    return reply.view('partnership/views/user.njk', {
      pageTitle: user.displayName,
      done: doneMessage(request.query),
      user,
      status,
      statusTag: statusTag(status),
      isSelf: request.user?.userId === user.id,
      currentRoleProfileId: request.user?.userRoleProfileId,
      roleProfiles: roleProfiles.map((p) => ({ ...p, label: roleProfileLabel(p.roleProfile), description: describeRoleProfile(p) })),
      roleProfileItems: roleProfileItems(values.roleProfile),
      teamItems: teamItems(teams, values.teamId),
      ...formLocals(values, extra.errors),
    })
  }

  app.get<{ Params: Id }>('/admin/users/:id', usersRoute, async (request, reply) => userPage(request, reply, request.params.id))

  app.post<{ Params: Id }>('/admin/users/:id/role-profiles', usersRoute, async (request, reply) => {
    const { input, errors, values } = parseForm(roleProfileFields, ROLE_PROFILE_FORM_FIELDS, request.body)
    if (!input) return userPage(request, reply.code(400), request.params.id, { values, errors })
    try {
      await app.work(request, (ctx) => addRoleProfile(ctx, request.params.id, input))
      return reply.redirect(`/admin/users/${request.params.id}?done=role-profile-added`, 303)
    } catch (error) {
      return userPage(request, reply.code(400), request.params.id, { values, errors: refusal(error) })
    }
  })

  app.post<{ Params: Id & { rpId: string } }>('/admin/users/:id/role-profiles/:rpId/remove', usersRoute, async (request, reply) => {
    try {
      await app.work(request, (ctx) => removeRoleProfile(ctx, request.params.id, request.params.rpId))
      return reply.redirect(`/admin/users/${request.params.id}?done=role-profile-removed`, 303)
    } catch (error) {
      return userPage(request, reply.code(400), request.params.id, { errors: refusal(error) })
    }
  })

  app.post<{ Params: Id }>('/admin/users/:id/disable', usersRoute, async (request, reply) => {
    try {
      await app.work(request, (ctx) => disablePartnershipUser(ctx, request.params.id))
      return reply.redirect(`/admin/users/${request.params.id}?done=disabled`, 303)
    } catch (error) {
      return userPage(request, reply.code(400), request.params.id, { errors: refusal(error) })
    }
  })

  app.post<{ Params: Id }>('/admin/users/:id/enable', usersRoute, async (request, reply) => {
    await app.work(request, (ctx) => enablePartnershipUser(ctx, request.params.id))
    return reply.redirect(`/admin/users/${request.params.id}?done=enabled`, 303)
  })
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { issueApiToken, listApiTokens, revokeApiToken } from '../../platform/auth/api-tokens.ts'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import { changePassword } from '../../platform/auth/users.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { formErrors } from '../../platform/http/forms.ts'

const passwordForm = z.object({ currentPassword: z.string().max(1024).default(''), newPassword: z.string().max(1024).default(''), confirmPassword: z.string().max(1024).default('') })
const tokenForm = z.object({ name: z.string().max(200).default(''), expiresDays: z.string().max(10).default('') })

/** The signed-in user's own account: who they are, their API tokens, signing out everywhere. */
export async function registerAccountPages(app: FastifyInstance): Promise<void> {
  const pre = { preHandler: requireUser }

  async function page(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const user = currentUser(request)
    const { tokens, now } = await app.work(request, async (ctx) => ({ tokens: await listApiTokens(ctx, user.userId), now: ctx.now.getTime() }))
    return reply.view('account/views/account.njk', {
      pageTitle: 'Your account',
      tokens: tokens.map((t) => ({
        id: t.id,
        name: t.name,
        createdAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt?.toISOString(),
        lastUsedAt: t.lastUsedAt?.toISOString(),
        status: t.revokedAt ? 'Revoked' : t.expiresAt && t.expiresAt.getTime() < now ? 'Expired' : 'Active',
      })),
      ...extra,
    })
  }

  app.get('/account', pre, async (request, reply) => page(request, reply, { passwordChanged: (request.query as Record<string, string>).passwordChanged === '1' }))

  app.get('/account/password', pre, async (_request, reply) => reply.view('account/views/password.njk', { pageTitle: 'Change your password' }))

  app.post('/account/password', pre, async (request, reply) => {
    const user = currentUser(request)
    const form = passwordForm.parse(request.body ?? {})
    try {
      await app.work(request, (ctx) => changePassword(ctx, user.userId, form, request.session?.tokenHash))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const { summary, fields } = formErrors(error.errors as FieldError[])
      return reply.code(400).view('account/views/password.njk', { pageTitle: 'Change your password', errors: summary, fieldErrors: fields })
    }
    return reply.redirect('/account?passwordChanged=1', 303)
  })

  app.post('/account/api-tokens', pre, async (request, reply) => {
    const user = currentUser(request)
    const form = tokenForm.parse(request.body ?? {})
    const days = form.expiresDays.trim() === '' ? 90 : Number(form.expiresDays)
    try {
      const { token } = await app.work(request, (ctx) => issueApiToken(ctx, { userId: user.userId, userRoleProfileId: user.userRoleProfileId, name: form.name, expiresDays: days }))
      // Shown once, on this response only; never stored in plain text.
      return page(request, reply, { newToken: token })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const { summary, fields } = formErrors(error.errors as FieldError[])
      return page(request, reply.code(400), { errors: summary, fieldErrors: fields, form })
    }
  })

  app.post<{ Params: { id: string } }>('/account/api-tokens/:id/revoke', pre, async (request, reply) => {
    const user = currentUser(request)
    await app.work(request, (ctx) => revokeApiToken(ctx, user.userId, request.params.id))
    return reply.redirect('/account', 303)
  })
}

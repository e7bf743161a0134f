import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Platform } from '../context/index.ts'
import { runWork } from '../context/index.ts'
import { formErrors } from '../http/forms.ts'
import { SESSION_COOKIE, createSession, csrfTokenFor, destroySession, destroyUserSessions, rotateSession, type Session } from './sessions.ts'
import { checkPassword, checkSecondFactor, roleProfilesOf } from './sign-in.ts'
import { changePassword } from './users.ts'
import { users } from './schema.ts'
import { eq } from 'drizzle-orm'
import { ValidationError } from '../errors.ts'
import { newTotpSecret, totpUri } from './totp.ts'

const COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const
// Per client address, on top of the per-account lockout (SECURITY.md §5).
const SIGN_IN_RATE_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } }

const signInForm = z.object({ email: z.string().trim().max(320).default(''), password: z.string().max(256).default('') })
const codeForm = z.object({ code: z.string().trim().max(20).default('') })
const roleForm = z.object({ roleProfileId: z.string().max(64).default('') })
const newPasswordForm = z.object({ newPassword: z.string().max(1024).default(''), confirmPassword: z.string().max(1024).default('') })

function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, COOKIE_OPTIONS)
}

/** A page that carries a form needs a session for its CSRF token, even before sign-in. */
async function ensureSession(platform: Platform, request: FastifyRequest, reply: FastifyReply): Promise<Session> {
  if (request.session) return request.session
  const { token, session } = await createSession(platform.database.db, { stage: 'anonymous', ipAddress: request.ip }, platform.clock.now())
  setSessionCookie(reply, token)
  request.session = session
  return session
}

export async function registerSignIn(app: FastifyInstance, platform: Platform): Promise<void> {
  const db = platform.database.db
  const view = async (request: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown>) => {
    const session = await ensureSession(platform, request, reply)
    return reply.view(template, { ...data, csrfToken: csrfTokenFor(session) })
  }

  app.get('/sign-in', async (request, reply) => {
    if (request.user) return reply.redirect('/', 303)
    const signedOut = (request.query as Record<string, string>).signedOut === '1'
    return view(request, reply, 'auth/sign-in.njk', { pageTitle: 'Sign in', signedOut })
  })

  app.post('/sign-in', { config: SIGN_IN_RATE_LIMIT }, async (request, reply) => {
    const form = signInForm.parse(request.body ?? {})
    const errors = []
    if (!form.email) errors.push({ field: 'email', message: 'Enter your email address' })
    if (!form.password) errors.push({ field: 'password', message: 'Enter your password' })
    const user = errors.length === 0 ? await checkPassword(platform, request.id, form.email, form.password) : null
    if (!user) {
      if (errors.length === 0) errors.push({ field: 'email', message: 'Enter a correct email address and password' })
      return view(request, reply.code(400), 'auth/sign-in.njk', { pageTitle: 'Sign in', form: { email: form.email }, ...errorLocals(errors) })
    }
    const stage = user.totpSecret ? 'mfa' : 'mfa-enrol'
    const { token } = await rotateSession(
      db,
      request.session,
      { stage, userId: user.id, pendingTotpSecret: user.totpSecret ? null : newTotpSecret(), ipAddress: request.ip },
      platform.clock.now(),
    )
    setSessionCookie(reply, token)
    return reply.redirect(stage === 'mfa' ? '/sign-in/mfa' : '/sign-in/enrol', 303)
  })

  app.get('/sign-in/mfa', async (request, reply) => {
    if (request.session?.stage !== 'mfa') return reply.redirect('/sign-in', 303)
    return view(request, reply, 'auth/mfa.njk', { pageTitle: 'Enter your security code' })
  })

  app.post('/sign-in/mfa', { config: SIGN_IN_RATE_LIMIT }, async (request, reply) => {
    const session = request.session
    if (session?.stage !== 'mfa' || !session.userId) return reply.redirect('/sign-in', 303)
    const { code } = codeForm.parse(request.body ?? {})
    const ok = code !== '' && (await checkSecondFactor(platform, request.id, session.userId, code))
    if (!ok) {
      const message = code === '' ? 'Enter the 6-digit security code from your authenticator app' : 'The security code is not correct or has expired'
      return view(request, reply.code(400), 'auth/mfa.njk', { pageTitle: 'Enter your security code', ...errorLocals([{ field: 'code', message }]) })
    }
    return afterSecondFactor(request, reply, session)
  })

  app.get('/sign-in/enrol', async (request, reply) => {
    const session = request.session
    if (session?.stage !== 'mfa-enrol' || !session.pendingTotpSecret || !session.userId) return reply.redirect('/sign-in', 303)
    return view(request, reply, 'auth/enrol.njk', enrolLocals(session))
  })

  app.post('/sign-in/enrol', { config: SIGN_IN_RATE_LIMIT }, async (request, reply) => {
    const session = request.session
    if (session?.stage !== 'mfa-enrol' || !session.pendingTotpSecret || !session.userId) return reply.redirect('/sign-in', 303)
    const { code } = codeForm.parse(request.body ?? {})
    const ok = code !== '' && (await checkSecondFactor(platform, request.id, session.userId, code, session.pendingTotpSecret))
    if (!ok) {
      const message = code === '' ? 'Enter the 6-digit security code from your authenticator app' : 'The security code is not correct or has expired'
      return view(request, reply.code(400), 'auth/enrol.njk', { ...enrolLocals(session), ...errorLocals([{ field: 'code', message }]) })
    }
    return afterSecondFactor(request, reply, session)
  })

  async function afterSecondFactor(request: FastifyRequest, reply: FastifyReply, session: Session) {
    const userId = session.userId as string
    const [user] = await db.select({ required: users.passwordChangeRequired }).from(users).where(eq(users.id, userId))
    if (user?.required) {
      const { token } = await rotateSession(db, session, { stage: 'new-password', userId, ipAddress: request.ip }, platform.clock.now())
      setSessionCookie(reply, token)
      return reply.redirect('/sign-in/new-password', 303)
    }
    return chooseRole(request, reply, session)
  }

  // An administrator's temporary password is for the first sign-in only: the user chooses their own here, after
  // the second factor, before any role profile (and so any data) is reached.
  app.get('/sign-in/new-password', async (request, reply) => {
    if (request.session?.stage !== 'new-password') return reply.redirect('/sign-in', 303)
    return view(request, reply, 'auth/new-password.njk', { pageTitle: 'Choose a new password' })
  })

  app.post('/sign-in/new-password', { config: SIGN_IN_RATE_LIMIT }, async (request, reply) => {
    const session = request.session
    if (session?.stage !== 'new-password' || !session.userId) return reply.redirect('/sign-in', 303)
    const userId = session.userId
    const form = newPasswordForm.parse(request.body ?? {})
    try {
      await runWork(platform, { kind: 'system', label: 'sign-in', userId }, request.id, (ctx) => changePassword(ctx, userId, form, session.tokenHash))
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      return view(request, reply.code(400), 'auth/new-password.njk', { pageTitle: 'Choose a new password', ...errorLocals(error.errors) })
    }
    return chooseRole(request, reply, session)
  })

  async function chooseRole(request: FastifyRequest, reply: FastifyReply, session: Session) {
    const userId = session.userId as string
    const profiles = await roleProfilesOf(platform, userId)
    const only = profiles.length === 1 ? profiles[0] : undefined
    const { token } = await rotateSession(
      db,
      session,
      { stage: only ? 'active' : 'choose-role', userId, userRoleProfileId: only?.id ?? null, ipAddress: request.ip },
      platform.clock.now(),
    )
    setSessionCookie(reply, token)
    if (only) await auditSignedIn(request, userId, only.roleProfile)
    return reply.redirect(only ? '/' : '/sign-in/role', 303)
  }

  async function auditSignedIn(request: FastifyRequest, userId: string, roleProfile: string) {
    await runWork(platform, { kind: 'system', label: 'sign-in', userId }, request.id, async (ctx) => {
      ctx.audit.record({ action: 'auth.sign-in.completed', outcome: 'succeeded', resourceType: 'user', resourceId: userId, details: { roleProfile } })
    })
  }

  app.get('/sign-in/role', async (request, reply) => {
    const session = request.session
    if (session?.stage !== 'choose-role' || !session.userId) return reply.redirect('/sign-in', 303)
    return view(request, reply, 'auth/role.njk', { pageTitle: 'Choose how you are working today', profiles: await roleProfilesOf(platform, session.userId) })
  })

  app.post('/sign-in/role', async (request, reply) => {
    const session = request.session
    if (session?.stage !== 'choose-role' || !session.userId) return reply.redirect('/sign-in', 303)
    const { roleProfileId } = roleForm.parse(request.body ?? {})
    const profiles = await roleProfilesOf(platform, session.userId)
    const chosen = profiles.find((p) => p.id === roleProfileId)
    if (!chosen) {
      return view(request, reply.code(400), 'auth/role.njk', {
        pageTitle: 'Choose how you are working today',
        profiles,
        ...errorLocals([{ field: 'roleProfileId', message: 'Select the role you are working in' }]),
      })
    }
    const { token } = await rotateSession(db, session, { stage: 'active', userId: session.userId, userRoleProfileId: chosen.id, ipAddress: request.ip }, platform.clock.now())
    setSessionCookie(reply, token)
    await auditSignedIn(request, session.userId, chosen.roleProfile)
    return reply.redirect('/', 303)
  })

  app.post('/sign-out', async (request, reply) => {
    const session = request.session
    if (session) {
      await destroySession(db, session)
      if (session.userId) {
        await runWork(platform, { kind: 'system', label: 'sign-out', userId: session.userId }, request.id, async (ctx) => {
          ctx.audit.record({ action: 'auth.sign-out', outcome: 'succeeded', resourceType: 'user', resourceId: session.userId as string })
        })
      }
    }
    reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS)
    return reply.redirect('/sign-in?signedOut=1', 303)
  })

  app.post('/sign-out/everywhere', async (request, reply) => {
    const userId = request.user?.userId
    if (!userId) return reply.redirect('/sign-in', 303)
    await destroyUserSessions(db, userId)
    await runWork(platform, request.user ?? { kind: 'system', label: 'sign-out' }, request.id, async (ctx) => {
      ctx.audit.record({ action: 'auth.sign-out.everywhere', outcome: 'succeeded', resourceType: 'user', resourceId: userId })
    })
    reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS)
    return reply.redirect('/sign-in?signedOut=1', 303)
  })
}

function enrolLocals(session: Session) {
  const secret = session.pendingTotpSecret as string
  return {
    pageTitle: 'Set up your authenticator app',
    secretGroups: secret.match(/.{1,4}/g)?.join(' '),
    otpauthUri: totpUri('your Lantern account', secret),
  }
}

function errorLocals(errors: Array<{ field: string; message: string }>) {
  const { summary, fields } = formErrors(errors)
  return { errors: summary, fieldErrors: fields }
}

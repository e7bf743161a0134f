import type { FastifyReply, FastifyRequest } from 'fastify'
import type { UserActor } from '../access/actor.ts'
import { sendProblem } from '../http/problem.ts'

const STAGE_PAGES = { mfa: '/sign-in/mfa', 'mfa-enrol': '/sign-in/enrol', 'new-password': '/sign-in/new-password', 'choose-role': '/sign-in/role' } as const

/**
 * preHandler for every non-public route: a fully signed-in user (password, TOTP and role profile) or, on the API,
 * a valid bearer token. A half-finished sign-in is sent back to its next step (ASVS 6.3.3: a session that has only
 * passed the password never reaches a protected route).
 */
export async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) return
  if (request.isApi) {
    await sendProblem(reply.header('www-authenticate', 'Bearer'), 401, 'Unauthorized', 'Send a valid API token as "Authorization: Bearer …".')
    return
  }
  const stage = request.session?.stage
  const next = stage && stage !== 'anonymous' && stage !== 'active' ? STAGE_PAGES[stage] : '/sign-in'
  await reply.redirect(next, 303)
}

/** The signed-in user; only call after requireUser. */
export function currentUser(request: FastifyRequest): UserActor {
  if (!request.user) throw new Error('currentUser() called on a route without requireUser')
  return request.user
}

import type { Actor, UserActor } from '../access/actor.ts'
import type { Session } from '../auth/sessions.ts'
import type { Ctx } from '../context/index.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser session (any stage), or null. API requests never have one. */
    session: Session | null
    /** Set when the request is fully authenticated: an active session with a role profile, or a valid API token. */
    user: UserActor | null
    /** True for /api/ requests: answers are problem+json, never pages or redirects. */
    isApi: boolean
  }
  interface FastifyInstance {
    /** Run a unit of work as the request's actor (ARCHITECTURE.md §3): one transaction, audited. */
    work<T>(request: FastifyRequest, fn: (ctx: Ctx) => Promise<T>, actor?: Actor): Promise<T>
  }
}

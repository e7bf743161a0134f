import { and, eq, gt, isNull, or } from 'drizzle-orm'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { SESSION_COOKIE, findSession, hashToken, loadUserActor } from '../auth/sessions.ts'
import { apiTokens } from '../auth/schema.ts'
import type { Platform } from '../context/index.ts'

/**
 * Work out who is asking, on every request: the browser session (cookie) for pages, a bearer token for the API.
 * The API never accepts the cookie, so a page visitor's browser cannot be made to call it (no CSRF surface there).
 */
export function registerIdentify(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('session', null)
  app.decorateRequest('user', null)
  app.decorateRequest('isApi', false)
  app.addHook('onRequest', async (request) => {
    request.isApi = isApiPath(request.url)
    const now = platform.clock.now()
    if (request.isApi) {
      request.user = await userFromBearer(platform, request, now)
      return
    }
    const token = request.cookies[SESSION_COOKIE]
    if (!token) return
    const session = await findSession(platform.database.db, token, now)
    request.session = session
    if (session?.stage === 'active' && session.userId && session.userRoleProfileId) {
      request.user = await loadUserActor(platform.database.db, session.userId, session.userRoleProfileId, 'session')
    }
  })
}

/**
 * Decide on the path as the router sees it: it percent-decodes, so `/%61pi/v1/me` is routed to `/api/v1/me` and
 * must not be treated as a page (which would let the session cookie authenticate an API call).
 */
function isApiPath(url: string): boolean {
  let path = url.split('?')[0] ?? ''
  try {
    path = decodeURIComponent(path)
  } catch {
    // Malformed escapes: the router will not match them to an API route either.
  }
  return path.startsWith('/api/') && !path.startsWith('/api/docs')
}

async function userFromBearer(platform: Platform, request: FastifyRequest, now: Date) {
  const header = request.headers.authorization
  const match = header ? /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header) : null
  if (!match?.[1]) return null
  const db = platform.database.db
  const [token] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(match[1])), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
  if (!token) return null
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id))
  }
  return loadUserActor(db, token.userId, token.userRoleProfileId, 'api-token')
}

import helmet from '@fastify/helmet'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { csrfTokenValid } from '../auth/sessions.ts'

/**
 * Security headers (ASVS 3.4): nonce-based CSP with no inline script or style elements (STACK.md gotcha 13 —
 * 'self' must be listed beside the nonce), HSTS for a year, no referrer, and `no-store` on everything but static
 * assets so personal data never sits in a browser or proxy cache (ASVS 14.3.2).
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        // echarts SVG and MoJ components set style attributes; attributes cannot run script.
        'style-src-attr': ["'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  })
  app.addHook('onSend', async (request, reply) => {
    // A route serving a fixed file with no data in it (a module's script, a library's files) may say so itself
    // with `cache-control: public, …`; everything else is never stored.
    const declaredPublic = String(reply.getHeader('cache-control') ?? '').startsWith('public')
    if (!request.url.startsWith('/assets/') && !request.url.startsWith('/static/') && !declaredPublic) {
      reply.header('cache-control', 'no-store')
    }
  })
}

/**
 * Let one page load images from one more origin (the hotspots map's tile server, when configured): the CSP of that
 * response only gains it in img-src, so every other page keeps 'self' and data: alone.
 */
export function allowImageOrigin(reply: FastifyReply, origin: string): void {
  if (!/^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/.test(origin)) throw new Error(`not an origin: ${origin}`)
  const header = reply.getHeader('content-security-policy')
  if (typeof header !== 'string') return
  reply.header('content-security-policy', header.replace(/(^|;)\s*img-src([^;]*)/, (_all, start: string, sources: string) => `${start}img-src${sources} ${origin}`))
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF for every state-changing page request (ASVS 3.5.1): a synchroniser token bound to the session, plus an
 * Origin check when the browser sends one. Runs in preValidation, before any zod schema could strip `_csrf`
 * (STACK.md gotcha 17). The API is exempt: it takes bearer tokens only, never the cookie.
 */
export function registerCsrf(app: FastifyInstance, onFailure: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): void {
  app.addHook('preValidation', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || request.isApi || isMultipart(request)) return
    return checkCsrf(request, reply, onFailure)
  })
  // A file upload's fields are parsed in its route's own scope (@fastify/multipart, preValidation, after the hook
  // above), so its token is checked here, before any route handler or guard. A multipart post to a route that does
  // not parse multipart has no body, hence no token: refused all the same.
  app.addHook('preHandler', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || request.isApi || !isMultipart(request)) return
    return checkCsrf(request, reply, onFailure)
  })
}

function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')
}

async function checkCsrf(request: FastifyRequest, reply: FastifyReply, onFailure: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): Promise<FastifyReply | undefined> {
  // With `Referrer-Policy: no-referrer` browsers send `Origin: null` on form posts (Fetch spec), so a null origin
  // says nothing; a real foreign origin, or Fetch Metadata saying cross-site, is refused outright. The
  // synchroniser token is required either way.
  const origin = request.headers.origin
  const host = request.headers.host
  const site = request.headers['sec-fetch-site']
  const originOk = origin === undefined || origin === 'null' || (host !== undefined && safeHost(origin) === host)
  const siteOk = site === undefined || site === 'same-origin' || site === 'none'
  const body = request.body as Record<string, unknown> | undefined
  const token = body?._csrf ?? request.headers['csrf-token']
  if (!originOk || !siteOk || !request.session || !csrfTokenValid(request.session, token)) {
    await onFailure(request, reply)
    return reply
  }
  return undefined
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host
  } catch {
    return null
  }
}

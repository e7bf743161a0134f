import { randomUUID } from 'node:crypto'
import path from 'node:path'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import { sql } from 'drizzle-orm'
import Fastify, { type FastifyInstance } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { ROLE_PROFILE_LABELS } from '../access/roles.ts'
import { requireUser } from '../auth/guards.ts'
import { registerSignIn } from '../auth/routes.ts'
import { csrfTokenFor } from '../auth/sessions.ts'
import type { Config } from '../config/index.ts'
import { runWork, type Platform } from '../context/index.ts'
import { registerViews } from '../views/index.ts'
import { registerInfoPages } from '../views/routes.ts'
import { registerApiDocs } from './api-docs.ts'
import { registerErrorHandling, renderForbidden } from './errors.ts'
import { registerIdentify } from './identify.ts'
import type { LanternModule } from './module.ts'
import { registerCsrf, registerSecurityHeaders } from './security.ts'
import './types.ts'
import { navigationFor } from './navigation.ts'

export type AppOptions = {
  platform: Platform
  config: Config
  modules: readonly LanternModule[]
  rootDir: string
  logger?: boolean
  /** False while migrations and the first-run demo seed are still running (CONTRACTS.md §3). */
  isReady?: () => boolean
}

/** Personal data must never reach the logs (ASVS 16.2.5): redact bodies, cookies and credentials. */
const REDACT = ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'body', '*.password', '*.totp']

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { platform, config, modules } = options
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, redact: REDACT },
    // Our own id, never one a client supplies (ASVS 4.1.3): it ties a log line to an audit row.
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  authenticateApiBeforeValidation(app)
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id)
  })

  await app.register(cookie)
  await app.register(formbody)
  await app.register(rateLimit, { global: false })
  await registerSecurityHeaders(app)
  await registerViews(app, { rootDir: options.rootDir, production: config.production })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Lantern API', version: '1.0.0', description: 'Multi-agency safeguarding record: JSON API. Bearer tokens only.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  })

  // Until migrations and the first-run seed are committed, only the health checks answer.
  app.addHook('onRequest', async (request, reply) => {
    if (options.isReady && !options.isReady() && !request.url.startsWith('/health/')) {
      return reply.code(503).header('retry-after', '2').type('text/plain').send('Lantern is starting. Try again in a few seconds.')
    }
  })
  registerIdentify(app, platform)
  registerCsrf(app, (request, reply) => renderForbidden(request, reply, true))
  registerErrorHandling(app)
  app.decorate('work', function work(request, fn, actor) {
    const who = actor ?? request.user
    if (!who) throw new Error('work() needs a signed-in user or an explicit actor')
    return runWork(platform, who, request.id, fn)
  })

  // Template locals for every page — error pages included, hence onRequest (after identify): the nonce, the CSRF
  // token, who is signed in and their navigation.
  const navigation = modules.flatMap((m) => m.navigation ?? [])
  app.addHook('onRequest', async (request, reply) => {
    if (request.isApi) return
    const user = request.user
    const currentPath = request.url.split('?')[0] ?? '/'
    reply.locals = {
      ...reply.locals,
      cspNonce: reply.cspNonce?.script,
      csrfToken: request.session ? csrfTokenFor(request.session) : undefined,
      currentPath,
      actor: user ? { ...user, roleProfileLabel: ROLE_PROFILE_LABELS[user.roleProfile] } : undefined,
      navigation: user ? navigationFor(navigation.filter((item) => item.roles.includes(user.roleProfile)), currentPath) : undefined,
    }
  })

  await registerInfoPages(app)
  await registerSignIn(app, platform)
  await registerApiDocs(app)
  app.get('/', { preHandler: requireUser, schema: { hide: true } }, async (_request, reply) => reply.view('pages/home.njk', { pageTitle: 'Home' }))
  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    try {
      if (options.isReady && !options.isReady()) return reply.code(503).send({ status: 'starting' })
      await platform.database.db.execute(sql`select 1`)
      return { status: 'ok' }
    } catch {
      return reply.code(503).send({ status: 'unavailable' })
    }
  })
  for (const module of modules) {
    if (module.routes) await module.routes(app, { platform, config })
  }
  return app
}

export const ROOT_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..')

/**
 * On the API, authenticate before validating input: Fastify validates the body and query between `preValidation`
 * and `preHandler`, so a guard in `preHandler` let an anonymous caller get a 400 that names the fields a route takes.
 * Every API route that declares `preHandler: requireUser` has the guard moved to the front of `preValidation`, so
 * anonymous and half-signed-in callers get 401 whatever they send (pages keep it in `preHandler`: there CSRF comes
 * first). Done here, once, so that no route can forget it.
 */
function authenticateApiBeforeValidation(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return
    const handlers = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]
    if (!handlers.includes(requireUser)) return
    route.preHandler = handlers.filter((h) => h !== requireUser)
    const validation = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation]
    route.preValidation = [requireUser, ...validation]
  })
}

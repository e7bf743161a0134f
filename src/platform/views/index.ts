import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import fastifyView from '@fastify/view'
import type { FastifyInstance } from 'fastify'
import nunjucks from 'nunjucks'
import { ensureCss } from './css.ts'
import { formatDate, formatDateTime, timeAgo } from './filters.ts'

export { ensureCss, CSS_OUTPUT, CSS_SOURCE, type EnsureCssResult } from './css.ts'
export { formatDate, formatDateTime, formatTime, timeAgo } from './filters.ts'
export { registerInfoPages } from './routes.ts'

/** The signed-in user as the layout shows them ("Signed in as …"). */
export interface ViewActor {
  displayName: string
  roleProfileLabel: string
  agencyName: string
}

/** One item of the service navigation under the header. */
export interface NavigationItem {
  href: string
  text: string
  active?: boolean
}

/** One line of the GOV.UK error summary; `href` is `#` + the id of the field in error. */
export interface ErrorSummaryItem {
  href: string
  text: string
}

/**
 * Values every page's layout reads. Set the per-request ones on `reply.locals` (an onRequest/preHandler hook);
 * @fastify/view merges `reply.locals` under the data passed to `reply.view(...)`.
 */
export interface ViewLocals {
  /** helmet's `reply.cspNonce.script`: the layout's and govuk template's inline scripts carry it. */
  cspNonce?: string
  /** Token for the sign-out form (`_csrf`), and for any page form. */
  csrfToken?: string
  actor?: ViewActor
  navigation?: NavigationItem[]
  [key: string]: unknown
}

declare module 'fastify' {
  interface FastifyReply {
    /** Per-request template values, decorated by @fastify/view and merged into every render. */
    locals: ViewLocals
  }
}

export type RegisterViewsOptions = {
  /** The project root (the folder holding package.json, node_modules, src and public). */
  rootDir: string
  /** Production caches templates and lets browsers cache static files. */
  production: boolean
}

type Filter = (...args: never[]) => unknown

/**
 * Registers Nunjucks (through @fastify/view) with the GOV.UK and MoJ Frontend templates and filters, and the
 * static routes for `/assets/` (GOV.UK and MoJ fonts and images) and `/static/` (our CSS, GOV.UK and MoJ JS).
 * Compiles the stylesheet first if it is missing or out of date.
 */
export async function registerViews(app: FastifyInstance, options: RegisterViewsOptions): Promise<void> {
  const { rootDir, production } = options
  const css = await ensureCss(rootDir)
  if (css.compiled) app.log.info({ durationMs: css.durationMs }, 'compiled public/app.css')
  for (const warning of css.warnings) app.log.warn({ warning }, 'sass warning in our own stylesheet')

  const govukDist = path.join(rootDir, 'node_modules/govuk-frontend/dist')
  const mojRoot = path.join(rootDir, 'node_modules/@ministryofjustice/frontend')
  const appCssVersion = createHash('sha256')
    .update(await readFile(css.outputPath))
    .digest('hex')
    .slice(0, 12)

  await app.register(fastifyView, {
    engine: { nunjucks },
    production,
    templates: [
      path.join(rootDir, 'src/platform/views/templates'),
      // A module's templates are referenced from here: `people/views/show.njk`.
      path.join(rootDir, 'src/modules'),
      // "govuk/template.njk", "govuk/components/…/macro.njk"; MoJ macros import these too.
      govukDist,
      // "moj/components/…/macro.njk"
      mojRoot,
    ],
    options: {
      autoescape: true,
      noCache: !production,
      onConfigure(env: nunjucks.Environment) {
        configureEnvironment(env, { appCssVersion })
      },
    },
  })

  const maxAge = production ? '7d' : 0
  await app.register(fastifyStatic, {
    prefix: '/assets/',
    root: [path.join(govukDist, 'govuk/assets'), path.join(mojRoot, 'moj/assets')],
    maxAge,
    index: false,
    allowedPath: isFilePath,
  })

  // /static/ serves our compiled public/ folder, plus exactly the two ES module bundles from node_modules (not
  // the rest of those package folders).
  const publicDir = path.join(rootDir, 'public')
  const bundles = new Set([
    '/govuk-frontend.min.js',
    '/govuk-frontend.min.js.map',
    '/moj-frontend.min.js',
    '/moj-frontend.min.js.map',
  ])
  await app.register(fastifyStatic, {
    prefix: '/static/',
    root: [publicDir, path.join(govukDist, 'govuk'), path.join(mojRoot, 'moj')],
    decorateReply: false,
    maxAge,
    index: false,
    allowedPath: (pathName, root) => isFilePath(pathName) && (root === publicDir || bundles.has(pathName)),
  })
}

/** Directory paths get a 404 rather than @fastify/static's 403. */
function isFilePath(pathName: string): boolean {
  return !pathName.endsWith('/')
}

function configureEnvironment(env: nunjucks.Environment, globals: { appCssVersion: string }): void {
  // The MoJ filters (mojDate, date, …) are CommonJS and pull in moment; mojTimeline and friends need them.
  const require = createRequire(import.meta.url)
  const mojFilters = require('@ministryofjustice/frontend/moj/filters/all.js') as () => Record<string, Filter>
  for (const [name, filter] of Object.entries(mojFilters())) env.addFilter(name, filter)

  env.addFilter('dateEnGb', formatDate)
  env.addFilter('dateTimeEnGb', formatDateTime)
  env.addFilter('timeAgo', timeAgo)
  env.addGlobal('appCssVersion', globals.appCssVersion)
}

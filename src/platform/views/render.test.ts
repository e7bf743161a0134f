import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance } from 'fastify'
import nunjucks from 'nunjucks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatTime, registerInfoPages, registerViews, timeAgo } from './index.ts'

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

const actor = { displayName: 'Sam Patel', roleProfileLabel: 'MASH manager', agencyName: "Children's social care (demo)" }

let app: FastifyInstance

beforeAll(async () => {
  app = Fastify()
  await registerViews(app, { rootDir, production: false })
  await registerInfoPages(app)
  app.addHook('onRequest', async (request, reply) => {
    reply.locals = { cspNonce: 'abc', csrfToken: 't' }
    if (request.headers['x-test-actor']) reply.locals.actor = actor
  })
  app.get('/test/404', async (_request, reply) => reply.code(404).view('errors/404.njk', {}))
  for (const code of [403, 429, 500]) {
    app.get(`/test/${code}`, async (_request, reply) => reply.code(code).view(`errors/${code}.njk`, {}))
  }
  app.get('/test/403-permission', async (_request, reply) => reply.code(403).view('errors/403.njk', { csrf: false }))
  app.get('/test/form', async (_request, reply) =>
    reply.view('pages/privacy.njk', {
      pageTitle: 'Add a person',
      errors: [{ href: '#x', text: 'Enter a name' }],
      navigation: [
        { href: '/search', text: 'Search', active: true },
        { href: '/contacts', text: 'Contacts' },
      ],
    }),
  )
  await app.ready()
}, 60_000)

afterAll(async () => {
  await app.close()
})

function expectLanternPage(html: string): void {
  expect(html).toContain('Lantern')
  expect(html).toContain('<header class="govuk-template__header')
  expect(html).toContain('<main class="govuk-main-wrapper')
  expect(html).toContain('<script nonce="abc">document.body.className')
  expect(html).toMatch(/<script type="module" nonce="abc">import \{ initAll \} from '\/static\/govuk-frontend\.min\.js'/)
  expect(html).toMatch(/<script type="module" nonce="abc">import \{ initAll \} from '\/static\/moj-frontend\.min\.js'/)
  expect(html).toMatch(/<link rel="stylesheet" href="\/static\/app\.css\?v=[0-9a-f]{12}">/)
  // Not a GOV.UK-domain service: no crown, no Crown copyright, no Open Government Licence, no crown favicon.
  expect(html).not.toContain('govuk-header__logotype-crown')
  expect(html).not.toContain('govuk-footer__crown')
  expect(html).not.toContain('govuk-logo')
  expect(html).not.toMatch(/crown copyright/i)
  expect(html).not.toContain('Open Government Licence')
  expect(html).not.toContain('favicon')
  expect(html).not.toContain('style=')
  expect(html).toContain('href="/accessibility"')
  expect(html).toContain('href="/privacy"')
}

describe('information pages', () => {
  it('renders the accessibility statement', async () => {
    const response = await app.inject({ url: '/accessibility' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expectLanternPage(response.body)
    expect(response.body).toContain('<title>Accessibility statement – Lantern</title>')
    expect(response.body).toContain('WCAG')
    expect(response.body).toContain('Equality and Human Rights Commission')
    expect(response.body).toContain('accessibility@demo.lantern.test')
    expect(response.body).toContain('28 November 2026')
  })

  it('renders the privacy notice', async () => {
    const response = await app.inject({ url: '/privacy' })
    expect(response.statusCode).toBe(200)
    expectLanternPage(response.body)
    expect(response.body).toContain('<title>Privacy notice – Lantern</title>')
    expect(response.body).toContain('Schedule 1, paragraph 18')
    expect(response.body).toContain('dpo@demo.lantern.test')
  })

  it('shows no account bar or navigation to a signed-out visitor', async () => {
    const response = await app.inject({ url: '/privacy' })
    expect(response.body).not.toContain('Signed in as')
    expect(response.body).not.toContain('govuk-service-navigation')
    expect(response.body).not.toContain('govuk-error-summary')
  })

  it('shows who is signed in, with a sign-out form carrying the CSRF token', async () => {
    const response = await app.inject({ url: '/privacy', headers: { 'x-test-actor': '1' } })
    expect(response.body).toContain('Signed in as <strong>Sam Patel</strong> (MASH manager, Children&#39;s social care (demo))')
    expect(response.body).toContain('href="/account"')
    expect(response.body).toMatch(/<form [^>]*method="post" action="\/sign-out"/)
    expect(response.body).toContain('<input type="hidden" name="_csrf" value="t">')
    // The account bar is inside the <header> landmark.
    const header = response.body.slice(response.body.indexOf('<header'), response.body.indexOf('</header>'))
    expect(header).toContain('Signed in as')
  })
})

describe('error pages', () => {
  it.each([
    ['404', 404, 'Page not found'],
    ['403', 403, 'Your form could not be submitted'],
    ['429', 429, 'Too many attempts'],
    ['500', 500, 'Sorry, there is a problem with the service'],
  ])('renders %s with and without a signed-in user', async (name, status, heading) => {
    for (const headers of [{}, { 'x-test-actor': '1' }]) {
      const response = await app.inject({ url: `/test/${name}`, headers })
      expect(response.statusCode).toBe(status)
      expect(response.body).toContain(`<title>${heading} – Lantern</title>`)
      expect(response.body).toContain(`<h1 class="govuk-heading-l">${heading}</h1>`)
      expectLanternPage(response.body)
    }
  })

  it('renders 403 as "You do not have permission" when it is not a CSRF failure', async () => {
    const response = await app.inject({ url: '/test/403-permission' })
    expect(response.statusCode).toBe(403)
    expect(response.body).toContain('<title>You do not have permission – Lantern</title>')
    expect(response.body).not.toContain('could not be submitted')
  })
})

describe('layout', () => {
  it('shows the error summary and prefixes the title when there are errors', async () => {
    const response = await app.inject({ url: '/test/form' })
    expect(response.body).toContain('<title>Error: Add a person – Lantern</title>')
    expect(response.body).toContain('govuk-error-summary')
    expect(response.body).toContain('There is a problem')
    expect(response.body).toMatch(/<a href="#x">\s*Enter a name\s*<\/a>/)
    // The summary opens <main>.
    const main = response.body.slice(response.body.indexOf('<main'))
    expect(main.indexOf('govuk-error-summary')).toBeLessThan(main.indexOf('<h1'))
  })

  it('shows the service navigation when given', async () => {
    const response = await app.inject({ url: '/test/form' })
    expect(response.body).toContain('govuk-service-navigation')
    expect(response.body).toMatch(/<a class="govuk-service-navigation__link" href="\/search" aria-current="true">/)
    expect(response.body).toContain('href="/contacts"')
  })
})

describe('static files', () => {
  it.each([
    ['/static/app.css', /^text\/css/],
    ['/static/govuk-frontend.min.js', /javascript/],
    ['/static/moj-frontend.min.js', /javascript/],
    ['/assets/images/favicon.svg', /^image\/svg/],
    ['/assets/images/icon-document.svg', /^image\/svg/], // from MoJ's assets
  ])('serves %s', async (url, type) => {
    const response = await app.inject({ url })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(type)
  })

  it('serves nothing else from the GOV.UK and MoJ package folders under /static/', async () => {
    for (const url of ['/static/template.njk', '/static/all.mjs', '/static/components/button/macro.njk', '/static/', '/assets/', '/assets/images/']) {
      expect((await app.inject({ url })).statusCode).toBe(404)
    }
  })

  it('has no CSS with GDS Transport and uses Arial', async () => {
    const css = (await app.inject({ url: '/static/app.css' })).body
    expect(css).not.toContain('GDS Transport')
    expect(css).not.toContain('@font-face')
    expect(css).toContain('arial,sans-serif')
  })
})

describe('date filters', () => {
  it('formats dates and times in Europe/London, GOV.UK style', () => {
    expect(formatDate('2026-11-28')).toBe('28 November 2026')
    expect(formatDate('2026-06-30T23:30:00Z')).toBe('1 July 2026') // BST
    expect(formatDate(new Date('2026-11-28T15:05:00Z'))).toBe('28 November 2026')
    expect(formatDateTime('2026-11-28T15:05:00Z')).toBe('28 November 2026 at 3:05pm')
    expect(formatDateTime('2026-07-01T08:00:00Z')).toBe('1 July 2026 at 9am')
    expect(formatTime('2026-11-28T12:00:00Z')).toBe('midday')
    expect(formatTime('2026-11-28T00:00:00Z')).toBe('midnight')
    expect(formatTime('2026-11-28T00:30:00Z')).toBe('12:30am')
    expect(formatDate(undefined)).toBe('')
    expect(formatDateTime('not a date')).toBe('')
  })

  it('says how long ago', () => {
    const now = new Date('2026-11-28T15:00:00Z')
    expect(timeAgo('2026-11-28T14:57:00Z', now)).toBe('3 minutes ago')
    expect(timeAgo('2026-11-27T15:00:00Z', now)).toBe('yesterday')
    expect(timeAgo('2026-11-28T14:59:50Z', now)).toBe('just now')
  })

  it('are available to templates, with the MoJ filters', () => {
    // nunjucks.renderString uses the environment that @fastify/view configured.
    const html = nunjucks.renderString('{{ when | dateEnGb }}|{{ when | dateTimeEnGb }}|{{ when | mojDate("date") }}', {
      when: '2026-11-28T15:05:00Z',
    })
    expect(html).toBe('28 November 2026|28 November 2026 at 3:05pm|28 November 2026')
  })
})

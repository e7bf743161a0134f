import { describe, expect, it } from 'vitest'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { LanternPage, normalise, signIn } from './support/pages.ts'

/**
 * Every page a role can reach from its service navigation, checked with axe: the navigation is read from the page
 * (not hard-coded), and within each navigation section the crawler follows same-section links, one page per route
 * shape (ids replaced), so new pages are covered as modules add them. Empty submissions of "add" forms cover their
 * error pages. Finally, one form journey with JavaScript switched off (progressive enhancement).
 */

/** One account per distinct navigation / page set. */
const ROLES = ['mash.manager', 'mash.police', 'police.missing', 'social.worker', 'rhi.worker', 'school.dsl', 'health.nurse', 'analyst', 'business.unit', 'ig.officer', 'admin']
/** Pages every signed-in user has, beyond their navigation. */
const COMMON_PAGES = ['/account', '/api/docs']
/** Pages a role reaches other than by a link from its navigation sections (after a search, a bad filter…), with the status expected. */
const EXTRA_PAGES: Record<string, Array<[path: string, status: number]>> = {
  'mash.manager': [['/people/new', 200]],
  'ig.officer': [
    ['/governance/audit?personId=not-a-person-id', 400],
    ['/governance/protection/find?personId=', 400],
    ['/governance/protection/find?personId=00000000-0000-4000-8000-000000000000', 404],
  ],
}
const MAX_PAGES_PER_ROLE = 40
const ROLE_TIMEOUT = 600_000

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/** `/admin/users/4f…/edit?x=1` → `/admin/users/:id/edit?x`: one page per route shape. */
function routeShape(href: string): string {
  const url = new URL(href, 'http://x')
  const path = url.pathname.replace(UUID, ':id').replace(/\/\d+(?=\/|$)/g, '/:n')
  const keys = [...url.searchParams.keys()].sort().join('&')
  return keys ? `${path}?${keys}` : path
}

/** The first path segment: `/governance/audit` → `/governance`. */
function sectionOf(path: string): string {
  return `/${path.split('/')[1] ?? ''}`
}

describe('every page, every role, with axe', () => {
  const journey = useLanternJourney('pages')
  const { axe } = journey

  it.each(ROLES)('%s: navigation, its sections, account and API docs pages pass axe', { timeout: ROLE_TIMEOUT }, async (account) => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe)
      await signIn(tab, account)
      const navigation = await tab.navigation()
      const home = await tab.mainText()
      // The home page lists the same things as the navigation.
      for (const item of navigation) expect(home).toContain(item.text)

      const sections = new Set(navigation.map((n) => sectionOf(n.href)))
      const seen = new Set<string>()
      const queue: string[] = [...navigation.map((n) => n.href), ...COMMON_PAGES]
      const failures: string[] = []
      const forms: string[] = []
      while (queue.length > 0 && seen.size < MAX_PAGES_PER_ROLE) {
        const href = queue.shift() as string
        const shape = routeShape(href)
        if (seen.has(shape)) continue
        seen.add(shape)
        const status = await tab.goto(href)
        if (status !== 200) {
          failures.push(`${href} → HTTP ${status}`)
          continue
        }
        if (href.endsWith('/new')) forms.push(href)
        // Same-section links in the page's main content and sub-navigation.
        // Files (CSV, XLSX, PDF) are links with a `download` attribute or a /download route: not pages to check.
        const links = await tab.page.locator('main a[href^="/"]:not([download])').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
        for (const link of links) {
          const path = link.split('#')[0] as string
          if (!path || path.startsWith('/api/') || path.startsWith('/static/') || /\/download(\?|$|\/)/.test(path)) continue
          if (!sections.has(sectionOf(path))) continue
          if (!seen.has(routeShape(path))) queue.push(path)
        }
      }
      expect(failures, `pages that did not load for ${account}`).toEqual([])

      for (const [href, expected] of EXTRA_PAGES[account] ?? []) {
        expect(await tab.goto(href), href).toBe(expected)
        if (expected === 400) expect((await tab.errorSummary()).length, `${href} shows an error summary`).toBeGreaterThan(0)
        if (href.endsWith('/new')) forms.push(href)
      }

      // Add forms, submitted empty: the GOV.UK error summary, checked with axe. Nothing is created.
      for (const href of forms) {
        await tab.goto(href)
        const status = await tab.click(tab.page.locator('main form[method="post"] button[type="submit"], main form[method="post"] .govuk-button').last())
        expect(status, `${href} submitted empty`).toBe(400)
        expect((await tab.errorSummary()).length, `${href} submitted empty shows an error summary`).toBeGreaterThan(0)
      }
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('a user creates an API token on their account page (error first), sees it once, and revokes it', { timeout: ROLE_TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe)
      await signIn(tab, 'exploitation.lead')
      await tab.click(tab.page.locator('.app-account-bar').getByRole('link', { name: 'Your account' }))
      expect(tab.path()).toBe('/account')
      await tab.page.getByLabel('Expires after (days)').fill('30')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Create token' }))).toBe(400)
      expect(await tab.errorSummary()).toEqual(['Enter a name for the token, 100 characters or fewer'])
      await tab.page.getByLabel('Token name').fill('Exploitation panel spreadsheet')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Create token' }))).toBe(200)
      expect(await tab.mainText()).toContain('Exploitation panel spreadsheet')
      await tab.click(tab.page.getByRole('button', { name: /^Revoke/ }).first())
      expect(tab.path()).toBe('/account')
      expect(await tab.mainText()).toContain('Revoked')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('a MASH manager adds a person, changes their details (with a Back link to the record) and saves', { timeout: ROLE_TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe)
      await signIn(tab, 'mash.manager')
      await tab.goto('/people/new')
      const form = tab.page.locator('main form')
      await form.getByLabel('First name').fill('Elspeth')
      await form.getByLabel('Last name').fill('Marrable')
      await form.getByLabel('Not stated or not known').check()
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(200)
      const recordPath = tab.path()
      expect(recordPath).toMatch(/^\/people\/[0-9a-f-]{36}$/)

      await tab.click(tab.page.getByRole('link', { name: /^Change details/ }))
      expect(tab.path()).toBe(`${recordPath}/edit`)
      expect(await tab.page.getByLabel('Last name').inputValue()).toBe('Marrable')
      // A bad postcode first: the error page.
      await tab.page.getByLabel('Postcode').fill('NOT A POSTCODE')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save changes' }))).toBe(400)
      expect(await tab.errorSummary()).toEqual(['Enter a real postcode, like PE1 2AB'])
      await tab.page.getByLabel('Postcode').fill('pe1 1aa')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save changes' }))).toBe(200)
      expect(tab.path()).toBe(recordPath)
      expect(await tab.mainText()).toContain('PE1 1AA')

      // GOV.UK pattern: the change page has a Back link to the record.
      await tab.click(tab.page.getByRole('link', { name: /^Change details/ }))
      expect(await tab.page.getByRole('link', { name: 'Back', exact: true }).count(), 'Back link on the change details page').toBe(1)
      await tab.click(tab.page.getByRole('link', { name: 'Back', exact: true }))
      expect(tab.path()).toBe(recordPath)
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('a role without a function gets the "you do not have permission" page, and an unknown address the 404 page', { timeout: ROLE_TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe)
      await signIn(tab, 'analyst')
      expect(await tab.goto('/people')).toBe(403)
      expect(await tab.goto('/admin')).toBe(403)
      expect(await tab.goto('/no-such-page')).toBe(404)
      expect(await tab.headingText()).toBe('Page not found')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('with JavaScript switched off, a MASH practitioner signs in and adds a person (progressive enhancement)', { timeout: ROLE_TIMEOUT }, async () => {
    const context = await newContext(journey.browser, { javaScriptEnabled: false })
    const axeContext = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'anonymous', axeContext)
      await signIn(tab, 'mash.social.worker')
      // GOV.UK Frontend did not run: no `govuk-frontend-supported` class.
      expect(await tab.page.locator('body.govuk-frontend-supported').count()).toBe(0)

      await tab.click(tab.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Find a person' }))
      await tab.page.getByLabel('First name').fill('Tobias')
      await tab.page.getByLabel('Last name').fill('Wrenfield')
      await tab.click(tab.page.getByRole('button', { name: 'Search' }))
      await tab.click(tab.page.getByRole('link', { name: 'Add a new person' }))
      const form = tab.page.locator('main form')
      await form.getByLabel('Child (under 18)').check()
      await form.getByLabel('First name').fill('Tobias')
      await form.getByLabel('Last name').fill('Wrenfield')
      await form.getByLabel('Day').fill('3')
      await form.getByLabel('Month').fill('9')
      await form.getByLabel('Year').fill('2010')
      await form.getByLabel('Male', { exact: true }).check()
      await form.getByLabel('Ethnicity (optional)').selectOption({ label: 'White British' })
      await form.getByLabel('Postcode').fill('PE7 8QT')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(200)
      expect(tab.path()).toMatch(/^\/people\/[0-9a-f-]{36}$/)
      expect(normalise(await tab.page.locator('[data-qa="person-name"]').innerText())).toBe('Tobias Wrenfield')
      expect(await tab.mainText()).toContain('White British')
      await tab.page.screenshot({ path: '/tmp/lantern-e2e-no-js-record.png', fullPage: true })
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
      await axeContext.close()
    }
  })
})

import type { BrowserContext, Locator, Page, Response } from 'playwright-core'
import { DEMO_PASSWORD, demoEmail } from '../../src/demo/accounts.ts'
import { demoTotpSecret, TOTP_PERIOD, totpCode } from '../../src/platform/auth/totp.ts'
import { pathOf, type AxeLog } from './axe.ts'

export { DEMO_PASSWORD, demoEmail }

/**
 * A browser tab in Lantern. Every way of reaching a page — `goto`, following a link, submitting a form — goes
 * through `navigate`, which waits for the page to load and runs axe on it; `assertEveryLoadChecked` then proves
 * no page slipped through unchecked (for example a redirect the test did not expect).
 */
export class LanternPage {
  private loads = 0
  private checkedLoads = 0
  private lastLoadUrl = ''
  /** HTTP status of the last document the tab loaded (after redirects). */
  status: number | undefined

  private constructor(
    readonly page: Page,
    readonly baseUrl: string,
    readonly axe: AxeLog,
    /** Who is using the tab, for the violation list. */
    public who: string,
    /** For a tab with JavaScript switched off: a tab in a JavaScript-enabled context where axe runs (see checkAccessibility). */
    private readonly mirror?: Page,
  ) {
    page.on('load', () => {
      this.loads += 1
      this.lastLoadUrl = page.url()
    })
    page.on('response', (response: Response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) this.status = response.status()
    })
  }

  /**
   * A new tab in `context`. If the context has JavaScript switched off, pass `axeContext`: a JavaScript-enabled
   * context of the same browser in which axe checks a script-free copy of each page (axe cannot run in a context
   * without JavaScript: it hangs).
   */
  static async open(context: BrowserContext, baseUrl: string, axe: AxeLog, who = 'anonymous', axeContext?: BrowserContext): Promise<LanternPage> {
    return new LanternPage(await context.newPage(), baseUrl, axe, who, axeContext ? await axeContext.newPage() : undefined)
  }

  /** The current path and query, e.g. `/people/…`. */
  path(): string {
    return pathOf(this.page.url())
  }

  /** Load a path (or absolute URL), check it with axe; returns the HTTP status. */
  async goto(pathOrUrl: string): Promise<number | undefined> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`
    return this.navigate(() => this.page.goto(url, { waitUntil: 'load' }))
  }

  /** Click a link or submit button that loads a new page; check the new page with axe. */
  async click(target: Locator): Promise<number | undefined> {
    return this.navigate(() => target.click())
  }

  /** Run `action`, wait for the resulting page load, then check the page with axe. Returns the HTTP status. */
  async navigate(action: () => Promise<unknown>): Promise<number | undefined> {
    this.status = undefined
    const before = this.loads
    const loaded = this.page.waitForEvent('load')
    // Never an unhandled rejection: if the action fails, or the load came before we looked, nobody awaits it.
    loaded.catch(() => undefined)
    await action()
    if (this.loads === before) await loaded
    await this.checkAccessibility()
    return this.status
  }

  /** axe on the page as it is now (after a load). */
  async checkAccessibility(): Promise<void> {
    if (this.mirror) await this.checkMirrored(this.mirror)
    else await this.axe.check(this.page, this.who, this.status)
    this.checkedLoads = this.loads
  }

  /**
   * JavaScript is off in this tab: serve the document exactly as the browser parsed it — scripts removed, and
   * `<noscript>` content kept as markup, as a browser without JavaScript shows it — at the same URL in the
   * JavaScript-enabled mirror tab (stylesheets still load from Lantern), and run axe there.
   */
  private async checkMirrored(mirror: Page): Promise<void> {
    const url = this.page.url()
    const html = (await this.page.content())
      .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
      .replace(/<\/?noscript\b[^>]*>/gi, '')
    const matches = (u: URL) => u.href === url
    await mirror.route(matches, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }))
    try {
      await mirror.goto(url, { waitUntil: 'load' })
      await this.axe.check(mirror, `${this.who} (no JavaScript)`, this.status)
    } finally {
      await mirror.unroute(matches)
    }
  }

  assertEveryLoadChecked(): void {
    if (this.loads !== this.checkedLoads) {
      throw new Error(`${this.loads - this.checkedLoads} page load(s) were not checked by axe; the last was ${pathOf(this.lastLoadUrl)}`)
    }
  }

  // --- reading the page ----------------------------------------------------------------------------

  heading(): Locator {
    return this.page.locator('main h1, main legend h1, main label h1').first()
  }

  async headingText(): Promise<string> {
    return normalise(await this.page.locator('h1').first().innerText())
  }

  /** The GOV.UK error summary's messages, in order ([] when there is none). */
  async errorSummary(): Promise<string[]> {
    const summary = this.page.locator('.govuk-error-summary')
    if ((await summary.count()) === 0) return []
    return (await summary.locator('.govuk-error-summary__list a').allInnerTexts()).map(normalise)
  }

  /** The inline error message of a field (GOV.UK `govuk-error-message`, "Error:" prefix removed). */
  async fieldError(id: string): Promise<string> {
    const message = this.page.locator(`#${id}-error`)
    return normalise((await message.innerText()).replace(/^Error:\s*/, ''))
  }

  /** The service navigation's links, as [{ text, href }]. */
  async navigation(): Promise<Array<{ text: string; href: string }>> {
    const links = this.page.locator('.govuk-service-navigation__link')
    const out: Array<{ text: string; href: string }> = []
    for (const link of await links.all()) out.push({ text: normalise(await link.innerText()), href: (await link.getAttribute('href')) ?? '' })
    return out
  }

  async accountBar(): Promise<string> {
    return normalise(await this.page.locator('.app-account-bar__text').innerText())
  }

  async mainText(): Promise<string> {
    return normalise(await this.page.locator('main').innerText())
  }
}

export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

// --- security codes ----------------------------------------------------------------------------------

const lastStepUsed = new Map<string, number>()

/**
 * A security code a user has not used yet. Lantern refuses a code from a time step at or before the last one it
 * accepted for that user (replay protection), so a second sign-in or step-up within the same 30-second step waits
 * for the next step — as a real user would.
 */
export async function freshTotp(email: string): Promise<string> {
  const key = email.toLowerCase()
  const stepMs = TOTP_PERIOD * 1000
  const last = lastStepUsed.get(key)
  let now = Date.now()
  if (last !== undefined && Math.floor(now / stepMs) <= last) {
    await new Promise((resolve) => setTimeout(resolve, (last + 1) * stepMs - now + 250))
    now = Date.now()
  }
  lastStepUsed.set(key, Math.floor(now / stepMs))
  return totpCode(demoTotpSecret(key), new Date(now))
}

// --- signing in and out --------------------------------------------------------------------------------

export type SignInOptions = {
  /** For a user with several role profiles: the label of the radio to choose on "Choose how you are working today". */
  role?: string
  password?: string
}

/**
 * Sign in as a demo account (`mash.manager` or a full email) through the pages: email and password, the security
 * code, then the role if the user has several. Leaves the tab on the home page; every page on the way is axe-checked.
 */
export async function signIn(tab: LanternPage, account: string, options: SignInOptions = {}): Promise<void> {
  const email = account.includes('@') ? account : demoEmail(account)
  tab.who = email.split('@')[0] as string
  await tab.goto('/sign-in')
  await expectPath(tab, '/sign-in')
  await tab.page.getByLabel('Email address').fill(email)
  await tab.page.getByLabel('Password', { exact: true }).fill(options.password ?? DEMO_PASSWORD)
  await tab.click(tab.page.getByRole('button', { name: 'Continue' }))
  await expectPath(tab, '/sign-in/mfa')
  await tab.page.getByLabel('Enter your security code').fill(await freshTotp(email))
  await tab.click(tab.page.getByRole('button', { name: 'Continue' }))
  if (tab.path() === '/sign-in/role') {
    if (!options.role) throw new Error(`${email} has several roles: pass { role } to signIn`)
    await tab.page.getByLabel(options.role, { exact: true }).check()
    await tab.click(tab.page.getByRole('button', { name: 'Continue' }))
  }
  await expectPath(tab, '/')
}

/** Sign out with the header's button; leaves the tab on the sign-in page with the "You have signed out" banner. */
export async function signOut(tab: LanternPage): Promise<void> {
  await tab.click(tab.page.locator('.app-account-bar').getByRole('button', { name: 'Sign out' }))
  await expectPath(tab, '/sign-in?signedOut=1')
  tab.who = 'anonymous'
}

async function expectPath(tab: LanternPage, expected: string): Promise<void> {
  const actual = tab.path()
  if (actual !== expected) {
    const errors = await tab.errorSummary().catch(() => [])
    throw new Error(`expected to be on ${expected} but on ${actual} (HTTP ${tab.status})${errors.length ? `; errors: ${errors.join(' | ')}` : ''}`)
  }
}

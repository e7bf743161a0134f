import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core'

/** Debian's Chromium, headless (STACK.md §6 and gotchas 18–19). */
export const CHROMIUM_PATH = '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/**
 * A fresh browser context: one per signed-in user, so cookies never leak between accounts. Always a context
 * (never `browser.newPage()`): AxeBuilder refuses pages that do not belong to one (gotcha 18).
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 }, ...options })
  context.setDefaultTimeout(15_000)
  context.setDefaultNavigationTimeout(30_000)
  return context
}

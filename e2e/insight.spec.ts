import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AxeLog } from './support/axe.ts'
import { launchBrowser, newContext } from './support/browser.ts'
import { LanternPage, normalise, signIn } from './support/pages.ts'
import { removeDataDir, serverOutputTail, startLantern, type LanternServer } from './support/server.ts'

/**
 * The partnership indicators (issue 7): the analyst opens them from the navigation with JavaScript switched off,
 * changes the quarter, chooses dates (errors first), and sees every indicator and the trend as tables; a
 * practitioner without the function gets the "you do not have permission" page. Every page load is checked with axe.
 */
const TIMEOUT = 600_000
const TABLES = ['cse-contacts', 'exploitation-contacts', 'missing-children', 'missing-episodes', 'return-interviews', 'panel-high-risk-cases', 'trend']

describe('partnership indicators, with axe', () => {
  const axe = new AxeLog('insight')
  let server: LanternServer
  let browser: Browser

  beforeAll(async () => {
    server = await startLantern({ label: 'e2e-insight' })
    browser = await launchBrowser()
  })

  beforeEach(({ onTestFailed }) => onTestFailed(() => console.error(serverOutputTail(server))))
  afterEach(() => axe.assertNoNewViolations())

  afterAll(async () => {
    axe.writeReport()
    await browser?.close()
    if (server) {
      try {
        await server.stop()
        removeDataDir(server.dataDir)
      } finally {
        await server.kill()
      }
    }
  })

  it('the analyst opens the indicators without JavaScript, changes the period and sees the tables', { timeout: TIMEOUT }, async () => {
    const context = await newContext(browser, { javaScriptEnabled: false })
    const axeContext = await newContext(browser)
    try {
      const tab = await LanternPage.open(context, server.url, axe, 'anonymous', axeContext)
      await signIn(tab, 'analyst')
      expect(await tab.click(tab.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Indicators' }))).toBe(200)
      expect(await tab.headingText()).toBe('Partnership indicators')
      for (const id of TABLES) expect(await tab.page.locator(`[data-qa="${id === 'trend' ? 'trend' : `indicator-${id}`}"]`).count(), id).toBe(1)
      expect(await tab.page.locator('[data-qa="trend"] tbody tr').count()).toBe(8)
      // Panels are not recorded yet: shown as such, never as 0.
      expect(normalise(await tab.page.locator('[data-qa="indicator-panel-high-risk-cases"] tbody').innerText())).toContain('Not yet recorded')

      await tab.page.getByLabel('Quarter').selectOption({ label: 'July to September 2026' })
      expect(await tab.click(tab.page.getByRole('button', { name: 'Show quarter' }))).toBe(200)
      expect(normalise(await tab.page.locator('[data-qa="period"]').innerText())).toBe('1 July 2026 to 30 September 2026')
      expect(await tab.page.locator('[data-qa="indicator-missing-episodes"] tbody tr').count()).toBeGreaterThan(10)

      // Other dates, in a details element that opens without JavaScript: errors first, then the period.
      await tab.page.getByText('Choose other dates').click()
      const from = tab.page.getByRole('group', { name: 'Date from' })
      const to = tab.page.getByRole('group', { name: 'Date to' })
      await from.getByLabel('Day').fill('31')
      await from.getByLabel('Month').fill('2')
      await from.getByLabel('Year').fill('2026')
      await to.getByLabel('Day').fill('28')
      await to.getByLabel('Month').fill('11')
      await to.getByLabel('Year').fill('2026')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Show period' }))).toBe(400)
      expect(await tab.errorSummary()).toEqual(['Date from must be a real date'])
      expect(await tab.fieldError('from')).toBe('Date from must be a real date')
      await tab.page.getByRole('group', { name: 'Date from' }).getByLabel('Day').fill('1')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Show period' }))).toBe(200)
      expect(normalise(await tab.page.locator('[data-qa="period"]').innerText())).toBe('1 February 2026 to 28 November 2026')
      expect(await tab.page.locator('[data-qa="indicator-cse-contacts"]').count()).toBe(1)
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
      await axeContext.close()
    }
  })

  it('a MASH practitioner has no indicators: no navigation item, and the page is "you do not have permission"', { timeout: TIMEOUT }, async () => {
    const context = await newContext(browser)
    try {
      const tab = await LanternPage.open(context, server.url, axe, 'mash.social.worker')
      await signIn(tab, 'mash.social.worker')
      expect((await tab.navigation()).map((n) => n.href)).not.toContain('/insight')
      expect(await tab.goto('/insight')).toBe(403)
      expect(await tab.headingText()).toBe('You do not have permission')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })
})

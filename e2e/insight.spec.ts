import fs from 'node:fs'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { LanternPage, normalise, signIn } from './support/pages.ts'

/**
 * The partnership indicators (issue 7): the analyst opens them from the navigation with JavaScript switched off,
 * changes the quarter, chooses dates (errors first), and sees every indicator and the trend as tables; a
 * practitioner without the function gets the "you do not have permission" page. Every page load is checked with axe.
 */
const TIMEOUT = 600_000
const TABLES = ['cse-contacts', 'exploitation-contacts', 'missing-children', 'missing-episodes', 'return-interviews', 'panel-high-risk-cases', 'trend']

describe('partnership indicators, with axe', () => {
  const journey = useLanternJourney('insight')
  const { axe } = journey

  it('the analyst opens the indicators without JavaScript, changes the period and sees the tables', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser, { javaScriptEnabled: false })
    const axeContext = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'anonymous', axeContext)
      await signIn(tab, 'analyst')
      expect(await tab.click(tab.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Indicators' }))).toBe(200)
      expect(await tab.headingText()).toBe('Partnership indicators')
      for (const id of TABLES) expect(await tab.page.locator(`[data-qa="${id === 'trend' ? 'trend' : `indicator-${id}`}"]`).count(), id).toBe(1)
      expect(await tab.page.locator('[data-qa="trend"] tbody tr').count()).toBe(8)
      // Panels are not recorded yet: shown as such, never as 0.
      expect(normalise(await tab.page.locator('[data-qa="indicator-panel-high-risk-cases"] tbody').innerText())).toContain('Not yet recorded')

      await tab.page.getByLabel('Quarter', { exact: true }).selectOption({ label: 'July to September 2026' })
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

  it('the analyst works through the problem profile, hotspots (map with JavaScript), the pseudonymised cohort and the neighbour comparison', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'analyst')
      await signIn(tab, 'analyst')
      expect(await tab.click(tab.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Indicators' }))).toBe(200)
      const insight = tab.page.getByRole('navigation', { name: 'Insight' })

      expect(await tab.click(insight.getByRole('link', { name: 'Problem profile' }))).toBe(200)
      expect(await tab.headingText()).toBe('Problem profile')
      expect(await tab.page.locator('main table').count()).toBeGreaterThan(3)
      expect(await tab.page.locator('main figure [role="img"] svg').count()).toBeGreaterThan(0)

      expect(await tab.click(insight.getByRole('link', { name: 'Hotspots' }))).toBe(200)
      expect(await tab.headingText()).toBe('Hotspots')
      expect(await tab.page.locator('#hotspots tbody tr').count()).toBeGreaterThan(0)
      // With JavaScript the map appears beside the table, one circle per place with a position, reachable by keyboard.
      await tab.page.locator('#hotspots-map .leaflet-interactive').first().waitFor()
      expect(await tab.page.locator('#hotspots-map-section').isVisible()).toBe(true)
      await tab.checkAccessibility()

      expect(await tab.click(insight.getByRole('link', { name: 'Young people most at risk' }))).toBe(200)
      expect(await tab.headingText()).toBe('Young people most at risk')
      const cohort = await tab.page.locator('[data-qa="young-people"]').innerText()
      expect(cohort).toMatch(/YP-[0-9A-Z]{8}/)
      // No name of any child in the list appears: the analyst sees pseudonyms only (checked in full by the integration tests).
      expect(await tab.page.locator('[data-qa="young-people"] a[href^="/people/"]').count()).toBe(0)
      expect(await tab.click(tab.page.locator('[data-qa="young-people"] button', { hasText: 'Open record' }).first())).toBe(403)
      expect(await tab.headingText()).toBe('You need a relationship with this young person')

      await tab.goto('/insight')
      expect(await tab.click(tab.page.getByRole('navigation', { name: 'Insight' }).getByRole('link', { name: 'Neighbour comparison' }))).toBe(200)
      expect(await tab.headingText()).toBe('Neighbour comparison')
      const shareable = await downloaded(tab, 'main a[href*="format=json"]')
      const body = JSON.parse(shareable.toString('utf8')) as { indicators: Array<{ rows: Array<{ count: number | null; suppressed?: boolean }> }> }
      for (const row of body.indicators.flatMap((i) => i.rows)) if (row.count !== null) expect(row.count === 0 || row.count > 5).toBe(true)
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('the business unit builds the quarterly board report, watches it build, writes commentary and downloads a PDF and an XLSX that open', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser, { acceptDownloads: true })
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'business.unit')
      await signIn(tab, 'business.unit')
      expect(await tab.click(tab.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Indicators' }))).toBe(200)
      expect(await tab.click(tab.page.getByRole('navigation', { name: 'Insight' }).getByRole('link', { name: 'Board report' }))).toBe(200)
      expect(await tab.headingText()).toBe('Quarterly board report')
      await tab.page.getByLabel('Quarter', { exact: true }).selectOption({ label: 'July to September 2026' })
      expect(await tab.click(tab.page.getByRole('button', { name: 'Build the board report' }))).toBe(200)
      expect(tab.path()).toMatch(/^\/insight\/board-reports\/[0-9a-f-]{36}$/)
      // The progress script reloads the page when the build is ready; without it, "Check progress" does the same.
      await tab.page.locator('[data-qa="status"]', { hasText: 'Ready' }).waitFor({ timeout: 180_000 })
      await tab.checkAccessibility()
      for (const section of ['summary', 'indicators', 'trends', 'data-quality', 'incidence', 'prevalence']) expect(await tab.page.locator(`[data-qa="section-${section}"]`).count(), section).toBe(1)
      expect(await tab.page.locator('[data-qa="section-trends"] figure [role="img"] svg').count()).toBeGreaterThan(0)

      expect(await tab.click(tab.page.getByRole('button', { name: 'Write commentary' }))).toBe(200)
      await tab.page.getByLabel('Summary').fill('Missing episodes from care fell for the second quarter running.')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save commentary' }))).toBe(200)
      expect(normalise(await tab.page.locator('[data-qa="commentary-summary"]').innerText())).toContain('Missing episodes from care fell for the second quarter running.')

      const pdf = await downloaded(tab, '[data-qa="download-pdf"]')
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      expect(pdf.subarray(-8).toString()).toContain('%%EOF')
      expect(pdf.toString('latin1')).toContain('OFFICIAL-SENSITIVE')
      const xlsx = await downloaded(tab, '[data-qa="download-xlsx"]')
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(xlsx as unknown as ArrayBuffer)
      expect(workbook.worksheets.map((w) => w.name)).toContain('Commentary')
      expect(workbook.worksheets.length).toBeGreaterThan(5)
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('a MASH practitioner has no indicators: no navigation item, and the page is "you do not have permission"', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'mash.social.worker')
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

/** Click a download link and return the file's bytes (a download is not a page load: nothing for axe to check). */
async function downloaded(tab: LanternPage, selector: string): Promise<Buffer> {
  const [download] = await Promise.all([tab.page.waitForEvent('download'), tab.page.locator(selector).click()])
  const file = await download.path()
  return fs.readFileSync(file)
}

import { describe, expect, it } from 'vitest'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { LanternPage, signIn, signOut } from './support/pages.ts'

/**
 * Children missing education: the MASH manager adds a child, finds them through the "record a child missing
 * education" step, records a case (errors first: an empty form, then a child too young), logs an enquiry, sees the
 * case in the sortable list and on the child's record (badge), and closes it with a reason (refused without one).
 * Every page load is checked with axe.
 */
const TIMEOUT = 600_000

/** The boxes of a date field, `daysAgo` days before today (UK calendar). */
async function fillDate(tab: LanternPage, name: string, daysAgo: number): Promise<void> {
  const at = new Date(Date.now() - daysAgo * 86_400_000)
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at).map((x) => [x.type, x.value]))
  await tab.page.locator(`#${name}-day`).fill(String(p.day))
  await tab.page.locator(`#${name}-month`).fill(String(p.month))
  await tab.page.locator(`#${name}-year`).fill(String(p.year))
}

describe('children missing education, with axe', () => {
  const journey = useLanternJourney('education')
  const { axe } = journey

  it('the MASH records a case, logs an enquiry and closes it with a reason', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'mash.manager')
      await signIn(tab, 'mash.manager')

      // A child of compulsory school age, added by the MASH (its team gets the creator's relationship).
      await tab.goto('/people/new')
      const form = tab.page.locator('main form')
      await form.getByLabel('First name').fill('Perpetua')
      await form.getByLabel('Last name').fill('Quenbrook')
      await tab.page.locator('#dateOfBirth-day').fill('14')
      await tab.page.locator('#dateOfBirth-month').fill('9')
      await tab.page.locator('#dateOfBirth-year').fill(String(new Date().getUTCFullYear() - 11))
      await form.getByLabel('Female', { exact: true }).check()
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(200)
      const personPath = tab.path()
      expect(personPath).toMatch(/^\/people\/[0-9a-f-]{36}$/)

      // The list (demo cases already there), then the find step.
      expect(await tab.goto('/children-missing-education')).toBe(200)
      expect(await tab.headingText()).toBe('Children missing education')
      expect(await tab.page.locator('[data-qa="cme-list"] [data-qa="cme-row"]').count()).toBeGreaterThan(0)
      await tab.click(tab.page.locator('[data-qa="record-cme"]'))
      expect(tab.path()).toBe('/children-missing-education/find')
      await tab.page.getByLabel('First name').fill('Perpetua')
      await tab.page.getByLabel('Last name').fill('Quenbrook')
      expect(await tab.click(tab.page.locator('[data-qa="find-child"]'))).toBe(200)
      await tab.click(tab.page.locator(`[data-qa="find-results"] a[href="${personPath}/children-missing-education/new"]`))
      expect(tab.path()).toBe(`${personPath}/children-missing-education/new`)

      // Errors first: nothing chosen; then a date in the future.
      expect(await tab.click(tab.page.locator('[data-qa="save-cme"]'))).toBe(400)
      const errors = (await tab.errorSummary()).join(' ')
      expect(errors).toMatch(/Select how the child was identified/)
      expect(errors).toMatch(/Select why the child is thought to be missing education/)
      await tab.page.getByLabel('School removed the child from its roll').check()
      await tab.page.getByLabel('Removed from roll with no known destination').check()
      await fillDate(tab, 'identifiedOn', -3)
      expect(await tab.click(tab.page.locator('[data-qa="save-cme"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/Date identified must be today or in the past/)
      await fillDate(tab, 'identifiedOn', 6)
      await tab.page.getByLabel('School last attended (optional)').fill('Kingsbrook School (demo), March')
      expect(await tab.click(tab.page.locator('[data-qa="save-cme"]'))).toBe(200)
      expect(tab.path()).toMatch(/^\/children-missing-education\/[0-9a-f-]{36}$/)
      const casePath = tab.path()
      expect(await tab.mainText()).toContain('Open for 6 days')

      // An enquiry for the log.
      await tab.click(tab.page.locator('[data-qa="add-action"]'))
      expect(await tab.click(tab.page.locator('[data-qa="save-action"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/Select what was done/)
      await tab.page.getByLabel('Home visit').check()
      await tab.page.getByLabel('Outcome').fill('No reply; card left')
      await tab.page.getByLabel('Who did it?').fill('CME officer (demo)')
      expect(await tab.click(tab.page.locator('[data-qa="save-action"]'))).toBe(200)
      expect(tab.path()).toBe(casePath)
      expect(await tab.mainText()).toContain('No reply; card left')

      // The child's record carries the badge; the list shows the case with its last action.
      await tab.goto(personPath)
      expect(await tab.page.locator('[data-qa="badge-missing-education"]').textContent()).toContain('Missing education')
      await tab.goto('/children-missing-education')
      expect(await tab.page.locator(`[data-qa="cme-list"] a[href="${casePath}"]`).count()).toBe(1)

      // Closing needs a reason.
      await tab.goto(casePath)
      await tab.click(tab.page.locator('[data-qa="close-cme"]'))
      expect(await tab.click(tab.page.locator('[data-qa="save-close"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/Select why the case is closing/)
      await tab.page.getByLabel('Registered at a school').check()
      expect(await tab.click(tab.page.locator('[data-qa="save-close"]'))).toBe(200)
      expect(tab.path()).toBe(casePath)
      const closed = await tab.mainText()
      expect(closed).toContain('Closed after 6 days')
      expect(closed).toContain('Registered at a school')
      await signOut(tab)
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })
})

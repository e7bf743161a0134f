import { describe, expect, it } from 'vitest'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { LanternPage, signIn } from './support/pages.ts'

/**
 * Duplicates and merge (ADR 0009): the MASH manager opens the duplicate queue from the navigation, finds a pair
 * that cannot be merged (the reasons shown, no merge option) and one that can, merges it (a reason is required),
 * sees it in the merge history and undoes it (a reason is required). Every page load is checked with axe.
 */
const TIMEOUT = 600_000

describe('duplicate queue, merge and unmerge, with axe', () => {
  const journey = useLanternJourney('person-merge')
  const { axe } = journey

  it('queue → compare → merge → history → unmerge', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'mash.manager')
      await signIn(tab, 'mash.manager')

      await tab.click(tab.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Duplicates' }))
      expect(tab.path()).toBe('/people/duplicates')
      expect(await tab.headingText()).toBe('Possible duplicate records')
      const links = tab.page.locator('[data-qa="duplicate-queue"] tbody a')
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
      // The demo's six deliberate near-duplicates are queued.
      expect(hrefs.length).toBeGreaterThanOrEqual(6)

      // Look at each pair until one is blocked and one can be merged.
      let blockedSeen = false
      let mergeable = ''
      for (const href of hrefs) {
        expect(await tab.goto(href)).toBe(200)
        const blocked = (await tab.page.locator('[data-qa="merge-blocks"]').count()) > 0
        if (blocked) {
          blockedSeen = true
          expect(await tab.page.locator('input[value="keep-first"]').count(), 'a blocked pair offers no merge').toBe(0)
          expect(await tab.mainText()).toContain('These records cannot be merged')
        } else if (!mergeable) {
          mergeable = href
        }
        if (blockedSeen && mergeable) break
      }
      expect(blockedSeen, 'the demo has a pair with different verified dates of birth').toBe(true)
      expect(mergeable).not.toBe('')

      expect(await tab.goto(mergeable)).toBe(200)
      const recordA = (await tab.page.locator('[data-qa="record-1"] .govuk-summary-list__value').first().innerText()).trim()
      expect(await tab.page.locator('[data-qa="match-reasons"] li').count()).toBeGreaterThan(0)
      // A decision without a reason: the error summary, nothing saved.
      await tab.page.getByLabel(/Merge — keep record A/).check()
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save decision' }))).toBe(400)
      expect(await tab.errorSummary()).toEqual(['Enter reason'])
      await tab.page.getByLabel('Reason for your decision').fill('Same child: the police record has a misspelt name')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save decision' }))).toBe(200)
      expect(tab.path()).toMatch(/^\/people\/merges\?merged=/)
      expect(await tab.mainText()).toContain(`was merged into ${recordA}`)

      // The pair has left the open queue.
      expect(await tab.goto('/people/duplicates')).toBe(200)
      expect(await tab.page.locator(`[data-qa="duplicate-queue"] a[href="${mergeable}"]`).count()).toBe(0)

      expect(await tab.goto('/people/merges')).toBe(200)
      await tab.click(tab.page.locator('[data-qa="merge-history"]').getByRole('link', { name: /^Unmerge/ }).first())
      expect(tab.path()).toMatch(/^\/people\/merges\/[0-9a-f-]{36}\/unmerge$/)
      expect(await tab.click(tab.page.getByRole('button', { name: 'Unmerge records' }))).toBe(400)
      expect(await tab.errorSummary()).toEqual(['Enter reason for undoing the merge'])
      await tab.page.getByLabel('Why are you undoing this merge?').fill('The school says these are cousins, not one child')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Unmerge records' }))).toBe(200)
      expect(tab.path()).toBe('/people/merges?unmerged=1')
      expect(await tab.mainText()).toContain('The merge was undone')
      expect(await tab.mainText()).toContain('Unmerged')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })
})

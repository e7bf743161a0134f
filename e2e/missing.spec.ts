import { describe, expect, it } from 'vitest'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { LanternPage, signIn, signOut } from './support/pages.ts'

/**
 * Missing children: the police missing persons unit finds a child, records an episode (errors first), then the
 * return (a return before the report is refused); the return interview service sees the RHI in its queue and
 * records it; the exploitation lead's alert queue and the child's alerts. Every page load is checked with axe.
 */
const TIMEOUT = 600_000

/** The boxes of a date and time field, in UK time, `hoursAgo` before now. */
async function fillDateTime(tab: LanternPage, prefix: string, hoursAgo: number): Promise<void> {
  const at = new Date(Date.now() - hoursAgo * 3_600_000)
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  await tab.page.locator(`#${prefix}-day`).fill(String(parts.day))
  await tab.page.locator(`#${prefix}-month`).fill(String(parts.month))
  await tab.page.locator(`#${prefix}-year`).fill(String(parts.year))
  await tab.page.locator(`#${prefix}-time`).fill(`${parts.hour}:${parts.minute}`)
}

describe('missing episodes, return home interviews and alerts, with axe', () => {
  const journey = useLanternJourney('missing')
  const { axe } = journey

  it('police record an episode and the return; the RHI worker records the interview; the exploitation lead sees alerts', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'police.missing')
      await signIn(tab, 'police.missing')

      // A child the unit adds (search before create), then finds through the "record a missing episode" step.
      await tab.goto('/people/new')
      const form = tab.page.locator('main form')
      await form.getByLabel('First name').fill('Oriel')
      await form.getByLabel('Last name').fill('Vantongeren')
      await form.getByLabel('Female', { exact: true }).check()
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(200)
      const personPath = tab.path()
      expect(personPath).toMatch(/^\/people\/[0-9a-f-]{36}$/)

      expect(await tab.goto('/missing')).toBe(200)
      expect(await tab.headingText()).toBe('Currently missing')
      await tab.click(tab.page.locator('[data-qa="record-episode"]'))
      expect(tab.path()).toBe('/missing/find')
      await tab.page.getByLabel('First name').fill('Oriel')
      await tab.page.getByLabel('Last name').fill('Vantongeren')
      expect(await tab.click(tab.page.locator('[data-qa="find-child"]'))).toBe(200)
      await tab.click(tab.page.locator(`[data-qa="find-results"] a[href="${personPath}/missing-episodes/new"]`))
      expect(tab.path()).toBe(`${personPath}/missing-episodes/new`)

      // Empty: the GOV.UK error summary, nothing saved. Then last seen after the report: refused too.
      expect(await tab.click(tab.page.locator('[data-qa="save-episode"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/where the child went missing from/i)
      await tab.page.getByLabel('Home', { exact: true }).check()
      await fillDateTime(tab, 'lastSeenAt', 2)
      await fillDateTime(tab, 'reportedMissingAt', 3)
      await tab.page.getByLabel('Medium', { exact: true }).check()
      expect(await tab.click(tab.page.locator('[data-qa="save-episode"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/Time last seen must be the same as or before/)
      await fillDateTime(tab, 'lastSeenAt', 4)
      await tab.page.getByLabel('Police reference (optional)').fill('CC-2026-77001')
      expect(await tab.click(tab.page.locator('[data-qa="save-episode"]'))).toBe(200)
      expect(tab.path()).toMatch(/^\/missing-episodes\/[0-9a-f-]{36}$/)
      const episodePath = tab.path()
      expect(await tab.mainText()).toContain('Missing now')
      // The child's record carries the red "Currently missing" badge while the episode is open.
      await tab.goto(personPath)
      expect(await tab.page.locator('[data-qa="badge-currently-missing"]').textContent()).toContain('Currently missing')

      // The board shows the child; re-grade, then the return (a return before the report is refused first).
      await tab.goto('/missing')
      expect(await tab.mainText()).toContain('Oriel Vantongeren')
      await tab.goto(`${episodePath}/risk-grade`)
      await tab.page.getByLabel('High', { exact: true }).check()
      await tab.page.getByLabel('Reason for the review (optional)').fill('Seen getting into a car with an older male')
      expect(await tab.click(tab.page.locator('[data-qa="save-grade"]'))).toBe(200)
      await tab.click(tab.page.locator('[data-qa="record-return"]'))
      await fillDateTime(tab, 'returnedAt', 5)
      expect(await tab.click(tab.page.locator('[data-qa="save-return"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/after the time the child was reported missing/)
      await fillDateTime(tab, 'returnedAt', 1)
      await tab.page.getByLabel('Where were they found? (optional)').fill('Queensgate bus station')
      await tab.page.getByLabel('Postcode of that place (optional)').fill('pe1 1nt')
      await tab.page.getByLabel('Who were they with? Description (optional)').fill('Older male, about 20')
      expect(await tab.click(tab.page.locator('[data-qa="save-return"]'))).toBe(200)
      expect(tab.path()).toBe(episodePath)
      const returned = await tab.mainText()
      expect(returned).toContain('Queensgate bus station, PE1 1NT')
      expect(returned).toMatch(/Return home interview\s*Due/)
      await tab.goto(`${personPath}/missing-episodes`)
      expect(await tab.mainText()).toContain('1 episode')
      await signOut(tab)

      // The return interview service: the RHI is in its queue; completing needs a time, offering does not.
      await signIn(tab, 'rhi.worker')
      await tab.goto('/missing/return-interviews')
      await tab.click(tab.page.locator(`[data-qa="rhi-queue"] a[href="${episodePath}"]`))
      await tab.click(tab.page.locator('[data-qa="record-rhi"]'))
      await tab.page.getByLabel('Completed', { exact: true }).check()
      expect(await tab.click(tab.page.locator('[data-qa="save-rhi"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/Enter when the interview took place/)
      await tab.page.getByLabel('Offered', { exact: true }).check()
      await tab.page.getByLabel('Friends or a peer group').check()
      expect(await tab.click(tab.page.locator('[data-qa="save-rhi"]'))).toBe(200)
      expect(tab.path()).toBe(episodePath)
      expect(await tab.mainText()).toContain('Friends or a peer group')
      await signOut(tab)

      // The exploitation lead: the high-risk alert is in the queue, and on the child's alerts page once acknowledged.
      await signIn(tab, 'exploitation.lead')
      await tab.goto('/alerts')
      const row = tab.page.locator('[data-qa="alert-queue"] tr', { hasText: 'Oriel Vantongeren' })
      expect(await row.count()).toBe(1)
      await tab.click(row.locator('[data-qa="acknowledge-alert"]'))
      expect(tab.path()).toBe('/alerts')
      await tab.goto(`${personPath}/alerts`)
      expect(await tab.mainText()).toMatch(/High-risk missing\s*Acknowledged/)

      // The record: no badge after the return; the chronology holds the episode, the return and the RHI offer.
      await tab.goto(personPath)
      expect(await tab.page.locator('[data-qa="badge-currently-missing"]').count()).toBe(0)
      await tab.goto(`${personPath}/chronology`)
      const chronology = await tab.mainText()
      for (const text of ['Reported missing from home', 'Returned or found after', 'Return home interview offered']) expect(chronology).toContain(text)

      // The statutory returns: a bad year is an error first; the demo's current year passes every rule checked.
      expect(await tab.goto('/missing/statutory?year=1999')).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/collection year must start between/)
      expect(await tab.goto('/missing/statutory')).toBe(200)
      expect(await tab.headingText()).toBe('Statutory returns: missing children')
      expect(await tab.page.locator('[data-qa="ssda903-valid"]').count()).toBe(1)
      expect(await tab.page.locator('[data-qa="annex-a-list-8"] tbody tr').count()).toBeGreaterThan(0)
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })
  it('the system administrator changes an alert trigger rule and the missing settings (errors first)', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'admin')
      await signIn(tab, 'admin')
      expect(await tab.goto('/admin/alert-rules')).toBe(200)
      expect(await tab.headingText()).toBe('Alert trigger rules')
      await tab.click(tab.page.locator('[data-qa="alert-rules"] a[href="/admin/alert-rules/repeat-missing"]'))
      await tab.page.getByLabel('Within how many days').fill('400')
      expect(await tab.click(tab.page.locator('[data-qa="save-rule"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/from 1 to 365/)
      await tab.page.getByLabel('Within how many days').fill('28')
      expect(await tab.click(tab.page.locator('[data-qa="save-rule"]'))).toBe(200)
      expect(tab.path()).toMatch(/^\/admin\/alert-rules(\?|$)/)
      expect(await tab.mainText()).toContain('3 or more episodes in 28 days')
      await tab.click(tab.page.locator('[data-qa="add-rule"]'))
      expect(await tab.headingText()).toBe('Add a repeat-missing rule')

      expect(await tab.goto('/admin/missing-settings')).toBe(200)
      await tab.page.getByLabel('Pull factors').fill('')
      expect(await tab.click(tab.page.locator('[data-qa="save-settings"]'))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/at least one pull factor/)
      await tab.page.getByLabel('Pull factors').fill('Friends or a peer group\nGifts or money')
      await tab.page.getByLabel('No child below medium').check()
      expect(await tab.click(tab.page.locator('[data-qa="save-settings"]'))).toBe(200)
      expect(await tab.mainText()).toContain('Settings saved')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })
})

import { describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS } from '../src/demo/accounts.ts'
import { ROLE_PROFILE_LABELS, type RoleProfile } from '../src/platform/access/roles.ts'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { demoEmail, freshTotp, LanternPage, normalise, signIn, signOut } from './support/pages.ts'

/**
 * "A new user on a fresh machine … signs in as each demo account with MFA": every account of CONTRACTS.md §1,
 * written out here by hand (account, role profile, team) rather than read from the demo generator.
 */
const CONTRACT_ACCOUNTS: ReadonlyArray<[account: string, roleProfile: RoleProfile, team: string]> = [
  ['admin', 'system-admin', 'Systems'],
  ['ig.officer', 'information-governance-officer', 'Information governance'],
  ['business.unit', 'business-unit-officer', 'Business unit'],
  ['mash.manager', 'mash-manager', 'MASH'],
  ['mash.social.worker', 'mash-practitioner', 'MASH'],
  ['mash.police', 'mash-agency-researcher', 'MASH police desk'],
  ['mash.health', 'mash-agency-researcher', 'MASH health desk'],
  ['social.worker', 'social-worker', 'Exploitation and missing team'],
  ['exploitation.lead', 'exploitation-lead', 'Exploitation and missing team'],
  ['police.missing', 'police-missing-coordinator', 'Missing persons unit'],
  ['rhi.worker', 'rhi-worker', 'Return interview service'],
  ['school.dsl', 'designated-safeguarding-lead', 'Safeguarding'],
  ['health.nurse', 'health-safeguarding-practitioner', 'Safeguarding children team'],
  ['analyst', 'analyst', 'Analysts'],
  ['panel.chair', 'panel-chair', 'Exploitation panel'],
]

describe('signing in (Chromium, axe on every page)', () => {
  const journey = useLanternJourney('sign-in')
  const { axe } = journey

  it.each(CONTRACT_ACCOUNTS)('%s signs in with password and security code and sees the home page as %s', async (account, roleProfile, team) => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe)
      await signIn(tab, account)

      const demo = DEMO_ACCOUNTS.find((a) => a.account === account)
      expect(demo, `the demo partnership has no ${account}`).toBeDefined()
      const label = ROLE_PROFILE_LABELS[roleProfile]
      expect(await tab.accountBar()).toBe(`Signed in as ${demo?.displayName} (${label}, ${demo?.agencyName})`)
      expect(await tab.mainText()).toContain(`You are working as ${label.toLowerCase()} in ${team}, ${demo?.agencyName}.`)
      expect(await tab.page.title()).toBe('Home – Lantern')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('a wrong password shows the GOV.UK error summary, and a wrong security code is refused', async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe)
      await tab.goto('/sign-in')
      // Nothing entered: both fields are asked for.
      expect(await tab.click(tab.page.getByRole('button', { name: 'Continue' }))).toBe(400)
      expect(await tab.errorSummary()).toEqual(['Enter your email address', 'Enter your password'])
      expect(await tab.page.title()).toBe('Error: Sign in – Lantern')

      await tab.page.getByLabel('Email address').fill(demoEmail('panel.chair'))
      await tab.page.getByLabel('Password', { exact: true }).fill('not-the-password')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Continue' }))).toBe(400)
      expect(tab.path()).toBe('/sign-in')
      expect(await tab.errorSummary()).toEqual(['Enter a correct email address and password'])
      expect(await tab.fieldError('email')).toBe('Enter a correct email address and password')
      // The summary's link moves focus to the field in error.
      await tab.page.locator('.govuk-error-summary__list a').first().click()
      await expect.poll(() => tab.page.evaluate<string | undefined>('document.activeElement?.id')).toBe('email')
      // The email is kept; the password never is.
      expect(await tab.page.getByLabel('Email address').inputValue()).toBe(demoEmail('panel.chair'))
      expect(await tab.page.getByLabel('Password', { exact: true }).inputValue()).toBe('')

      // A wrong code, then the right one.
      await tab.page.getByLabel('Password', { exact: true }).fill('Lantern-demo-2026!')
      await tab.click(tab.page.getByRole('button', { name: 'Continue' }))
      expect(tab.path()).toBe('/sign-in/mfa')
      const right = await freshTotp(demoEmail('panel.chair'))
      const wrong = right === '000000' ? '111111' : '000000'
      await tab.page.getByLabel('Enter your security code').fill(wrong)
      expect(await tab.click(tab.page.getByRole('button', { name: 'Continue' }))).toBe(400)
      expect(await tab.errorSummary()).toEqual(['The security code is not correct or has expired'])
      await tab.page.getByLabel('Enter your security code').fill(right)
      await tab.click(tab.page.getByRole('button', { name: 'Continue' }))
      expect(tab.path()).toBe('/')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('a user with two role profiles chooses one, then signs out', async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe)
      await tab.goto('/sign-in')
      await tab.page.getByLabel('Email address').fill(demoEmail('dual.role'))
      await tab.page.getByLabel('Password', { exact: true }).fill('Lantern-demo-2026!')
      await tab.click(tab.page.getByRole('button', { name: 'Continue' }))
      await tab.page.getByLabel('Enter your security code').fill(await freshTotp(demoEmail('dual.role')))
      await tab.click(tab.page.getByRole('button', { name: 'Continue' }))
      expect(tab.path(), 'the demo generator should create dual.role with two role profiles').toBe('/sign-in/role')
      expect(await tab.headingText()).toBe('Choose how you are working today')

      // Continue without choosing: the error page.
      expect(await tab.click(tab.page.getByRole('button', { name: 'Continue' }))).toBe(400)
      expect(await tab.errorSummary()).toEqual(['Select the role you are working in'])

      await tab.page.getByLabel('Exploitation lead', { exact: true }).check()
      await tab.click(tab.page.getByRole('button', { name: 'Continue' }))
      expect(tab.path()).toBe('/')
      expect(await tab.accountBar()).toMatch(/^Signed in as .+ \(Exploitation lead, .+\)$/)

      await signOut(tab)
      expect(normalise(await tab.page.locator('.govuk-notification-banner').innerText())).toContain('You have signed out.')
      // The session is gone: the home page asks for sign-in again.
      await tab.goto('/')
      expect(tab.path()).toBe('/sign-in')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('the accessibility statement and privacy notice are public and linked from every page', async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe)
      await tab.goto('/sign-in')
      expect(await tab.click(tab.page.locator('.govuk-footer').getByRole('link', { name: 'Accessibility statement' }))).toBe(200)
      expect(tab.path()).toBe('/accessibility')
      expect(await tab.headingText()).toBe('Accessibility statement for Lantern')
      expect(await tab.click(tab.page.locator('.govuk-footer').getByRole('link', { name: 'Privacy notice' }))).toBe(200)
      expect(tab.path()).toBe('/privacy')
      expect(await tab.headingText()).toMatch(/privacy/i)
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })
})

import { describe, expect, it } from 'vitest'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { LanternPage, signIn } from './support/pages.ts'

/**
 * The person index on a child's record: each "Add" form (names and aliases, identifiers, addresses, contact
 * details, relationships) is submitted empty first (GOV.UK error summary, nothing saved), then with a check-digit
 * error where there is one, then correctly; the record shows the entry. Every page load is checked with axe.
 */
const TIMEOUT = 600_000

describe('person index entries on a record, with axe', () => {
  const journey = useLanternJourney('person-index')
  const { axe } = journey

  it('a MASH manager records an alias, an NHS number, a new address, a phone number and a relationship', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'mash.manager')
      await signIn(tab, 'mash.manager')

      // Two fictional people, so that the second can be linked to the first.
      const parentPath = await addPerson(tab, 'Odhran', 'Quillfeather', 'Not stated or not known')
      const childPath = await addPerson(tab, 'Wrenna', 'Quillfeather', 'Female')
      const addForm = async (what: string) => {
        await tab.click(tab.page.locator(`main a[href="${childPath}/${what}/new"]`))
        expect(tab.path()).toBe(`${childPath}/${what}/new`)
        const status = await tab.click(tab.page.locator('main form[method="post"] button[type="submit"]').last())
        expect(status, `${what} submitted empty`).toBe(400)
        expect((await tab.errorSummary()).length, `${what} submitted empty shows an error summary`).toBeGreaterThan(0)
      }
      const save = async () => {
        expect(await tab.click(tab.page.locator('main form[method="post"] button[type="submit"]').last())).toBe(200)
        expect(tab.path()).toBe(childPath)
      }

      await addForm('names')
      await tab.page.getByLabel('An alias or nickname they use').check()
      await tab.page.getByLabel('First name').fill('Wren')
      await save()
      expect(await tab.mainText()).toContain('Wren')

      await addForm('identifiers')
      await tab.page.getByLabel('NHS number').check()
      await tab.page.getByLabel('Identifier', { exact: true }).fill('943 476 5918')
      expect(await tab.click(tab.page.locator('main form[method="post"] button[type="submit"]').last())).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/NHS number/)
      await tab.page.getByLabel('Identifier', { exact: true }).fill('943 476 5919')
      await save()
      expect(await tab.mainText()).toContain('943 476 5919')

      await addForm('addresses')
      await tab.page.getByLabel('Address line 1').fill('14 Larkspur Row')
      await tab.page.getByLabel('Postcode (optional)').fill('NOT A POSTCODE')
      expect(await tab.click(tab.page.locator('main form[method="post"] button[type="submit"]').last())).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/postcode/i)
      await tab.page.getByLabel('Postcode (optional)').fill('pe2 9xx')
      await save()
      expect(await tab.mainText()).toContain('PE2 9XX')

      await addForm('contact-details')
      await tab.page.getByLabel('Phone number', { exact: true }).check()
      await tab.page.getByLabel('Phone number, email address or username').fill('07700 900982')
      await save()

      await addForm('relationships')
      await tab.page.getByLabel('Person', { exact: true }).selectOption({ value: parentPath.split('/').pop() as string })
      await tab.page.getByLabel('Parent', { exact: true }).check()
      await save()
      const parentLink = tab.page.locator(`main a[href="${parentPath}"]`)
      expect(await parentLink.count(), 'the related person is a link to their record').toBe(1)
      await tab.click(parentLink)
      expect(await tab.mainText()).toContain('Wrenna Quillfeather')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('"is this child known?" shows ranked cards with reasons, and adding the same child again asks first', { timeout: TIMEOUT }, async () => {
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'mash.social.worker')
      await signIn(tab, 'mash.social.worker')
      const fillPerson = async (form: ReturnType<typeof tab.page.locator>) => {
        await form.getByLabel('Child (under 18)').check()
        await form.getByLabel('First name').fill('Callum')
        await form.getByLabel('Last name').fill('Ashdowne')
        await form.getByLabel('Day').fill('27')
        await form.getByLabel('Month').fill('3')
        await form.getByLabel('Year').fill('2011')
        await form.getByLabel('Male', { exact: true }).check()
        await form.getByLabel('Postcode').fill('PE1 1AA')
      }
      await tab.goto('/people/new')
      await fillPerson(tab.page.locator('main form'))
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(200)
      const recordPath = tab.path()
      expect(recordPath).toMatch(/^\/people\/[0-9a-f-]{36}$/)

      // A nickname, a misspelt surname and day and month swapped still find him, with the reasons per field.
      await tab.goto('/people')
      await tab.page.getByLabel('First name').fill('Cal')
      await tab.page.getByLabel('Last name').fill('Ashdown')
      await tab.page.getByLabel('Day').fill('3')
      await tab.page.getByLabel('Month').fill('27')
      await tab.page.getByLabel('Year').fill('2011')
      // 27 is not a month: the GOV.UK error first, then the swapped date that is a real one.
      expect(await tab.click(tab.page.getByRole('button', { name: 'Search' }))).toBe(400)
      expect((await tab.errorSummary()).join(' ')).toMatch(/date of birth/i)
      await tab.page.getByLabel('Day').fill('27')
      await tab.page.getByLabel('Month').fill('3')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Search' }))).toBe(200)
      const first = tab.page.locator('[data-qa="search-result"]').first()
      expect(await first.locator('h3 a').getAttribute('href')).toBe(recordPath)
      await first.locator('summary').click()
      expect((await first.locator('[data-qa="match-reasons"]').innerText()).length).toBeGreaterThan(0)
      await tab.checkAccessibility()

      // Adding him again: the form asks first, and a deliberate choice creates the second record.
      await tab.goto('/people/new')
      await fillPerson(tab.page.locator('main form'))
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(200)
      expect(tab.path()).toBe('/people')
      expect(await tab.page.locator('[data-qa="possible-duplicates"] [data-qa="search-result"]').count()).toBeGreaterThan(0)
      expect(await tab.mainText()).toContain('These records may be the same person')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(400)
      expect((await tab.errorSummary()).length).toBeGreaterThan(0)
      await tab.page.getByLabel('None of these is the person — create a new record').check()
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(200)
      expect(tab.path()).toMatch(/^\/people\/[0-9a-f-]{36}$/)
      expect(tab.path()).not.toBe(recordPath)
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })
})

/** Add a person from the "add a new person" page; returns the record's path. */
async function addPerson(tab: LanternPage, givenName: string, familyName: string, gender: string): Promise<string> {
  await tab.goto('/people/new')
  const form = tab.page.locator('main form')
  await form.getByLabel('First name').fill(givenName)
  await form.getByLabel('Last name').fill(familyName)
  await form.getByLabel(gender, { exact: true }).check()
  expect(await tab.click(tab.page.getByRole('button', { name: 'Save person' }))).toBe(200)
  const recordPath = tab.path()
  expect(recordPath).toMatch(/^\/people\/[0-9a-f-]{36}$/)
  return recordPath
}

import { describe, expect, it } from 'vitest'
import { buildDemoPartnership } from '../src/demo/build.ts'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { LanternPage, signIn } from './support/pages.ts'
import { E2E_TODAY } from './support/server.ts'

/**
 * Agency extract import (ADR 0010) as the MASH manager: the demo's sources are listed; a new source with its column
 * mapping is refused when incomplete (error page) and then saved; an extract with a bad line is refused with its
 * line numbers and nothing imported; the corrected extract matches three demo children exactly, creates one new
 * record and leaves two rows to review; one is accepted and one rejected, each with a reason. The designated
 * safeguarding lead may not import (403). Every page load, error pages included, is checked with axe.
 */
const TIMEOUT = 600_000
const ukDate = (iso: string) => iso.split('-').reverse().join('/')

type Child = { givenName: string; familyName: string; dateOfBirth: string; gender: string; postcode: string }

/**
 * Children of the demo partnership the server seeds for E2E_TODAY (the demo is deterministic for a date): ordinary
 * records (not restricted or sealed, no deliberate near-duplicate), exact dates of birth, a postcode, and a family
 * name nobody else in the index has — so an exact row has one clear candidate.
 */
function demoChildren(): Child[] {
  const data = buildDemoPartnership(E2E_TODAY, 'not-a-real-hash')
  const protectedIds = new Set(data.protections.map((p) => p.personId))
  const duplicated = new Set(data.nearDuplicates.flatMap((d) => [d.id, d.originalId]))
  const families = new Map<string, number>()
  for (const p of data.people) families.set(p.familyName.toLowerCase(), (families.get(p.familyName.toLowerCase()) ?? 0) + 1)
  return data.people
    .filter((p) => p.kind === 'child' && (p.dobPrecision ?? 'exact') === 'exact' && p.postcode && !protectedIds.has(p.id) && !duplicated.has(p.id))
    .filter((p) => /^[A-Za-z]+$/.test(p.givenName) && /^[A-Za-z]{4,}$/.test(p.familyName) && families.get(p.familyName.toLowerCase()) === 1)
    .map((p) => ({ givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, gender: p.gender ?? 'U', postcode: p.postcode as string }))
}

describe('agency extract import, with axe', () => {
  const journey = useLanternJourney('person-import')
  const { axe } = journey

  let importPath = ''

  it('source → refused extract → import with progress → clerical review', { timeout: TIMEOUT }, async () => {
    const children = demoChildren()
    expect(children.length).toBeGreaterThanOrEqual(5)
    const [a, b, c, u1, u2] = children as [Child, Child, Child, Child, Child]
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'mash.manager')
      await signIn(tab, 'mash.manager')

      await tab.click(tab.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Imports' }))
      expect(tab.path()).toBe('/people/imports')
      expect(await tab.headingText()).toBe('Agency extract imports')
      // One current section, not also "Find a person" (/people prefixes /people/imports).
      expect(await tab.page.locator('.govuk-service-navigation__item--active').allInnerTexts()).toEqual(['Imports'])

      // The demo partnership comes with two sources.
      await tab.click(tab.page.getByRole('button', { name: 'Extract sources' }))
      expect(tab.path()).toBe('/people/imports/sources')
      const sourceNames = await tab.page.locator('[data-qa="import-source"] h2').allInnerTexts()
      expect(sourceNames).toEqual(expect.arrayContaining(['Fenland Academy MIS pupil extract', 'Police niche extract']))

      // A source without an agency or columns: the error page, nothing saved.
      await tab.click(tab.page.getByRole('button', { name: 'Add a source' }))
      expect(tab.path()).toBe('/people/imports/sources/new')
      await tab.page.getByLabel('Name', { exact: true }).fill('Fenland Academy attendance extract')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save source' }))).toBe(400)
      expect(await tab.errorSummary()).toContain('Select the agency whose system the extracts come from')
      await tab.page.getByLabel('Agency whose system the extracts come from').selectOption({ label: 'Fenland Academy (demo)' })
      await tab.page.getByLabel('Record id in the agency’s system').fill('Ref')
      await tab.page.getByLabel('First name', { exact: true }).fill('Forename')
      await tab.page.getByLabel('Last name', { exact: true }).fill('Surname')
      await tab.page.getByLabel('Date of birth', { exact: true }).fill('DOB')
      await tab.page.getByLabel('Gender', { exact: true }).fill('Sex')
      await tab.page.getByLabel('Postcode', { exact: true }).fill('Postcode')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save source' }))).toBe(200)
      expect(tab.path()).toBe('/people/imports/sources')
      expect(await tab.page.locator('[data-qa="import-source"] h2').allInnerTexts()).toContain('Fenland Academy attendance extract')

      const header = 'Ref,Forename,Surname,DOB,Sex,Postcode,Tutor group'
      const exact = (id: string, x: Child) => `${id},${x.givenName},${x.familyName},${ukDate(x.dateOfBirth)},${x.gender},${x.postcode},9F`
      const good = [
        header,
        exact('A1', a),
        exact('A2', b),
        exact('A3', c),
        // The name of a demo child, no date of birth: not clear enough to link without a person.
        `A4,${u1.givenName},${u1.familyName},,,${u1.postcode},9F`,
        `A5,${u2.givenName},${u2.familyName},,,,9F`,
        // Nobody in the index.
        'A6,Zebedee,Quillfeather,03/03/2013,M,PE15 8QT,9F',
      ]
      const withBadLines = [...good.slice(0, 3), 'A9,Marnie,Holloway,31/02/2013,F,PE15 9JY,9F', ...good.slice(3), 'A10,Rufus,,01/04/2012,M,NOT A POSTCODE,9F']

      const upload = async (lines: string[], name: string) => {
        await tab.page.getByLabel('Source', { exact: true }).selectOption({ label: 'Fenland Academy attendance extract (Fenland Academy (demo))' })
        await tab.page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\r\n')}\r\n`) })
        return tab.click(tab.page.getByRole('button', { name: 'Upload and match' }))
      }

      expect(await tab.goto('/people/imports/new')).toBe(200)
      expect(await upload(withBadLines, 'attendance-bad.csv')).toBe(400)
      const problems = await tab.errorSummary()
      expect(await tab.fieldError('file')).toBe('Fix the problems listed above and upload the file again: nothing has been imported')
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Line 4, column 'DOB': '31\/02\/2013' is not a real date/),
          expect.stringMatching(/^Line 9, column 'Surname': the last name is empty/),
          expect.stringMatching(/^Line 9, column 'Postcode': 'NOT A POSTCODE' is not a real postcode/),
        ]),
      )
      expect(await tab.goto('/people/imports')).toBe(200)
      expect(await tab.mainText()).toContain('No extracts have been imported yet')

      expect(await tab.goto('/people/imports/new')).toBe(200)
      expect(await upload(good, 'attendance.csv')).toBe(200)
      expect(tab.path()).toMatch(/^\/people\/imports\/[0-9a-f-]{36}$/)
      importPath = tab.path()
      expect(await tab.page.locator('progress#import-progress').count()).toBe(1)
      // While matching runs the page reloads itself (no JavaScript needed): follow each reload through axe.
      for (let i = 0; i < 20 && (await tab.page.locator('[data-qa="import-status"]').innerText()).includes('Matching'); i++) {
        await tab.navigate(async () => undefined)
      }
      expect(await tab.page.locator('[data-qa="import-status"]').innerText()).toBe('Awaiting review')
      expect(await tab.page.locator('[data-qa="import-progress"]').innerText()).toBe('6 of 6 rows matched')
      expect(await tab.page.locator('progress#import-progress').getAttribute('value')).toBe('100')
      const counts = async () => (await tab.page.locator('[data-qa="import-counts"] .govuk-summary-list__value').allInnerTexts()).map((s) => s.trim())
      expect(await counts()).toEqual(['3', '1', '2', '0', '0'])
      expect(await tab.mainText()).toContain('These columns of the file were not imported: Tutor group.')

      // The clerical review queue: accept one, reject one, each with a reason.
      await tab.click(tab.page.getByRole('button', { name: 'Review 2 rows' }))
      expect(tab.path()).toBe(`${importPath}/review`)
      const rows = tab.page.locator('[data-qa="review-queue"] tbody a')
      expect(await rows.allInnerTexts()).toEqual([`${u1.givenName} ${u1.familyName}`, `${u2.givenName} ${u2.familyName}`])

      await tab.click(rows.first())
      expect(await tab.headingText()).toBe('Is this the same person?')
      expect(await tab.page.locator('[data-qa="match-reasons"] li').count()).toBeGreaterThan(0)
      // No decision and no reason: the error page.
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save decision' }))).toBe(400)
      const reviewErrors = await tab.errorSummary()
      expect(reviewErrors[0]).toBe('Select whether this is the same person')
      expect(reviewErrors).toHaveLength(2)
      await tab.page.getByLabel('Same person — link to this record').check()
      await tab.page.getByLabel('Reason', { exact: true }).fill('Same name and address as the school’s record; the school confirmed by phone')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save decision' }))).toBe(200)
      expect(tab.path()).toBe(`${importPath}/review`)
      expect(await rows.allInnerTexts()).toEqual([`${u2.givenName} ${u2.familyName}`])

      await tab.click(rows.first())
      await tab.page.getByLabel('Not this person — create a new record').check()
      await tab.page.getByLabel('Reason', { exact: true }).fill('The school says this pupil joined from Norfolk in September: a different child')
      expect(await tab.click(tab.page.getByRole('button', { name: 'Save decision' }))).toBe(200)
      // The last decision completes the import.
      expect(tab.path()).toBe(importPath)
      expect(await tab.page.locator('[data-qa="import-status"]').innerText()).toBe('Completed')
      expect(await counts()).toEqual(['3', '1', '0', '1', '1'])

      expect(await tab.goto('/people/imports')).toBe(200)
      expect(await tab.page.locator(`main a[href="${importPath}"]`).innerText()).toBe('attendance.csv')
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })

  it('refuses the designated safeguarding lead, who may not import (403)', { timeout: TIMEOUT }, async () => {
    expect(importPath).not.toBe('')
    const context = await newContext(journey.browser)
    try {
      const tab = await LanternPage.open(context, journey.server.url, axe, 'school.dsl')
      await signIn(tab, 'school.dsl')
      expect((await tab.navigation()).map((n) => n.text)).not.toContain('Imports')
      for (const path of ['/people/imports', '/people/imports/sources/new', '/people/imports/new', importPath, `${importPath}/review`]) {
        expect(await tab.goto(path), path).toBe(403)
      }
      tab.assertEveryLoadChecked()
    } finally {
      await context.close()
    }
  })
})

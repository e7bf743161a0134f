import { describe, expect, it } from 'vitest'
import { newContext } from './support/browser.ts'
import { useLanternJourney } from './support/journey.ts'
import { LanternPage, signIn } from './support/pages.ts'

/**
 * The MASH front door, issue 4's "Done when": a school DSL reports a concern through the question pages, check
 * answers and the confirmation; the MASH manager rates it, links the child, asks the police and health desks;
 * `mash.police` shares what it holds with its lawful basis, `mash.health` holds nothing; the manager decides with a
 * rationale and signs off; the DSL sees the outcome and nothing else. One error page per form on the way. Every
 * page load is checked with axe.
 */
const TIMEOUT = 600_000
const CHILD = { givenName: 'Maisie', familyName: 'Thornbury', day: '14', month: '2', year: '2012' }
const POLICE_INFO = 'Two missing reports in October; seen with an adult male known to police for drug supply.'
const RATIONALE = 'Police information and the school concern point to sexual exploitation: screening by the exploitation team.'

describe('MASH front door: report, triage, partner research, decision, with axe', () => {
  const journey = useLanternJourney('contacts')
  const { axe } = journey

  it('DSL reports → MASH triages and asks police and health → desks answer → manager decides → DSL sees the outcome', { timeout: TIMEOUT }, async () => {
    // One browser context per person, as four people at four desks.
    const contexts = await Promise.all([0, 1, 2, 3].map(() => newContext(journey.browser)))
    const [dslContext, managerContext, policeContext, healthContext] = contexts as [(typeof contexts)[0], (typeof contexts)[0], (typeof contexts)[0], (typeof contexts)[0]]
    try {
      // --- The school DSL reports the concern --------------------------------------------------------------------
      const dsl = await LanternPage.open(dslContext, journey.server.url, axe, 'school.dsl')
      await signIn(dsl, 'school.dsl')
      await dsl.click(dsl.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Report a concern' }))
      expect(dsl.path()).toBe('/report-a-concern')
      await dsl.click(dsl.page.getByRole('button', { name: 'Start now' }))
      expect(dsl.path()).toBe('/report-a-concern/child')
      // Errors first: nothing answered.
      expect(await dsl.click(dsl.page.getByRole('button', { name: 'Continue' }))).toBe(400)
      expect(await dsl.errorSummary()).toEqual(expect.arrayContaining(["Enter the child's first name", "Select the child's gender"]))
      await dsl.page.getByLabel('First name').fill(CHILD.givenName)
      await dsl.page.getByLabel('Last name').fill(CHILD.familyName)
      await dsl.page.locator('#dateOfBirth-day').fill(CHILD.day)
      await dsl.page.locator('#dateOfBirth-month').fill(CHILD.month)
      await dsl.page.locator('#dateOfBirth-year').fill(CHILD.year)
      await dsl.page.getByLabel('Female').check()
      await dsl.click(dsl.page.getByRole('button', { name: 'Continue' }))
      // The next question is the first one not yet answered (the optional home page counts as answered).
      expect(dsl.path()).toBe('/report-a-concern/concerns')
      await dsl.page.getByLabel('Child sexual exploitation').check()
      await dsl.click(dsl.page.getByRole('button', { name: 'Continue' }))
      // Optional questions are skipped on the way (the next page is the first one not answered): answer each page
      // the journey shows, by its address, until check your answers.
      const steps: string[] = []
      for (let guard = 0; guard < 10 && dsl.path() !== '/report-a-concern/check'; guard++) {
        const step = dsl.path().replace('/report-a-concern/', '')
        steps.push(step)
        if (step === 'what-happened') await dsl.page.getByLabel('What has happened?').fill('Collected from school by an adult man in a car three times this week; new phone and clothes.')
        else if (step === 'childs-words') await dsl.page.getByLabel('What has the child said?').fill('“He is my boyfriend, he looks after me.”')
        else if (step === 'immediate-risk') await dsl.page.getByLabel('No', { exact: true }).check()
        // The referral source is pre-selected from the DSL's agency (schools, 2A).
        else if (step === 'referral-source') expect(await dsl.page.locator('#referralSource').inputValue()).toBe('2A')
        else if (step === 'sharing') {
          await dsl.page.getByRole('radio', { name: /Public task/ }).check()
          await dsl.page.getByRole('radio', { name: /Safeguarding of children/ }).check()
          await dsl.page.getByLabel('No', { exact: true }).check()
          await dsl.page.getByLabel('If you have not told them, why not?').fill('Telling her mother could alert the man involved.')
        } else throw new Error(`unexpected question page ${step}`)
        await dsl.click(dsl.page.getByRole('button', { name: 'Continue' }))
      }
      expect(steps).toEqual(expect.arrayContaining(['what-happened', 'immediate-risk', 'sharing']))
      expect(dsl.path()).toBe('/report-a-concern/check')
      expect(await dsl.mainText()).toContain('Thornbury')
      await dsl.click(dsl.page.getByRole('button', { name: 'Accept and send' }))
      expect(dsl.path()).toMatch(/^\/report-a-concern\/sent\/[0-9a-f-]{36}$/)
      const contactId = dsl.path().split('/').pop() as string
      const reference = (await dsl.page.locator('[data-qa="reference"]').innerText()).trim()
      expect(reference).toMatch(/^MASH-\d{6}$/)
      // The DSL attaches a note to the contact (errors first: no file chosen).
      await dsl.goto(`/contacts/${contactId}`)
      await dsl.click(dsl.page.locator('[data-qa="attach-file"]'))
      expect(dsl.path()).toBe(`/contacts/${contactId}/attachments/new`)
      expect(await dsl.click(dsl.page.getByRole('button', { name: 'Attach file' }))).toBe(400)
      expect(await dsl.errorSummary()).toEqual(['Select a file'])
      await dsl.page.locator('#file').setInputFiles({ name: 'Call notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Spoke to her form tutor on Monday.\n') })
      await dsl.click(dsl.page.getByRole('button', { name: 'Attach file' }))
      expect(dsl.path()).toBe(`/contacts/${contactId}`)
      expect(await dsl.page.locator('[data-qa="attachment-link"]').innerText()).toBe('Call notes.txt')

      // --- The MASH manager triages and asks partner agencies -------------------------------------------------------
      const manager = await LanternPage.open(managerContext, journey.server.url, axe, 'mash.manager')
      await signIn(manager, 'mash.manager')
      await manager.click(manager.page.locator('.govuk-service-navigation').getByRole('link', { name: 'MASH contacts' }))
      // The demo's open queue is a busy one: dozens, some overdue.
      expect(await manager.page.locator('[data-qa="queue-row"]').count()).toBeGreaterThanOrEqual(12)
      await manager.click(manager.page.getByRole('link', { name: reference }))
      expect(manager.path()).toBe(`/contacts/${contactId}`)
      // Error page of the RAG form.
      expect(await manager.click(manager.page.getByRole('button', { name: 'Save RAG rating' }))).toBe(400)
      expect(await manager.errorSummary()).toEqual(['Select a RAG rating'])
      await manager.page.getByLabel('Red', { exact: true }).check()
      await manager.click(manager.page.getByRole('button', { name: 'Save RAG rating' }))
      await manager.click(manager.page.getByRole('link', { name: 'Find the child in the person index' }))
      expect(manager.path()).toMatch(new RegExp(`^/contacts/${contactId}/link`))
      await manager.click(manager.page.getByRole('button', { name: 'Create a record and link it' }))
      expect(await manager.page.locator('[data-qa="linked"]').count()).toBe(1)

      await manager.click(manager.page.getByRole('button', { name: 'Ask partner agencies' }))
      expect(manager.path()).toBe(`/contacts/${contactId}/research`)
      expect(await manager.click(manager.page.getByRole('button', { name: 'Send the requests' }))).toBe(400)
      expect(await manager.errorSummary()).toEqual(['Select the partner agencies to ask', 'Enter what you want to know'])
      await manager.page.getByLabel('Police', { exact: true }).check()
      await manager.page.getByLabel('Health', { exact: true }).check()
      await manager.page.getByLabel('What do you want to know?').fill('Missing reports, incidents, known associates and health attendances in the last 12 months.')
      await manager.click(manager.page.getByRole('button', { name: 'Send the requests' }))
      expect(manager.path()).toBe(`/contacts/${contactId}`)
      expect(await manager.page.locator('[data-qa="research-card"]').count()).toBe(2)
      expect(await manager.page.locator('[data-qa="research-card"]').allInnerTexts()).toEqual([expect.stringContaining('Awaiting answer'), expect.stringContaining('Awaiting answer')])

      // --- The police desk answers: information, with its lawful basis -----------------------------------------------
      const police = await LanternPage.open(policeContext, journey.server.url, axe, 'mash.police')
      await signIn(police, 'mash.police')
      await police.click(police.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Research requests' }))
      await police.click(police.page.getByRole('link', { name: reference }))
      expect(await police.mainText()).toContain('Maisie Thornbury')
      // The desk does not see the narrative or the DSL's account.
      expect(await police.mainText()).not.toContain('new phone and clothes')
      await police.page.getByLabel('Yes, and I am sharing it').check()
      expect(await police.click(police.page.getByRole('button', { name: 'Send the answer' }))).toBe(400)
      expect(await police.errorSummary()).toEqual(['Enter the information you are sharing', 'Select the lawful basis for sharing'])
      await police.page.getByLabel('Yes, and I am sharing it').check()
      await police.page.getByLabel('Lawful basis for sharing').selectOption('public-task')
      await police.page.getByLabel('The information you hold').fill(POLICE_INFO)
      await police.click(police.page.getByRole('button', { name: 'Send the answer' }))
      expect(await police.page.locator('[data-qa="research-answer"]').innerText()).toContain(POLICE_INFO)

      // --- The health desk holds nothing -----------------------------------------------------------------------------
      const health = await LanternPage.open(healthContext, journey.server.url, axe, 'mash.health')
      await signIn(health, 'mash.health')
      await health.click(health.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Research requests' }))
      await health.click(health.page.getByRole('link', { name: reference }))
      await health.page.getByLabel('No, nothing held').check()
      await health.page.getByLabel('The information you hold').fill('Checked the child health record, GP summary and A&E attendances.')
      await health.click(health.page.getByRole('button', { name: 'Send the answer' }))
      expect(await health.page.locator('[data-qa="research-answer"]').innerText()).toContain('Nothing held.')

      // --- The manager sees the answers with their source, and decides -------------------------------------------------
      await manager.goto(`/contacts/${contactId}`)
      const cards = await manager.page.locator('[data-qa="research-card"]').allInnerTexts()
      expect(cards.join(' ')).toContain(POLICE_INFO)
      expect(cards.join(' ')).toMatch(/Answer \(source: [^\n]*Constabulary/)
      expect(cards.join(' ')).toContain('Nothing held.')
      await manager.click(manager.page.getByRole('button', { name: 'Record the decision' }).or(manager.page.getByRole('link', { name: 'Record the decision' })))
      expect(await manager.click(manager.page.getByRole('button', { name: 'Record the decision' }))).toBe(400)
      expect(await manager.errorSummary()).toEqual(expect.arrayContaining(['Select the outcome', 'Enter the rationale for the decision']))
      await manager.page.getByLabel('Exploitation screening').check()
      await manager.page.getByLabel('Rationale').fill(RATIONALE)
      await manager.page.getByLabel('I sign off this decision as MASH manager').check()
      await manager.click(manager.page.getByRole('button', { name: 'Record the decision' }))
      expect(manager.path()).toBe(`/contacts/${contactId}`)
      expect(await manager.page.locator('[data-qa="decision"]').innerText()).toContain('Exploitation screening')
      // Every step is in the contact's chronology.
      const chronology = await manager.page.locator('[data-qa="chronology"]').innerText()
      for (const step of ['Concern reported', 'RAG rating red', 'Linked to a person index record', 'Asked', 'answered: information shared under public task', 'answered: nothing held', 'Decided and signed off']) {
        expect(chronology).toContain(step)
      }

      // --- The DSL sees the outcome they may see -------------------------------------------------------------------------
      await dsl.click(dsl.page.locator('.govuk-service-navigation').getByRole('link', { name: 'My contacts' }))
      await dsl.click(dsl.page.getByRole('link', { name: reference }))
      expect(await dsl.page.locator('[data-qa="referrer-outcome"]').innerText()).toBe('Exploitation screening')
      const seen = await dsl.mainText()
      expect(seen).not.toContain(POLICE_INFO)
      expect(seen).not.toContain(RATIONALE)
      expect(seen).not.toContain('Partner research')

      for (const tab of [dsl, manager, police, health]) tab.assertEveryLoadChecked()
    } finally {
      await Promise.all(contexts.map((c) => c.close()))
    }
  })
})

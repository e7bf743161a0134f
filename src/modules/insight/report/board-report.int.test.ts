/**
 * The quarterly board report through the real app over the demo partnership: a build for the demo quarter runs
 * to ready (the background runner is awaited), the pack's figures equal computeIndicators for the period, the PDF
 * and XLSX open, commentary is saved and shown, a failed or stalled build says so, and only readers get in.
 */
import { and, eq, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../platform/audit/schema.ts'
import { queryRows } from '../../../platform/db/rows.ts'
import { createTestApp, demoEmail, type TestApp } from '../../../testing/app.ts'
import { pdfText } from '../../chronology/pdf-text.ts'
import { computeIndicators } from '../indicators.ts'
import { indicatorDataTables } from '../presenters.ts'
import { BUILD_STEPS, boardReportRunner } from './build.ts'
import { insightBoardReports } from './schema.ts'
import { STALLED_AFTER_MS, STALLED_REASON } from './store.ts'
import type { Snapshot } from './sections.ts'

let t: TestApp
const db = () => t.testDb.database.db
const QUARTER = '2026-Q3'
const PERIOD = { from: '2026-07-01', to: '2026-09-30' }

beforeAll(async () => {
  t = await createTestApp()
})

afterAll(async () => {
  await t?.close()
})

const idFrom = (location: unknown) => /\/insight\/board-reports\/([0-9a-f-]{36})$/.exec(String(location))?.[1] ?? ''

async function build(account = 'business.unit', quarter = QUARTER): Promise<string> {
  const session = await t.sessionFor(demoEmail(account))
  const response = await session.post('/insight/board-reports', { quarter })
  expect(response.statusCode).toBe(303)
  const id = idFrom(response.headers.location)
  expect(id).not.toBe('')
  return id
}

const row = async (id: string) => (await db().select().from(insightBoardReports).where(eq(insightBoardReports.id, id)))[0]!

describe('building the board report', () => {
  let id = ''

  it('offers the build form with the last complete quarter chosen, to the business unit', async () => {
    const page = await (await t.sessionFor(demoEmail('business.unit'))).get('/insight/board-reports')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Build the board report')
    expect(page.body).toMatch(/<option value="2026-Q3" selected>July to September 2026<\/option>/)
    expect(page.body).toContain('aria-current="page"')
    expect(page.body).not.toContain('value="2026-Q4"')
  })

  it('queues a build, shows its progress without JavaScript, and runs it to ready', async () => {
    id = await build()
    const queued = await row(id)
    expect(['queued', 'building']).toContain(queued.status)
    expect(queued.stepsTotal).toBe(BUILD_STEPS.length)

    const session = await t.sessionFor(demoEmail('business.unit'))
    const progress = await session.get(`/insight/board-reports/${id}`)
    expect(progress.statusCode).toBe(200)
    expect(progress.body).toContain('aria-live="polite"')
    expect(progress.body).toContain('Check progress')
    expect(progress.body).toContain('src="/insight/assets/board-report-progress.js"')
    expect(progress.body).not.toContain('http-equiv="refresh"')

    await boardReportRunner(t.platform).whenIdle()
    const done = await row(id)
    expect(done).toMatchObject({ status: 'ready', stepsDone: BUILD_STEPS.length, failureReason: null, quarter: QUARTER, periodFrom: PERIOD.from, periodTo: PERIOD.to })
    expect(done.completedAt).not.toBeNull()

    const status = await session.get(`/insight/board-reports/${id}/status`)
    expect(status.statusCode).toBe(200)
    expect(status.json()).toMatchObject({ id, status: 'ready', stepsDone: 7, stepsTotal: 7, text: 'The board report is ready.' })
  })

  it('freezes figures equal to computeIndicators for the quarter, and shows them with the trend chart', async () => {
    const snapshot = (await row(id)).snapshot as Snapshot
    const expected = indicatorDataTables(await computeIndicators(db(), PERIOD))
    const indicators = snapshot.sections.find((s) => s.id === 'indicators')!.tables
    expect(indicators.map((x) => x.rows)).toEqual(expected.map((x) => x.rows))
    expect(indicators.map((x) => x.id)).toEqual(expected.map((x) => `indicators-${x.id}`))
    const total = expected[0]!.rows[0]!.count
    expect(typeof total).toBe('number')
    expect(snapshot.sections.find((s) => s.id === 'trends')!.tables[0]!.rows).toHaveLength(8)
    // The problem profile's tables are in the pack too.
    for (const section of ['data-quality', 'incidence', 'prevalence']) expect(snapshot.sections.find((s) => s.id === section)!.tables.length).toBeGreaterThan(0)

    const page = await (await t.sessionFor(demoEmail('analyst'))).get(`/insight/board-reports/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Quarterly board report: July to September 2026')
    expect(page.body).toContain('id="indicators-cse-contacts"')
    expect(page.body).toContain('<svg')
    expect(page.body).toContain('role="img"')
    expect(page.body).toContain(`href="/insight/board-reports/${id}/download?format=pdf"`)
    expect(page.body).toContain('No commentary yet.')
    // Aggregates only: no demo child's name on the page.
    const names = await queryRows<{ family_name: string }>(db(), sql`select family_name from people where family_name is not null limit 50`)
    expect(names.length).toBeGreaterThan(0)
    for (const n of names) expect(page.body).not.toContain(`>${n.family_name}<`)
  })

  it('gives the PDF with the marking and the figures, and the XLSX with a commentary sheet and a sheet per table', async () => {
    const session = await t.sessionFor(demoEmail('exploitation.lead'))
    const pdf = await session.get(`/insight/board-reports/${id}/download?format=pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF')
    const text = pdfText(pdf.rawPayload)
    expect(text).toContain('OFFICIAL-SENSITIVE')
    expect(text).toContain('Quarterly board report')
    expect(text).toContain('MASH contacts associated with child sexual exploitation')

    const xlsx = await session.get(`/insight/board-reports/${id}/download?format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const snapshot = (await row(id)).snapshot as Snapshot
    const tables = snapshot.sections.flatMap((s) => s.tables)
    expect(workbook.worksheets[0]!.name).toBe('Commentary')
    expect(workbook.worksheets).toHaveLength(1 + tables.length)
    const values = workbook.worksheets[1]!.getSheetValues().flat().filter((v) => v !== undefined && v !== null)
    expect(values).toContain('OFFICIAL-SENSITIVE')
    expect(values).toContain(tables[0]!.rows[0]!.count)

    const csv = await session.get(`/insight/board-reports/${id}/download?format=csv&table=indicators-cse-contacts`)
    expect(csv.statusCode).toBe(200)
    expect(csv.body.split('\r\n')[0]).toBe('Breakdown,Group,Number of contacts')
    expect((await session.get(`/insight/board-reports/${id}/download?format=csv&table=nope`)).statusCode).toBe(404)
    expect((await session.get(`/insight/board-reports/${id}/download?format=doc`)).statusCode).toBe(400)
  })

  it('saves the business unit’s commentary (PRG), shows it on the page and in the PDF and XLSX, and audits it', async () => {
    const session = await t.sessionFor(demoEmail('business.unit'))
    const form = await session.get(`/insight/board-reports/${id}/commentary`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('name="commentary-summary"')

    const saved = await session.post(`/insight/board-reports/${id}/commentary`, { 'commentary-summary': 'Contacts rose this quarter.\nMissing episodes fell.', 'commentary-trends': 'Steady over two years.' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/insight/board-reports/${id}?done=commentary-saved`)
    const page = await session.get(String(saved.headers.location))
    expect(page.body).toContain('Commentary saved')
    expect(page.body).toContain('<p class="govuk-body">Contacts rose this quarter.</p>')
    expect(page.body).toContain('Steady over two years.')

    const pdf = pdfText((await session.get(`/insight/board-reports/${id}/download?format=pdf`)).rawPayload)
    expect(pdf).toContain('Contacts rose this quarter.')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await session.get(`/insight/board-reports/${id}/download?format=xlsx`)).rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets[0]!.getSheetValues().flat()).toContain('Steady over two years.')

    const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'insight.report.commentary-saved'), eq(auditEvents.resourceId, id)))
    expect(audit).toHaveLength(1)
    expect(audit[0]!.details).toMatchObject({ quarter: QUARTER, sections: ['summary', 'trends'] })
  })

  it('refuses commentary that is too long with a GOV.UK error, 400, and saves nothing', async () => {
    const session = await t.sessionFor(demoEmail('business.unit'))
    const before = (await row(id)).commentary
    const response = await session.post(`/insight/board-reports/${id}/commentary`, { 'commentary-summary': 'Changed', 'commentary-incidence': 'x'.repeat(5001) })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('govuk-error-summary')
    expect(response.body).toContain('href="#commentary-incidence"')
    expect(response.body).toContain('Incidence by source agency commentary must be 5,000 characters or fewer')
    expect(response.body).toContain('>Changed</textarea>')
    expect((await row(id)).commentary).toEqual(before)
  })

  it('lets only the business unit write commentary; readers read; other roles get 403', async () => {
    expect((await (await t.sessionFor(demoEmail('analyst'))).get(`/insight/board-reports/${id}/commentary`)).statusCode).toBe(403)
    expect((await (await t.sessionFor(demoEmail('analyst'))).post(`/insight/board-reports/${id}/commentary`, { 'commentary-summary': 'no' })).statusCode).toBe(403)
    expect((await (await t.sessionFor(demoEmail('exploitation.lead'))).post('/insight/board-reports', { quarter: QUARTER })).statusCode).toBe(403)
    for (const account of ['social.worker', 'admin', 'mash.manager']) {
      const session = await t.sessionFor(demoEmail(account))
      expect((await session.get('/insight/board-reports')).statusCode).toBe(403)
      expect((await session.get(`/insight/board-reports/${id}`)).statusCode).toBe(403)
      expect((await session.get(`/insight/board-reports/${id}/download?format=pdf`)).statusCode).toBe(403)
    }
    const denied = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'insight.report.view'), eq(auditEvents.outcome, 'denied')))
    expect(denied.length).toBeGreaterThanOrEqual(3)
    const reader = await t.sessionFor(demoEmail('exploitation.lead'))
    expect((await reader.get('/insight/board-reports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    const list = await reader.get('/insight/board-reports')
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain('Build the board report</button>')
    expect(list.body).toContain(`href="/insight/board-reports/${id}"`)
  })

  it('audits the build request, the build and the reads with the period', async () => {
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.resourceId, id))).map((a) => `${a.action}:${a.outcome}`)
    expect(actions).toEqual(expect.arrayContaining(['insight.report.requested:succeeded', 'insight.report.built:succeeded', 'insight.report.viewed:allowed', 'insight.report.downloaded:allowed']))
    expect(actions).not.toContain('insight.report.status-viewed:allowed')
    const [built] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'insight.report.built'), eq(auditEvents.resourceId, id)))
    expect(built!.details).toMatchObject({ quarter: QUARTER, from: PERIOD.from, to: PERIOD.to })
    expect(built!.actorUserId).toBe(await t.userId(demoEmail('business.unit')))
  })

  it('refuses a quarter that is not offered with 400 and builds nothing', async () => {
    const before = (await db().select().from(insightBoardReports)).length
    const session = await t.sessionFor(demoEmail('analyst'))
    for (const quarter of ['', '2026-Q4', 'nonsense']) {
      const response = await session.post('/insight/board-reports', { quarter })
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain('href="#quarter"')
      expect(response.body).toContain('Select a quarter')
    }
    expect((await db().select().from(insightBoardReports)).length).toBe(before)
  })
})

describe('a build that fails', () => {
  it('is marked failed with a reason, keeps nothing, and says so on the page', async () => {
    const runner = boardReportRunner(t.platform)
    runner.steps = [BUILD_STEPS[0]!, { id: 'broken', text: 'Breaking on purpose', run: async () => { throw new Error('boom') } }, BUILD_STEPS[6]!]
    try {
      const id = await build('analyst')
      await runner.whenIdle()
      const failed = await row(id)
      expect(failed.status).toBe('failed')
      expect(failed.failureReason).toMatch(/^Step 2 of 3 \(breaking on purpose\) failed\. Nothing from this build was kept\./)
      expect(failed.snapshot).toEqual({ sections: [] })
      expect(failed.pdf).toBeNull()
      const session = await t.sessionFor(demoEmail('analyst'))
      const page = await session.get(`/insight/board-reports/${id}`)
      expect(page.body).toContain('The board report could not be built')
      expect(page.body).not.toContain('board-report-progress.js')
      expect((await session.get(`/insight/board-reports/${id}/download?format=pdf`)).statusCode).toBe(404)
      expect((await session.get(`/insight/board-reports/${id}/status`)).json()).toMatchObject({ status: 'failed' })
      const audit = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'insight.report.build-failed'), eq(auditEvents.resourceId, id)))
      expect(audit).toHaveLength(1)
      expect(audit[0]!.outcome).toBe('failed')
    } finally {
      runner.steps = BUILD_STEPS
    }
  })

  it('left "building" by a server stop is marked failed on the next read', async () => {
    const userId = await t.userId(demoEmail('business.unit'))
    const long = new Date(t.platform.clock.now().getTime() - STALLED_AFTER_MS - 1000)
    const recent = new Date(t.platform.clock.now().getTime() - 1000)
    const insert = (at: Date) =>
      db().insert(insightBoardReports).values({ quarter: QUARTER, periodFrom: PERIOD.from, periodTo: PERIOD.to, status: 'building', stepsDone: 2, stepsTotal: 7, currentStep: 'Checking data quality', requestedBy: userId, requestedByName: 'Someone', requestedAt: at, updatedAt: at }).returning({ id: insightBoardReports.id })
    const [stalled] = await insert(long)
    const [alive] = await insert(recent)
    const session = await t.sessionFor(demoEmail('business.unit'))
    const status = await session.get(`/insight/board-reports/${stalled!.id}/status`)
    expect(status.json()).toMatchObject({ status: 'failed', failureReason: STALLED_REASON })
    expect((await row(alive!.id)).status).toBe('building')
    const page = await session.get(`/insight/board-reports/${alive!.id}`)
    expect(page.body).toContain('Step 3 of 7: Checking data quality.')
  })
})

/**
 * Sharing with neighbouring partnerships through the real app over the demo partnership: the shareable export's
 * shape and its suppression, its downloads, uploading a neighbour's export (each refusal leaves nothing stored), the
 * comparison page, removal, the readers and the audit rows.
 */
import { randomUUID } from 'node:crypto'
import { and, desc, eq, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../platform/audit/schema.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../../testing/app.ts'
import type { IndicatorSet } from '../catalogue.ts'
import { findDisclosures } from './disclosure-check.ts'
import { DFE_POLICY } from './disclosure.ts'
import type { ShareableExport } from './format.ts'
import { insightNeighbourDatasets } from './schema.ts'

let t: TestApp
const db = () => t.testDb.database.db
const tokens: Record<string, string> = {}
const sessions: Record<string, BrowserSession> = {}
const PERIOD = '?from=2026-07-01&to=2026-12-31'

async function api(account: string, url: string) {
  tokens[account] ??= await t.tokenFor(demoEmail(account))
  return t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[account]}` } })
}
async function session(account: string) {
  sessions[account] ??= await t.sessionFor(demoEmail(account))
  return sessions[account]
}

function upload(s: BrowserSession, file?: { name: string; content: string | Buffer }) {
  const boundary = `----lantern${randomUUID()}`
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${s.csrf}\r\n`)]
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/json\r\n\r\n`))
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return t.app.inject({ method: 'POST', url: '/insight/neighbours/upload', headers: { cookie: s.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) })
}

const stored = async () => (await db().select({ n: sql<number>`count(*)::int` }).from(insightNeighbourDatasets))[0]!.n
const lastAudit = async (account: string, action: string) => {
  const id = await t.userId(demoEmail(account))
  const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, id), eq(auditEvents.action, action))).orderBy(desc(auditEvents.seq)).limit(1)
  return event
}

/** A neighbour's export: ours with another name (so it is in the right format and suppressed). */
async function neighbourFile(change: (e: ShareableExport) => void = () => {}) {
  const e = (await api('analyst', `/api/v1/insight/indicators/shareable${PERIOD}`)).json() as ShareableExport
  e.partnership = 'Norfolk Safeguarding Children Partnership (test)'
  change(e)
  return JSON.stringify(e)
}

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('GET /api/v1/insight/indicators/shareable', () => {
  it('is the indicators with the partnership, time and policy, no published count of 1–5 and nothing recoverable', async () => {
    const response = await api('analyst', `/api/v1/insight/indicators/shareable${PERIOD}`)
    expect(response.statusCode).toBe(200)
    const body = response.json() as ShareableExport
    expect(Object.keys(body).sort()).toEqual(['from', 'generatedAt', 'indicators', 'partnership', 'policy', 'to'])
    expect(body).toMatchObject({ from: '2026-07-01', to: '2026-12-31', partnership: 'Cambridgeshire and Peterborough Safeguarding Partnership (demo)', policy: { suppressMin: 1, suppressMax: 5, symbol: 'c', secondarySuppression: true } })
    expect(Date.parse(body.generatedAt)).toBeLessThanOrEqual(t.platform.clock.now().getTime())
    const truth = (await api('analyst', `/api/v1/insight/indicators${PERIOD}`)).json() as IndicatorSet
    expect(body.indicators.map((i) => i.id)).toEqual(truth.indicators.map((i) => i.id))
    let suppressed = 0
    for (const ind of body.indicators) {
      for (const row of ind.rows) {
        if (row.suppressed) {
          suppressed++
          expect(row.count).toBeNull()
        } else if (ind.id === 'panel-high-risk-cases') expect(row).toEqual({ dimension: row.dimension, value: row.value, count: null })
        else expect(row.count === 0 || row.count! > 5).toBe(true)
      }
    }
    // The demo has small counts to hide; the independent checker agrees nothing can be worked back.
    expect(suppressed).toBeGreaterThan(0)
    expect(findDisclosures(truth, body, DFE_POLICY)).toEqual([])
    expect(JSON.stringify(body)).not.toMatch(/personId|givenName|familyName/)
    expect(await lastAudit('analyst', 'insight.sharing.exported')).toMatchObject({ outcome: 'allowed', details: { from: '2026-07-01', to: '2026-12-31', format: 'api', suppressed } })
  })

  it('is read by the business unit and the exploitation lead; 403 (audited) for others; 400 for a bad period', async () => {
    expect((await api('business.unit', '/api/v1/insight/indicators/shareable')).statusCode).toBe(200)
    expect((await api('exploitation.lead', '/api/v1/insight/indicators/shareable?from=2026-10-01&to=2026-10-31')).statusCode).toBe(200)
    expect((await api('social.worker', '/api/v1/insight/indicators/shareable')).statusCode).toBe(403)
    expect(await lastAudit('social.worker', 'insight.sharing.export')).toMatchObject({ outcome: 'denied' })
    expect((await api('analyst', '/api/v1/insight/indicators/shareable?from=2026-02-30&to=2026-03-01')).statusCode).toBe(400)
  })
})

describe('the neighbours page and our downloads', () => {
  it('shows the period, the download links and (for managers) the upload form; the exploitation lead gets no form', async () => {
    const page = await (await session('analyst')).get('/insight/neighbours?quarter=2026-Q3')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Neighbour comparison')
    expect(page.body).toContain('/insight/neighbours/export?from=2026-07-01&amp;to=2026-09-30&amp;format=json')
    expect(page.body).toContain('data-qa="upload-form"')
    expect(page.body).toContain('aria-current="page"')
    const lead = await (await session('exploitation.lead')).get('/insight/neighbours')
    expect(lead.statusCode).toBe(200)
    expect(lead.body).not.toContain('data-qa="upload-form"')
    expect((await (await session('social.worker')).get('/insight/neighbours')).statusCode).toBe(403)
    const bad = await (await session('analyst')).get('/insight/neighbours?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('Date from must be a real date')
    expect(bad.body).not.toContain('data-qa="export-links"')
  })

  it('downloads JSON, and CSV/XLSX with "c" for suppressed cells, audited with the format', async () => {
    const s = await session('business.unit')
    const json = await s.get(`/insight/neighbours/export${PERIOD}&format=json`)
    expect(json.statusCode).toBe(200)
    expect(json.headers['content-disposition']).toContain('lantern-shareable-indicators-2026-07-01-to-2026-12-31.json')
    const body = JSON.parse(json.body) as ShareableExport
    const csv = await s.get(`/insight/neighbours/export${PERIOD}&format=csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const suppressedRows = body.indicators.flatMap((i) => i.rows).filter((r) => r.suppressed).length
    expect((csv.body.match(/,c\r?\n/g) ?? []).length).toBe(suppressedRows)
    expect(csv.body).not.toMatch(/,[1-5]\r?\n/)
    const xlsx = await s.get(`/insight/neighbours/export${PERIOD}&format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(book.worksheets.length).toBeGreaterThanOrEqual(6)
    const values = book.worksheets.flatMap((w) => w.getSheetValues().flat())
    expect(values.filter((v) => v === 'c').length).toBe(suppressedRows)
    expect(values.some((v) => typeof v === 'number' && v >= 1 && v <= 5)).toBe(false)
    expect(await lastAudit('business.unit', 'insight.sharing.exported')).toMatchObject({ details: { format: 'xlsx' } })
    expect((await s.get(`/insight/neighbours/export${PERIOD}&format=pdf`)).statusCode).toBe(400)
  })
})

describe('uploading a neighbour’s export', () => {
  const refusals: Array<[string, () => Promise<{ name: string; content: string }>, string]> = [
    ['not JSON', async () => ({ name: 'x.json', content: 'partnership,count\nA,3' }), 'The selected file must be a JSON file'],
    ['the wrong format', async () => ({ name: 'x.json', content: JSON.stringify({ hello: 'world' }) }), 'The selected file must be a shareable indicators export from a partnership'],
    ['an unknown indicator', async () => ({ name: 'x.json', content: await neighbourFile((e) => (e.indicators[0]!.id = 'knife-crime' as never)) }), 'an indicator Lantern does not know: “knife-crime”'],
    ['an unknown dimension', async () => ({ name: 'x.json', content: await neighbourFile((e) => (e.indicators[0]!.rows[1]!.dimension = 'religion' as never)) }), 'a breakdown Lantern does not know'],
    ['an unknown value', async () => ({ name: 'x.json', content: await neighbourFile((e) => (e.indicators[0]!.rows[1]!.value = 'over-90')) }), 'a breakdown Lantern does not know'],
    ['a published count of 1–5', async () => ({ name: 'x.json', content: await neighbourFile((e) => (e.indicators[0]!.rows[1] = { dimension: e.indicators[0]!.rows[1]!.dimension, value: e.indicators[0]!.rows[1]!.value, count: 3 })) }), 'publishes a count from 1 to 5'],
  ]
  for (const [what, file, message] of refusals) {
    it(`refuses ${what} with a GOV.UK error, stores nothing, audits the failure`, async () => {
      const before = await stored()
      const response = await upload(await session('analyst'), await file())
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain('govuk-error-summary')
      expect(response.body).toContain('href="#file"')
      expect(response.body).toContain(message)
      expect(await stored()).toBe(before)
      expect(await lastAudit('analyst', 'insight.sharing.neighbour-uploaded')).toMatchObject({ outcome: 'failed' })
    })
  }

  it('asks for a file when none is chosen, and refuses a file over 1 MB', async () => {
    const none = await upload(await session('analyst'))
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Select a JSON file')
    const big = await upload(await session('analyst'), { name: 'big.json', content: Buffer.alloc(1024 * 1024 + 10, 0x20) })
    expect(big.statusCode).toBe(400)
    expect(big.body).toContain('The selected file must be smaller than 1 MB')
  })

  it('is not for the exploitation lead or other roles (403, nothing stored)', async () => {
    const before = await stored()
    expect((await upload(await session('exploitation.lead'), { name: 'n.json', content: await neighbourFile() })).statusCode).toBe(403)
    expect((await upload(await session('mash.manager'), { name: 'n.json', content: await neighbourFile() })).statusCode).toBe(403)
    expect(await stored()).toBe(before)
  })

  it('stores a good file, shows the comparison side by side with "c", downloads it, and removes it — all audited', async () => {
    const content = await neighbourFile((e) => {
      const total = e.indicators.find((i) => i.id === 'missing-episodes')!.rows[0]!
      total.count = 987
      delete total.suppressed
    })
    const s = await session('business.unit')
    const response = await upload(s, { name: 'norfolk.json', content })
    expect(response.statusCode).toBe(303)
    const id = response.headers.location!.split('/').pop()!
    const [row] = await db().select().from(insightNeighbourDatasets).where(eq(insightNeighbourDatasets.id, id))
    expect(row).toMatchObject({ partnershipName: 'Norfolk Safeguarding Children Partnership (test)', periodFrom: '2026-07-01', periodTo: '2026-12-31', fileName: 'norfolk.json' })
    expect(await lastAudit('business.unit', 'insight.sharing.neighbour-uploaded')).toMatchObject({ outcome: 'succeeded', resourceId: id })

    const list = await s.get('/insight/neighbours')
    expect(list.body).toContain(`/insight/neighbours/${id}`)

    const page = await (await session('exploitation.lead')).get(`/insight/neighbours/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Norfolk Safeguarding Children Partnership (test)')
    expect(page.body).toContain('987')
    expect(page.body).toMatch(/>\s*c\s*</)
    expect(page.body).not.toContain('data-qa="remove-form"')
    expect(await lastAudit('exploitation.lead', 'insight.sharing.compared')).toMatchObject({ outcome: 'allowed', resourceId: id, details: { from: '2026-07-01', to: '2026-12-31' } })

    const csv = await s.get(`/insight/neighbours/${id}/download?table=compare-missing-episodes&format=csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('Our partnership')
    expect(csv.body).toContain('987')
    const xlsx = await s.get(`/insight/neighbours/${id}/download?table=all&format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    expect((await s.get(`/insight/neighbours/${id}/download?table=nope&format=csv`)).statusCode).toBe(400)

    expect((await (await session('exploitation.lead')).post(`/insight/neighbours/${id}/remove`, {})).statusCode).toBe(403)
    const removed = await s.post(`/insight/neighbours/${id}/remove`, {})
    expect(removed.statusCode).toBe(303)
    expect(removed.headers.location).toBe('/insight/neighbours')
    expect(await db().select().from(insightNeighbourDatasets).where(eq(insightNeighbourDatasets.id, id))).toEqual([])
    expect(await lastAudit('business.unit', 'insight.sharing.neighbour-removed')).toMatchObject({ outcome: 'succeeded', resourceId: id })
    expect((await s.get(`/insight/neighbours/${id}`)).statusCode).toBe(404)
    expect((await s.get('/insight/neighbours/not-a-uuid')).statusCode).toBe(404)
  })
})

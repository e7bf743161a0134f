/**
 * The demo partnership comes with a neighbour's exports already uploaded (src/demo/neighbours.ts): they must be
 * what a real upload would accept — the same schema and checks — hold no published count of 1–5, and be
 * comparable on the neighbours page from the first login.
 */
import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../platform/audit/schema.ts'
import { users } from '../../../platform/auth/schema.ts'
import { createTestApp, demoEmail, type TestApp } from '../../../testing/app.ts'
import { TEST_TODAY } from '../../../testing/database.ts'
import { DEMO_NEIGHBOUR_PARTNERSHIP } from '../../../demo/neighbours.ts'
import { quarterOf, quarterPeriod, quartersEndingWith } from '../period.ts'
import { DFE_POLICY, isSmall } from './disclosure.ts'
import { parseNeighbourFile, type ShareableExport } from './format.ts'
import { insightNeighbourDatasets } from './schema.ts'

let t: TestApp
const db = () => t.testDb.database.db

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('the demo neighbour’s exports', () => {
  it('are stored for the last two complete quarters and the current one, uploaded by the business unit', async () => {
    const rows = await db().select({ row: insightNeighbourDatasets, uploader: users.email }).from(insightNeighbourDatasets).innerJoin(users, eq(users.id, insightNeighbourDatasets.uploadedBy))
    const expected = quartersEndingWith(quarterOf(TEST_TODAY), 3).map(quarterPeriod)
    expect(rows.map((r) => ({ from: r.row.periodFrom, to: r.row.periodTo })).sort((a, b) => a.from.localeCompare(b.from))).toEqual(expected)
    for (const { row, uploader } of rows) {
      expect(row.partnershipName).toBe(DEMO_NEIGHBOUR_PARTNERSHIP)
      expect(row.partnershipName).toContain('(demo figures)')
      expect(uploader).toBe(demoEmail('business.unit'))
      expect(row.uploadedAt.getTime()).toBeGreaterThan(row.generatedAt.getTime())
      expect(row.uploadedAt.getTime()).toBeLessThan(new Date(`${TEST_TODAY}T00:00:00Z`).getTime())
    }
  })

  it('pass the upload’s validator and publish no count from 1 to 5, with small numbers shown as "c"', async () => {
    const rows = await db().select().from(insightNeighbourDatasets)
    for (const row of rows) {
      const payload = row.payload as ShareableExport
      const parsed = parseNeighbourFile(Buffer.from(JSON.stringify(payload)), DFE_POLICY)
      expect(parsed.problems).toEqual([])
      expect(parsed.value).toEqual(payload)
      const cells = payload.indicators.flatMap((i) => i.rows.map((r) => ({ id: i.id, ...r })))
      expect(cells.filter((c) => c.count !== null && isSmall(DFE_POLICY, c.count))).toEqual([])
      expect(cells.some((c) => c.suppressed)).toBe(true)
      // Plausible: a neighbour of our size has exploitation contacts and missing children every quarter.
      const total = (id: string) => payload.indicators.find((i) => i.id === id)!.rows[0]!.count
      expect(total('exploitation-contacts')).toBeGreaterThan(5)
      expect(total('missing-children')).toBeGreaterThan(5)
      expect(total('panel-high-risk-cases')).toBeNull()
    }
  })

  it('shows side by side for the analyst from the neighbours page, audited with the period', async () => {
    const s = await t.sessionFor(demoEmail('analyst'))
    const list = await s.get('/insight/neighbours')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(DEMO_NEIGHBOUR_PARTNERSHIP)
    const [latest] = await db().select().from(insightNeighbourDatasets).orderBy(desc(insightNeighbourDatasets.periodFrom)).limit(1)
    expect(list.body).toContain(`/insight/neighbours/${latest!.id}`)
    const page = await s.get(`/insight/neighbours/${latest!.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(DEMO_NEIGHBOUR_PARTNERSHIP)
    expect(page.body).toMatch(/>\s*c\s*</)
    const analyst = await t.userId(demoEmail('analyst'))
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, analyst), eq(auditEvents.action, 'insight.sharing.compared'))).orderBy(desc(auditEvents.seq)).limit(1)
    expect(event).toMatchObject({ outcome: 'allowed', resourceId: latest!.id, details: { from: latest!.periodFrom, to: latest!.periodTo } })
  })
})

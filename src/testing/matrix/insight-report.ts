/**
 * Insight, report part (issue 7 point 4): the quarterly board report. Aggregates for the Strategic Group, so no
 * record states. Readers are the indicators' readers (analyst, business unit, exploitation lead: CONTRACTS.md §1
 * "indicators, board pack (aggregates only)"); the business unit and the analyst build; only the business unit
 * writes the commentary. For every other role the function does not exist: 403.
 */
import { insightBoardReports } from '../../modules/insight/report/schema.ts'
import { insightTable } from './insight.ts'
import type { CaseContext, MatrixEntry } from './types.ts'
import { everyone } from './types.ts'


const READERS = insightTable(['business-unit-officer', 'exploitation-lead', 'analyst'])
const BUILDERS = insightTable(['business-unit-officer', 'analyst'])
const COMMENTATORS = insightTable(['business-unit-officer'])

/** A ready pack with one small table, made directly in the table (the build itself has its own tests). */
async function readyReport(ctx: CaseContext): Promise<{ id: string }> {
  return ctx.memo('insight-report:ready', async () => {
    const now = ctx.now()
    const [row] = await ctx.db
      .insert(insightBoardReports)
      .values({
        quarter: '2026-Q3',
        periodFrom: '2026-07-01',
        periodTo: '2026-09-30',
        status: 'ready',
        stepsDone: 7,
        stepsTotal: 7,
        snapshot: { sections: [{ id: 'indicators', tables: [{ id: 'indicators-matrix', title: 'Matrix', columns: [{ key: 'group', header: 'Group' }, { key: 'count', header: 'Count', numeric: true }], rows: [{ group: 'All', count: 3 }] }] }] },
        requestedBy: ctx.reviewee.userId,
        requestedByName: 'Matrix',
        requestedAt: now,
        completedAt: now,
        updatedAt: now,
        pdf: Buffer.from('%PDF-1.4 matrix'),
        xlsx: Buffer.from('PK matrix'),
      })
      .returning({ id: insightBoardReports.id })
    return { id: row!.id }
  })
}

const why = 'quarterly board report: read by analyst, business unit, exploitation lead (CONTRACTS.md §1, issue 7 point 4)'

export const insightReportMatrix: readonly MatrixEntry[] = [
  { route: 'GET /insight/assets/board-report-progress.js', kind: 'page', expect: everyone('allow'), why: 'the progress panel’s script: static, no data' },
  { route: 'GET /insight/board-reports', kind: 'page', actions: ['insight.report.view', 'insight.report.build'], expect: READERS, why },
  {
    route: 'POST /insight/board-reports',
    kind: 'page',
    actions: ['insight.report.build'],
    request: { body: () => ({ quarter: '2026-Q3' }) },
    expect: BUILDERS,
    why: 'building the pack: business unit (owns it) and analyst (produces the figures); issue 7 point 4',
  },
  { route: 'GET /insight/board-reports/:id', kind: 'page', actions: ['insight.report.view', 'insight.report.comment'], request: { params: readyReport }, expect: READERS, why },
  { route: 'GET /insight/board-reports/:id/status', kind: 'page', actions: ['insight.report.view'], request: { params: readyReport }, expect: READERS, why: `${why}; progress as JSON for the page's script` },
  { route: 'GET /insight/board-reports/:id/download', kind: 'page', actions: ['insight.report.view'], request: { params: readyReport, query: () => ({ format: 'pdf' }) }, expect: READERS, why },
  { route: 'GET /insight/board-reports/:id/commentary', kind: 'page', actions: ['insight.report.comment', 'insight.report.view'], request: { params: readyReport }, expect: COMMENTATORS, why: 'commentary: the business unit only (issue 7 point 4)' },
  {
    route: 'POST /insight/board-reports/:id/commentary',
    kind: 'page',
    actions: ['insight.report.comment'],
    request: { params: readyReport, body: () => ({ 'commentary-summary': 'Matrix commentary' }) },
    expect: COMMENTATORS,
    why: 'commentary: the business unit only (issue 7 point 4)',
  },
]

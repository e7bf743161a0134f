/**
 * Insight, sharing part (issue 7 point 5): the shareable export and the neighbour comparison are read by the
 * indicators' readers (analyst, business unit, exploitation lead); uploading and removing a neighbour's export is
 * for the business unit and the analyst. Aggregates only: no record states.
 */
import { insightNeighbourDatasets } from '../../modules/insight/sharing/schema.ts'
import { insightReaders, insightTable } from './insight.ts'
import type { CaseContext, MatrixEntry } from './types.ts'

const readers = insightReaders
const managers = insightTable(['business-unit-officer', 'analyst'])

const PAYLOAD = {
  partnership: 'Matrix neighbour partnership',
  from: '2026-07-01',
  to: '2026-09-30',
  generatedAt: '2026-10-01T09:00:00.000Z',
  policy: { suppressMin: 1, suppressMax: 5, symbol: 'c', secondarySuppression: true },
  indicators: [{ id: 'missing-children', title: 'Children who went missing', rows: [{ dimension: 'total', value: null, count: null, suppressed: true }] }],
}

async function dataset(ctx: CaseContext): Promise<string> {
  const [row] = await ctx.db
    .insert(insightNeighbourDatasets)
    .values({ partnershipName: PAYLOAD.partnership, periodFrom: PAYLOAD.from, periodTo: PAYLOAD.to, generatedAt: new Date(PAYLOAD.generatedAt), fileName: 'matrix.json', payload: PAYLOAD, uploadedBy: ctx.user.userId, uploadedAt: ctx.now() })
    .returning({ id: insightNeighbourDatasets.id })
  return row!.id
}
const shared = async (ctx: CaseContext) => ({ datasetId: await ctx.memo('insight-sharing.dataset', () => dataset(ctx)) })
/** Removal deletes: a dataset of its own for every case. */
const fresh = async (ctx: CaseContext) => ({ datasetId: await dataset(ctx) })
const period = () => ({ from: '2026-07-01', to: '2026-09-30' })

export const insightSharingMatrix: readonly MatrixEntry[] = [
  { route: 'GET /insight/neighbours', kind: 'page', actions: ['insight.sharing.view'], request: { query: () => ({ quarter: '2026-Q3' }) }, expect: readers('sign-in'), why: 'neighbour comparison page: indicators readers (issue 7 point 5)' },
  { route: 'GET /insight/neighbours/export', kind: 'page', actions: ['insight.sharing.export'], request: { query: () => ({ ...period(), format: 'json' }) }, expect: readers('sign-in'), why: 'shareable export download: indicators readers (issue 7 point 5)' },
  { route: 'GET /api/v1/insight/indicators/shareable', kind: 'api', actions: ['insight.sharing.export'], request: { query: period }, expect: readers('401'), why: 'shareable export API: analyst, business unit, exploitation lead (issue 7 point 7)' },
  {
    route: 'POST /insight/neighbours/upload',
    kind: 'page',
    actions: ['insight.sharing.manage'],
    request: { file: () => ({ name: 'matrix.json', content: JSON.stringify(PAYLOAD) }) },
    expect: managers,
    why: "uploading a neighbour's export: business unit and analyst (data stewardship); the exploitation lead reads only",
  },
  { route: 'GET /insight/neighbours/:datasetId', kind: 'page', actions: ['insight.sharing.view'], request: { params: shared }, expect: readers('sign-in'), why: 'side-by-side comparison: indicators readers' },
  { route: 'GET /insight/neighbours/:datasetId/download', kind: 'page', actions: ['insight.sharing.view'], request: { params: shared, query: () => ({ table: 'all', format: 'csv' }) }, expect: readers('sign-in'), why: 'comparison tables as CSV/XLSX: indicators readers' },
  { route: 'POST /insight/neighbours/:datasetId/remove', kind: 'page', actions: ['insight.sharing.manage'], request: { params: fresh }, expect: managers, why: "removing a neighbour's export: business unit and analyst" },
]

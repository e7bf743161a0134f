/**
 * Insight, hotspots part (issue 7 point 2): `/insight/hotspots` (page and its CSV/XLSX downloads) and
 * `GET /api/v1/insight/hotspots` are aggregates over places, read by the readers of the indicators (the analyst and
 * the business unit, aggregates only; the exploitation lead). For every other role the function does not exist:
 * 403. Nothing is about one child, so there are no record states. The map's script and Leaflet's files carry no
 * data: anyone may fetch them.
 */
import { insightReaders } from './insight.ts'
import { everyone, type MatrixEntry } from './types.ts'


export const insightHotspotsMatrix: readonly MatrixEntry[] = [
  {
    route: 'GET /insight/hotspots',
    kind: 'page',
    actions: ['insight.hotspots.view'],
    request: { query: () => ({ quarter: '2026-Q4', kind: 'found' }) },
    expect: insightReaders('sign-in'),
    why: 'hotspots page and its ?format=csv|xlsx downloads: analyst, business unit, exploitation lead (issue 7 point 2)',
  },
  {
    route: 'GET /api/v1/insight/hotspots',
    kind: 'api',
    actions: ['insight.hotspots.view'],
    request: { query: () => ({ from: '2026-10-01', to: '2026-12-31', kind: 'concern' }) },
    expect: insightReaders('401'),
    why: 'hotspots API: the readers of the indicators (issue 7 points 2 and 7)',
  },
  { route: 'GET /insight/assets/leaflet/:file', kind: 'page', request: { params: () => ({ file: 'leaflet.js' }) }, expect: everyone('allow'), why: 'Leaflet 1.9.4 library file, no data' },
  { route: 'GET /insight/assets/leaflet/images/:file', kind: 'page', request: { params: () => ({ file: 'layers.png' }) }, expect: everyone('allow'), why: 'Leaflet image, no data' },
  { route: 'GET /insight/assets/hotspots-map.js', kind: 'page', expect: everyone('allow'), why: 'the map script (progressive enhancement), no data' },
]

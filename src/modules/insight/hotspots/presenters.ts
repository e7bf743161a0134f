import { chartSvg } from '../../../platform/outputs/charts.ts'
import { govukTableArgs, type DataTable } from '../../../platform/outputs/table.ts'
import { formatDay } from '../period.ts'
import type { Hotspot, HotspotKind, LocatedBy } from './places.ts'
import type { HotspotSet } from './service.ts'

export const KIND_LABELS: Record<HotspotKind, string> = { found: 'Found', 'missing-to': 'Missing to', concern: 'Concern' }
const LOCATED_LABELS: Record<LocatedBy, string> = { 'named-place': 'Named place (to about 100 m)', 'map-point': 'Map point (to about 100 m)', 'postcode-district': 'Postcode district (centre)' }

/** How many places the page shows before "Show all". */
export const TOP_N = 20
export const TABLE_ID = 'hotspots'

/** The ranked table: every place of the set (the page may show the first TOP_N; downloads always hold all). */
export function hotspotsDataTable(set: HotspotSet, limit?: number): DataTable {
  const rows = (limit === undefined ? set.hotspots : set.hotspots.slice(0, limit)).map((h, i) => ({
    place: h.place,
    rank: i + 1,
    kind: KIND_LABELS[h.kind],
    locatedBy: LOCATED_LABELS[h.locatedBy],
    events: h.events,
    children: h.children,
    latest: h.latest,
  }))
  const notes = [
    'Found: where a child was found after a missing episode, by the day found. Missing to: a place a child went while missing (from the police or the return home interview), by the day reported missing. Concern: the child’s postcode district on a contact to the MASH, by the day received.',
    'Places are rounded to about 100 metres or to the postcode district, so no address is shown. A place may have only one child.',
  ]
  if (set.unplaced.found) notes.push(`${set.unplaced.found} found episode(s) in the period had no usable place and are in no row.`)
  if (set.unplaced.missingTo) notes.push(`${set.unplaced.missingTo} place(s) children went in the period had no usable position and are in no row.`)
  if (set.unplaced.concern) notes.push(`${set.unplaced.concern} contact(s) in the period had no usable postcode and are in no row.`)
  return {
    id: TABLE_ID,
    title: `Hotspots, ${formatDay(set.from)} to ${formatDay(set.to)}${set.kind ? ` (${KIND_LABELS[set.kind].toLowerCase()})` : ''}`,
    columns: [
      { key: 'place', header: 'Place' },
      { key: 'rank', header: 'Rank', numeric: true },
      { key: 'kind', header: 'Kind' },
      { key: 'locatedBy', header: 'Located by' },
      { key: 'events', header: 'Events', numeric: true },
      { key: 'children', header: 'Children', numeric: true },
      { key: 'latest', header: 'Latest' },
    ],
    rows,
    notes,
  }
}

/** For govukTable: the latest day written the GOV.UK way. */
export function hotspotsTableArgs(table: DataTable) {
  const shown: DataTable = { ...table, rows: table.rows.map((r) => ({ ...r, latest: typeof r.latest === 'string' ? formatDay(r.latest) : (r.latest ?? null) })) }
  return { ...govukTableArgs(shown), attributes: { id: TABLE_ID } }
}

/** The top 10 as horizontal bars (events and children), beside the table with the same figures. */
export function hotspotsChart(set: HotspotSet) {
  const top = set.hotspots.slice(0, 10)
  if (top.length === 0) return null
  const label = `Bar chart: events and children at the ${top.length} places with most events`
  // Short labels (the axis has 150 px): the district alone, and the kind in words.
  const categories = top.map((h) => `${h.place.replace(' (postcode district)', '')} (${KIND_LABELS[h.kind].toLowerCase()})`).reverse()
  const svg = chartSvg({
    kind: 'bar',
    horizontal: true,
    width: 640,
    categories,
    series: [
      { name: 'Events', values: top.map((h) => h.events).reverse() },
      { name: 'Children', values: top.map((h) => h.children).reverse() },
    ],
  })
  return { id: 'hotspots-top', label, svg, tableId: TABLE_ID, tableTitle: 'the hotspots table' }
}

/** The map's points: only places with a position, figures as in the table, nothing else. */
export function mapPoints(hotspots: readonly Hotspot[]) {
  return hotspots
    .filter((h) => h.latitude !== null && h.longitude !== null)
    .map((h) => ({ place: h.place, kind: h.kind, kindLabel: KIND_LABELS[h.kind], latitude: h.latitude, longitude: h.longitude, events: h.events, children: h.children, latest: formatDay(h.latest) }))
}

/** The API's answer (issue 7 point 2): codes, not words. */
export function hotspotsJson(set: HotspotSet) {
  return {
    from: set.from,
    to: set.to,
    hotspots: set.hotspots.map((h) => ({ place: h.place, kind: h.kind, latitude: h.latitude, longitude: h.longitude, events: h.events, children: h.children, latest: h.latest })),
  }
}

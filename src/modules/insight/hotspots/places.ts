import { districtCentroid } from './gazetteer.ts'

/**
 * Hotspots (issue 7 point 2): places where children are found after going missing, where they went while missing,
 * and where concerns about them arise, grouped so that no exact address is ever shown. A found place, or a place
 * a child went ("missing to"), is grouped by the same rules:
 * - a place with a usable name (a bus station, a park) is one place, drawn at the mean of its map points
 *   rounded to 3 decimal places (about 100 m), or at its postcode district's centre;
 * - a place with only a map point (or a name that may be an address) is grouped by that point rounded to about 100 m;
 * - anything else with a postcode counts in its postcode district (PE1), drawn at the district's centre;
 * - with none of these it is "not placed": counted, but in no place.
 */
export const HOTSPOT_KINDS = ['found', 'missing-to', 'concern'] as const
export type HotspotKind = (typeof HOTSPOT_KINDS)[number]

/** How precisely a place is known: a named place or a map point (to about 100 m), or a postcode district. */
export type LocatedBy = 'named-place' | 'map-point' | 'postcode-district'

export type Hotspot = {
  /** Stable within a request (`found|district|PE1`), never shown. */
  key: string
  place: string
  kind: HotspotKind
  locatedBy: LocatedBy
  latitude: number | null
  longitude: number | null
  events: number
  children: number
  /** The London day of the latest event, YYYY-MM-DD. */
  latest: string
}

/**
 * One found episode, or one place a child went while missing, as the query gives it; `personId` is used to count
 * distinct children and never leaves here.
 */
export type PlaceEvent = { personId: string; day: string; description: string | null; postcode: string | null; latitude: number | null; longitude: number | null }

/** One postcode district's counts, aggregated by the database (district null = no usable postcode). */
export type DistrictCount = { district: string | null; events: number; children: number; latest: string }

export type Grouped = { hotspots: Hotspot[]; unplaced: number }

// A full postcode without its space (PE12AB, CB215XY) or an outward code alone (PE1). The SQL in queries.ts applies
// the same two patterns to contacts' postcodes; keep them in step.
const FULL_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/
const OUTWARD_CODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/

/** The postcode district (outward code) of a postcode written any usual way, or null if it is not a postcode. */
export function postcodeDistrict(postcode: string | null | undefined): string | null {
  if (!postcode) return null
  const compact = postcode.replace(/\s+/g, '').toUpperCase()
  if (FULL_POSTCODE.test(compact)) return compact.slice(0, -3)
  if (OUTWARD_CODE.test(compact)) return compact
  return null
}

/** To 3 decimal places: about 110 m of latitude and 70 m of longitude here, so never an exact address. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000 + 0
}

export function validPoint(latitude: number | null, longitude: number | null): latitude is number {
  if (latitude === null || longitude === null || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return false
  if (latitude === 0 && longitude === 0) return false
  return Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
}

/**
 * A found place's description as a place name, or null when it may be an address or say too much: digits (house
 * numbers, postcodes, phone numbers), an email address, or a long account rather than a name.
 */
export function safePlaceName(description: string | null | undefined): string | null {
  if (!description) return null
  const name = description.replace(/\s+/g, ' ').trim()
  if (name.length === 0 || name.length > 80 || /[0-9@]/.test(name)) return null
  return name
}

const normalise = (name: string) => name.toLowerCase().replace(/[‘’`]/g, "'").replace(/[.,;:!]+$/, '')

type Bucket = { key: string; place: string; locatedBy: LocatedBy; points: Array<[number, number]>; district: string | null; children: Set<string>; events: number; latest: string }

export type FoundEvent = PlaceEvent

/** Group found episodes into places (see the rules at the top of this file). */
export function groupFoundPlaces(events: readonly PlaceEvent[]): Grouped {
  return groupPlaces('found', events)
}

/** Group place events of one kind (found, missing to) into places (see the rules at the top of this file). */
export function groupPlaces(kind: 'found' | 'missing-to', events: readonly PlaceEvent[]): Grouped {
  const buckets = new Map<string, Bucket>()
  let unplaced = 0
  for (const e of events) {
    const district = postcodeDistrict(e.postcode)
    const name = safePlaceName(e.description)
    const point = validPoint(e.latitude, e.longitude) ? ([e.latitude, e.longitude!] as [number, number]) : null
    let key: string
    let place: string
    let locatedBy: LocatedBy
    if (name && (point || district)) {
      key = `${kind}|name|${normalise(name)}|${district ?? ''}`
      place = district ? `${name} (${district})` : name
      locatedBy = 'named-place'
    } else if (point) {
      const [lat, lon] = [roundCoordinate(point[0]), roundCoordinate(point[1])]
      key = `${kind}|point|${lat},${lon}`
      place = `Around ${lat.toFixed(3)}, ${lon.toFixed(3)}${district ? ` (${district})` : ''}`
      locatedBy = 'map-point'
    } else if (district) {
      key = `${kind}|district|${district}`
      place = `${district} (postcode district)`
      locatedBy = 'postcode-district'
    } else {
      unplaced++
      continue
    }
    let bucket = buckets.get(key)
    if (!bucket) {
      bucket = { key, place, locatedBy, points: [], district, children: new Set(), events: 0, latest: e.day }
      buckets.set(key, bucket)
    }
    bucket.events++
    bucket.children.add(e.personId)
    if (point) bucket.points.push(point)
    if (e.day > bucket.latest) bucket.latest = e.day
  }
  const hotspots = [...buckets.values()].map((b): Hotspot => {
    const at = locate(b)
    return { key: b.key, place: b.place, kind, locatedBy: b.locatedBy, latitude: at?.latitude ?? null, longitude: at?.longitude ?? null, events: b.events, children: b.children.size, latest: b.latest }
  })
  return { hotspots, unplaced }
}

/** The mean of the bucket's map points, rounded to about 100 m; else its district's centre; else nowhere on the map. */
function locate(b: Bucket): { latitude: number; longitude: number } | null {
  if (b.points.length > 0) {
    const mean = (i: 0 | 1) => b.points.reduce((sum, p) => sum + p[i], 0) / b.points.length
    return { latitude: roundCoordinate(mean(0)), longitude: roundCoordinate(mean(1)) }
  }
  const centre = b.district ? districtCentroid(b.district) : null
  return centre ? { latitude: roundCoordinate(centre.latitude), longitude: roundCoordinate(centre.longitude) } : null
}

/** Postcode districts already counted by the database, as places of one kind. */
export function districtHotspots(kind: HotspotKind, rows: readonly DistrictCount[]): Grouped {
  let unplaced = 0
  const hotspots: Hotspot[] = []
  for (const r of rows) {
    if (!r.district) {
      unplaced += r.events
      continue
    }
    const centre = districtCentroid(r.district)
    hotspots.push({
      key: `${kind}|district|${r.district}`,
      place: `${r.district} (postcode district)`,
      kind,
      locatedBy: 'postcode-district',
      latitude: centre ? roundCoordinate(centre.latitude) : null,
      longitude: centre ? roundCoordinate(centre.longitude) : null,
      events: r.events,
      children: r.children,
      latest: r.latest,
    })
  }
  return { hotspots, unplaced }
}

/** Most events first; then most children, the latest, and the place's name, so the order is total and stable. */
export function rankHotspots(list: readonly Hotspot[]): Hotspot[] {
  return [...list].sort((a, b) => b.events - a.events || b.children - a.children || b.latest.localeCompare(a.latest) || a.place.localeCompare(b.place) || a.kind.localeCompare(b.kind))
}

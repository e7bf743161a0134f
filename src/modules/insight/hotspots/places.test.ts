import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mapTileOrigin } from '../../../platform/config/index.ts'
import { districtCentroid } from './gazetteer.ts'
import { districtHotspots, groupFoundPlaces, groupPlaces, postcodeDistrict, rankHotspots, roundCoordinate, safePlaceName, type FoundEvent, type Hotspot } from './places.ts'

const event = (e: Partial<FoundEvent>): FoundEvent => ({ personId: 'p1', day: '2026-10-05', description: null, postcode: null, latitude: null, longitude: null, ...e })

describe('postcodeDistrict', () => {
  it('takes the outward code of a postcode written any usual way', () => {
    expect(postcodeDistrict('PE1 2AB')).toBe('PE1')
    expect(postcodeDistrict('pe12ab')).toBe('PE1')
    expect(postcodeDistrict(' PE13  2AB ')).toBe('PE13')
    expect(postcodeDistrict('CB21 5XY')).toBe('CB21')
    expect(postcodeDistrict('N1 9AL')).toBe('N1')
    expect(postcodeDistrict('EC1A 1BB')).toBe('EC1A')
    expect(postcodeDistrict('PE1')).toBe('PE1')
  })

  it('gives null for anything that is not a postcode', () => {
    for (const v of [null, undefined, '', '   ', 'unknown', '12 High Street', 'PE', 'PE1 2A', 'PE1 2AB 3']) expect(postcodeDistrict(v)).toBeNull()
  })
})

describe('roundCoordinate', () => {
  it('rounds to 3 decimal places (about 100 m), never keeping the exact point', () => {
    expect(roundCoordinate(52.57449)).toBe(52.574)
    expect(roundCoordinate(52.5745)).toBe(52.575)
    expect(roundCoordinate(-0.24471)).toBe(-0.245)
    expect(Object.is(roundCoordinate(-0.0004), 0)).toBe(true)
  })

  it('moves a point by at most half a thousandth of a degree and lands on the grid', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), (x) => {
        const r = roundCoordinate(x)
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.0005 + 1e-9)
        expect(Math.abs(r * 1000 - Math.round(r * 1000))).toBeLessThan(1e-6)
      }),
    )
  })
})

describe('safePlaceName', () => {
  it('keeps a place name and tidies its spaces', () => {
    expect(safePlaceName('  Queensgate   bus station, Peterborough ')).toBe('Queensgate bus station, Peterborough')
    expect(safePlaceName('Friend’s address in Millfield')).toBe('Friend’s address in Millfield')
  })

  it('refuses what may be an address or an account: digits, email, over 80 characters, blank', () => {
    expect(safePlaceName('14 Eastfield Road')).toBeNull()
    expect(safePlaceName('Near PE1 2AB')).toBeNull()
    expect(safePlaceName('ask someone@example.org')).toBeNull()
    expect(safePlaceName('a'.repeat(81))).toBeNull()
    expect(safePlaceName('   ')).toBeNull()
    expect(safePlaceName(null)).toBeNull()
  })
})

describe('groupFoundPlaces', () => {
  it('groups a named place by its name and district, drawn at the rounded mean of its points, counting distinct children', () => {
    const { hotspots, unplaced } = groupFoundPlaces([
      event({ personId: 'a', day: '2026-10-01', description: 'Queensgate bus station', postcode: 'PE1 1AA', latitude: 52.5743, longitude: -0.2443 }),
      event({ personId: 'a', day: '2026-11-03', description: 'queensgate bus station.', postcode: 'PE1 9ZZ', latitude: 52.5749, longitude: -0.2449 }),
      event({ personId: 'b', day: '2026-10-20', description: 'Queensgate Bus Station', postcode: 'pe11aa', latitude: null, longitude: null }),
    ])
    expect(unplaced).toBe(0)
    expect(hotspots).toEqual([
      { key: 'found|name|queensgate bus station|PE1', place: 'Queensgate bus station (PE1)', kind: 'found', locatedBy: 'named-place', latitude: 52.575, longitude: -0.245, events: 3, children: 2, latest: '2026-11-03' },
    ])
  })

  it('keeps the same name in two districts apart', () => {
    const { hotspots } = groupFoundPlaces([event({ description: 'Bus station', postcode: 'PE13 1AA' }), event({ description: 'Bus station', postcode: 'PE15 1AA' })])
    expect(hotspots.map((h) => h.place).sort()).toEqual(['Bus station (PE13)', 'Bus station (PE15)'])
    // A named place without points is drawn at its district's centre.
    expect(hotspots.find((h) => h.place === 'Bus station (PE13)')).toMatchObject({ latitude: districtCentroid('PE13')!.latitude, longitude: districtCentroid('PE13')!.longitude })
  })

  it('groups an unnamed (or address-like) place by its point rounded to about 100 m, never showing the description', () => {
    const { hotspots } = groupFoundPlaces([
      event({ personId: 'a', description: '14 Eastfield Road', postcode: 'PE1 3AB', latitude: 52.58512, longitude: -0.23049 }),
      event({ personId: 'b', description: null, latitude: 52.58488, longitude: -0.23001 }),
      event({ personId: 'c', description: null, latitude: 52.5862, longitude: -0.23 }),
    ])
    expect(rankHotspots(hotspots)).toEqual([
      { key: 'found|point|52.585,-0.23', place: 'Around 52.585, -0.230 (PE1)', kind: 'found', locatedBy: 'map-point', latitude: 52.585, longitude: -0.23, events: 2, children: 2, latest: '2026-10-05' },
      { key: 'found|point|52.586,-0.23', place: 'Around 52.586, -0.230', kind: 'found', locatedBy: 'map-point', latitude: 52.586, longitude: -0.23, events: 1, children: 1, latest: '2026-10-05' },
    ])
    expect(JSON.stringify(hotspots)).not.toContain('Eastfield')
  })

  it('falls back to the postcode district, and counts what has no place at all', () => {
    const { hotspots, unplaced } = groupFoundPlaces([
      event({ description: '3 Mill Lane', postcode: 'CB1 2AB' }),
      event({ description: null, postcode: 'ZZ99 9ZZ' }),
      event({ description: 'Somewhere', postcode: null }),
      event({ description: null, postcode: 'nonsense', latitude: 0, longitude: 0 }),
    ])
    // "ZZ99" is a well-formed district the gazetteer does not hold: in the table, not on the map.
    expect(hotspots.map((h) => [h.place, h.locatedBy, h.latitude === null])).toEqual([
      ['CB1 (postcode district)', 'postcode-district', false],
      ['ZZ99 (postcode district)', 'postcode-district', true],
    ])
    expect(unplaced).toBe(2)
  })
})

describe('districtHotspots and rankHotspots', () => {
  it('turns district counts into places at the district centre and counts the rows with no district as not placed', () => {
    const { hotspots, unplaced } = districtHotspots('concern', [
      { district: 'PE1', events: 4, children: 3, latest: '2026-12-01' },
      { district: null, events: 5, children: 5, latest: '2026-12-02' },
    ])
    expect(unplaced).toBe(5)
    expect(hotspots).toEqual([{ key: 'concern|district|PE1', place: 'PE1 (postcode district)', kind: 'concern', locatedBy: 'postcode-district', latitude: 52.585, longitude: -0.235, events: 4, children: 3, latest: '2026-12-01' }])
  })

  it('ranks by events, then children, then the latest day, then the name', () => {
    const h = (place: string, events: number, children: number, latest: string): Hotspot => ({ key: place, place, kind: 'found', locatedBy: 'postcode-district', latitude: null, longitude: null, events, children, latest })
    const ranked = rankHotspots([h('D', 2, 1, '2026-10-01'), h('C', 2, 2, '2026-10-01'), h('B', 5, 1, '2026-10-01'), h('A', 2, 1, '2026-10-02'), h('E', 2, 1, '2026-10-01')])
    expect(ranked.map((x) => x.place)).toEqual(['B', 'C', 'A', 'D', 'E'])
  })
})

describe('mapTileOrigin', () => {
  it('gives the origin of a tile URL template, with {s} as a wildcard subdomain', () => {
    expect(mapTileOrigin('https://tile.example/{z}/{x}/{y}.png')).toBe('https://tile.example')
    expect(mapTileOrigin('https://{s}.tile.example:8443/{z}/{x}/{y}.png')).toBe('https://*.tile.example:8443')
    expect(() => mapTileOrigin('https://a{s}b.example/{z}/{x}/{y}')).toThrow()
  })
})

describe('groupPlaces for "missing to"', () => {
  it('groups places went by the same rules as found places, keyed and labelled by their own kind', () => {
    const events = [
      event({ personId: 'a', description: 'Serpentine Green shopping centre', postcode: 'PE7 8BD', latitude: 52.5355, longitude: -0.2628 }),
      event({ personId: 'b', day: '2026-11-01', description: 'serpentine green shopping centre.', postcode: 'PE7 8BE', latitude: 52.5361, longitude: -0.2634 }),
      event({ personId: 'c', description: '12 Oak Road', postcode: 'PE2 9AB' }),
      event({ personId: 'd', description: 'Friend’s flat' }),
    ]
    const grouped = groupPlaces('missing-to', events)
    expect(grouped.unplaced).toBe(1)
    expect(grouped.hotspots.map(({ key, place, kind, events: n, children, latitude, longitude, latest }) => ({ key, place, kind, n, children, latitude, longitude, latest }))).toEqual([
      { key: 'missing-to|name|serpentine green shopping centre|PE7', place: 'Serpentine Green shopping centre (PE7)', kind: 'missing-to', n: 2, children: 2, latitude: 52.536, longitude: -0.263, latest: '2026-11-01' },
      { key: 'missing-to|district|PE2', place: 'PE2 (postcode district)', kind: 'missing-to', n: 1, children: 1, latitude: 52.555, longitude: -0.265, latest: '2026-10-05' },
    ])
    // The same events as found places are a different set of places: kinds never merge.
    expect(groupFoundPlaces(events).hotspots.every((h) => h.kind === 'found' && h.key.startsWith('found|'))).toBe(true)
  })
})

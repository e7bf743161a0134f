import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../platform/config/index.ts'

describe('the hotspots map tile setting', () => {
  it('is off by default: no tile server, so the map is drawn on a plain base', () => {
    expect(loadConfig({}).mapTiles).toBeUndefined()
  })

  it('takes a URL template and an attribution, and works out the origin the CSP must allow', () => {
    const config = loadConfig({ LANTERN_MAP_TILE_URL: 'https://{s}.tile.example/{z}/{x}/{y}.png', LANTERN_MAP_ATTRIBUTION: '© Example contributors' })
    expect(config.mapTiles).toEqual({ urlTemplate: 'https://{s}.tile.example/{z}/{x}/{y}.png', origin: 'https://*.tile.example', attribution: '© Example contributors' })
    expect(loadConfig({ LANTERN_MAP_TILE_URL: 'https://tiles.example:8443/osm/{z}/{x}/{y}.png' }).mapTiles).toMatchObject({ origin: 'https://tiles.example:8443', attribution: 'Map tiles: https://tiles.example:8443' })
  })

  it('refuses a template that is not a tile URL', () => {
    for (const bad of ['tile.example/{z}/{x}/{y}.png', 'https://tile.example/tiles.png', "https://tile.example'; script-src *;/{z}/{x}/{y}", 'javascript:alert(1)//{z}/{x}/{y}']) {
      expect(() => loadConfig({ LANTERN_MAP_TILE_URL: bad }), bad).toThrow()
    }
  })
})

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply } from 'fastify'

/**
 * The map's scripts and styles, served from our own origin (the CSP allows 'self' and nonces, never a CDN): Leaflet
 * 1.9.4's built files, exactly these and nothing else of the package, and our progressive-enhancement script. They
 * carry no data, so they need no sign-in. Read once at start-up.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url))
// Wherever npm put the package (not a path relative to this file, which a build would move).
const LEAFLET_DIST = path.dirname(createRequire(import.meta.url).resolve('leaflet/dist/leaflet.js'))
const TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', png: 'image/png' } as const

type Asset = { type: string; body: Buffer }

function load(file: string): Asset {
  const ext = path.extname(file).slice(1) as keyof typeof TYPES
  return { type: TYPES[ext], body: readFileSync(file) }
}

export const LEAFLET_FILES = ['leaflet.js', 'leaflet.css'] as const
export const LEAFLET_IMAGES = ['layers.png', 'layers-2x.png', 'marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png'] as const

export async function registerHotspotsAssets(app: FastifyInstance): Promise<void> {
  const files = new Map(LEAFLET_FILES.map((f) => [f as string, load(path.join(LEAFLET_DIST, f))]))
  const images = new Map(LEAFLET_IMAGES.map((f) => [f as string, load(path.join(LEAFLET_DIST, 'images', f))]))
  const script = load(path.join(HERE, 'assets/hotspots-map.js'))

  const send = (reply: FastifyReply, asset: Asset | undefined) => {
    if (!asset) return reply.code(404).type('text/plain').send('Not found')
    // No data in these files: browsers may keep them for a day (Leaflet's version is pinned by package-lock).
    return reply.type(asset.type).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=86400').send(asset.body)
  }
  const file = (params: unknown) => String((params as { file?: string }).file ?? '')
  app.get('/insight/assets/leaflet/:file', { schema: { hide: true } }, async (request, reply) => send(reply, files.get(file(request.params))))
  app.get('/insight/assets/leaflet/images/:file', { schema: { hide: true } }, async (request, reply) => send(reply, images.get(file(request.params))))
  app.get('/insight/assets/hotspots-map.js', { schema: { hide: true } }, async (_request, reply) => send(reply, script))
}

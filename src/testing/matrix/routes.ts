/**
 * The routes Fastify registered, read back from `app.printRoutes()` (Fastify has no public route list, and an
 * `onRoute` hook added after `buildApp` is too late). The default (common-prefix) tree is parsed because each node's
 * label is exactly the next slice of the path, so concatenating labels from the root gives the registered URL.
 * Every parsed route is checked with `app.hasRoute`, so a change in the printed format fails loudly.
 */
import type { FastifyInstance, HTTPMethods } from 'fastify'

export type RegisteredRoute = { method: string; url: string; key: string }

const LINE = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u

/** Parse the tree that `printRoutes()` prints into method + url pairs (HEAD included). */
export function parsePrintedRoutes(printed: string): Array<{ method: string; url: string }> {
  const stack: string[] = []
  const out: Array<{ method: string; url: string }> = []
  for (const raw of printed.split('\n')) {
    if (raw.trim() === '') continue
    const match = LINE.exec(raw)
    if (!match) throw new Error(`Cannot read printRoutes line: ${JSON.stringify(raw)}`)
    const depth = (match[1] ?? '').length / 4
    const label = match[2] ?? ''
    stack.length = depth
    stack.push(label)
    if (match[3]) {
      const url = stack.join('')
      for (const method of match[3].split(',').map((m) => m.trim())) out.push({ method, url })
    }
  }
  return out
}

/** Static files are served by @fastify/static; they carry no data and no authorization. */
export function isStaticAsset(url: string): boolean {
  return url.startsWith('/assets/') || url.startsWith('/static/')
}

/** Every route of the app the matrix must cover: no HEAD (Fastify adds one per GET), no static assets. */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const parsed = parsePrintedRoutes(app.printRoutes())
  for (const r of parsed) {
    if (!app.hasRoute({ method: r.method as HTTPMethods, url: r.url })) {
      throw new Error(`printRoutes parsing produced ${r.method} ${r.url}, which app.hasRoute does not know`)
    }
  }
  const seen = new Set<string>()
  const routes: RegisteredRoute[] = []
  for (const r of parsed) {
    if (r.method === 'HEAD' || isStaticAsset(r.url)) continue
    const key = `${r.method} ${r.url}`
    if (seen.has(key)) continue
    seen.add(key)
    routes.push({ ...r, key })
  }
  return routes.sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method))
}

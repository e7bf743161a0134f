import type { FastifyInstance } from 'fastify'

type Operation = { summary?: string; tags?: string[] }

/**
 * `/api/docs/json` is the OpenAPI 3.1 document; `/api/docs` a plain GOV.UK page listing the operations (a
 * Swagger UI would need inline scripts our CSP forbids). Both public, holding no data (CONTRACTS.md §5).
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  app.get('/api/docs/json', { schema: { hide: true } }, async () => app.swagger())
  app.get('/api/docs', { schema: { hide: true } }, async (_request, reply) => {
    const doc = app.swagger() as { paths?: Record<string, Record<string, Operation>> }
    const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, tag: op.tags?.[0] ?? '', summary: op.summary ?? '' })),
    )
    return reply.view('pages/api-docs.njk', { pageTitle: 'API documentation', operations })
  })
}

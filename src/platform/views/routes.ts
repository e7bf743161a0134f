import type { FastifyInstance } from 'fastify'

/** The public information pages linked from every page's footer. They hold no personal data. */
export async function registerInfoPages(app: FastifyInstance): Promise<void> {
  app.get('/accessibility', async (_request, reply) =>
    reply.view('pages/accessibility.njk', { pageTitle: 'Accessibility statement' }),
  )
  app.get('/privacy', async (_request, reply) => reply.view('pages/privacy.njk', { pageTitle: 'Privacy notice' }))
}

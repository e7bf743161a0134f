import type { FastifyInstance } from 'fastify'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'

export async function registerAccountApi(app: FastifyInstance): Promise<void> {
  app.get('/api/v1/me', { preHandler: requireUser, schema: { tags: ['account'] } }, async (request) => {
    const user = currentUser(request)
    return {
      id: user.userId,
      email: user.email,
      displayName: user.displayName,
      roleProfile: user.roleProfile,
      team: { id: user.teamId, name: user.teamName },
      agency: { id: user.agencyId, name: user.agencyName, type: user.agencyType },
    }
  })
}

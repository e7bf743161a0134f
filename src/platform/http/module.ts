import type { FastifyInstance } from 'fastify'
import type { RoleProfile } from '../access/roles.ts'
import type { Config } from '../config/index.ts'
import type { Platform } from '../context/index.ts'

export type NavigationItem = { href: string; text: string; roles: readonly RoleProfile[] }

/** What the composition root hands each module's routes. */
export type ModuleDeps = { platform: Platform; config: Config }

/**
 * A capability plugged into Lantern through the registry (src/modules/index.ts): its routes (pages and API),
 * the service navigation it adds, and its policy table (registered by its index.ts).
 */
export type LanternModule = {
  name: string
  routes?: (app: FastifyInstance, deps: ModuleDeps) => Promise<void>
  navigation?: readonly NavigationItem[]
  registerPolicies?: () => void
}

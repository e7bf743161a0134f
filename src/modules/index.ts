import type { LanternModule } from '../platform/http/module.ts'
import { accountModule } from './account/index.ts'
import { governanceModule } from './governance/index.ts'
import { partnershipModule } from './partnership/index.ts'
import { peopleModule } from './people/index.ts'

/** The registry: the one place where modules are wired in (ARCHITECTURE.md §2). Order = navigation order. */
export const modules: readonly LanternModule[] = [peopleModule, partnershipModule, governanceModule, accountModule]

let policiesRegistered = false
/** Register every module's policy table once per process. */
export function registerAllPolicies(): void {
  if (policiesRegistered) return
  policiesRegistered = true
  for (const module of modules) module.registerPolicies?.()
}

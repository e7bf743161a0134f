import type { LanternModule } from '../platform/http/module.ts'
import { accountModule } from './account/index.ts'
import { alertsModule } from './alerts/index.ts'
import { chronologyModule } from './chronology/index.ts'
import { contactsModule } from './contacts/index.ts'
import { educationModule } from './education/index.ts'
import { exploitationModule } from './exploitation/index.ts'
import { governanceModule } from './governance/index.ts'
import { insightModule } from './insight/index.ts'
import { missingModule } from './missing/index.ts'
import { partnershipModule } from './partnership/index.ts'
import { peopleModule, registerPersonExtension, type PersonExtension } from './people/index.ts'

/** A module as the registry sees it: the platform's view plus the people module's extension points it fills in. */
type RegisteredModule = LanternModule & { personExtensions?: readonly PersonExtension[] }

/** The registry: the one place where modules are wired in (ARCHITECTURE.md §2). Order = navigation order. */
export const modules: readonly RegisteredModule[] = [peopleModule, contactsModule, missingModule, educationModule, alertsModule, exploitationModule, chronologyModule, insightModule, partnershipModule, governanceModule, accountModule]

let policiesRegistered = false
/** Register every module's policy table and person extensions (merge guards, merge re-pointing) once per process. */
export function registerAllPolicies(): void {
  if (policiesRegistered) return
  policiesRegistered = true
  for (const module of modules) {
    module.registerPolicies?.()
    for (const extension of module.personExtensions ?? []) registerPersonExtension(extension)
  }
}

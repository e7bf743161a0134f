import { registerPolicies } from '../../platform/access/engine.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import { personViewDecision } from '../people/index.ts'

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'chronology.view': PersonAccess
  }
}

/**
 * A child's chronology is a read of the child's record: exactly `people.view` (ADR 0015). Without a legitimate
 * relationship, break-glass or a sealed-record naming, the chronology is the record's 404. Each source then shows
 * only what the reader may see of its own entries.
 */
export function registerChronologyPolicies(): void {
  registerPolicies({ 'chronology.view': personViewDecision })
}

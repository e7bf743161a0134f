import { hide, registerPolicies } from '../../platform/access/engine.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import { personViewDecision } from '../people/index.ts'

/** A curated chronology, as its policy sees it: the child's access facts and whether it is the reader's agency's. */
export type CuratedAccess = PersonAccess & { curatedOfReadersAgency: boolean }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'chronology.view': PersonAccess
    'chronology.curated': CuratedAccess
  }
}

/**
 * A child's chronology is a read of the child's record: exactly `people.view` (ADR 0015). Without a legitimate
 * relationship, break-glass or a sealed-record naming, the chronology is the record's 404. Each source then shows
 * only what the reader may see of its own entries.
 *
 * A curated chronology (composing, reading, changing, exporting) needs the same, and belongs to the author's
 * agency: another agency's worker gets the record's 404. Its entries are references, so each reader still sees
 * only the entries their own access allows.
 */
export function registerChronologyPolicies(): void {
  registerPolicies({
    'chronology.view': personViewDecision,
    'chronology.curated': (actor, resource) => {
      const view = personViewDecision(actor, resource)
      if (!view.allowed) return view
      return resource.curatedOfReadersAgency ? view : hide('a curated chronology of another agency')
    },
  })
}

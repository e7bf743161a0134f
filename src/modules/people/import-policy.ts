import { allow, forbid, registerPolicies } from '../../platform/access/engine.ts'
import { hasRole, type RoleProfile } from '../../platform/access/roles.ts'

/**
 * Agency extract import (ADR 0010). Loading another agency's extract into the index and deciding its uncertain
 * rows changes many records at once, so it is the MASH manager's (CONTRACTS.md §1: the MASH manager decides; the
 * practitioner recommends). Other roles are refused as a function they never have (403). An import or row that does
 * not exist is 404 for those who may import.
 */
export const IMPORTING_ROLES: readonly RoleProfile[] = ['mash-manager']
export const IMPORT_REVIEWING_ROLES: readonly RoleProfile[] = ['mash-manager']

/** The import function as a whole, or one source, import or row of it. */
export type ImportResource = { resourceType: 'person-import' | 'import-source' | 'import-row'; resourceId?: string }
export const IMPORTS: ImportResource = { resourceType: 'person-import' }

declare module '../../platform/access/engine.ts' {
  interface PolicyResources {
    'people.import': ImportResource
    'people.import.review': ImportResource
  }
}

export function registerImportPolicies(): void {
  registerPolicies({
    'people.import': (actor) => (hasRole(IMPORTING_ROLES, actor.roleProfile) ? allow('agency extract import') : forbid('role may not import agency extracts')),
    'people.import.review': (actor) =>
      hasRole(IMPORT_REVIEWING_ROLES, actor.roleProfile) ? allow('clerical review of an agency extract') : forbid('role may not review imported rows'),
  })
}

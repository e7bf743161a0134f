/**
 * Role profiles and agency types (CONTRACTS.md §1). A role profile alone never opens a child's record: it says
 * what kind of work a user does; the legitimate relationship says which children that work is about.
 */
export const AGENCY_TYPES = [
  'police',
  'childrens-social-care',
  'health',
  'education',
  'housing',
  'probation',
  'youth-offending',
  'voluntary-sector',
  'partnership-business-unit',
] as const
export type AgencyType = (typeof AGENCY_TYPES)[number]

export const AGENCY_TYPE_LABELS: Record<AgencyType, string> = {
  police: 'Police',
  'childrens-social-care': "Children's social care",
  health: 'Health',
  education: 'Education',
  housing: 'Housing',
  probation: 'Probation',
  'youth-offending': 'Youth offending service',
  'voluntary-sector': 'Voluntary sector',
  'partnership-business-unit': 'Partnership business unit',
}

export const ROLE_PROFILES = [
  'system-admin',
  'information-governance-officer',
  'business-unit-officer',
  'mash-manager',
  'mash-practitioner',
  'mash-agency-researcher',
  'social-worker',
  'exploitation-lead',
  'police-missing-coordinator',
  'rhi-worker',
  'designated-safeguarding-lead',
  'health-safeguarding-practitioner',
  'analyst',
  'panel-chair',
] as const
export type RoleProfile = (typeof ROLE_PROFILES)[number]

export const ROLE_PROFILE_LABELS: Record<RoleProfile, string> = {
  'system-admin': 'System administrator',
  'information-governance-officer': 'Information governance officer',
  'business-unit-officer': 'Business unit officer',
  'mash-manager': 'MASH manager',
  'mash-practitioner': 'MASH practitioner',
  'mash-agency-researcher': 'MASH agency researcher',
  'social-worker': 'Social worker',
  'exploitation-lead': 'Exploitation lead',
  'police-missing-coordinator': 'Police missing persons coordinator',
  'rhi-worker': 'Return home interview worker',
  'designated-safeguarding-lead': 'Designated safeguarding lead',
  'health-safeguarding-practitioner': 'Health safeguarding practitioner',
  analyst: 'Analyst',
  'panel-chair': 'Panel chair',
}

/** Roles that may ask "is this child known?" and see search cards (CONTRACTS.md §2). */
export const SEARCHING_ROLES: readonly RoleProfile[] = [
  'mash-manager',
  'mash-practitioner',
  'mash-agency-researcher',
  'exploitation-lead',
  'police-missing-coordinator',
  'health-safeguarding-practitioner',
]

/** Roles that may create a person record (CONTRACTS.md §1 "create people"). */
export const CREATING_ROLES: readonly RoleProfile[] = [
  'mash-manager',
  'mash-practitioner',
  'exploitation-lead',
  'police-missing-coordinator',
]

/**
 * Roles that do casework and so may hold a legitimate relationship to a child and open the record through it.
 * Administrators, analysts, the business unit and school DSLs never open a child's record through a relationship.
 */
export const CASEWORK_ROLES: readonly RoleProfile[] = [
  'mash-manager',
  'mash-practitioner',
  'mash-agency-researcher',
  'social-worker',
  'exploitation-lead',
  'police-missing-coordinator',
  'rhi-worker',
  'health-safeguarding-practitioner',
  'panel-chair',
]

/** Roles that may edit a child's core details when they can see the record. */
export const EDITING_ROLES: readonly RoleProfile[] = [
  'mash-manager',
  'mash-practitioner',
  'social-worker',
  'exploitation-lead',
  'police-missing-coordinator',
]

/** Roles that may use break-glass (emergency access): casework roles and the IG officer. */
export const BREAK_GLASS_ROLES: readonly RoleProfile[] = [...CASEWORK_ROLES, 'information-governance-officer']

export function hasRole(list: readonly RoleProfile[], role: RoleProfile): boolean {
  return list.includes(role)
}

import type { AgencyType, RoleProfile } from '../platform/access/roles.ts'

/** The one password of every demo account (CONTRACTS.md §1). Demo data only: never a real deployment's. */
export const DEMO_PASSWORD = 'Lantern-demo-2026!'
export const DEMO_EMAIL_DOMAIN = 'demo.lantern.test'

export const demoEmail = (account: string): string => `${account}@${DEMO_EMAIL_DOMAIN}`

export type DemoAgency = {
  key: AgencyKey
  name: string
  type: AgencyType
  area: 'Cambridgeshire' | 'Peterborough' | 'Cambridgeshire and Peterborough'
  /** Seed §4: "a dedicated lead person in each partner organisation". */
  exploitationLead: { name: string; email: string }
  teams: readonly string[]
}

export type AgencyKey =
  | 'partnership'
  | 'peterboroughCsc'
  | 'cambridgeshireCsc'
  | 'police'
  | 'health'
  | 'school'
  | 'housing'
  | 'probation'
  | 'youthOffending'
  | 'returnInterviews'

/** Team names are unique across the partnership, so a team can be named without its agency. */
export const DEMO_AGENCIES: readonly DemoAgency[] = [
  {
    key: 'partnership',
    name: 'Cambridgeshire and Peterborough Safeguarding Partnership (demo)',
    type: 'partnership-business-unit',
    area: 'Cambridgeshire and Peterborough',
    exploitationLead: { name: 'Claire Dunmore', email: demoEmail('claire.dunmore') },
    teams: ['Systems', 'Information governance', 'Business unit', 'Analysts'],
  },
  {
    key: 'peterboroughCsc',
    name: "Peterborough City Council Children's Services (demo)",
    type: 'childrens-social-care',
    area: 'Peterborough',
    exploitationLead: { name: 'Joanna Kowalski', email: demoEmail('exploitation.lead') },
    teams: ['MASH', 'Exploitation and missing team', 'Assessment and intervention team', 'Children in care team'],
  },
  {
    key: 'cambridgeshireCsc',
    name: "Cambridgeshire County Council Children's Services (demo)",
    type: 'childrens-social-care',
    area: 'Cambridgeshire',
    exploitationLead: { name: 'Simon Blackwell', email: demoEmail('simon.blackwell') },
    teams: ['Integrated front door', 'Family safeguarding team (Fenland)', 'Family safeguarding team (Huntingdonshire)'],
  },
  {
    key: 'police',
    name: 'Cambridgeshire Constabulary (demo)',
    type: 'police',
    area: 'Cambridgeshire and Peterborough',
    exploitationLead: { name: 'Andrew Hollis', email: demoEmail('panel.chair') },
    teams: ['MASH police desk', 'Missing persons unit', 'Exploitation panel', 'Child exploitation unit', 'Public protection unit'],
  },
  {
    key: 'health',
    name: 'Cambridgeshire and Peterborough NHS Safeguarding (demo)',
    type: 'health',
    area: 'Cambridgeshire and Peterborough',
    exploitationLead: { name: 'Fiona McAllister', email: demoEmail('health.nurse') },
    teams: ['MASH health desk', 'Safeguarding children team', 'Looked after children health team'],
  },
  {
    key: 'school',
    name: 'Fenland Academy (demo)',
    type: 'education',
    area: 'Cambridgeshire',
    exploitationLead: { name: 'Rebecca Lowe', email: demoEmail('school.dsl') },
    teams: ['Safeguarding'],
  },
  {
    key: 'housing',
    name: 'Peterborough Housing Needs Service (demo)',
    type: 'housing',
    area: 'Peterborough',
    exploitationLead: { name: 'Dean Ashby', email: demoEmail('dean.ashby') },
    teams: ['Housing needs and homelessness'],
  },
  {
    key: 'probation',
    name: 'Probation Service, Cambridgeshire and Peterborough (demo)',
    type: 'probation',
    area: 'Cambridgeshire and Peterborough',
    exploitationLead: { name: 'Marcia Campbell-Reid', email: demoEmail('marcia.campbell-reid') },
    teams: ['Offender management'],
  },
  {
    key: 'youthOffending',
    name: 'Peterborough Youth Offending Service (demo)',
    type: 'youth-offending',
    area: 'Peterborough',
    exploitationLead: { name: 'Imran Qureshi', email: demoEmail('imran.qureshi') },
    teams: ['Youth justice team'],
  },
  {
    key: 'returnInterviews',
    name: 'Safe Passage Return Interviews (demo)',
    type: 'voluntary-sector',
    area: 'Cambridgeshire and Peterborough',
    exploitationLead: { name: 'Chloe Adeyemi', email: demoEmail('rhi.worker') },
    teams: ['Return interview service', "Young people's outreach"],
  },
]

export type DemoAccount = {
  account: string
  email: string
  roleProfile: RoleProfile
  teamName: string
  agencyName: string
  displayName: string
}

const agencyName = (key: AgencyKey): string => {
  const agency = DEMO_AGENCIES.find((a) => a.key === key)
  if (!agency) throw new Error(`no demo agency ${key}`)
  return agency.name
}

const account = (name: string, displayName: string, roleProfile: RoleProfile, agency: AgencyKey, teamName: string): DemoAccount => ({
  account: name,
  email: demoEmail(name),
  roleProfile,
  teamName,
  agencyName: agencyName(agency),
  displayName,
})

/** Exactly the accounts of CONTRACTS.md §1, in its order: one role profile each. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account('admin', 'Martin Cole', 'system-admin', 'partnership', 'Systems'),
  account('ig.officer', 'Helen Ashworth', 'information-governance-officer', 'partnership', 'Information governance'),
  account('business.unit', 'Gareth Pryce', 'business-unit-officer', 'partnership', 'Business unit'),
  account('mash.manager', 'Sarah Whitfield', 'mash-manager', 'peterboroughCsc', 'MASH'),
  account('mash.social.worker', 'Daniel Okonkwo', 'mash-practitioner', 'peterboroughCsc', 'MASH'),
  account('mash.police', 'Laura Bennett', 'mash-agency-researcher', 'police', 'MASH police desk'),
  account('mash.health', 'Aisha Rahman', 'mash-agency-researcher', 'health', 'MASH health desk'),
  account('social.worker', 'Tom Fletcher', 'social-worker', 'peterboroughCsc', 'Exploitation and missing team'),
  account('exploitation.lead', 'Joanna Kowalski', 'exploitation-lead', 'peterboroughCsc', 'Exploitation and missing team'),
  account('police.missing', 'Mark Sutherland', 'police-missing-coordinator', 'police', 'Missing persons unit'),
  account('rhi.worker', 'Chloe Adeyemi', 'rhi-worker', 'returnInterviews', 'Return interview service'),
  account('school.dsl', 'Rebecca Lowe', 'designated-safeguarding-lead', 'school', 'Safeguarding'),
  account('health.nurse', 'Fiona McAllister', 'health-safeguarding-practitioner', 'health', 'Safeguarding children team'),
  account('analyst', 'Kiran Patel', 'analyst', 'partnership', 'Analysts'),
  account('panel.chair', 'Andrew Hollis', 'panel-chair', 'police', 'Exploitation panel'),
]

export type DemoMultiRoleAccount = Omit<DemoAccount, 'roleProfile'> & { roleProfiles: readonly RoleProfile[] }

/** Beyond the contract: one user with two role profiles, so the "choose your role" sign-in step has demo data. */
export const DEMO_DUAL_ROLE_ACCOUNT: DemoMultiRoleAccount = {
  account: 'dual.role',
  email: demoEmail('dual.role'),
  roleProfiles: ['social-worker', 'exploitation-lead'],
  teamName: 'Exploitation and missing team',
  agencyName: agencyName('peterboroughCsc'),
  displayName: 'Grace Mensah',
}

export function demoAccount(name: string): DemoAccount {
  const found = DEMO_ACCOUNTS.find((a) => a.account === name)
  if (!found) throw new Error(`no demo account ${name}`)
  return found
}

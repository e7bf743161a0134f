/**
 * People: the record page, search, create, edit and break-glass (CONTRACTS.md §1–§2).
 *
 * Reading of the contract that the rows below encode:
 * - A role alone never opens a record. Casework roles (everyone whose §1 work is about particular children: MASH
 *   manager, MASH practitioner, MASH agency researcher, social worker, exploitation lead, police missing
 *   coordinator, RHI worker, health safeguarding practitioner, panel chair) open it through a legitimate
 *   relationship (their own or their team's). The system admin ("no case data"), IG officer ("no case content
 *   unless by break-glass"), business unit ("aggregates only"), analyst ("no names") and the school DSL ("a
 *   referrer sees their own contact and its outcome, not the child's record") never do, relationship or not.
 * - Anyone with an active break-glass grant sees the record (§2 "with relationship or active break-glass").
 * - Restricted: full record with a relationship; without one, 404 (the stub is only in search).
 * - Sealed: named users only (any role); an unnamed user with a relationship gets 404; no break-glass, ever.
 * - Hidden and nonexistent are the same 404. Anything about a person that is refused is a 404, never a 403, so
 *   that no role learns whether a record exists.
 * - Search is for the §2 searching roles; creating people for the §1 roles that "create people" (MASH manager,
 *   MASH practitioner, exploitation lead, police missing coordinator); other roles get 403 (a function the role
 *   never has).
 * - Changing core details: the creating roles and the social worker (allocated children's casework), through
 *   whatever lets them see the record; other roles 404.
 * - Break-glass: casework roles and the IG officer, on ordinary and restricted records whatever the relationship;
 *   the other four roles never (404). The form page (GET …/break-glass) shows nothing about the person, so for
 *   the roles that may use break-glass it is shown in every state (a 404 for sealed but not for ordinary records
 *   would tell anyone which ids are sealed); for the roles that never may, it is the same 404 as the POST.
 */
import type { MatrixEntry, PersonRow, PersonTable, RoleTable } from './types.ts'

// Column order (PERSON_STATES):
//  relationship | team-relationship | no-relationship | break-glass | restricted-relationship |
//  restricted-no-relationship | sealed-named | sealed-unnamed | nonexistent
const A = 'allow' as const
const N = '404' as const

const VIEW_CASEWORK: PersonRow = [A, A, N, A, A, N, A, N, N]
const VIEW_NO_CASEWORK: PersonRow = [N, N, N, A, N, N, A, N, N]

/** Opening a person's record (page or API). */
const VIEW = (anonymous: 'sign-in' | '401'): PersonTable => ({
  anonymous,
  'system-admin':                     VIEW_NO_CASEWORK,
  'information-governance-officer':   VIEW_NO_CASEWORK,
  'business-unit-officer':            VIEW_NO_CASEWORK,
  'mash-manager':                     VIEW_CASEWORK,
  'mash-practitioner':                VIEW_CASEWORK,
  'mash-agency-researcher':           VIEW_CASEWORK,
  'social-worker':                    VIEW_CASEWORK,
  'exploitation-lead':                VIEW_CASEWORK,
  'police-missing-coordinator':       VIEW_CASEWORK,
  'rhi-worker':                       VIEW_CASEWORK,
  'designated-safeguarding-lead':     VIEW_NO_CASEWORK,
  'health-safeguarding-practitioner': VIEW_CASEWORK,
  analyst:                            VIEW_NO_CASEWORK,
  'panel-chair':                      VIEW_CASEWORK,
})

const EDIT_YES: PersonRow = [A, A, N, A, A, N, A, N, N]
const EDIT_NO: PersonRow = [N, N, N, N, N, N, N, N, N]

/** Changing a person's core details (edit form, edit POST, API PATCH). */
export const EDIT = (anonymous: 'sign-in' | '401'): PersonTable => ({
  anonymous,
  'system-admin':                     EDIT_NO,
  'information-governance-officer':   EDIT_NO,
  'business-unit-officer':            EDIT_NO,
  'mash-manager':                     EDIT_YES,
  'mash-practitioner':                EDIT_YES,
  'mash-agency-researcher':           EDIT_NO,
  'social-worker':                    EDIT_YES,
  'exploitation-lead':                EDIT_YES,
  'police-missing-coordinator':       EDIT_YES,
  'rhi-worker':                       EDIT_NO,
  'designated-safeguarding-lead':     EDIT_NO,
  'health-safeguarding-practitioner': EDIT_NO,
  analyst:                            EDIT_NO,
  'panel-chair':                      EDIT_NO,
})

const GLASS_YES: PersonRow = [A, A, A, A, A, A, N, N, N]
const GLASS_NO: PersonRow = [N, N, N, N, N, N, N, N, N]

/** Using break-glass (page POST with password and code, API POST with a reason). */
const BREAK_GLASS = (anonymous: 'sign-in' | '401'): PersonTable => ({
  anonymous,
  'system-admin':                     GLASS_NO,
  'information-governance-officer':   GLASS_YES,
  'business-unit-officer':            GLASS_NO,
  'mash-manager':                     GLASS_YES,
  'mash-practitioner':                GLASS_YES,
  'mash-agency-researcher':           GLASS_YES,
  'social-worker':                    GLASS_YES,
  'exploitation-lead':                GLASS_YES,
  'police-missing-coordinator':       GLASS_YES,
  'rhi-worker':                       GLASS_YES,
  'designated-safeguarding-lead':     GLASS_NO,
  'health-safeguarding-practitioner': GLASS_YES,
  analyst:                            GLASS_NO,
  'panel-chair':                      GLASS_YES,
})

const FORM_YES: PersonRow = [A, A, A, A, A, A, A, A, A]

/** The break-glass form page. */
const BREAK_GLASS_FORM: PersonTable = {
  anonymous: 'sign-in',
  'system-admin':                     GLASS_NO,
  'information-governance-officer':   FORM_YES,
  'business-unit-officer':            GLASS_NO,
  'mash-manager':                     FORM_YES,
  'mash-practitioner':                FORM_YES,
  'mash-agency-researcher':           FORM_YES,
  'social-worker':                    FORM_YES,
  'exploitation-lead':                FORM_YES,
  'police-missing-coordinator':       FORM_YES,
  'rhi-worker':                       FORM_YES,
  'designated-safeguarding-lead':     GLASS_NO,
  'health-safeguarding-practitioner': FORM_YES,
  analyst:                            GLASS_NO,
  'panel-chair':                      FORM_YES,
}

/** "Is this child known?": the six searching roles of CONTRACTS.md §2. */
const SEARCH = (anonymous: 'sign-in' | '401'): RoleTable => ({
  anonymous,
  'system-admin':                     '403',
  'information-governance-officer':   '403',
  'business-unit-officer':            '403',
  'mash-manager':                     'allow',
  'mash-practitioner':                'allow',
  'mash-agency-researcher':           'allow',
  'social-worker':                    '403',
  'exploitation-lead':                'allow',
  'police-missing-coordinator':       'allow',
  'rhi-worker':                       '403',
  'designated-safeguarding-lead':     '403',
  'health-safeguarding-practitioner': 'allow',
  analyst:                            '403',
  'panel-chair':                      '403',
})

/** Creating a person: the roles whose §1 work includes "create people". */
const CREATE = (anonymous: 'sign-in' | '401'): RoleTable => ({
  anonymous,
  'system-admin':                     '403',
  'information-governance-officer':   '403',
  'business-unit-officer':            '403',
  'mash-manager':                     'allow',
  'mash-practitioner':                'allow',
  'mash-agency-researcher':           '403',
  'social-worker':                    '403',
  'exploitation-lead':                'allow',
  'police-missing-coordinator':       'allow',
  'rhi-worker':                       '403',
  'designated-safeguarding-lead':     '403',
  'health-safeguarding-practitioner': '403',
  analyst:                            '403',
  'panel-chair':                      '403',
})

const newPersonForm = () => ({
  kind: 'child',
  givenName: 'Matrix',
  familyName: 'Created',
  'dateOfBirth-day': '3',
  'dateOfBirth-month': '4',
  'dateOfBirth-year': '2013',
  gender: 'M',
  postcode: 'pe1 2ab',
  // Every role creates the same person: search before create would stop the second one (ADR 0008).
  confirmNotDuplicate: 'yes',
})

const newPersonJson = () => ({ givenName: 'Matrix', familyName: 'Created', dateOfBirth: '2013-04-03', gender: 'M', confirmNotDuplicate: true })

/** The same details as stored: a valid edit that changes nothing, so the fixture stays at version 1. */
const unchangedForm = (p: { givenName: string; familyName: string; dateOfBirth: string; gender: string }) => {
  const [year, month, day] = p.dateOfBirth.split('-') as [string, string, string]
  return { version: '1', kind: 'child', givenName: p.givenName, familyName: p.familyName, 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year, gender: p.gender }
}

const REASON = 'Matrix case: child reported missing tonight, need contacts now'

export const peopleMatrix: MatrixEntry[] = [
  {
    route: 'GET /people',
    actions: ['people.search'],
    kind: 'page',
    expect: SEARCH('sign-in'),
    request: { query: () => ({ familyName: 'Case' }) },
    why: 'CONTRACTS §2 searching roles',
  },
  {
    route: 'GET /api/v1/people/search',
    actions: ['people.search'],
    kind: 'api',
    expect: SEARCH('401'),
    request: { query: () => ({ familyName: 'Case' }) },
    why: 'CONTRACTS §2 searching roles',
  },
  { route: 'GET /people/new', actions: ['people.create'], kind: 'page', expect: CREATE('sign-in'), why: 'CONTRACTS §1 "create people"' },
  { route: 'POST /people', actions: ['people.create'], kind: 'page', expect: CREATE('sign-in'), request: { body: newPersonForm }, why: 'CONTRACTS §1 "create people"' },
  { route: 'POST /api/v1/people', actions: ['people.create'], kind: 'api', expect: CREATE('401'), request: { body: newPersonJson }, why: 'CONTRACTS §1 "create people"' },
  { route: 'GET /people/:id', actions: ['people.view'], kind: 'page', about: 'person', expect: VIEW('sign-in'), why: 'CONTRACTS §2 who sees a record' },
  { route: 'GET /api/v1/people/:id', actions: ['people.view'], kind: 'api', about: 'person', expect: VIEW('401'), why: 'CONTRACTS §2 who sees a record' },
  { route: 'GET /people/:id/edit', actions: ['people.view'], kind: 'page', about: 'person', expect: EDIT('sign-in'), why: 'changing details: see the record and be an editing role' },
  {
    route: 'POST /people/:id/edit',
    actions: ['people.edit'],
    kind: 'page',
    about: 'person',
    expect: EDIT('sign-in'),
    request: { body: (ctx) => unchangedForm(ctx.person) },
    why: 'changing details: see the record and be an editing role',
  },
  {
    route: 'PATCH /api/v1/people/:id',
    actions: ['people.edit'],
    kind: 'api',
    about: 'person',
    expect: EDIT('401'),
    request: { body: (ctx) => ({ givenName: ctx.person.givenName }) },
    why: 'changing details: see the record and be an editing role',
  },
  { route: 'GET /people/:id/break-glass', actions: ['people.break-glass.form'], kind: 'page', about: 'person', expect: BREAK_GLASS_FORM, why: 'CONTRACTS §2 break-glass (form)' },
  {
    route: 'POST /people/:id/break-glass',
    actions: ['people.break-glass'],
    kind: 'page',
    about: 'person',
    expect: BREAK_GLASS('sign-in'),
    freshPerson: true,
    request: {
      body: async (ctx) => ({ reason: REASON, password: 'Lantern-demo-2026!', code: await ctx.totpCode(ctx.user.userId) }),
    },
    why: 'CONTRACTS §2 break-glass: ordinary and restricted, never sealed; step-up on the page',
  },
  {
    route: 'POST /api/v1/people/:id/break-glass',
    actions: ['people.break-glass'],
    kind: 'api',
    about: 'person',
    expect: BREAK_GLASS('401'),
    freshPerson: true,
    request: { body: () => ({ reason: REASON }) },
    why: 'CONTRACTS §2 break-glass: ordinary and restricted, never sealed',
  },
]

/**
 * The authorization matrix (CONTRACTS.md §7, SECURITY.md §4): for every registered route, a hand-written expected
 * outcome per role profile (and per record state for routes about a person). The tables are written from
 * CONTRACTS.md §1–§2 and the module briefs, never derived from the policy code, so that a policy that drifts from
 * the contract fails the run.
 */
import type { Db } from '../../platform/db/client.ts'

/** The 14 role profiles of CONTRACTS.md §1, written out here (the test checks they match the platform's list). */
export const MATRIX_ROLES = [
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
export type MatrixRole = (typeof MATRIX_ROLES)[number]

/** Who asks: a user signed in to one role profile, or nobody. */
export type Subject = MatrixRole | 'anonymous'
export const SUBJECTS: readonly Subject[] = [...MATRIX_ROLES, 'anonymous']

/** One demo account per role profile (CONTRACTS.md §1; `mash.police` stands for the agency researchers). */
export const DEMO_ACCOUNTS: Record<MatrixRole, string> = {
  'system-admin': 'admin',
  'information-governance-officer': 'ig.officer',
  'business-unit-officer': 'business.unit',
  'mash-manager': 'mash.manager',
  'mash-practitioner': 'mash.social.worker',
  'mash-agency-researcher': 'mash.police',
  'social-worker': 'social.worker',
  'exploitation-lead': 'exploitation.lead',
  'police-missing-coordinator': 'police.missing',
  'rhi-worker': 'rhi.worker',
  'designated-safeguarding-lead': 'school.dsl',
  'health-safeguarding-practitioner': 'health.nurse',
  analyst: 'analyst',
  'panel-chair': 'panel.chair',
}
export const DEMO_PASSWORD = 'Lantern-demo-2026!'
export const demoAccountEmail = (account: string) => `${account}@demo.lantern.test`

/**
 * The record states a person route is tried against, for the acting user (CONTRACTS.md §2):
 * - `relationship`: the actor's own user-level legitimate relationship, ordinary record;
 * - `team-relationship`: the actor's team holds the relationship, ordinary record;
 * - `no-relationship`: ordinary record, nobody of the actor's holds a relationship;
 * - `break-glass`: an active break-glass grant for the actor, no relationship, ordinary record;
 * - `restricted-relationship` / `restricted-no-relationship`: a restricted record with / without a relationship;
 * - `sealed-named`: a sealed record that names the actor in sealed_record_access (no relationship);
 * - `sealed-unnamed`: a sealed record the actor has a user-level relationship to but is not named on;
 * - `nonexistent`: a random UUID.
 */
export const PERSON_STATES = [
  'relationship',
  'team-relationship',
  'no-relationship',
  'break-glass',
  'restricted-relationship',
  'restricted-no-relationship',
  'sealed-named',
  'sealed-unnamed',
  'nonexistent',
] as const
export type PersonState = (typeof PERSON_STATES)[number]

/**
 * What a request comes to:
 * - `allow`: any 2xx or 3xx that is not a redirect to `/sign-in`;
 * - `403`, `404`: denied as a function the role never has / as if the record did not exist;
 * - `401`: API call without a (valid) token;
 * - `sign-in`: a page redirected to exactly `/sign-in` (not signed in).
 */
export const OUTCOMES = ['allow', '403', '404', '401', 'sign-in'] as const
export type Outcome = (typeof OUTCOMES)[number]

/** One row of a person table: the outcome in each record state, in the order of PERSON_STATES. */
export type PersonRow = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]

/** A person route's expectations: a row per role profile; anonymous callers get one outcome whatever the record. */
export type PersonTable = { readonly anonymous: Outcome } & { readonly [R in MatrixRole]: PersonRow }

/** A route that is not about one person: one outcome per subject. */
export type RoleTable = { readonly [S in Subject]: Outcome }

/** `METHOD /path/:param`, exactly as Fastify registered it. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`

/** The acting user of a case (absent for anonymous cases). */
export type MatrixUser = {
  role: MatrixRole
  email: string
  userId: string
  userRoleProfileId: string
  teamId: string
}

/** A person fixture (for `nonexistent`, an id no row has and made-up details). */
export type PersonFixture = {
  id: string
  givenName: string
  familyName: string
  dateOfBirth: string
  gender: 'F' | 'M' | 'U'
}

/** What a request builder may use to make a valid request for one case. */
export type CaseContext = {
  subject: Subject
  /** The acting user; for anonymous cases, a demo user the request may name (e.g. the email to sign in with). */
  user: MatrixUser
  anonymous: boolean
  /** Another demo user (the MASH manager) whose actions the subject may act on, e.g. a break-glass use to review. */
  reviewee: MatrixUser
  /** Set for person routes. */
  state: PersonState | null
  person: PersonFixture
  db: Db
  now(): Date
  /** A fresh, unused TOTP code for the user (the replay guard is reset first). */
  totpCode(userId: string): Promise<string>
  /** The user's current TOTP secret. */
  totpSecret(userId: string): Promise<string>
  /** A new API token of the user's, for routes that act on a token (its id). */
  throwawayTokenId(user: MatrixUser): Promise<string>
  /** Memoise a fixture another module's route needs (an agency id, a grant to review…) for the whole run. */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>
}

/**
 * How the request is made:
 * - `default`: pages with the subject's browser session (CSRF token added to form posts), API with its bearer
 *   token, anonymous with an anonymous browser session (as a browser that has visited /sign-in) or no token;
 * - `fresh`: a new browser session for this case only (the route ends or replaces it);
 * - `mfa` / `mfa-enrol` / `new-password` / `choose-role`: a new session part-way through sign-in for the subject's user.
 */
export type SessionKind = 'default' | 'fresh' | 'mfa' | 'mfa-enrol' | 'new-password' | 'choose-role'

export type RequestSpec = {
  /** Path parameters other than a person route's `:id` (which is the fixture's id). */
  params?: (ctx: CaseContext) => Promise<Record<string, string>> | Record<string, string>
  query?: (ctx: CaseContext) => Record<string, string>
  /** A valid form body (pages; `_csrf` is added) or JSON body (API). */
  body?: (ctx: CaseContext) => Promise<Record<string, unknown>> | Record<string, unknown>
  /** A page form posted as multipart/form-data with this file (field `file`) beside the `body` fields. */
  file?: (ctx: CaseContext) => { name: string; content: string }
  /** Put back what the request changed that later cases rely on (e.g. the demo password), whatever the outcome. */
  after?: (ctx: CaseContext) => Promise<void>
}

type EntryBase = {
  route: RouteKey
  kind: 'page' | 'api'
  request?: RequestSpec
  session?: SessionKind
  /** The route changes state that later cases rely on: use a fresh person fixture for every case. */
  freshPerson?: boolean
  /** The route ends every session of the user: the runner signs the subject in again afterwards. */
  endsUserSessions?: boolean
  /** Why the expectations are what they are (CONTRACTS reference), shown in failure messages. */
  why: string
  /**
   * A 404 on this route for a role that may use the function means "no such thing", not a refusal, so it leaves
   * no `denied` audit row (every 403, and every other 404 to a signed-in user, must leave one: ASVS 16.3.2).
   */
  unauditedNotFound?: boolean
  /**
   * Why this person route may answer 403 in one record state and 404 in another for the same role (normally a
   * leak of which records exist). Only where the caller cannot name a record it was not already shown.
   */
  mixedDenials?: string
  /** The policy actions (`authorize(ctx, action, …)`) the route decides with; every registered action needs a row. */
  actions?: readonly string[]
}

export type PersonEntry = EntryBase & { about: 'person'; expect: PersonTable }
export type RoleEntry = EntryBase & { about?: 'function'; expect: RoleTable }
export type MatrixEntry = PersonEntry | RoleEntry

export function isPersonEntry(entry: MatrixEntry): entry is PersonEntry {
  return entry.about === 'person'
}

/** Same outcome for every subject (public routes). */
export function everyone(outcome: Outcome): RoleTable {
  return Object.fromEntries(SUBJECTS.map((s) => [s, outcome])) as unknown as RoleTable
}

/**
 * The people policies as pure decisions (no database, no HTTP). The authorization matrix checks the same rules
 * end to end against a hand-written table; these pin the reasons and purposes the audit log records.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { UserActor } from '../../platform/access/actor.ts'
import { decide } from '../../platform/access/engine.ts'
import type { PersonAccess } from '../../platform/access/person-access.ts'
import { ROLE_PROFILES, type RoleProfile } from '../../platform/access/roles.ts'
import { PERSON_INDEX, registerPeoplePolicies, viewPerson } from './policy.ts'

beforeAll(() => registerPeoplePolicies())

function actor(roleProfile: RoleProfile): UserActor {
  return {
    kind: 'user',
    userId: '11111111-1111-4111-8111-111111111111',
    email: 'someone@demo.lantern.test',
    displayName: 'Someone',
    userRoleProfileId: '22222222-2222-4222-8222-222222222222',
    roleProfile,
    teamId: '33333333-3333-4333-8333-333333333333',
    teamName: 'A team',
    agencyId: '44444444-4444-4444-8444-444444444444',
    agencyName: 'An agency (demo)',
    agencyType: 'childrens-social-care',
    via: 'session',
  }
}

const PERSON_ID = '55555555-5555-4555-8555-555555555555'
function person(overrides: Partial<PersonAccess> = {}): PersonAccess {
  const relationshipSources = overrides.relationship ? [overrides.relationship.source] : []
  return { resourceType: 'person', resourceId: PERSON_ID, personId: PERSON_ID, exists: true, state: 'ordinary', relationship: null, relationshipSources, breakGlass: null, namedSealedUser: false, ...overrides }
}
const relationship = { id: '66666666-6666-4666-8666-666666666666', source: 'allocation' as const }
const breakGlass = { id: '77777777-7777-4777-8777-777777777777', reason: 'Missing tonight, police ref 123', expiresAt: new Date('2026-11-28T13:00:00Z') }

// CONTRACTS.md §1–§2, written out here rather than imported from roles.ts.
const SEARCHING: RoleProfile[] = ['mash-manager', 'mash-practitioner', 'mash-agency-researcher', 'exploitation-lead', 'police-missing-coordinator', 'health-safeguarding-practitioner']
const CREATING: RoleProfile[] = ['mash-manager', 'mash-practitioner', 'exploitation-lead', 'police-missing-coordinator']
const NEVER_THROUGH_RELATIONSHIP: RoleProfile[] = ['system-admin', 'information-governance-officer', 'business-unit-officer', 'designated-safeguarding-lead', 'analyst']
const NEVER_BREAK_GLASS: RoleProfile[] = ['system-admin', 'business-unit-officer', 'designated-safeguarding-lead', 'analyst']

describe('people.view on a restricted record', () => {
  it('opens only through an IG-granted or allocation relationship, never one a workflow made automatically', () => {
    const worker = actor('social-worker')
    const restricted = (source: 'ig-grant' | 'allocation' | 'creator' | 'mash-contact') => person({ state: 'restricted', relationship: { id: relationship.id, source } })
    expect(viewPerson(worker, restricted('ig-grant')).allowed).toBe(true)
    expect(viewPerson(worker, restricted('allocation')).allowed).toBe(true)
    expect(viewPerson(worker, restricted('creator'))).toMatchObject({ allowed: false, as: 404 })
    expect(viewPerson(worker, restricted('mash-contact'))).toMatchObject({ allowed: false, as: 404 })
  })
})

describe('people.view', () => {
  it('hides a person who does not exist', () => {
    expect(viewPerson(actor('mash-manager'), person({ exists: false }))).toEqual({ allowed: false, as: 404, reason: 'no such person' })
  })

  it('opens a record through a relationship for casework roles, naming the relationship as the purpose', () => {
    for (const role of ROLE_PROFILES.filter((r) => !NEVER_THROUGH_RELATIONSHIP.includes(r))) {
      expect(viewPerson(actor(role), person({ relationship })), role).toEqual({ allowed: true, purpose: 'relationship: allocation' })
      expect(viewPerson(actor(role), person({ relationship, state: 'restricted' })).allowed, role).toBe(true)
    }
  })

  it('never opens a record through a relationship for admin, IG, business unit, DSL and analyst', () => {
    for (const role of NEVER_THROUGH_RELATIONSHIP) {
      expect(viewPerson(actor(role), person({ relationship })), role).toMatchObject({ allowed: false, as: 404 })
    }
  })

  it('hides an ordinary or restricted record without a relationship (404, never 403)', () => {
    for (const role of ROLE_PROFILES) {
      expect(viewPerson(actor(role), person()), role).toMatchObject({ allowed: false, as: 404 })
      expect(viewPerson(actor(role), person({ state: 'restricted' })), role).toMatchObject({ allowed: false, as: 404 })
    }
  })

  it('opens a record under an active break-glass grant for any role, with the reason as the purpose', () => {
    for (const role of ROLE_PROFILES) {
      expect(viewPerson(actor(role), person({ breakGlass })), role).toEqual({ allowed: true, purpose: `break-glass: ${breakGlass.reason}` })
    }
  })

  it('opens a sealed record only for its named users, whatever else they hold', () => {
    expect(viewPerson(actor('social-worker'), person({ state: 'sealed', namedSealedUser: true }))).toEqual({ allowed: true, purpose: 'named user of a sealed record' })
    expect(viewPerson(actor('social-worker'), person({ state: 'sealed', relationship }))).toMatchObject({ allowed: false, as: 404 })
    expect(viewPerson(actor('social-worker'), person({ state: 'sealed', breakGlass }))).toMatchObject({ allowed: false, as: 404 })
    expect(viewPerson(actor('information-governance-officer'), person({ state: 'sealed' }))).toMatchObject({ allowed: false, as: 404 })
  })
})

describe('people.search and people.create (functions, not records)', () => {
  it('lets the searching roles search and refuses the others with 403', () => {
    for (const role of ROLE_PROFILES) {
      const decision = decide(actor(role), 'people.search', PERSON_INDEX)
      expect(decision, role).toMatchObject(SEARCHING.includes(role) ? { allowed: true } : { allowed: false, as: 403 })
    }
  })

  it('lets the creating roles create and refuses the others with 403', () => {
    for (const role of ROLE_PROFILES) {
      const decision = decide(actor(role), 'people.create', PERSON_INDEX)
      expect(decision, role).toMatchObject(CREATING.includes(role) ? { allowed: true } : { allowed: false, as: 403 })
    }
  })

  it('never decides for a system actor', () => {
    expect(decide({ kind: 'system', label: 'cli' }, 'people.search', PERSON_INDEX)).toMatchObject({ allowed: false, as: 403 })
  })
})

describe('people.edit', () => {
  it('needs both sight of the record and an editing role', () => {
    expect(decide(actor('social-worker'), 'people.edit', person({ relationship }))).toEqual({ allowed: true, purpose: 'relationship: allocation' })
    expect(decide(actor('social-worker'), 'people.edit', person())).toMatchObject({ allowed: false, as: 404 })
    expect(decide(actor('rhi-worker'), 'people.edit', person({ relationship }))).toMatchObject({ allowed: false, as: 404 })
    expect(decide(actor('mash-agency-researcher'), 'people.edit', person({ relationship }))).toMatchObject({ allowed: false, as: 404 })
  })

  it('never lets a sealed record be changed by someone not named on it', () => {
    expect(decide(actor('mash-manager'), 'people.edit', person({ state: 'sealed', relationship }))).toMatchObject({ allowed: false, as: 404 })
    expect(decide(actor('mash-manager'), 'people.edit', person({ state: 'sealed', namedSealedUser: true })).allowed).toBe(true)
  })
})

describe('people.break-glass', () => {
  it('is open to casework roles and IG on ordinary and restricted records', () => {
    for (const role of ROLE_PROFILES.filter((r) => !NEVER_BREAK_GLASS.includes(r))) {
      expect(decide(actor(role), 'people.break-glass', person()).allowed, role).toBe(true)
      expect(decide(actor(role), 'people.break-glass', person({ state: 'restricted' })).allowed, role).toBe(true)
    }
  })

  it('is never open to admin, business unit, DSL and analyst (404)', () => {
    for (const role of NEVER_BREAK_GLASS) {
      expect(decide(actor(role), 'people.break-glass', person()), role).toMatchObject({ allowed: false, as: 404 })
    }
  })

  it('is never possible on a sealed record, even for a named user or IG, and looks like a missing record', () => {
    const sealed = decide(actor('information-governance-officer'), 'people.break-glass', person({ state: 'sealed' }))
    const named = decide(actor('mash-manager'), 'people.break-glass', person({ state: 'sealed', namedSealedUser: true }))
    const missing = decide(actor('mash-manager'), 'people.break-glass', person({ exists: false }))
    expect(sealed).toMatchObject({ allowed: false, as: 404 })
    expect(named).toMatchObject({ allowed: false, as: 404 })
    expect(missing).toEqual(sealed)
  })
})

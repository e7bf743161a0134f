import { describe, expect, it } from 'vitest'
import type { Ctx } from '../context/index.ts'
import { ForbiddenError, NotFoundError } from '../errors.ts'
import { systemActor, type UserActor } from './actor.ts'
import { abilities, allow, authorize, decide, hide, registerPolicies, registeredActions, type Action } from './engine.ts'

// Test-only action names, outside the typed set on purpose (they must not leak into PolicyResources).
const act = (name: string) => name as Action
const res = { resourceType: 'test-thing', resourceId: 'r1', personId: 'p1' } as never

const user: UserActor = {
  kind: 'user',
  userId: 'u1',
  email: 'mash.manager@demo.lantern.test',
  displayName: 'Test',
  userRoleProfileId: 'urp1',
  roleProfile: 'mash-manager',
  teamId: 't1',
  teamName: 'MASH',
  agencyId: 'a1',
  agencyName: 'Agency',
  agencyType: 'childrens-social-care',
  via: 'session',
}

function ctxFor(actor: Ctx['actor']) {
  const events: unknown[] = []
  const ctx = { actor, audit: { record: (e: unknown) => void events.push(e) } } as unknown as Ctx
  return { ctx, events }
}

registerPolicies({
  [act('zz-test.allowed')]: () => allow('test purpose'),
  [act('zz-test.hidden')]: () => hide('test hidden'),
} as never)

describe('access engine', () => {
  it('denies an action with no policy, by default, as 403', () => {
    const decision = decide(user, act('zz-test.unknown'), res)
    expect(decision).toEqual({ allowed: false, reason: 'no policy for zz-test.unknown', as: 403 })
  })

  it('denies every action to a system actor, even one with an allowing policy', () => {
    expect(decide(user, act('zz-test.allowed'), res).allowed).toBe(true)
    const asSystem = decide(systemActor('cli'), act('zz-test.allowed'), res)
    expect(asSystem.allowed).toBe(false)
    const withUserId = decide({ kind: 'system', label: 'sign-in', userId: 'u1' }, act('zz-test.allowed'), res)
    expect(withUserId.allowed).toBe(false)
  })

  it('refuses to register a policy twice, and keeps the first', () => {
    expect(() => registerPolicies({ [act('zz-test.allowed')]: () => hide('replacement') } as never)).toThrow(/registered twice/)
    expect(decide(user, act('zz-test.allowed'), res).allowed).toBe(true)
    expect(registeredActions()).toContain('zz-test.allowed')
  })

  it('a duplicate in a batch refuses the batch’s duplicate even if others were new', () => {
    expect(() => registerPolicies({ [act('zz-test.new-one')]: () => allow('x'), [act('zz-test.hidden')]: () => allow('x') } as never)).toThrow(/zz-test.hidden/)
    expect(decide(user, act('zz-test.hidden'), res).allowed).toBe(false)
  })

  it('authorize returns the purpose when allowed and audits nothing itself', () => {
    const { ctx, events } = ctxFor(user)
    expect(authorize(ctx, act('zz-test.allowed'), res)).toBe('test purpose')
    expect(events).toEqual([])
  })

  it('authorize records a denial with the resource and throws NotFound (hidden) or Forbidden (no policy)', () => {
    const hidden = ctxFor(user)
    expect(() => authorize(hidden.ctx, act('zz-test.hidden'), res)).toThrow(NotFoundError)
    expect(hidden.events).toEqual([
      { action: 'zz-test.hidden', outcome: 'denied', resourceType: 'test-thing', resourceId: 'r1', personId: 'p1', details: { reason: 'test hidden' } },
    ])
    const unknown = ctxFor(user)
    expect(() => authorize(unknown.ctx, act('zz-test.unknown'), res)).toThrow(ForbiddenError)
    expect(unknown.events).toHaveLength(1)
    const system = ctxFor(systemActor('cli'))
    expect(() => authorize(system.ctx, act('zz-test.allowed'), res)).toThrow(ForbiddenError)
    expect(system.events).toMatchObject([{ action: 'zz-test.allowed', outcome: 'denied' }])
  })

  it('abilities reports decisions without auditing or throwing', () => {
    expect(abilities(user, [act('zz-test.allowed'), act('zz-test.hidden'), act('zz-test.unknown')], res)).toEqual({
      'zz-test.allowed': true,
      'zz-test.hidden': false,
      'zz-test.unknown': false,
    })
    expect(abilities(systemActor('x'), [act('zz-test.allowed')], res)).toEqual({ 'zz-test.allowed': false })
  })
})

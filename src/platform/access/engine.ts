import { ForbiddenError, NotFoundError } from '../errors.ts'
import type { Ctx } from '../context/index.ts'
import type { UserActor } from './actor.ts'

/** Every resource a policy decides on names itself for the audit row. */
export type Resource = { resourceType: string; resourceId?: string; personId?: string }

/**
 * The typed action names. Each module adds its own through declaration merging in its `policy.ts`:
 *
 *     declare module '../../platform/access/engine.ts' { interface PolicyResources { 'people.view': PersonAccess } }
 *
 * so `authorize(ctx, 'people.veiw', …)` is a compile error, and the resource type follows the action.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PolicyResources {}
export type Action = keyof PolicyResources & string

/**
 * A decision. `purpose` says why access is legitimate (recorded in the audit row); a denial says whether it must
 * look like the record does not exist (404, the default for anything about a person) or is a function the role
 * never has (403).
 */
export type Decision = { allowed: true; purpose: string } | { allowed: false; reason: string; as: 404 | 403 }

export type Rule<R> = (actor: UserActor, resource: R) => Decision

export const allow = (purpose: string): Decision => ({ allowed: true, purpose })
export const hide = (reason: string): Decision => ({ allowed: false, reason, as: 404 })
export const forbid = (reason: string): Decision => ({ allowed: false, reason, as: 403 })

type PolicyTable = { [A in Action]?: Rule<PolicyResources[A]> }
const rules = new Map<string, Rule<never>>()

/** Modules register their policy tables once, through the registry (src/modules/index.ts). */
export function registerPolicies(table: PolicyTable): void {
  for (const [action, rule] of Object.entries(table)) {
    if (rules.has(action)) throw new Error(`Policy for ${action} registered twice`)
    rules.set(action, rule as Rule<never>)
  }
}

/** The pure decision: deny by default, including for unknown actions and for anyone who is not a signed-in user. */
export function decide<A extends Action>(actor: Ctx['actor'], action: A, resource: PolicyResources[A]): Decision {
  if (actor.kind !== 'user') return forbid('system actors act through explicit service calls, not policies')
  const rule = rules.get(action) as Rule<PolicyResources[A]> | undefined
  if (!rule) return forbid(`no policy for ${action}`)
  return rule(actor, resource)
}

/**
 * The one decision point for services: decide, record a denial in the audit log (denials survive the rollback,
 * see runWork), and throw NotFoundError or ForbiddenError. Returns the purpose for the caller's own audit row.
 */
export function authorize<A extends Action>(ctx: Ctx, action: A, resource: PolicyResources[A] & Resource): string {
  const decision = decide(ctx.actor, action, resource)
  if (decision.allowed) return decision.purpose
  const named: Resource = resource
  ctx.audit.record({
    action,
    outcome: 'denied',
    resourceType: named.resourceType,
    ...(named.resourceId ? { resourceId: named.resourceId } : {}),
    ...(named.personId ? { personId: named.personId } : {}),
    details: { reason: decision.reason },
  })
  throw decision.as === 404 ? new NotFoundError() : new ForbiddenError()
}

/** For presenters: which of these actions may the actor take (no audit, no throw). */
export function abilities<A extends Action>(actor: Ctx['actor'], actions: readonly A[], resource: PolicyResources[A]): Record<A, boolean> {
  return Object.fromEntries(actions.map((a) => [a, decide(actor, a, resource).allowed])) as Record<A, boolean>
}

/** Test support: the registered action names (the authorization matrix checks each has a row). */
export function registeredActions(): string[] {
  return [...rules.keys()].sort()
}

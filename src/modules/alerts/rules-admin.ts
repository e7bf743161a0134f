import { randomUUID } from 'node:crypto'
import { authorize } from '../../platform/access/engine.ts'
import { CASEWORK_ROLES } from '../../platform/access/roles.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { NotFoundError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { ALERT_RULES } from './policy.ts'
import { DEFAULT_ALERT_RULES, type AlertRule } from './rules.ts'
import { ALERT_POPULATIONS, alertRules, type AlertPopulation } from './schema.ts'

/**
 * Editing the trigger rules (issue 5 point 3, ADR 0012): configuration, never case data, so the system
 * administrator's (CONTRACTS.md §1). A rule is (window, minimum episodes, population, action, owner) for a count
 * rule; grade and duration rules keep their trigger and change their grades or hours. Saving a code default writes
 * a row with its key (the row then replaces the default); new rules are count rules. Every change is audited with
 * the old and the new values (rules hold no personal data).
 */

/** The police risk grades a grade rule may name (CONTRACTS.md §6 `riskGrade`): alerts knows no episodes, only codes. */
export const RULE_GRADES = ['very-low', 'low', 'medium', 'high'] as const
/** Owners are roles with an alert queue (alerts/policy.ts): an alert owned by any other role would never be seen. */
export const RULE_OWNER_ROLES = CASEWORK_ROLES
export const RULE_KEY = /^[a-z0-9-]{1,64}$/

export type RuleInput = {
  windowDays: number | null
  minEpisodes: number | null
  minHours: number | null
  grades: string[] | null
  population: AlertPopulation
  action: string
  ownerRole: string
  active: boolean
}

/** Every rule, defaults included and switched-off ones too, for the list page. */
export function allRules(rows: readonly AlertRule[]): AlertRule[] {
  const byKey = new Map<string, AlertRule>(DEFAULT_ALERT_RULES.map((r) => [r.key, r]))
  for (const row of rows) byKey.set(row.key, row)
  return [...byKey.values()]
}

const wholeNumber = (raw: unknown): number | null => {
  const s = typeof raw === 'string' ? raw.trim() : ''
  return /^\d{1,6}$/.test(s) ? Number(s) : null
}

/** A posted form → a rule of the given trigger, or GOV.UK field errors in form order. */
export function parseRuleForm(trigger: AlertRule['trigger'], body: unknown): { input?: RuleInput; errors: FieldError[] } {
  const raw = (body ?? {}) as Record<string, unknown>
  const errors: FieldError[] = []
  let windowDays: number | null = null
  let minEpisodes: number | null = null
  let minHours: number | null = null
  let grades: string[] | null = null
  if (trigger === 'episode-count') {
    windowDays = wholeNumber(raw.windowDays)
    if (windowDays === null || windowDays < 1 || windowDays > 365) errors.push({ field: 'windowDays', message: 'Enter the window as a whole number of days from 1 to 365' })
    minEpisodes = wholeNumber(raw.minEpisodes)
    if (minEpisodes === null || minEpisodes < 2 || minEpisodes > 100) errors.push({ field: 'minEpisodes', message: 'Enter the minimum number of episodes as a whole number from 2 to 100' })
  } else if (trigger === 'risk-grade') {
    const picked = (Array.isArray(raw.grades) ? raw.grades : [raw.grades]).filter((g): g is string => typeof g === 'string' && g !== '')
    if (picked.length === 0 || picked.some((g) => !(RULE_GRADES as readonly string[]).includes(g))) errors.push({ field: 'grades', message: 'Select the risk grades that raise this alert' })
    else grades = RULE_GRADES.filter((g) => picked.includes(g))
  } else {
    minHours = wholeNumber(raw.minHours)
    if (minHours === null || minHours < 1 || minHours > 720) errors.push({ field: 'minHours', message: 'Enter the number of hours as a whole number from 1 to 720' })
  }
  const population = raw.population
  if (typeof population !== 'string' || !(ALERT_POPULATIONS as readonly string[]).includes(population)) errors.push({ field: 'population', message: 'Select which children the rule applies to' })
  const action = typeof raw.action === 'string' ? raw.action.trim() : ''
  if (action === '') errors.push({ field: 'action', message: 'Enter what the owner should do' })
  else if (action.length > 200) errors.push({ field: 'action', message: 'What the owner should do must be 200 characters or fewer' })
  const ownerRole = raw.ownerRole
  if (typeof ownerRole !== 'string' || !(RULE_OWNER_ROLES as readonly string[]).includes(ownerRole)) errors.push({ field: 'ownerRole', message: 'Select the role that owns the alert' })
  if (raw.active !== 'yes' && raw.active !== 'no') errors.push({ field: 'active', message: 'Select whether the rule is on or off' })
  if (errors.length > 0) return { errors }
  return { input: { windowDays, minEpisodes, minHours, grades, population: population as AlertPopulation, action, ownerRole: ownerRole as string, active: raw.active === 'yes' }, errors }
}

const auditValues = (r: AlertRule) => ({
  trigger: r.trigger,
  windowDays: r.windowDays,
  minEpisodes: r.minEpisodes,
  minHours: r.minHours,
  grades: r.grades,
  population: r.population,
  action: r.action,
  ownerRole: r.ownerRole,
  active: r.active,
})

export async function listRules(ctx: Ctx): Promise<AlertRule[]> {
  authorize(ctx, 'alerts.rules.manage', ALERT_RULES)
  return allRules(await ctx.tx.select().from(alertRules))
}

export async function findRule(ctx: Ctx, key: string): Promise<AlertRule> {
  const rule = RULE_KEY.test(key) ? (await listRules(ctx)).find((r) => r.key === key) : (authorize(ctx, 'alerts.rules.manage', ALERT_RULES), undefined)
  if (!rule) throw new NotFoundError()
  return rule
}

/** Change a rule (a code default becomes a row with its key); audited with old and new values. */
export async function updateRule(ctx: Ctx, key: string, input: RuleInput): Promise<AlertRule> {
  const current = await findRule(ctx, key)
  const next: AlertRule = { ...current, ...input }
  const before = auditValues(current)
  const after = auditValues(next)
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
  if (changed.length === 0) return current
  const values = { ...next, updatedAt: ctx.now, updatedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null }
  await ctx.tx.insert(alertRules).values(values).onConflictDoUpdate({ target: alertRules.key, set: { ...input, updatedAt: values.updatedAt, updatedBy: values.updatedBy } })
  const pick = (o: typeof before) => Object.fromEntries(changed.map((k) => [k, o[k]]))
  ctx.audit.record({ action: 'alerts.rule.updated', outcome: 'succeeded', resourceType: 'alert-rule', details: { key, fields: changed, before: pick(before), after: pick(after) } })
  return next
}

/** A further count rule ("5 episodes in 90 days → the panel chair"): type repeat-missing, a generated key. */
export async function createRule(ctx: Ctx, input: RuleInput): Promise<AlertRule> {
  authorize(ctx, 'alerts.rules.manage', ALERT_RULES)
  if (input.windowDays === null || input.minEpisodes === null) throw new ValidationError([{ field: 'windowDays', message: 'Enter the window as a whole number of days from 1 to 365' }])
  const rule: AlertRule = { ...input, key: `rule-${randomUUID().slice(0, 8)}`, alertType: 'repeat-missing', trigger: 'episode-count', minHours: null, grades: null }
  await ctx.tx.insert(alertRules).values({ ...rule, updatedAt: ctx.now, updatedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null })
  ctx.audit.record({ action: 'alerts.rule.created', outcome: 'succeeded', resourceType: 'alert-rule', details: { key: rule.key, before: null, after: auditValues(rule) } })
  return rule
}

import type { FastifyInstance, FastifyRequest } from 'fastify'
import { authorize } from '../../platform/access/engine.ts'
import { ROLE_PROFILE_LABELS, type RoleProfile } from '../../platform/access/roles.ts'
import { requireUser } from '../../platform/auth/guards.ts'
import { formErrors } from '../../platform/http/forms.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { ALERT_RULES } from './policy.ts'
import { createRule, findRule, listRules, parseRuleForm, RULE_GRADES, RULE_OWNER_ROLES, updateRule } from './rules-admin.ts'
import { ALERT_TYPE_LABELS, type AlertRule } from './rules.ts'

type Params = { key: string }
type Values = Record<string, unknown>

const GRADE_LABELS: Record<string, string> = { 'very-low': 'Very low', low: 'Low', medium: 'Medium', high: 'High' }
const POPULATION_LABELS: Record<string, string> = { all: 'All children', 'looked-after': 'Looked-after children (missing from care, or M/A)' }
const roleLabel = (role: string) => ROLE_PROFILE_LABELS[role as RoleProfile] ?? role

/** "3 or more episodes in 30 days", "graded high", "missing over 24 hours": the rule in words. */
export function describeRule(r: AlertRule): string {
  if (r.trigger === 'episode-count') return `${r.minEpisodes ?? 3} or more episodes in ${r.windowDays ?? 30} days`
  if (r.trigger === 'risk-grade') return `An episode graded ${(r.grades ?? ['high']).map((g) => (GRADE_LABELS[g] ?? g).toLowerCase()).join(' or ')} risk`
  return `Missing for more than ${r.minHours ?? 24} hours`
}

const ruleValues = (r: AlertRule): Values => ({
  windowDays: r.windowDays === null ? '' : String(r.windowDays),
  minEpisodes: r.minEpisodes === null ? '' : String(r.minEpisodes),
  minHours: r.minHours === null ? '' : String(r.minHours),
  grades: r.grades ?? [],
  population: r.population,
  action: r.action,
  ownerRole: r.ownerRole,
  active: r.active ? 'yes' : 'no',
})

/** What the form re-fills with after a refusal: only the fields it knows, as posted. */
function postedValues(body: unknown): Values {
  const raw = (body ?? {}) as Record<string, unknown>
  const text = (k: string) => (typeof raw[k] === 'string' ? String(raw[k]).slice(0, 1000) : '')
  const grades = (Array.isArray(raw.grades) ? raw.grades : [raw.grades]).filter((g) => typeof g === 'string')
  return { windowDays: text('windowDays'), minEpisodes: text('minEpisodes'), minHours: text('minHours'), grades, population: text('population'), action: text('action'), ownerRole: text('ownerRole'), active: text('active') }
}

function formLocals(trigger: AlertRule['trigger'], values: Values, errors: readonly FieldError[]) {
  const { summary, fields } = formErrors(errors)
  const checked = (name: string, value: string) => values[name] === value
  return {
    trigger,
    values,
    errors: summary,
    fieldErrors: fields,
    gradeItems: RULE_GRADES.map((g) => ({ value: g, text: GRADE_LABELS[g], checked: (values.grades as string[] | undefined)?.includes(g) ?? false })),
    populationItems: Object.entries(POPULATION_LABELS).map(([value, text]) => ({ value, text, checked: checked('population', value) })),
    ownerItems: [{ value: '', text: 'Select a role' }, ...RULE_OWNER_ROLES.map((role) => ({ value: role, text: roleLabel(role), selected: checked('ownerRole', role) }))],
    activeItems: [
      { value: 'yes', text: 'On: the rule raises alerts', checked: checked('active', 'yes') },
      { value: 'no', text: 'Off: the rule raises nothing', checked: checked('active', 'no') },
    ],
  }
}

/** The trigger rule pages (system administrator): list, add a count rule, change or switch off any rule. */
export async function registerAlertRulePages(app: FastifyInstance): Promise<void> {
  // The function is checked before any form or rule is read, so every other role gets the same audited 403.
  const pre = {
    preHandler: [
      requireUser,
      async (request: FastifyRequest) => {
        if (!request.user) return
        await app.work(request, async (ctx) => void authorize(ctx, 'alerts.rules.manage', ALERT_RULES))
      },
    ],
  }

  app.get('/admin/alert-rules', pre, async (request, reply) => {
    const rules = await app.work(request, (ctx) => listRules(ctx))
    const done = (request.query as Record<string, unknown> | undefined)?.done
    return reply.view('alerts/views/rules.njk', {
      pageTitle: 'Alert trigger rules',
      done: done === 'saved' ? 'Rule saved. It applies to episodes recorded from now on.' : undefined,
      rules: rules.map((r) => ({
        key: r.key,
        type: ALERT_TYPE_LABELS[r.alertType],
        rule: describeRule(r),
        population: POPULATION_LABELS[r.population] ?? r.population,
        action: r.action,
        owner: roleLabel(r.ownerRole),
        active: r.active,
      })),
    })
  })

  app.get('/admin/alert-rules/new', pre, async (_request, reply) =>
    reply.view('alerts/views/rule-form.njk', { pageTitle: 'Add a repeat-missing rule', mode: 'new', action: '/admin/alert-rules', ...formLocals('episode-count', { population: 'all', ownerRole: 'exploitation-lead', active: 'yes' }, []) }),
  )

  app.post('/admin/alert-rules', pre, async (request, reply) => {
    const { input, errors } = parseRuleForm('episode-count', request.body)
    if (!input) return reply.code(400).view('alerts/views/rule-form.njk', { pageTitle: 'Add a repeat-missing rule', mode: 'new', action: '/admin/alert-rules', ...formLocals('episode-count', postedValues(request.body), errors) })
    await app.work(request, (ctx) => createRule(ctx, input))
    return reply.redirect('/admin/alert-rules?done=saved', 303)
  })

  app.get<{ Params: Params }>('/admin/alert-rules/:key', pre, async (request, reply) => {
    const rule = await app.work(request, (ctx) => findRule(ctx, request.params.key))
    return reply.view('alerts/views/rule-form.njk', { pageTitle: 'Change a trigger rule', mode: 'edit', action: `/admin/alert-rules/${rule.key}`, type: ALERT_TYPE_LABELS[rule.alertType], ...formLocals(rule.trigger, ruleValues(rule), []) })
  })

  app.post<{ Params: Params }>('/admin/alert-rules/:key', pre, async (request, reply) => {
    const rule = await app.work(request, (ctx) => findRule(ctx, request.params.key))
    const { input, errors } = parseRuleForm(rule.trigger, request.body)
    const refuse = (e: readonly FieldError[]) =>
      reply.code(400).view('alerts/views/rule-form.njk', { pageTitle: 'Change a trigger rule', mode: 'edit', action: `/admin/alert-rules/${rule.key}`, type: ALERT_TYPE_LABELS[rule.alertType], ...formLocals(rule.trigger, postedValues(request.body), e) })
    if (!input) return refuse(errors)
    try {
      await app.work(request, (ctx) => updateRule(ctx, rule.key, input))
    } catch (error) {
      if (error instanceof ValidationError) return refuse(error.errors)
      throw error
    }
    return reply.redirect('/admin/alert-rules?done=saved', 303)
  })
}

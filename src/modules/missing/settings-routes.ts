import type { FastifyInstance, FastifyRequest } from 'fastify'
import { authorize } from '../../platform/access/engine.ts'
import { requireUser } from '../../platform/auth/guards.ts'
import { formErrors } from '../../platform/http/forms.ts'
import type { FieldError } from '../../platform/errors.ts'
import { MISSING_SETTINGS } from './policy.ts'
import { RISK_GRADE_LABELS } from './rules.ts'
import { parseSettingsForm, saveMissingSettings, viewMissingSettings } from './settings-admin.ts'
import type { MissingSettings } from './settings.ts'

type Values = { minimumChildRiskGrade: string; pushFactors: string; pullFactors: string }

const valuesOf = (s: MissingSettings): Values => ({
  minimumChildRiskGrade: s.minimumChildRiskGrade ?? 'off',
  pushFactors: s.pushFactors.map((f) => f.label).join('\n'),
  pullFactors: s.pullFactors.map((f) => f.label).join('\n'),
})

function locals(values: Values, errors: readonly FieldError[], done?: string) {
  const { summary, fields } = formErrors(errors)
  const options: Array<[string, string]> = [['off', 'No minimum: any grade'], ...(['low', 'medium', 'high'] as const).map((g): [string, string] => [g, `No child below ${RISK_GRADE_LABELS[g].toLowerCase()}`])]
  return {
    pageTitle: 'Missing children settings',
    values,
    done,
    errors: summary,
    fieldErrors: fields,
    gradeItems: options.map(([value, text]) => ({ value, text, checked: values.minimumChildRiskGrade === value })),
  }
}

/** The partnership's missing settings page (system administrator). */
export async function registerMissingSettingsPages(app: FastifyInstance): Promise<void> {
  // The function first, before the form is read: every other role gets the same audited 403.
  const pre = {
    preHandler: [
      requireUser,
      async (request: FastifyRequest) => {
        if (!request.user) return
        await app.work(request, async (ctx) => void authorize(ctx, 'missing.settings.manage', MISSING_SETTINGS))
      },
    ],
  }

  app.get('/admin/missing-settings', pre, async (request, reply) => {
    const settings = await app.work(request, (ctx) => viewMissingSettings(ctx))
    const saved = (request.query as Record<string, unknown> | undefined)?.done === 'saved'
    return reply.view('missing/views/settings.njk', locals(valuesOf(settings), [], saved ? 'Settings saved' : undefined))
  })

  app.post('/admin/missing-settings', pre, async (request, reply) => {
    const raw = (request.body ?? {}) as Record<string, unknown>
    const text = (k: string) => (typeof raw[k] === 'string' ? String(raw[k]).slice(0, 5000) : '')
    const result = await app.work(request, async (ctx) => {
      const { input, errors } = parseSettingsForm(raw, await viewMissingSettings(ctx))
      if (input) await saveMissingSettings(ctx, input)
      return errors
    })
    if (result.length > 0) {
      return reply.code(400).view('missing/views/settings.njk', locals({ minimumChildRiskGrade: text('minimumChildRiskGrade'), pushFactors: text('pushFactors'), pullFactors: text('pullFactors') }, result))
    }
    return reply.redirect('/admin/missing-settings?done=saved', 303)
  })
}

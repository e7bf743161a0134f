import type { FastifyInstance, FastifyRequest } from 'fastify'
import { abilities, authorize } from '../../platform/access/engine.ts'
import { currentUser, requireUser } from '../../platform/auth/guards.ts'
import { formErrors } from '../../platform/http/forms.ts'
import type { FieldError } from '../../platform/errors.ts'
import { CONTACTS } from './policy.ts'
import { SETTINGS_FIELDS, parseSettingsForm, saveContactSettings, settingsValues, viewContactSettings, type SettingsValues } from './settings-admin.ts'

const PAGE = 'contacts/views/settings.njk'

function locals(request: FastifyRequest, values: SettingsValues, errors: readonly FieldError[], done?: string) {
  const { summary, fields } = formErrors(errors)
  const editable = abilities(currentUser(request), ['contacts.settings.manage'], CONTACTS)['contacts.settings.manage']
  return { pageTitle: 'MASH timescales', values, editable, done, errors: summary, fieldErrors: fields }
}

/** The MASH timescales page: the system administrator changes them, the MASH manager reads them (ADR 0011). */
export async function registerContactSettingsPages(app: FastifyInstance): Promise<void> {
  const guard = (action: 'contacts.settings.view' | 'contacts.settings.manage') => ({
    preHandler: [
      requireUser,
      // The function first, before the form is read: every other role gets the same audited 403.
      async (request: FastifyRequest) => {
        if (request.user) await app.work(request, async (ctx) => void authorize(ctx, action, CONTACTS))
      },
    ],
  })

  app.get('/admin/contact-settings', guard('contacts.settings.view'), async (request, reply) => {
    const settings = await app.work(request, (ctx) => viewContactSettings(ctx))
    const saved = (request.query as Record<string, unknown> | undefined)?.done === 'saved'
    return reply.view(PAGE, locals(request, settingsValues(settings), [], saved ? 'Timescales saved' : undefined))
  })

  app.post('/admin/contact-settings', guard('contacts.settings.manage'), async (request, reply) => {
    const raw = (request.body ?? {}) as Record<string, unknown>
    const values = Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, typeof raw[f] === 'string' ? String(raw[f]).slice(0, 20) : ''])) as SettingsValues
    const { settings, errors } = parseSettingsForm(values)
    if (!settings) return reply.code(400).view(PAGE, locals(request, values, errors))
    await app.work(request, (ctx) => saveContactSettings(ctx, settings))
    return reply.redirect('/admin/contact-settings?done=saved', 303)
  })
}

import type { z } from 'zod'
import type { FieldError } from '../../platform/errors.ts'
import { blankToUndefined, zodFieldErrors } from '../../platform/http/forms.ts'

export type FormValues = Record<string, string>

/**
 * A posted form → validated input, or GOV.UK field errors in form order. Only the named fields are read (the
 * `_csrf` field and anything unexpected are ignored); blank boxes mean "not given". `values` re-fills the form.
 */
export function parseForm<S extends z.ZodType>(schema: S, fields: readonly string[], body: unknown): { input?: z.output<S>; errors: FieldError[]; values: FormValues } {
  const raw = (body ?? {}) as Record<string, unknown>
  const values: FormValues = {}
  for (const key of fields) {
    const v = raw[key]
    if (typeof v === 'string') values[key] = v.slice(0, 1000)
  }
  const candidate = Object.fromEntries(fields.map((k) => [k, blankToUndefined(values[k])]).filter(([, v]) => v !== undefined))
  const parsed = schema.safeParse(candidate)
  if (!parsed.success) return { errors: zodFieldErrors(parsed.error), values }
  return { input: parsed.data, errors: [], values }
}

export const AGENCY_FORM_FIELDS = ['name', 'type', 'area', 'exploitationLeadName', 'exploitationLeadEmail'] as const
export const TEAM_FORM_FIELDS = ['name'] as const
export const USER_FORM_FIELDS = ['email', 'displayName', 'roleProfile', 'teamId'] as const
export const ROLE_PROFILE_FORM_FIELDS = ['roleProfile', 'teamId'] as const

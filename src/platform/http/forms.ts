import type { z } from 'zod'
import type { FieldError } from '../errors.ts'

/** GOV.UK error summary items and inline messages, from field errors. */
export type FormErrors = { summary: Array<{ href: string; text: string }>; fields: Record<string, { text: string }> }

export function formErrors(errors: readonly FieldError[]): FormErrors {
  const fields: FormErrors['fields'] = {}
  const summary: FormErrors['summary'] = []
  for (const e of errors) {
    if (fields[e.field]) continue
    fields[e.field] = { text: e.message }
    summary.push({ href: `#${e.field}`, text: e.message })
  }
  return { summary, fields }
}

/** zod issues → field errors, first message per field, in form order. */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || 'form', message: issue.message }))
}

/** An HTML form sends strings (or nothing for an unticked box); blank strings mean "not given". */
export function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value
}

/** A one-line text field: no control characters (tabs, line breaks, NUL…), which have no place in a name or title. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/

/**
 * One text field of a query string or form body, trimmed; undefined when it is missing or not a single string (a
 * repeated parameter arrives as an array and is treated as not given).
 */
export function textField(source: unknown, name: string): string | undefined {
  if (!source || typeof source !== 'object') return undefined
  const value = (source as Record<string, unknown>)[name]
  return typeof value === 'string' ? value.trim() : undefined
}

import type { z } from 'zod'
import type { FieldError } from '../../platform/errors.ts'
import { blankToUndefined, zodFieldErrors } from '../../platform/http/forms.ts'
import { isRealDate } from './rules.ts'

export type EntryFormValues = Record<string, string>

/**
 * A date from the three boxes of govukDateInput (`<prefix>-day`, `-month`, `-year`): empty means "not given", a
 * partly filled or impossible date is an error worded with the field's label.
 */
export function dateFromBoxes(values: EntryFormValues, prefix: string, label: string): { date?: string; error?: FieldError } {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => values[`${prefix}-${p}`]?.trim() ?? '')
  if (!day && !month && !year) return {}
  if (!day || !month || !year) return { error: { field: prefix, message: `${label} must include a day, month and year` } }
  const date = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : ''
  if (!isRealDate(date)) return { error: { field: prefix, message: `${label} must be a real date` } }
  return { date }
}

/**
 * An entry form's body → validated input, or GOV.UK field errors in form order. `fields` are the text inputs,
 * `dates` the date-box prefixes with their labels. Blank inputs are "not given".
 */
export function parseEntryForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  fields: readonly string[],
  dates: Readonly<Record<string, string>> = {},
): { input?: z.output<S>; errors: FieldError[]; values: EntryFormValues } {
  const raw = (body ?? {}) as Record<string, unknown>
  const values: EntryFormValues = {}
  const dateKeys = Object.keys(dates).flatMap((p) => [`${p}-day`, `${p}-month`, `${p}-year`])
  for (const key of [...fields, ...dateKeys]) {
    if (typeof raw[key] === 'string') values[key] = (raw[key] as string).slice(0, 300)
  }
  const errors: FieldError[] = []
  const candidate: Record<string, unknown> = Object.fromEntries(fields.map((k) => [k, blankToUndefined(values[k])]).filter(([, v]) => v !== undefined))
  for (const [prefix, label] of Object.entries(dates)) {
    const { date, error } = dateFromBoxes(values, prefix, label)
    if (error) errors.push(error)
    if (date) candidate[prefix] = date
  }
  const parsed = schema.safeParse(candidate)
  if (!parsed.success) errors.push(...zodFieldErrors(parsed.error).filter((e) => !errors.some((d) => d.field === e.field)))
  const order = [...fields, ...Object.keys(dates)]
  const sorted = [...errors].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))
  if (sorted.length > 0 || !parsed.success) return { errors: sorted, values }
  return { input: parsed.data, errors: [], values }
}

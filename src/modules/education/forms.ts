import type { FieldError } from '../../platform/errors.ts'

/**
 * Page forms send a date as three boxes (`<name>-day`, `-month`, `-year`); the services take `YYYY-MM-DD`. These
 * turn one into the other, or into GOV.UK errors (the API's own words come from schemas.ts).
 */
export type FormValues = Record<string, string>

export function formValues(body: unknown): FormValues {
  const out: FormValues = {}
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k !== '_csrf' && typeof v === 'string') out[k] = v.slice(0, 5000)
  }
  return out
}

export const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim())

/** The boxes → `YYYY-MM-DD`; undefined (with an error pushed) when blank, partial or not a real date. */
export function dateFromBoxes(values: FormValues, name: string, label: string, errors: FieldError[]): string | undefined {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => (values[`${name}-${p}`] ?? '').trim())
  if (!day && !month && !year) {
    errors.push({ field: name, message: `Enter the ${label.toLowerCase()}` })
    return undefined
  }
  if (!day || !month || !year) {
    errors.push({ field: name, message: `${label} must include a day, month and year` })
    return undefined
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const real = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
  if (!real) {
    errors.push({ field: name, message: `${label} must be a real date` })
    return undefined
  }
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** `YYYY-MM-DD` → the boxes (to fill a form, e.g. with today). */
export function dateValues(name: string, date: string): FormValues {
  const [y, m, d] = date.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y ?? '' }
}

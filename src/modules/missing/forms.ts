import type { FieldError } from '../../platform/errors.ts'

/**
 * Page forms send a date as three boxes and a time as text ("14:30", "2:30pm"), meant in UK local time; the
 * services take instants. These turn one into the other, or into GOV.UK errors.
 */
export type FormValues = Record<string, string>

export function formValues(body: unknown): FormValues {
  const out: FormValues = {}
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf') continue
    if (typeof v === 'string') out[k] = v.slice(0, 5000)
    else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string').join('\n').slice(0, 5000)
  }
  return out
}

/** The list a set of checkboxes sent (one value or several). */
export function checked(body: unknown, name: string): string[] {
  const v = ((body ?? {}) as Record<string, unknown>)[name]
  if (typeof v === 'string') return v ? [v] : []
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []
}

const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** Minutes Europe/London is ahead of UTC at an instant (0 or 60). */
function londonOffsetMinutes(at: Date): number {
  const p = Object.fromEntries(londonParts.formatToParts(at).map((x) => [x.type, x.value]))
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute))
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000)
}

/** A wall-clock time in the UK → the instant (in the autumn repeated hour, the first; in the spring gap, an hour on). */
export function londonToInstant(year: number, month: number, day: number, hour: number, minute: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute)
  const first = new Date(guess - londonOffsetMinutes(new Date(guess)) * 60_000)
  return new Date(guess - londonOffsetMinutes(first) * 60_000)
}

/** "14:30", "2:30pm", "9am", "midday", "midnight" → [hour, minute], or null. */
export function parseTime(text: string): [number, number] | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '').replace('.', ':')
  if (t === 'midday' || t === 'noon') return [12, 0]
  if (t === 'midnight') return [0, 0]
  const m = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/.exec(t)
  if (!m) return null
  let hour = Number(m[1])
  const minute = m[2] ? Number(m[2]) : 0
  if (minute > 59) return null
  if (m[3]) {
    if (hour < 1 || hour > 12) return null
    hour = (hour % 12) + (m[3] === 'pm' ? 12 : 0)
  } else if (hour > 23 || !m[2]) return null
  return [hour, minute]
}

/**
 * `<prefix>-day`, `-month`, `-year` and `-time` → an instant. `label` starts the GOV.UK messages ("Date reported
 * missing"). Returns undefined when all four are blank and the field is optional.
 */
export function parseDateTime(values: FormValues, prefix: string, label: string, required: boolean, errors: FieldError[]): Date | undefined {
  const [day, month, year, time] = ['day', 'month', 'year', 'time'].map((p) => (values[`${prefix}-${p}`] ?? '').trim())
  if (!day && !month && !year && !time) {
    if (required) errors.push({ field: prefix, message: `Enter the ${label.toLowerCase()}` })
    return undefined
  }
  if (!day || !month || !year) {
    errors.push({ field: prefix, message: `${label} must include a day, month and year` })
    return undefined
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const real = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
  if (!real) {
    errors.push({ field: prefix, message: `${label} must be a real date` })
    return undefined
  }
  if (!time) {
    errors.push({ field: `${prefix}-time`, message: `Enter the time for the ${label.toLowerCase()}, like 14:30 or 2:30pm` })
    return undefined
  }
  const hm = parseTime(time)
  if (!hm) {
    errors.push({ field: `${prefix}-time`, message: `Enter a real time for the ${label.toLowerCase()}, like 14:30 or 2:30pm` })
    return undefined
  }
  return londonToInstant(y, m, d, hm[0], hm[1])
}

/** An instant → the boxes, in UK local time (to fill a form from a record). */
export function dateTimeValues(prefix: string, at: Date | null | undefined): FormValues {
  if (!at) return {}
  const p = Object.fromEntries(londonParts.formatToParts(at).map((x) => [x.type, x.value]))
  return { [`${prefix}-day`]: String(Number(p.day)), [`${prefix}-month`]: String(Number(p.month)), [`${prefix}-year`]: String(p.year), [`${prefix}-time`]: `${p.hour}:${p.minute}` }
}

/** Field errors from a service use the API's names; the forms' date boxes are named by prefix, which is the same. */
export const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim())

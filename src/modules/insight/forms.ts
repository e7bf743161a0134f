import type { FieldError } from '../../platform/errors.ts'
import { formErrors, textField } from '../../platform/http/forms.ts'
import { currentQuarterPeriod, londonDay, parseDateParts, parseQuarterKey, quarterKey, quarterLabel, quarterOf, quarterPeriod, quartersEndingWith, type DateParts, type Period } from './period.ts'

/**
 * The page's period form (a GET form, so a period is a link): a calendar quarter from a select, or two GOV.UK date
 * inputs for any period. Nothing given = the current quarter.
 */
export type PeriodFormValues = { quarter: string; from: DateParts; to: DateParts }
export type ParsedPeriodForm = { period?: Period; values: PeriodFormValues; errors: FieldError[] }

const field = (source: unknown, name: string): string => textField(source, name) ?? ''

const parts = (query: unknown, name: string): DateParts => ({ day: field(query, `${name}-day`), month: field(query, `${name}-month`), year: field(query, `${name}-year`) })
const blank = (p: DateParts) => !p.day && !p.month && !p.year

/** A day as the three boxes of a GOV.UK date input. */
export const dateParts = (day: string): DateParts => ({ day: String(Number(day.slice(8, 10))), month: String(Number(day.slice(5, 7))), year: day.slice(0, 4) })

/** Show a period back in both controls: its quarter when it is exactly one, and its dates. */
function valuesFor(period: Period): PeriodFormValues {
  const q = quarterOf(period.from)
  const exact = quarterPeriod(q)
  return { quarter: exact.from === period.from && exact.to === period.to ? quarterKey(q) : '', from: dateParts(period.from), to: dateParts(period.to) }
}

export function parsePeriodForm(query: unknown, now: Date): ParsedPeriodForm {
  const from = parts(query, 'from')
  const to = parts(query, 'to')
  const quarter = field(query, 'quarter')
  if (blank(from) && blank(to)) {
    if (!quarter) {
      const period = currentQuarterPeriod(now)
      return { period, values: valuesFor(period), errors: [] }
    }
    const q = parseQuarterKey(quarter)
    if (!q) return { values: { quarter: '', from, to }, errors: [{ field: 'quarter', message: 'Select a quarter' }] }
    const period = quarterPeriod(q)
    return { period, values: valuesFor(period), errors: [] }
  }
  const errors: FieldError[] = []
  const f = parseDateParts(from, 'Date from')
  const t = parseDateParts(to, 'Date to')
  if (f.error) errors.push({ field: 'from', message: f.error })
  if (t.error) errors.push({ field: 'to', message: t.error })
  const values = { quarter: '', from, to }
  if (errors.length || !f.value || !t.value) return { values, errors }
  if (t.value < f.value) return { values, errors: [{ field: 'to', message: 'Date to must be the same as or after date from' }] }
  return { period: { from: f.value, to: t.value }, values, errors }
}

/**
 * The quarter select of every insight page: the last 8 quarters, newest first, plus the chosen one if it is older;
 * `prompt` adds a first "choose" option for pages whose default period is not a quarter.
 */
export function quarterItems(now: Date, selected: string, prompt?: string) {
  const keys = quartersEndingWith(quarterOf(londonDay(now)), 8).reverse().map(quarterKey)
  if (parseQuarterKey(selected) && !keys.includes(selected)) keys.push(selected)
  const items = keys.map((key) => ({ value: key, text: quarterLabel(parseQuarterKey(key)!), selected: key === selected }))
  return prompt ? [{ value: '', text: prompt, selected: !selected }, ...items] : items
}

/** A period form's errors for the page: the summary links a date to its day box (`#from-day`), as GOV.UK asks. */
export function periodFormErrors(errors: readonly FieldError[]) {
  const { summary, fields } = formErrors([...errors])
  return { errors: summary.map((s) => (s.href === '#from' || s.href === '#to' ? { ...s, href: `${s.href}-day` } : s)), fieldErrors: fields }
}

import type { FieldError } from '../../platform/errors.ts'
import { blankToUndefined, zodFieldErrors } from '../../platform/http/forms.ts'
import { createExtras, personFields, type CreatePersonInput, type PersonInput } from './schemas.ts'

const FIELDS = ['kind', 'givenName', 'middleNames', 'familyName', 'gender', 'ethnicity', 'language', 'addressLine1', 'addressLine2', 'town', 'postcode'] as const

export type PersonFormValues = Record<string, string>

/**
 * The person form's body → validated input or GOV.UK field errors. The date arrives as three boxes
 * (govukDateInput); a partly filled date is an error, an empty one means "not known".
 */
export function parsePersonForm(body: unknown, options: { withNhsNumber?: boolean } = {}): { input?: CreatePersonInput; errors: FieldError[]; values: PersonFormValues } {
  const raw = (body ?? {}) as Record<string, unknown>
  const values: PersonFormValues = {}
  for (const key of [...FIELDS, ...(options.withNhsNumber ? ['nhsNumber'] : []), 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year']) {
    if (typeof raw[key] === 'string') values[key] = (raw[key] as string).slice(0, 300)
  }
  const errors: FieldError[] = []
  const [day, month, year] = ['day', 'month', 'year'].map((p) => values[`dateOfBirth-${p}`]?.trim() ?? '')
  let dateOfBirth: string | undefined
  if (day || month || year) {
    if (!day || !month || !year) errors.push({ field: 'dateOfBirth', message: 'Date of birth must include a day, month and year' })
    else if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) errors.push({ field: 'dateOfBirth', message: 'Date of birth must be a real date' })
    else dateOfBirth = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  }
  const candidate = Object.fromEntries(FIELDS.map((k) => [k, blankToUndefined(values[k])]).filter(([, v]) => v !== undefined))
  const schema = options.withNhsNumber ? personFields.extend({ nhsNumber: createExtras.nhsNumber }) : personFields
  const nhs = options.withNhsNumber ? blankToUndefined(values.nhsNumber) : undefined
  const parsed = schema.safeParse({ ...candidate, ...(dateOfBirth ? { dateOfBirth } : {}), ...(nhs !== undefined ? { nhsNumber: nhs } : {}) })
  if (!parsed.success) {
    errors.push(...zodFieldErrors(parsed.error).map((e) => (e.field === 'dateOfBirth' ? { ...e, message: 'Date of birth must be a real date' } : e)))
  }
  if (errors.length > 0 || !parsed.success) return { errors: orderErrors(errors), values }
  return { input: parsed.data, errors: [], values }
}

const ORDER = ['kind', 'givenName', 'middleNames', 'familyName', 'dateOfBirth', 'nhsNumber', 'gender', 'ethnicity', 'language', 'addressLine1', 'addressLine2', 'town', 'postcode']
function orderErrors(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field))
}

/** The form's initial values from a stored person. */
export function personFormValues(person: { [K in keyof PersonInput]?: PersonInput[K] | null }): PersonFormValues {
  const [year, month, day] = person.dateOfBirth ? person.dateOfBirth.split('-') : ['', '', '']
  const values: PersonFormValues = { 'dateOfBirth-day': day ?? '', 'dateOfBirth-month': month ?? '', 'dateOfBirth-year': year ?? '' }
  for (const key of FIELDS) {
    const v = person[key]
    if (typeof v === 'string') values[key] = v
  }
  return values
}

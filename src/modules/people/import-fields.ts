import { IMPORT_FIELDS, type ImportField } from './import-schema.ts'

/** The Lantern fields an extract's columns map to, as the source form and messages name them. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  sourceRecordId: 'Record id in the agency’s system',
  givenName: 'First name',
  middleNames: 'Middle names',
  familyName: 'Last name',
  fullName: 'Full name (one column)',
  dateOfBirth: 'Date of birth',
  gender: 'Gender',
  addressLine1: 'Address line 1',
  town: 'Town or city',
  postcode: 'Postcode',
  nhsNumber: 'NHS number',
  upn: 'Unique pupil number (UPN)',
  policeId: 'Police id (PNC or local)',
  laId: 'Local authority id',
}

/** Besides a name and the record id, a mapping needs one of these, or matching would rest on a name alone. */
export const IDENTIFYING_FIELDS: readonly ImportField[] = ['dateOfBirth', 'nhsNumber', 'upn', 'policeId', 'laId']

export type MappingProblem = { field: ImportField | 'mapping'; message: string }

/**
 * A mapping is usable when it names the record id, a name (first and last name columns, or one full-name column)
 * and the date of birth or an identifier; no column may feed two fields.
 */
export function checkMapping(mapping: Partial<Record<ImportField, string>>): MappingProblem[] {
  const problems: MappingProblem[] = []
  if (!mapping.sourceRecordId) problems.push({ field: 'sourceRecordId', message: 'Enter the column that holds the record id in the agency’s system' })
  const split = Boolean(mapping.givenName || mapping.familyName)
  if (split && mapping.fullName) problems.push({ field: 'fullName', message: 'Enter either a full-name column or first and last name columns, not both' })
  else if (!mapping.fullName && !(mapping.givenName && mapping.familyName)) {
    problems.push({ field: mapping.givenName ? 'familyName' : 'givenName', message: 'Enter the first name and last name columns, or a full-name column' })
  }
  if (!IDENTIFYING_FIELDS.some((f) => mapping[f])) {
    problems.push({ field: 'dateOfBirth', message: 'Enter the date of birth column, or a column with an NHS number, UPN, police id or local authority id' })
  }
  const seen = new Map<string, ImportField>()
  for (const field of IMPORT_FIELDS) {
    const column = mapping[field]
    if (!column) continue
    const other = seen.get(column.toLowerCase())
    if (other) problems.push({ field, message: `The column '${column}' is already used for ${IMPORT_FIELD_LABELS[other].toLowerCase()}` })
    else seen.set(column.toLowerCase(), field)
  }
  return problems
}

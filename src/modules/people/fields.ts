import { z } from 'zod'
import { isRealDate, isValidPostcode, normalisePostcode } from './rules.ts'

/** Field builders shared by the person form and the person-index entry forms, so both word errors alike. */

// `label` starts a sentence ("First name must…"), `what` follows "Enter" ("Enter a first name").
export const name = (label: string, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .max(100, `${label} must be 100 characters or fewer`)
    // Letters in any script (with their accents), spaces, hyphens and apostrophes: Zoë, Ó Briain, Nguyễn, D’Souza.
    .regex(/^[\p{L}\p{M} '’-]*$/u, `${label} must only include letters, spaces, hyphens and apostrophes`)

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export const optionalText = (what: string, max: number) =>
  z.string().trim().max(max, `${capitalise(what)} must be ${max} characters or fewer`).optional()

/** An optional YYYY-MM-DD date; `label` starts the sentence ("Date they moved in must be a real date"). */
export const optionalDate = (label: string) =>
  z.string().trim().refine(isRealDate, `${label} must be a real date, like 2024-03-27`).optional()

export const postcode = z
  .string({ error: 'Enter a real postcode, like PE1 2AB' })
  .trim()
  .max(10, 'Enter a real postcode, like PE1 2AB')
  .refine(isValidPostcode, 'Enter a real postcode, like PE1 2AB')
  .transform(normalisePostcode)

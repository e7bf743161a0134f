import { z } from 'zod'
import { IMPORT_ENCODINGS, IMPORT_FIELDS, type ImportEncoding, type ImportField } from './import-schema.ts'

/** Forms and API bodies of agency extract import, worded the GOV.UK way. */

export type SourceInput = { name: string; agencyId: string; encoding: ImportEncoding; mapping: Partial<Record<ImportField, string>> }

const column = z.string().trim().max(100, 'A column name must be 100 characters or fewer')

export const sourceBody = z
  .object({
    name: z.string({ error: 'Enter a name for the source' }).trim().min(1, 'Enter a name for the source').max(100, 'The name must be 100 characters or fewer'),
    agencyId: z.uuid({ error: 'Select the agency whose system the extracts come from' }),
    encoding: z.enum(IMPORT_ENCODINGS, { error: 'Select the encoding of the files' }),
    mapping: z.object(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, column.optional()])) as Record<ImportField, z.ZodOptional<typeof column>>).strict(),
  })
  .strict()

/** The source form's flat fields (`column-givenName`, …) → the body shape above. */
export function sourceFormBody(form: Record<string, unknown>): Record<string, unknown> {
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).slice(0, 300) : undefined)
  const mapping = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, text(`column-${f}`)?.trim()]).filter(([, v]) => v))
  return { name: text('name'), agencyId: text('agencyId') || undefined, encoding: text('encoding') || undefined, mapping }
}

export const REVIEW_DECISIONS = ['same', 'new', 'skip'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

export const reviewBody = z
  .object({
    decision: z.enum(REVIEW_DECISIONS, { error: 'Select whether this is the same person' }),
    reason: z
      .string({ error: 'Enter the reason for your decision' })
      .trim()
      .min(10, 'The reason must be 10 characters or more')
      .max(1000, 'The reason must be 1000 characters or fewer'),
  })
  .strict()
export type ReviewInput = z.output<typeof reviewBody>

export const importParams = z.object({ importId: z.string().max(64) })

import { z } from 'zod'
import { ONE_LINE } from '../../platform/http/forms.ts'

/**
 * Request bodies of the curated chronology API, with GOV.UK-style messages (the pages build the same bodies from
 * their forms, so both refuse with the same words). `.strict()`: an unknown field is refused, never ignored.
 */

export const MAX_ENTRIES = 500

export const curatedEntryBody = z
  .object({
    type: z.string({ error: 'Each entry needs its type' }).min(1, 'Each entry needs its type').max(60, 'An entry’s type must be 60 characters or fewer'),
    sourceId: z.string({ error: 'Each entry needs its source id' }).min(1, 'Each entry needs its source id').max(200, 'An entry’s source id must be 200 characters or fewer'),
    note: z.string({ error: 'A note must be text' }).trim().max(2000, 'A note must be 2000 characters or fewer').optional(),
  })
  .strict()

const title = z
  .string({ error: 'Enter a title for the chronology' })
  .trim()
  .min(1, 'Enter a title for the chronology')
  .max(200, 'The title must be 200 characters or fewer')
  .regex(ONE_LINE, 'The title must not include special characters such as tabs or line breaks')

const entries = z
  .array(curatedEntryBody, { error: 'Send the entries as a list' })
  .min(1, 'Choose at least one entry from the chronology')
  .max(MAX_ENTRIES, `A curated chronology can have at most ${MAX_ENTRIES} entries`)

export const createCuratedBody = z.object({ personId: z.guid({ error: 'Enter the id of the child' }), title, entries }).strict()
export type CreateCuratedInput = z.output<typeof createCuratedBody>

/** A change replaces the title and the entries the editor may see; `version` refuses a lost update. */
export const updateCuratedBody = z.object({ title, entries, version: z.number({ error: 'Send the version you edited' }).int().min(1) }).strict()
export type UpdateCuratedInput = z.output<typeof updateCuratedBody>

import { z } from 'zod'
import { isRealDate } from '../people/index.ts'
import { CME_ACTION_TYPES, CME_CLOSURE_REASONS, CME_REASONS, CME_SOURCES } from './schema.ts'

/**
 * The API's bodies (CONTRACTS.md §5), in GOV.UK words so that the pages' refusals and the API's read alike; the pages
 * build the same bodies from their form fields. `.strict()`: an unexpected field is an error, never ignored.
 */
const day = (what: string) =>
  z
    .string({ error: `Enter the ${what.toLowerCase()}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a date, like 2026-03-27`)
    .refine(isRealDate, `${what} must be a real date`)

const text = (what: string, max: number) => z.string({ error: `${what} must be text` }).trim().max(max, `${what} must be ${max} characters or fewer`)
const optionalText = (what: string, max: number) =>
  text(what, max)
    .optional()
    .transform((v) => (v === '' ? undefined : v))
const requiredText = (what: string, max: number, missing: string) => z.string({ error: missing }).trim().min(1, missing).max(max, `${what} must be ${max} characters or fewer`)

export const idParams = z.object({ id: z.string() })

export const recordCmeBody = z
  .object({
    personId: z.string({ error: 'Enter the id of the child' }).uuid('Enter the id of the child'),
    identifiedOn: day('Date identified'),
    source: z.enum(CME_SOURCES, { error: 'Select how the child was identified' }),
    reason: z.enum(CME_REASONS, { error: 'Select why the child is thought to be missing education' }),
    reasonNote: optionalText('Details of the reason', 2000),
    lastSchool: optionalText('School last attended', 200),
  })
  .strict()
  .refine((b) => b.reason !== 'other' || b.reasonNote, { message: 'Enter details of the reason', path: ['reasonNote'] })
export type RecordCmeInput = z.output<typeof recordCmeBody>

export const cmeActionBody = z
  .object({
    actionOn: day('Date of the action'),
    actionType: z.enum(CME_ACTION_TYPES, { error: 'Select what was done' }),
    details: optionalText('Details', 2000),
    outcome: requiredText('Outcome', 2000, 'Enter what came of it'),
    takenBy: requiredText('Who did it', 200, 'Enter who did it'),
  })
  .strict()
export type CmeActionInput = z.output<typeof cmeActionBody>

export const closeCmeBody = z
  .object({
    closedOn: day('Date closed'),
    closureReason: z.enum(CME_CLOSURE_REASONS, { error: 'Select why the case is closing' }),
    closureNote: optionalText('Details', 2000),
  })
  .strict()
  .refine((b) => b.closureReason !== 'other' || b.closureNote, { message: 'Enter details of why the case is closing', path: ['closureNote'] })
export type CloseCmeInput = z.output<typeof closeCmeBody>

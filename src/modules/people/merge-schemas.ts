import { z } from 'zod'
import { MAX_REASON, MIN_REASON } from './merge-service.ts'

/** Duplicates and merge: request shapes for the pages and the API, with GOV.UK messages (ADR 0009). */

const reason = (what: string) =>
  z
    .string({ error: `Enter ${what.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${what.toLowerCase()}`)
    .min(MIN_REASON, `${what} must be ${MIN_REASON} characters or more`)
    .max(MAX_REASON, `${what} must be ${MAX_REASON} characters or fewer`)

export const idParams = z.object({ id: z.string().max(64) })

export const duplicatesQuery = z.object({
  status: z.enum(['open', 'decided']).default('open').describe('`open` (the queue) or `decided` (merged or not the same person)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
})

export const decisionBody = z.object({
  decision: z.literal('not-duplicate', { error: 'Select a decision' }).describe('Merges are made with POST /api/v1/people/merges'),
  reason: reason('Reason'),
})

export const mergeBody = z.object({
  survivingPersonId: z.guid('Enter the id of the record to keep'),
  mergedPersonId: z.guid('Enter the id of the record to merge into it'),
  reason: reason('Reason for the merge'),
})

export const unmergeBody = z.object({ reason: reason('Reason for undoing the merge') })

/** The comparison page's form: merge keeping one record, or "not the same person". */
export const decisionForm = z.object({
  decision: z.enum(['keep-first', 'keep-second', 'not-duplicate'], { error: 'Select whether to merge the records or that they are not the same person' }),
  reason: reason('Reason'),
})
export type DecisionForm = z.infer<typeof decisionForm>

/** Keyset cursor of the queue: "probability|id", base64url. */
export function encodeCursor(c: { probability: number; id: string }): string {
  return Buffer.from(`${c.probability}|${c.id}`).toString('base64url')
}

export function decodeCursor(s: string | undefined): { probability: number; id: string } | undefined {
  if (!s) return undefined
  const [p, id] = Buffer.from(s, 'base64url').toString().split('|')
  const probability = Number(p)
  return id && /^[0-9a-f-]{36}$/i.test(id) && Number.isFinite(probability) ? { probability, id } : undefined
}

import { z } from 'zod'
import { isRealDate, postcodeField } from '../people/index.ts'
import { AGENCY_TYPES } from '../../platform/access/roles.ts'
import { CHILD_GENDERS, CONCERN_TYPES, CONTACT_STATUSES, DECISION_OUTCOMES, LAWFUL_BASES, RAGS, REFERRAL_SOURCES, RESEARCH_ANSWERS, SPECIAL_CATEGORY_CONDITIONS } from './schema.ts'

/**
 * Input of the contacts API and pages, with GOV.UK-worded messages. `.strict()`: an unexpected field (`status`,
 * `outcome`, `personId` in the wrong place) is an error, not silently ignored (ASVS 15.3.3).
 */
const text = (what: string, max: number) => z.string({ error: `Enter ${what}` }).trim().max(max, `${what.replace(/^(a|an|the) /, '').replace(/^./, (c) => c.toUpperCase())} must be ${max} characters or fewer`)
const optionalText = (what: string, max: number) => text(what, max).optional()

export const personName = (label: string, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(100, `${label} must be 100 characters or fewer`)
    .regex(/^[\p{L}\p{M} '’-]*$/u, `${label} must only include letters, spaces, hyphens and apostrophes`)

export const reportedChild = z
  .object({
    givenName: personName("The child's first name", "the child's first name"),
    familyName: personName("The child's last name", "the child's last name"),
    dateOfBirth: z.string({ error: "Enter the child's date of birth" }).trim().refine(isRealDate, "The child's date of birth must be a real date, like 2011-03-27"),
    gender: z.enum(CHILD_GENDERS, { error: 'Select a gender: F, M or U' }),
    address: optionalText("the child's address", 300),
    postcode: postcodeField.optional(),
  })
  .strict()

export const concernTypes = z
  .array(z.enum(CONCERN_TYPES, { error: 'Select the concerns from the list' }), { error: 'Select at least one concern' })
  .min(1, 'Select at least one concern')
  .max(CONCERN_TYPES.length)
  .transform((list) => [...new Set(list)])

export const narrative = z.string({ error: 'Enter what has happened' }).trim().min(1, 'Enter what has happened').max(10_000, 'What has happened must be 10,000 characters or fewer')

export const createContactBody = z
  .object({
    personId: z.string().max(64).optional().meta({ description: 'A person index record the caller may open. Otherwise describe the child in `child`.' }),
    child: reportedChild.optional().meta({ description: 'The child as reported (the MASH links it to the person index at triage).' }),
    household: optionalText('the household', 2000),
    concernTypes,
    concernOther: optionalText('what the other concern is', 500),
    referralSource: z.enum(REFERRAL_SOURCES, { error: 'Select the DfE referral source code (1A to 10)' }),
    receivedAt: z.iso.datetime({ offset: true, error: 'Enter when the concern was received as an ISO 8601 date and time' }).optional(),
    narrative,
    childsWords: optionalText("the child's own words", 5000),
    immediateRisk: z.boolean({ error: 'immediateRisk must be true or false' }).optional(),
    lawfulBasis: z.enum(LAWFUL_BASES, { error: 'Select the lawful basis for sharing' }),
    specialCategoryCondition: z.enum(SPECIAL_CATEGORY_CONDITIONS, { error: 'Select the special category condition' }).optional(),
    familyInformed: z.boolean({ error: 'familyInformed must be true or false' }).optional(),
    familyNotInformedReason: optionalText('why the family were not told', 2000),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.personId === undefined) === (v.child === undefined)) ctx.addIssue({ code: 'custom', path: ['child'], message: 'Give either personId or child, not both' })
    if (v.concernTypes.includes('other') && !v.concernOther) ctx.addIssue({ code: 'custom', path: ['concernOther'], message: 'Enter what the other concern is' })
  })

export type CreateContactBody = z.output<typeof createContactBody>

export const decisionBody = z
  .object({
    outcome: z.enum(DECISION_OUTCOMES, { error: 'Select the outcome' }),
    rationale: z.string({ error: 'Enter the rationale for the decision' }).trim().min(1, 'Enter the rationale for the decision').max(5000, 'The rationale must be 5,000 characters or fewer'),
  })
  .strict()

export const listQuery = z
  .object({
    status: z.enum(['open', ...CONTACT_STATUSES], { error: 'status must be open, awaiting-triage, in-triage, awaiting-decision, decided or closed' }).optional(),
    limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 or more').max(200, 'limit must be 200 or fewer').default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict()

export const contactIdParams = z.object({ id: z.string().max(64) })

export const ragForm = z.object({ rag: z.enum(RAGS, { error: 'Select a RAG rating' }) })

/** Partner research (ADR 0011): ask one desk by agency type; the desk answers, "nothing held" being an answer. */
export const researchRequestBody = z
  .object({
    agencyType: z.enum(AGENCY_TYPES, { error: 'Select the partner agency to ask' }).meta({ description: 'The partner agency whose MASH desk is asked (police, health, …).' }),
    question: z.string({ error: 'Enter what you want to know' }).trim().min(1, 'Enter what you want to know').max(2000, 'What you want to know must be 2,000 characters or fewer'),
  })
  .strict()

export const researchAnswerBody = z
  .object({
    answer: z.enum(RESEARCH_ANSWERS, { error: 'Select whether your agency holds information about the child' }),
    information: z.string().trim().max(10_000, 'The information must be 10,000 characters or fewer').optional(),
    lawfulBasis: z.enum(LAWFUL_BASES, { error: 'Select the lawful basis for sharing' }).optional(),
    specialCategoryCondition: z.enum(SPECIAL_CATEGORY_CONDITIONS, { error: 'Select the special category condition' }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.answer !== 'information-shared') return
    if (!v.information) ctx.addIssue({ code: 'custom', path: ['information'], message: 'Enter the information you are sharing' })
    if (!v.lawfulBasis) ctx.addIssue({ code: 'custom', path: ['lawfulBasis'], message: 'Select the lawful basis for sharing' })
  })

export const researchIdParams = z.object({ id: z.string().max(64), requestId: z.string().max(64) })
export const researchOnlyParams = z.object({ requestId: z.string().max(64) })
export const deskQueueQuery = z.object({ status: z.enum(['open', 'answered'], { error: 'status must be open or answered' }).default('open') }).strict()

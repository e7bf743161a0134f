import { z } from 'zod'
import { name, optionalDate, optionalText, postcode } from './fields.ts'
import {
  isValidEmail,
  isValidHandle,
  isValidNhsNumber,
  isValidPhone,
  isValidUpn,
  normaliseEmail,
  normaliseHandle,
  normaliseNhsNumber,
  normalisePhone,
  normaliseReference,
  normaliseUpn,
} from './identifier-rules.ts'
import { IDENTIFIER_TYPES, SOCIAL_MEDIA_PLATFORMS } from './schema.ts'

/**
 * The person-index entries (names, identifiers, addresses, contact details, relationships): one zod schema each,
 * shared by the pages and the API so both refuse the same things in the same GOV.UK words. Values come out in
 * normal form (NHS number as 10 digits, UPN upper case, phone as E.164).
 */

export const NHS_NUMBER_MESSAGE = 'Enter a valid NHS number, like 943 476 5919'
export const UPN_MESSAGE = 'Enter a valid unique pupil number (UPN), like H801200001001'

export const nhsNumber = z
  .string({ error: 'Enter an NHS number' })
  .trim()
  .max(20, 'NHS number must be 10 digits, like 943 476 5919')
  .refine((v) => /^\d{10}$/.test(normaliseNhsNumber(v)), 'NHS number must be 10 digits, like 943 476 5919')
  .refine(isValidNhsNumber, NHS_NUMBER_MESSAGE)
  .transform(normaliseNhsNumber)

export const upn = z
  .string({ error: 'Enter a unique pupil number (UPN)' })
  .trim()
  .max(20, UPN_MESSAGE)
  .refine(isValidUpn, UPN_MESSAGE)
  .transform(normaliseUpn)

/** A period: both ends optional, the end not before the start. */
const period = (fromLabel: string, toLabel: string) => ({ from: optionalDate(fromLabel), to: optionalDate(toLabel) })
function endNotBeforeStart(value: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx, toLabel: string): void {
  if (value.from && value.to && value.to < value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `${toLabel} must be the same as or after the start date` })
}

/** An alias or previous name: a first name, a last name or both (a street name may be one word). */
const nameParts = {
  givenName: name('First name', 'a first name').optional(),
  middleNames: name('Middle names', 'middle names').optional(),
  familyName: name('Last name', 'a last name').optional(),
}
const someName = (v: { givenName?: string | undefined; familyName?: string | undefined }, ctx: z.RefinementCtx) => {
  if (!v.givenName && !v.familyName) ctx.addIssue({ code: 'custom', path: ['givenName'], message: 'Enter a first name or a last name' })
}

export const aliasName = z.object(nameParts).strict().superRefine(someName)
export type AliasName = z.output<typeof aliasName>

export const nameEntry = z
  .object({
    kind: z.enum(['alias', 'previous'], { error: 'Select whether this is an alias or a previous name' }),
    ...nameParts,
    ...period('Date they started using the name', 'Date they stopped using the name'),
  })
  .strict()
  .superRefine((v, ctx) => {
    someName(v, ctx)
    endNotBeforeStart(v, ctx, 'Date they stopped using the name')
  })
export type NameEntryInput = z.output<typeof nameEntry>

export const identifierEntry = z
  .object({
    type: z.enum(IDENTIFIER_TYPES, { error: 'Select the type of identifier' }),
    value: z.string({ error: 'Enter the identifier' }).trim().min(1, 'Enter the identifier').max(50, 'Identifier must be 50 characters or fewer'),
    issuer: optionalText('who issued it', 100),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === 'nhs-number' && !isValidNhsNumber(v.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: NHS_NUMBER_MESSAGE })
    if (v.type === 'upn' && !isValidUpn(v.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: UPN_MESSAGE })
  })
  .transform((v) => ({
    ...v,
    value: v.type === 'nhs-number' ? normaliseNhsNumber(v.value) : v.type === 'upn' ? normaliseUpn(v.value) : normaliseReference(v.value),
  }))
export type IdentifierEntryInput = z.output<typeof identifierEntry>

export const addressEntry = z
  .object({
    addressLine1: z
      .string({ error: 'Enter address line 1, typically the building and street' })
      .trim()
      .min(1, 'Enter address line 1, typically the building and street')
      .max(200, 'Address line 1 must be 200 characters or fewer'),
    addressLine2: optionalText('address line 2', 200),
    town: optionalText('town or city', 100),
    postcode: postcode.optional(),
    ...period('Date they moved in', 'Date they moved out'),
  })
  .strict()
  .superRefine((v, ctx) => endNotBeforeStart(v, ctx, 'Date they moved out'))
export type AddressEntryInput = z.output<typeof addressEntry>

export const PHONE_MESSAGE = 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192'
export const EMAIL_MESSAGE = 'Enter an email address in the correct format, like name@example.com'
export const HANDLE_MESSAGE = 'Username must only include letters, numbers, full stops, underscores and hyphens'

export const contactEntry = z
  .object({
    type: z.enum(['phone', 'email', 'social-media'], { error: 'Select the type of contact detail' }),
    value: z.string({ error: 'Enter the contact detail' }).trim().min(1, 'Enter the contact detail').max(254, 'Contact detail must be 254 characters or fewer'),
    platform: z.enum(SOCIAL_MEDIA_PLATFORMS, { error: 'Select the social media platform' }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === 'phone' && !isValidPhone(v.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: PHONE_MESSAGE })
    if (v.type === 'email' && !isValidEmail(v.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: EMAIL_MESSAGE })
    if (v.type === 'social-media' && !isValidHandle(v.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: HANDLE_MESSAGE })
    if (v.type === 'social-media' && !v.platform) ctx.addIssue({ code: 'custom', path: ['platform'], message: 'Select the social media platform' })
  })
  .transform((v) => ({
    type: v.type,
    value: v.type === 'phone' ? (normalisePhone(v.value) ?? v.value) : v.type === 'email' ? normaliseEmail(v.value) : normaliseHandle(v.value),
    // A platform only means something for a handle; ignore one sent with a phone number or an email address.
    platform: v.type === 'social-media' ? (v.platform ?? null) : null,
  }))
export type ContactEntryInput = z.output<typeof contactEntry>

/**
 * Relationship types as seen from the record being viewed: "the other person is this person's …". Stored as one
 * directed row (schema.ts), so `child` is a `parent` row the other way round, and so on.
 */
export const RELATIONSHIP_VIEWS = ['parent', 'child', 'carer', 'cared-for', 'sibling', 'associate', 'person-of-concern', 'at-risk'] as const
export type RelationshipView = (typeof RELATIONSHIP_VIEWS)[number]

export const relationshipEntry = z
  .object({
    relatedPersonId: z.string({ error: 'Select the person they are related to' }).trim().uuid('Select the person they are related to'),
    type: z.enum(RELATIONSHIP_VIEWS, { error: 'Select how they are related' }),
    ...period('Date the relationship started', 'Date the relationship ended'),
  })
  .strict()
  .superRefine((v, ctx) => endNotBeforeStart(v, ctx, 'Date the relationship ended'))
export type RelationshipEntryInput = z.output<typeof relationshipEntry>

export const entryParams = z.object({ id: z.string().max(64), entryId: z.string().max(64) })

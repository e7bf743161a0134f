import { z } from 'zod'
import { DOB_PRECISIONS, GENDERS, PERSON_KINDS } from './schema.ts'
import { ETHNICITY_CODE_LIST } from './reference.ts'
import { isRealDate } from './rules.ts'
import { name, optionalText, postcode } from './fields.ts'
import { aliasName, nhsNumber, upn, type AliasName } from './entry-schemas.ts'

/**
 * A person's core details, shared by the pages and the API so both refuse the same things with the same words.
 * `.strict()`: an unexpected field (say `id` or `createdBy`) is an error, not silently ignored (ASVS 15.3.3).
 */
const personShape = {
    kind: z.enum(PERSON_KINDS, { error: 'Select whether this is a child or an adult' }),
    givenName: name('First name', 'a first name').min(1, 'Enter a first name'),
    middleNames: name('Middle names', 'middle names').optional(),
    familyName: name('Last name', 'a last name').min(1, 'Enter a last name'),
    dateOfBirth: z
      .string({ error: 'Enter a date of birth' })
      .trim()
      .refine(isRealDate, 'Date of birth must be a real date, like 2011-03-27')
      .optional(),
    dobPrecision: z.enum(DOB_PRECISIONS, { error: 'Select how certain the date of birth is' }),
    gender: z.enum(GENDERS, { error: 'Select a gender: F, M or U' }),
    ethnicity: z.enum(ETHNICITY_CODE_LIST as [string, ...string[]], { error: 'Select an ethnicity from the list' }).optional(),
    addressLine1: optionalText('address line 1', 200),
    addressLine2: optionalText('address line 2', 200),
    town: optionalText('town or city', 100),
    postcode: postcode.optional(),
    language: optionalText('language', 100),
}

export const personFields = z
  .object({
    ...personShape,
    kind: personShape.kind.default('child'),
    dobPrecision: personShape.dobPrecision.default('exact'),
  })
  .strict()

export type PersonInput = z.output<typeof personFields>

/** Identifiers and aliases a new record may carry from the start (the create form asks for the NHS number). */
export const createExtras = {
  nhsNumber: nhsNumber.optional(),
  upn: upn.optional(),
  aliases: z.array(aliasName, { error: 'Aliases must be a list of names' }).max(20, 'Give at most 20 aliases').optional(),
}

/** The API's create body: the date of birth is required there (CONTRACTS issue 2 §8). */
export const createPersonBody = personFields.extend({
  dateOfBirth: z.string({ error: 'Enter a date of birth' }).trim().refine(isRealDate, 'Date of birth must be a real date, like 2011-03-27'),
  ...createExtras,
  /**
   * Search before create (ADR 0008): when existing records are likely the same person the answer is 409 with
   * `candidates`; send `true` after checking them to create a new record anyway.
   */
  confirmNotDuplicate: z.boolean({ error: 'confirmNotDuplicate must be true or false' }).optional().meta({
    description: 'Set to true, after checking the candidates of a 409 answer, to create the record even though existing records look like the same person.',
  }),
})
export type CreatePersonInput = PersonInput & { nhsNumber?: string | undefined; upn?: string | undefined; aliases?: AliasName[] | undefined }

/** PATCH: any subset of the fields, no defaults (an absent field is left alone); at least one. */
export const updatePersonBody = z
  .object(personShape)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change')

export const breakGlassBody = z
  .object({
    reason: z
      .string({ error: 'Enter why you need emergency access' })
      .trim()
      .min(10, 'Reason for emergency access must be 10 characters or more')
      .max(1000, 'Reason for emergency access must be 1000 characters or fewer'),
  })
  .strict()

export const personIdParams = z.object({ id: z.string().max(64) })

/** "Is this child known?" terms, shared by the search page and the API. */
export const searchTerms = z.object({
  givenName: z.string().trim().max(100, 'First name must be 100 characters or fewer').optional(),
  familyName: z.string().trim().max(100, 'Last name must be 100 characters or fewer').optional(),
  dateOfBirth: z.string().trim().refine(isRealDate, 'Date of birth must be a real date, like 2011-03-27').optional(),
  postcode: postcode.optional(),
  nhsNumber: nhsNumber.optional(),
})

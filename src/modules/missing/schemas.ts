import { z } from 'zod'
import { postcodeField } from '../people/index.ts'
import { MISSING_FROM, MISSING_TYPES, RHI_STATUSES, RISK_GRADES } from './schema.ts'

/**
 * The API's bodies (CONTRACTS.md §5–6), in GOV.UK words so that the pages' refusals and the API's read alike.
 * `.strict()`: an unexpected field is an error, never silently ignored.
 */
const instant = (what: string) =>
  z.iso
    .datetime({ offset: true, error: `${what} must be a date and time in ISO 8601, like 2026-11-28T14:30:00Z` })
    .transform((s) => new Date(s))

const text = (what: string, max: number) => z.string({ error: `${what} must be text` }).trim().max(max, `${what} must be ${max} characters or fewer`)
const optionalText = (what: string, max: number) =>
  text(what, max)
    .optional()
    .transform((v) => (v === '' ? undefined : v))

export const uuidParam = z.string().uuid('Not found')
export const idParams = z.object({ id: z.string() })

export const riskGrade = z.enum(RISK_GRADES, { error: 'Select a risk grade: very-low, low, medium or high' })
export const missingFrom = z.enum(MISSING_FROM, { error: 'Select where the child went missing from: home, care, education or other' })
export const missingType = z.enum(MISSING_TYPES, { error: 'Select whether the child was missing (M) or away without authorisation (A)' })

export const recordEpisodeBody = z
  .object({
    personId: z.string({ error: 'Enter the id of the child' }).uuid('Enter the id of the child'),
    missingFrom,
    missingType: missingType.optional(),
    reportedMissingAt: instant('Time reported missing'),
    lastSeenAt: instant('Time last seen').optional(),
    riskGrade,
    policeReference: optionalText('Police reference', 50),
    circumstances: optionalText('Circumstances', 5000),
    reportedBy: optionalText('Who reported the child missing', 200),
  })
  .strict()
export type RecordEpisodeInput = z.output<typeof recordEpisodeBody>

export const foundLocation = z
  .object({
    description: text('Where the child was found', 500).min(1, 'Enter where the child was found'),
    postcode: postcodeField.optional(),
    latitude: z.number({ error: 'Latitude must be a number' }).min(-90, 'Latitude must be between -90 and 90').max(90, 'Latitude must be between -90 and 90').optional(),
    longitude: z.number({ error: 'Longitude must be a number' }).min(-180, 'Longitude must be between -180 and 180').max(180, 'Longitude must be between -180 and 180').optional(),
  })
  .strict()
  .refine((p) => (p.latitude === undefined) === (p.longitude === undefined), { message: 'Give both latitude and longitude, or neither', path: ['latitude'] })
export type FoundLocation = z.output<typeof foundLocation>

/** UK bounds for a place a child went (the mainland, Northern Ireland and the islands, roughly). */
export const UK_BOUNDS = { latitude: [49.8, 60.9], longitude: [-8.7, 1.8] } as const

/** A place the child went while missing: like the found place, with a map point only inside the UK. */
export const placeWent = z
  .object({
    description: text('Where the child went', 200).min(1, 'Enter the name of a place the child went, like Queensgate bus station'),
    postcode: postcodeField.optional(),
    latitude: z
      .number({ error: 'Latitude must be a number' })
      .min(UK_BOUNDS.latitude[0], 'Latitude must be in the UK, between 49.8 and 60.9')
      .max(UK_BOUNDS.latitude[1], 'Latitude must be in the UK, between 49.8 and 60.9')
      .optional(),
    longitude: z
      .number({ error: 'Longitude must be a number' })
      .min(UK_BOUNDS.longitude[0], 'Longitude must be in the UK, between -8.7 and 1.8')
      .max(UK_BOUNDS.longitude[1], 'Longitude must be in the UK, between -8.7 and 1.8')
      .optional(),
  })
  .strict()
  .refine((p) => (p.latitude === undefined) === (p.longitude === undefined), { message: 'Give both latitude and longitude, or neither', path: ['latitude'] })
export type PlaceWentInput = z.output<typeof placeWent>
export const MAX_PLACES_WENT = 10
const placesWent = z.array(placeWent).max(MAX_PLACES_WENT, `Give at most ${MAX_PLACES_WENT} places the child went`)

export const associate = z
  .object({
    personId: z.string().uuid('Associate person id must be a person id').optional(),
    name: optionalText('Associate name', 200),
    description: optionalText('Associate description', 500),
  })
  .strict()
  .refine((a) => a.personId || a.name || a.description, 'Give each associate a person id, a name or a description')
export type AssociateInput = z.output<typeof associate>

export const returnBody = z
  .object({
    returnedAt: instant('Time of return'),
    foundLocation: foundLocation.optional(),
    foundWith: z.array(associate).max(20, 'Give at most 20 associates').optional(),
    /** Where the child went while missing, as the police learnt it (recorded with source `police`). */
    placesWent: placesWent.optional(),
    returnMethod: optionalText('How the child returned', 500),
    returnCondition: optionalText('The child’s condition on return', 2000),
  })
  .strict()
export type ReturnInput = z.output<typeof returnBody>

export const regradeBody = z.object({ riskGrade, reason: optionalText('Reason for the new grade', 2000) }).strict()
export type RegradeInput = z.output<typeof regradeBody>

/** Referrals an RHI can make (reference data: where the partnership's pathways go). */
export const RHI_REFERRALS = ['exploitation-screening', 'mash', 'early-help', 'health', 'police', 'other'] as const
export const RHI_REFERRAL_LABELS: Record<(typeof RHI_REFERRALS)[number], string> = {
  'exploitation-screening': 'Exploitation screening',
  mash: 'MASH (a new contact)',
  'early-help': 'Early help',
  health: 'Health services',
  police: 'Police',
  other: 'Other',
}

export const returnInterviewBody = z
  .object({
    status: z.enum(RHI_STATUSES, { error: 'Select a status: due, offered, accepted, declined, completed or not-possible' }),
    statusReason: optionalText('Reason', 2000),
    offeredAt: instant('Time offered').optional(),
    heldAt: instant('Time of the interview').optional(),
    interviewerName: optionalText('Interviewer', 200),
    whyWent: optionalText('Why the child went missing', 5000),
    whereWent: optionalText('Where the child went', 5000),
    withWhom: optionalText('Who the child was with', 5000),
    harm: optionalText('Harm or threats', 5000),
    pushFactors: z.array(z.string().max(100)).max(30).optional(),
    pullFactors: z.array(z.string().max(100)).max(30).optional(),
    disclosures: optionalText('Disclosures', 5000),
    childsWords: optionalText('The child’s own words', 5000),
    actions: optionalText('Actions', 5000),
    referrals: z.array(z.enum(RHI_REFERRALS, { error: 'Select referrals from the list' })).max(10).optional(),
    carerInformation: optionalText('Information from carers', 5000),
    /** Places the child went while missing, as told at the interview: replaces the interview's places; absent leaves them as they are. */
    placesWent: placesWent.optional(),
  })
  .strict()
export type ReturnInterviewInput = z.output<typeof returnInterviewBody>

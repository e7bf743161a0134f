import { z } from 'zod'
import { AGENCY_TYPES, ROLE_PROFILES } from '../../platform/access/roles.ts'
import { ONE_LINE } from '../../platform/http/forms.ts'

/** The same rule as createUser (src/platform/auth/users.ts), so the form and the service agree. */
export const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/
export const EMAIL_FORMAT_MESSAGE = 'Enter an email address in the correct format, like name@example.org'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

const text = (missing: string, label: string, max: number) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max} characters or fewer`)
    .regex(ONE_LINE, `${label} must not include special characters such as tabs or line breaks`)

const email = (missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(320, 'Email address must be 320 characters or fewer').regex(EMAIL_PATTERN, EMAIL_FORMAT_MESSAGE)

/**
 * A partner agency. Seed §4: "a dedicated lead person in each partner organisation" — so each agency records its
 * named exploitation lead, and both the name and the email address are required.
 */
export const agencyFields = z
  .object({
    name: text('Enter the agency name', 'Agency name', 200),
    type: z.enum(AGENCY_TYPES, { error: 'Select the type of agency' }),
    area: z
      .string()
      .trim()
      .max(100, 'Area must be 100 characters or fewer')
      .regex(ONE_LINE, 'Area must not include special characters such as tabs or line breaks')
      .optional(),
    exploitationLeadName: text('Enter the name of the agency’s exploitation lead', 'Exploitation lead’s name', 200),
    exploitationLeadEmail: email('Enter the exploitation lead’s email address'),
  })
  .strict()
export type AgencyInput = z.output<typeof agencyFields>

export const teamFields = z.object({ name: text('Enter the team name', 'Team name', 200) }).strict()
export type TeamInput = z.output<typeof teamFields>

const roleProfile = z.enum(ROLE_PROFILES, { error: 'Select a role profile' })
const teamId = z.string({ error: 'Select a team' }).regex(UUID, 'Select a team')

export const roleProfileFields = z.object({ roleProfile, teamId }).strict()
export type RoleProfileInput = z.output<typeof roleProfileFields>

export const userFields = z
  .object({
    email: email('Enter an email address'),
    displayName: text('Enter the user’s full name', 'Full name', 200),
    roleProfile,
    teamId,
  })
  .strict()
export type UserInput = z.output<typeof userFields>

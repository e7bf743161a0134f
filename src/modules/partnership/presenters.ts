import { AGENCY_TYPE_LABELS, AGENCY_TYPES, ROLE_PROFILE_LABELS, ROLE_PROFILES, type AgencyType, type RoleProfile } from '../../platform/access/roles.ts'
import { formErrors, type FormErrors } from '../../platform/http/forms.ts'
import type { FieldError } from '../../platform/errors.ts'
import type { FormValues } from './forms.ts'
import type { Agency, RoleProfileRow, TeamChoice, UserRow } from './queries.ts'

export type UserStatus = 'active' | 'disabled' | 'locked'

export function userStatus(user: Pick<UserRow, 'disabledAt' | 'lockedUntil'>, now: Date): UserStatus {
  if (user.disabledAt) return 'disabled'
  if (user.lockedUntil && user.lockedUntil > now) return 'locked'
  return 'active'
}

export const STATUS_LABELS: Record<UserStatus, string> = { active: 'Active', disabled: 'Disabled', locked: 'Locked' }
const STATUS_TAG_CLASSES: Record<UserStatus, string> = { active: 'govuk-tag--green', disabled: 'govuk-tag--grey', locked: 'govuk-tag--orange' }

export function statusTag(status: UserStatus) {
  return { text: STATUS_LABELS[status], classes: STATUS_TAG_CLASSES[status] }
}

export function agencyTypeLabel(type: string): string {
  return AGENCY_TYPE_LABELS[type as AgencyType] ?? type
}

export function roleProfileLabel(roleProfile: string): string {
  return ROLE_PROFILE_LABELS[roleProfile as RoleProfile] ?? roleProfile
}

/** "Social worker — Exploitation and missing team, Children's social care (demo)" */
export function describeRoleProfile(p: Pick<RoleProfileRow, 'roleProfile' | 'teamName' | 'agencyName'>): string {
  return `${roleProfileLabel(p.roleProfile)} — ${p.teamName}, ${p.agencyName}`
}

/** What every form page needs: GOV.UK error summary, inline messages and the values to put back. */
export function formLocals(values: FormValues, errors: readonly FieldError[] = []): { values: FormValues; errors: FormErrors['summary']; fieldErrors: FormErrors['fields'] } {
  const { summary, fields } = formErrors(errors)
  return { values, errors: summary, fieldErrors: fields }
}

export function agencyTypeItems(selected: string | undefined) {
  return AGENCY_TYPES.map((value) => ({ value, text: AGENCY_TYPE_LABELS[value], checked: selected === value }))
}

export function roleProfileItems(selected: string | undefined) {
  return [{ value: '', text: 'Select a role profile', selected: !selected }, ...ROLE_PROFILES.map((value) => ({ value, text: ROLE_PROFILE_LABELS[value], selected: selected === value }))]
}

/** govukSelect has no option groups, so each team names its agency. */
export function teamItems(teams: readonly TeamChoice[], selected: string | undefined) {
  return [{ value: '', text: 'Select a team', selected: !selected }, ...teams.map((t) => ({ value: t.id, text: `${t.agencyName} — ${t.name}`, selected: selected === t.id }))]
}

export function agencyFormValues(agency: Agency): FormValues {
  return {
    name: agency.name,
    type: agency.type,
    area: agency.area ?? '',
    exploitationLeadName: agency.exploitationLeadName ?? '',
    exploitationLeadEmail: agency.exploitationLeadEmail ?? '',
  }
}

import type { CmeActionType, CmeClosureReason, CmeReason, CmeSource } from './schema.ts'

/** Words for the code lists (ADR 0016), in the order the forms offer them. */
export const CME_SOURCE_LABELS: Record<CmeSource, string> = {
  'removed-from-roll': 'School removed the child from its roll',
  admissions: 'School admissions (place not taken up or no application)',
  'other-local-authority': 'Another local authority',
  'other-agency': 'Another agency (health, police, social care, housing)',
  'parent-or-carer': 'Parent or carer',
  'member-of-public': 'Member of the public',
  other: 'Other',
}

export const CME_REASON_LABELS: Record<CmeReason, string> = {
  'removed-without-destination': 'Removed from roll with no known destination',
  'moved-away-unknown': 'Moved out of the area, new address or school not known',
  'not-taking-up-place': 'Not taking up an allocated school place',
  'home-education-concern': 'Elective home education: education not shown to be suitable',
  'excluded-not-in-ap': 'Permanently excluded and not attending alternative provision',
  other: 'Other',
}

export const CME_ACTION_LABELS: Record<CmeActionType, string> = {
  'home-visit': 'Home visit',
  'contact-family': 'Contact with the family',
  'contact-school': 'Enquiry with the last school',
  'contact-other-la': 'Enquiry with another local authority',
  'check-databases': 'Database checks (school to school, lost pupils, council tax, housing)',
  'contact-health': 'Enquiry with health',
  'contact-police': 'Enquiry with the police',
  'contact-social-care': 'Enquiry with children’s social care',
  other: 'Other',
}

export const CME_CLOSURE_LABELS: Record<CmeClosureReason, string> = {
  'registered-at-school': 'Registered at a school',
  'suitable-education-otherwise': 'Receiving suitable education otherwise than at school',
  'on-roll-elsewhere': 'Moved out of the area and confirmed on a school roll there',
  'left-country': 'Left the country (confirmed)',
  'end-of-compulsory-school-age': 'Reached the end of compulsory school age',
  other: 'Other (give details)',
}

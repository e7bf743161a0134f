/**
 * DfE "main" ethnicity codes (CIN census, SSDA903, school census main categories; DOMAIN.md §3.5, CONFIRMED).
 * Reference data, versioned with the code: a later collection year that changes the list adds a new version.
 */
export const ETHNICITY_CODES = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy/Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Caribbean',
  BAFR: 'African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
} as const
export type EthnicityCode = keyof typeof ETHNICITY_CODES
export const ETHNICITY_CODE_LIST = Object.keys(ETHNICITY_CODES) as EthnicityCode[]

export const GENDER_LABELS = { F: 'Female', M: 'Male', U: 'Not stated or not known' } as const

export const DOB_PRECISION_LABELS = {
  exact: 'Exact',
  month: 'Month and year known',
  year: 'Year known',
  estimated: 'Estimated',
} as const

export const NAME_KIND_LABELS = { current: 'Current name', previous: 'Previous name', alias: 'Also known as' } as const

export const IDENTIFIER_TYPE_LABELS = {
  'nhs-number': 'NHS number',
  upn: 'Unique pupil number (UPN)',
  'police-id': 'Police identifier (PNC or local)',
  'la-id': 'Local authority identifier',
  other: 'Other identifier',
} as const

export const CONTACT_TYPE_LABELS = { phone: 'Phone number', email: 'Email address', 'social-media': 'Social media' } as const

export const SOCIAL_MEDIA_LABELS = {
  snapchat: 'Snapchat',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  whatsapp: 'WhatsApp',
  facebook: 'Facebook',
  x: 'X (Twitter)',
  telegram: 'Telegram',
  discord: 'Discord',
  youtube: 'YouTube',
  other: 'Other',
} as const

/** What the other person is to the person whose record is open ("Parent", "Child", …). */
export const RELATIONSHIP_VIEW_LABELS = {
  parent: 'Parent',
  child: 'Child',
  carer: 'Carer',
  'cared-for': 'Cared for by this person',
  sibling: 'Sibling',
  associate: 'Associate',
  'person-of-concern': 'Person of concern',
  'at-risk': 'At risk from this person',
} as const

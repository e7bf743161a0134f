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

/**
 * The indicators and their dimensions (CONTRACTS.md §6, ADR 0017). The value lists are fixed here so that every
 * table shows every value, zero included: a 0 is a count, never "not recorded" (that is `count: null`).
 */
export const INDICATOR_IDS = ['cse-contacts', 'exploitation-contacts', 'missing-children', 'missing-episodes', 'return-interviews', 'panel-high-risk-cases'] as const
export type IndicatorId = (typeof INDICATOR_IDS)[number]

export const AGE_BANDS = ['under-10', '10-12', '13-15', '16-17', '18-plus', 'unknown'] as const
export const GENDERS = ['F', 'M', 'U'] as const
export const ETHNICITY_GROUPS = ['white', 'mixed', 'asian', 'black', 'other', 'unknown'] as const
export const REFERRING_AGENCIES = ['police', 'childrens-social-care', 'health', 'education', 'housing', 'probation', 'youth-offending', 'voluntary-sector', 'other'] as const
export const REFERRAL_SOURCES = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10'] as const
export const MISSING_FROM = ['home', 'care', 'education', 'other'] as const
export const EPISODE_FREQUENCIES = ['1', '2', '3-5', '6-10', '11-plus'] as const
export const EPISODE_LENGTHS = ['under-24h', '1-2-days', '3-7-days', 'over-7-days', 'still-missing'] as const
/** Return home interviews of the returns in the period: offered, completed, and each within the 72 hours. */
export const RHI_STAGES = ['offered', 'offered-within-72h', 'completed', 'completed-within-72h'] as const

export const DIMENSION_VALUES = {
  ageBand: AGE_BANDS,
  gender: GENDERS,
  ethnicity: ETHNICITY_GROUPS,
  referringAgency: REFERRING_AGENCIES,
  referralSource: REFERRAL_SOURCES,
  missingFrom: MISSING_FROM,
  episodeFrequency: EPISODE_FREQUENCIES,
  episodeLength: EPISODE_LENGTHS,
  stage: RHI_STAGES,
} as const
export type Dimension = keyof typeof DIMENSION_VALUES

export type IndicatorDefinition = {
  id: IndicatorId
  title: string
  /** For the trend table's column heading. */
  shortTitle: string
  /** What one counted unit is, for the page ("contacts", "children"…). */
  unit: string
  dimensions: readonly Dimension[]
  /** Not yet recorded anywhere in Lantern: every count is null. */
  notYetRecorded?: boolean
}

const PERSON = ['ageBand', 'gender', 'ethnicity'] as const

export const INDICATORS: readonly IndicatorDefinition[] = [
  { id: 'cse-contacts', title: 'MASH contacts associated with child sexual exploitation', shortTitle: 'CSE contacts', unit: 'contacts', dimensions: [...PERSON, 'referringAgency', 'referralSource'] },
  { id: 'exploitation-contacts', title: 'MASH contacts associated with any exploitation (CSE, CCE, trafficking, online abuse)', shortTitle: 'Exploitation contacts', unit: 'contacts', dimensions: [...PERSON, 'referringAgency', 'referralSource'] },
  { id: 'missing-children', title: 'Children who went missing', shortTitle: 'Children missing', unit: 'children', dimensions: [...PERSON, 'missingFrom', 'episodeFrequency'] },
  { id: 'missing-episodes', title: 'Missing episodes', shortTitle: 'Missing episodes', unit: 'episodes', dimensions: [...PERSON, 'missingFrom', 'episodeLength'] },
  { id: 'return-interviews', title: 'Return home interviews after returns in the period', shortTitle: 'Return interviews due', unit: 'returns with an interview due', dimensions: ['stage'] },
  { id: 'panel-high-risk-cases', title: 'High-risk cases presented at panels', shortTitle: 'Panel high-risk cases', unit: 'cases', dimensions: [], notYetRecorded: true },
]

export type IndicatorRow = { dimension: 'total' | Dimension; value: string | null; count: number | null }
export type Indicator = { id: IndicatorId; title: string; rows: IndicatorRow[] }
export type IndicatorSet = { from: string; to: string; indicators: Indicator[] }

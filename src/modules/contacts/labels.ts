import type { Channel, ConcernType, ContactStatus, DecisionOutcome, LawfulBasis, Rag, ReferralSource, SpecialCategoryCondition } from './schema.ts'

/** Words for the pages. Codes stay in the data and the API; people read these. */
export const CONCERN_LABELS: Record<ConcernType, string> = {
  CSE: 'Child sexual exploitation',
  CCE: 'Child criminal exploitation or county lines',
  trafficking: 'Trafficking or modern slavery',
  'online-abuse': 'Online abuse',
  missing: 'Going missing',
  other: 'Something else',
}

/** DfE CIN census referral sources (DOMAIN.md §3.1), worded for a form. */
export const REFERRAL_SOURCE_LABELS: Record<ReferralSource, string> = {
  '1A': 'Individual – family member, relative or carer',
  '1B': 'Individual – acquaintance (including neighbours and child minders)',
  '1C': 'Individual – the child themselves',
  '1D': 'Individual – other (including strangers)',
  '2A': 'Schools',
  '2B': 'Education services',
  '3A': 'Health services – GP',
  '3B': 'Health services – health visitor',
  '3C': 'Health services – school nurse',
  '3D': 'Health services – other primary health services',
  '3E': 'Health services – A&E',
  '3F': 'Health services – other (for example hospice)',
  '4': 'Housing – local authority housing or housing association',
  '5A': 'LA services – social care (for example adult social care)',
  '5B': 'LA services – other internal (for example youth offending, not housing)',
  '5C': "LA services – external (for example another council's adult social care)",
  '5D': 'LA services – early help',
  '6': 'Police',
  '7': 'Other legal agency (courts, probation, immigration, CAFCASS, prison)',
  '8': "Other (children's centres, independent providers, voluntary organisations)",
  '9': 'Anonymous',
  '10': 'Unknown',
}

export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  'public-task': 'Public task (UK GDPR Article 6(1)(e))',
  'legal-obligation': 'Legal obligation (UK GDPR Article 6(1)(c))',
  'vital-interests': 'Vital interests (UK GDPR Article 6(1)(d)) – an emergency',
  consent: 'Consent (UK GDPR Article 6(1)(a))',
}

export const SPECIAL_CATEGORY_LABELS: Record<SpecialCategoryCondition, string> = {
  'safeguarding-children': 'Safeguarding of children and individuals at risk (DPA 2018 Schedule 1 paragraph 18)',
  'substantial-public-interest': 'Another substantial public interest condition (DPA 2018 Schedule 1 Part 2)',
  'vital-interests': 'Vital interests (UK GDPR Article 9(2)(c))',
  'explicit-consent': 'Explicit consent (UK GDPR Article 9(2)(a))',
}

export const STATUS_LABELS: Record<ContactStatus, string> = {
  'awaiting-triage': 'Awaiting triage',
  'in-triage': 'In triage',
  'awaiting-decision': 'Awaiting decision',
  decided: 'Decided',
  closed: 'Closed',
}

export const STATUS_TAG_CLASSES: Record<ContactStatus, string> = {
  'awaiting-triage': 'govuk-tag--light-blue',
  'in-triage': 'govuk-tag--blue',
  'awaiting-decision': 'govuk-tag--purple',
  decided: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
}

export const RAG_LABELS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' }
export const RAG_TAG_CLASSES: Record<Rag, string> = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' }

export const OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  'no-further-action': 'No further action',
  'universal-services': 'Signpost to universal services',
  'early-help': 'Early help',
  'assessment-s17': 'Child and family assessment (section 17)',
  'strategy-discussion-s47': 'Strategy discussion (section 47)',
  'police-action': 'Police action',
  'exploitation-screening': 'Exploitation screening',
  'missing-follow-up': 'Missing-episode follow-up',
}

export const CHANNEL_LABELS: Record<Channel, string> = { online: 'Report a concern (online)', phone: 'MASH phone line', api: 'Agency system' }

/** Short forms for the queue's narrow column. */
export const CONCERN_SHORT_LABELS: Record<ConcernType, string> = { CSE: 'CSE', CCE: 'CCE', trafficking: 'Trafficking', 'online-abuse': 'Online abuse', missing: 'Missing', other: 'Other' }

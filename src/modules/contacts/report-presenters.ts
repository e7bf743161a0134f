import { formatDate } from '../../platform/views/index.ts'
import type { Draft } from './draft.ts'
import { CONCERN_LABELS, LAWFUL_BASIS_LABELS, REFERRAL_SOURCE_LABELS, SPECIAL_CATEGORY_LABELS } from './labels.ts'
import type { ConcernType, LawfulBasis, ReferralSource, SpecialCategoryCondition } from './schema.ts'

const BASE = '/report-a-concern'

/** Check your answers: one summary card per question group, each row with its Change link. */
export function presentCheckAnswers(draft: Draft) {
  const a = (k: string) => String(draft.answers[k] ?? '')
  const row = (key: string, value: string, step: string) => ({
    key: { text: key },
    value: { text: value || 'Not given' },
    actions: { items: [{ href: `${BASE}/${step}`, text: 'Change', visuallyHiddenText: key.toLowerCase() }] },
  })
  const dob = a('dateOfBirth-year') ? formatDate(`${a('dateOfBirth-year')}-${a('dateOfBirth-month').padStart(2, '0')}-${a('dateOfBirth-day').padStart(2, '0')}`) : ''
  const concerns = ((draft.answers.concernTypes as string[] | undefined) ?? []).map((c) => CONCERN_LABELS[c as ConcernType] ?? c)
  const special = a('specialCategoryCondition')
  const sections = [
    {
      title: 'The child',
      rows: [
        row('Name', `${a('givenName')} ${a('familyName')}`.trim(), 'child'),
        row('Date of birth', dob, 'child'),
        row('Gender', { F: 'Female', M: 'Male', U: 'Unknown or other' }[a('gender')] ?? '', 'child'),
        row('Address', [a('address'), a('postcode')].filter(Boolean).join(', '), 'home'),
        row('Family and household', a('household'), 'home'),
      ],
    },
    {
      title: 'The concern',
      rows: [
        row('Concerns', concerns.join(', ') + (a('concernOther') && concerns.length && (draft.answers.concernTypes as string[]).includes('other') ? ` (${a('concernOther')})` : ''), 'concerns'),
        row('What has happened', a('narrative'), 'what-happened'),
        row("The child's own words", a('childsWords'), 'childs-words'),
        row('At risk of harm right now', a('immediateRisk') === 'yes' ? 'Yes' : a('immediateRisk') === 'no' ? 'No' : '', 'immediate-risk'),
      ],
    },
    {
      title: 'The referral',
      rows: [
        ...(draft.channel === 'phone' ? [row('Caller', [a('callerName'), a('callerAgency'), a('callerContact')].filter(Boolean).join(', '), 'caller')] : []),
        row('Referral source', a('referralSource') ? `${REFERRAL_SOURCE_LABELS[a('referralSource') as ReferralSource]} (${a('referralSource')})` : '', 'referral-source'),
        row('Lawful basis for sharing', LAWFUL_BASIS_LABELS[a('lawfulBasis') as LawfulBasis] ?? '', 'sharing'),
        row('Special category information', special === 'none' ? 'None shared' : (SPECIAL_CATEGORY_LABELS[special as SpecialCategoryCondition] ?? ''), 'sharing'),
        row('Child or family told', a('familyInformed') === 'yes' ? 'Yes' : a('familyInformed') === 'no' ? `No – ${a('familyNotInformedReason')}` : '', 'sharing'),
      ],
    },
  ]
  return sections
}

import { z } from 'zod'
import { zodFieldErrors } from '../../platform/http/forms.ts'
import type { FieldError } from '../../platform/errors.ts'
import { concernTypes, narrative, personName } from './schemas.ts'
import { isRealDate, isValidPostcode, normalisePostcode } from '../people/index.ts'
import { CHILD_GENDERS, LAWFUL_BASES, REFERRAL_SOURCES, SPECIAL_CATEGORY_CONDITIONS, type Channel } from './schema.ts'
import type { ReportInput } from './service.ts'

/**
 * The "report a concern" question pages (GOV.UK one thing per page). Each step reads its form into answers (plain
 * strings and string lists, as the draft keeps them) or GOV.UK errors; check your answers turns the whole draft
 * into the service's input, which validates everything again.
 */
export type Answers = Record<string, string | string[]>
export type StepName = 'caller' | 'child' | 'home' | 'concerns' | 'what-happened' | 'childs-words' | 'immediate-risk' | 'referral-source' | 'sharing'
export type Step = { name: StepName; title: string; phoneOnly?: boolean; read(body: Record<string, unknown>): { answers: Answers; errors: FieldError[] } }

const s = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 10_000) : '')
const list = (v: unknown) => (Array.isArray(v) ? v.map(s) : typeof v === 'string' && v ? [s(v)] : [])
const optional = (max: number, label: string) => z.string().max(max, `${label} must be ${max} characters or fewer`)

function check(schema: z.ZodType, answers: Answers): FieldError[] {
  const parsed = schema.safeParse(answers)
  return parsed.success ? [] : zodFieldErrors(parsed.error)
}

const dateOfBirth = (answers: Answers): FieldError[] => {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => String(answers[`dateOfBirth-${p}`] ?? ''))
  if (!d && !m && !y) return [{ field: 'dateOfBirth', message: "Enter the child's date of birth" }]
  if (!d || !m || !y) return [{ field: 'dateOfBirth', message: "The child's date of birth must include a day, month and year" }]
  const iso = `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  return /^\d{4}$/.test(y) && isRealDate(iso) ? [] : [{ field: 'dateOfBirth', message: "The child's date of birth must be a real date" }]
}

export const STEPS: readonly Step[] = [
  {
    name: 'caller',
    title: 'Who is calling?',
    phoneOnly: true,
    read: (b) => {
      const answers = { callerName: s(b.callerName), callerAgency: s(b.callerAgency), callerContact: s(b.callerContact) }
      return { answers, errors: check(z.object({ callerName: z.string().min(1, "Enter the caller's name, or Anonymous").max(200, 'The name must be 200 characters or fewer'), callerAgency: optional(200, 'Who they are'), callerContact: optional(200, 'The phone number') }), answers) }
    },
  },
  {
    name: 'child',
    title: 'Which child are you worried about?',
    read: (b) => {
      const answers = { givenName: s(b.givenName), familyName: s(b.familyName), 'dateOfBirth-day': s(b['dateOfBirth-day']), 'dateOfBirth-month': s(b['dateOfBirth-month']), 'dateOfBirth-year': s(b['dateOfBirth-year']), gender: s(b.gender) }
      const errors = check(z.object({ givenName: personName("The child's first name", "the child's first name"), familyName: personName("The child's last name", "the child's last name") }), answers)
      errors.push(...dateOfBirth(answers))
      if (!(CHILD_GENDERS as readonly string[]).includes(answers.gender)) errors.push({ field: 'gender', message: "Select the child's gender" })
      return { answers, errors }
    },
  },
  {
    name: 'home',
    title: 'Where does the child live, and who with?',
    read: (b) => {
      const answers = { address: s(b.address), postcode: s(b.postcode), household: s(b.household) }
      const errors = check(z.object({ address: optional(300, 'The address'), household: optional(2000, 'The family and household') }), answers)
      if (answers.postcode && !isValidPostcode(answers.postcode)) errors.push({ field: 'postcode', message: 'Enter a real postcode, like PE1 2AB' })
      return { answers: { ...answers, postcode: answers.postcode ? normalisePostcode(answers.postcode) : '' }, errors }
    },
  },
  {
    name: 'concerns',
    title: 'What are you worried about?',
    read: (b) => {
      const answers = { concernTypes: list(b.concernTypes), concernOther: s(b.concernOther) }
      const errors = check(z.object({ concernTypes, concernOther: optional(500, 'What the other concern is') }), answers)
      if (answers.concernTypes.includes('other') && !answers.concernOther) errors.push({ field: 'concernOther', message: 'Enter what the other concern is' })
      return { answers, errors }
    },
  },
  { name: 'what-happened', title: 'What has happened?', read: (b) => ({ answers: { narrative: s(b.narrative) }, errors: check(z.object({ narrative }), { narrative: s(b.narrative) }) }) },
  {
    name: 'childs-words',
    title: 'What has the child said?',
    read: (b) => ({ answers: { childsWords: s(b.childsWords) }, errors: check(z.object({ childsWords: optional(5000, "The child's words") }), { childsWords: s(b.childsWords) }) }),
  },
  {
    name: 'immediate-risk',
    title: 'Is the child at risk of harm right now?',
    read: (b) => {
      const answers = { immediateRisk: s(b.immediateRisk) }
      return { answers, errors: ['yes', 'no'].includes(answers.immediateRisk) ? [] : [{ field: 'immediateRisk', message: 'Select yes if the child is at risk of harm right now' }] }
    },
  },
  {
    name: 'referral-source',
    title: 'Who is making this referral?',
    read: (b) => {
      const answers = { referralSource: s(b.referralSource) }
      return { answers, errors: (REFERRAL_SOURCES as readonly string[]).includes(answers.referralSource) ? [] : [{ field: 'referralSource', message: 'Select who is making this referral' }] }
    },
  },
  {
    name: 'sharing',
    title: 'Sharing this information',
    read: (b) => {
      const answers = { lawfulBasis: s(b.lawfulBasis), specialCategoryCondition: s(b.specialCategoryCondition), familyInformed: s(b.familyInformed), familyNotInformedReason: s(b.familyNotInformedReason) }
      const errors: FieldError[] = []
      if (!(LAWFUL_BASES as readonly string[]).includes(answers.lawfulBasis)) errors.push({ field: 'lawfulBasis', message: 'Select the lawful basis for sharing this information' })
      if (!['none', ...SPECIAL_CATEGORY_CONDITIONS].includes(answers.specialCategoryCondition)) errors.push({ field: 'specialCategoryCondition', message: 'Select whether you are sharing special category information, and the condition' })
      if (!['yes', 'no'].includes(answers.familyInformed)) errors.push({ field: 'familyInformed', message: 'Select yes if the child or family know about this referral' })
      if (answers.familyInformed === 'no' && !answers.familyNotInformedReason) errors.push({ field: 'familyNotInformedReason', message: 'Enter why the child or family have not been told' })
      if (answers.familyNotInformedReason.length > 2000) errors.push({ field: 'familyNotInformedReason', message: 'The reason must be 2,000 characters or fewer' })
      return { answers, errors }
    },
  },
]

export const stepsFor = (channel: Channel): Step[] => STEPS.filter((step) => !step.phoneOnly || channel === 'phone')
export const findStep = (name: string) => STEPS.find((step) => step.name === name)

/** The DfE referral source an agency's practitioners usually are (a default the referrer can change). */
export const DEFAULT_SOURCE_BY_AGENCY: Record<string, string> = { education: '2A', health: '3D', police: '6', housing: '4', 'childrens-social-care': '5A', 'youth-offending': '5B', probation: '7', 'voluntary-sector': '8' }

/** The first question not answered yet (or check your answers when none is left). */
export function nextUnanswered(answers: Answers, channel: Channel): StepName | 'check' {
  for (const step of stepsFor(channel)) if (step.read(answers as Record<string, unknown>).errors.length > 0) return step.name
  return 'check'
}

/** The whole draft as the service's input. */
export function reportInput(answers: Answers, channel: Channel): ReportInput {
  const a = (k: string) => String(answers[k] ?? '')
  const dob = `${a('dateOfBirth-year')}-${a('dateOfBirth-month').padStart(2, '0')}-${a('dateOfBirth-day').padStart(2, '0')}`
  const opt = (k: string) => a(k) || undefined
  return {
    channel,
    child: { givenName: a('givenName'), familyName: a('familyName'), dateOfBirth: dob, gender: a('gender') as 'F', address: opt('address'), postcode: opt('postcode') },
    household: opt('household'),
    concernTypes: (answers.concernTypes as ReportInput['concernTypes'] | undefined) ?? [],
    concernOther: (answers.concernTypes as string[] | undefined)?.includes('other') ? opt('concernOther') : undefined,
    referralSource: a('referralSource') as ReportInput['referralSource'],
    narrative: a('narrative'),
    childsWords: opt('childsWords'),
    immediateRisk: a('immediateRisk') === 'yes',
    lawfulBasis: a('lawfulBasis') as ReportInput['lawfulBasis'],
    specialCategoryCondition: a('specialCategoryCondition') === 'none' ? undefined : (a('specialCategoryCondition') as ReportInput['specialCategoryCondition']),
    familyInformed: a('familyInformed') === 'yes',
    familyNotInformedReason: a('familyInformed') === 'no' ? opt('familyNotInformedReason') : undefined,
    ...(channel === 'phone' ? { caller: { name: a('callerName'), agency: opt('callerAgency'), contact: opt('callerContact') } } : {}),
  }
}

import { authorize } from '../../platform/access/engine.ts'
import type { Ctx } from '../../platform/context/index.ts'
import type { FieldError } from '../../platform/errors.ts'
import { CONTACTS } from './policy.ts'
import type { RagTimescales } from './rules.ts'
import { RAGS, contactSettings } from './schema.ts'
import { loadContactSettings, type ContactSettings } from './settings.ts'

/**
 * Editing the MASH timescales (issue 4, ADR 0011): decision timescales and research deadlines by RAG, in whole
 * hours, and the repeat-contact window in days. Configuration, so the system administrator's (CONTRACTS.md §1); the
 * MASH manager reads them. A change applies to contacts rated (and requests asked) afterwards: a due time already
 * set is a promise made to the child's case and is not moved. Audited with the old and new values.
 */
export const MAX_TIMESCALE_HOURS = 720 // 30 days: beyond that a "timescale" stops meaning anything for a front door
export const MAX_REPEAT_WINDOW_DAYS = 730
export const SETTINGS_FIELDS = ['ragRed', 'ragAmber', 'ragGreen', 'researchRed', 'researchAmber', 'researchGreen', 'repeatContactWindowDays'] as const
export type SettingsValues = Record<(typeof SETTINGS_FIELDS)[number], string>

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const field = (kind: 'rag' | 'research', rag: string) => `${kind}${cap(rag)}`

export function settingsValues(s: ContactSettings): SettingsValues {
  return {
    ragRed: String(s.ragTimescaleHours.red),
    ragAmber: String(s.ragTimescaleHours.amber),
    ragGreen: String(s.ragTimescaleHours.green),
    researchRed: String(s.researchTimescaleHours.red),
    researchAmber: String(s.researchTimescaleHours.amber),
    researchGreen: String(s.researchTimescaleHours.green),
    repeatContactWindowDays: String(s.repeatContactWindowDays),
  }
}

/** A whole number in [min, max] typed into a box, or the GOV.UK message for what is wrong with it. */
function whole(raw: string, name: string, unit: 'hours' | 'days', max: number): { value?: number; message?: string } {
  const text = raw.trim()
  if (text === '') return { message: `Enter the ${name} in ${unit}` }
  if (!/^\d+$/.test(text)) return { message: `The ${name} must be a whole number of ${unit}, like ${unit === 'hours' ? '24' : '365'}` }
  const value = Number(text)
  if (value < 1 || value > max) return { message: `The ${name} must be between 1 and ${max} ${unit}` }
  return { value }
}

/** Validate the form: each box on its own, then red ≤ amber ≤ green, then each research deadline inside its decision timescale. */
export function parseSettingsForm(values: SettingsValues): { settings?: ContactSettings; errors: FieldError[] } {
  const errors: FieldError[] = []
  const read = (kind: 'rag' | 'research'): Partial<RagTimescales> => {
    const out: Partial<RagTimescales> = {}
    for (const rag of RAGS) {
      const name = kind === 'rag' ? `${rag} decision timescale` : `${rag} research deadline`
      const r = whole(values[field(kind, rag) as keyof SettingsValues], name, 'hours', MAX_TIMESCALE_HOURS)
      if (r.message) errors.push({ field: field(kind, rag), message: r.message })
      else out[rag] = r.value
    }
    return out
  }
  const rag = read('rag')
  const research = read('research')
  const window = whole(values.repeatContactWindowDays, 'repeat contact window', 'days', MAX_REPEAT_WINDOW_DAYS)
  if (window.message) errors.push({ field: 'repeatContactWindowDays', message: window.message })
  for (const [kind, hours, noun] of [['rag', rag, 'decision timescale'], ['research', research, 'research deadline']] as const) {
    if (hours.red !== undefined && hours.amber !== undefined && hours.amber < hours.red) errors.push({ field: field(kind, 'amber'), message: `The amber ${noun} must be the same as or longer than red (${hours.red} hours)` })
    if (hours.amber !== undefined && hours.green !== undefined && hours.green < hours.amber) errors.push({ field: field(kind, 'green'), message: `The green ${noun} must be the same as or longer than amber (${hours.amber} hours)` })
  }
  for (const r of RAGS) {
    const limit = rag[r]
    const asked = research[r]
    if (limit !== undefined && asked !== undefined && asked > limit) errors.push({ field: field('research', r), message: `The ${r} research deadline must be no longer than the ${r} decision timescale (${limit} hours), so answers arrive before the decision` })
  }
  if (errors.length > 0) return { errors }
  return { settings: { ragTimescaleHours: rag as RagTimescales, researchTimescaleHours: research as RagTimescales, repeatContactWindowDays: window.value as number }, errors }
}

export async function viewContactSettings(ctx: Ctx): Promise<ContactSettings> {
  authorize(ctx, 'contacts.settings.view', CONTACTS)
  return loadContactSettings(ctx.tx)
}

/** Write the rows that changed; one audit event lists them with their old and new values (no personal data). */
export async function saveContactSettings(ctx: Ctx, input: ContactSettings): Promise<string[]> {
  authorize(ctx, 'contacts.settings.manage', CONTACTS)
  const current = await loadContactSettings(ctx.tx)
  const keys = (['ragTimescaleHours', 'researchTimescaleHours', 'repeatContactWindowDays'] as const).filter((k) => JSON.stringify(current[k]) !== JSON.stringify(input[k]))
  if (keys.length === 0) return []
  const updatedBy = ctx.actor.kind === 'user' ? ctx.actor.userId : null
  for (const key of keys) {
    const value = input[key]
    await ctx.tx.insert(contactSettings).values({ key, value, updatedAt: ctx.now, updatedBy }).onConflictDoUpdate({ target: contactSettings.key, set: { value, updatedAt: ctx.now, updatedBy } })
  }
  ctx.audit.record({
    action: 'contacts.settings.updated',
    outcome: 'succeeded',
    resourceType: 'contact-settings',
    details: { fields: keys, before: Object.fromEntries(keys.map((k) => [k, current[k]])), after: Object.fromEntries(keys.map((k) => [k, input[k]])) },
  })
  return keys
}

import { eq } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import type { Ctx } from '../../platform/context/index.ts'
import type { FieldError } from '../../platform/errors.ts'
import { MISSING_SETTINGS } from './policy.ts'
import { RISK_GRADES, missingSettings, type RiskGrade } from './schema.ts'
import { loadMissingSettings, type Factor, type MissingSettings } from './settings.ts'

/**
 * Editing the partnership's missing settings (ADR 0012): "no child below …" and the push and pull factor lists
 * (DOMAIN.md §1.3, LOCAL). Configuration, never case data: the system administrator's (CONTRACTS.md §1). A factor
 * keeps its code while its label is unchanged (so interviews already recorded still show it); a new label gets a
 * code made from it. Changes are audited with old and new values (labels and grades, no personal data).
 */
export type SettingsInput = Pick<MissingSettings, 'minimumChildRiskGrade' | 'pushFactors' | 'pullFactors'>
export const MAX_FACTORS = 30

const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)

/** One label per line → a factor list, keeping the codes of labels already in `current`. */
export function parseFactors(raw: unknown, current: readonly Factor[], field: string, name: string): { factors: Factor[]; errors: FieldError[] } {
  const lines = (typeof raw === 'string' ? raw : '')
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '')
  if (lines.length === 0) return { factors: [], errors: [{ field, message: `Enter at least one ${name}, one on each line` }] }
  if (lines.length > MAX_FACTORS) return { factors: [], errors: [{ field, message: `Enter ${MAX_FACTORS} ${name}s or fewer` }] }
  const factors: Factor[] = []
  for (const label of lines) {
    if (label.length > 100) return { factors: [], errors: [{ field, message: `Each ${name} must be 100 characters or fewer` }] }
    const code = current.find((f) => f.label.toLowerCase() === label.toLowerCase())?.code ?? slug(label)
    if (code === '') return { factors: [], errors: [{ field, message: `Each ${name} must contain letters or numbers` }] }
    if (factors.some((f) => f.code === code)) return { factors: [], errors: [{ field, message: `Each ${name} must be different: “${label}” is listed twice` }] }
    factors.push({ code, label })
  }
  return { factors, errors: [] }
}

export function parseSettingsForm(body: unknown, current: MissingSettings): { input?: SettingsInput; errors: FieldError[] } {
  const raw = (body ?? {}) as Record<string, unknown>
  const errors: FieldError[] = []
  const minimum = raw.minimumChildRiskGrade
  if (minimum !== 'off' && !(typeof minimum === 'string' && (RISK_GRADES as readonly string[]).includes(minimum))) {
    errors.push({ field: 'minimumChildRiskGrade', message: 'Select the lowest police risk grade a child may be given, or no minimum' })
  }
  const push = parseFactors(raw.pushFactors, current.pushFactors, 'pushFactors', 'push factor')
  const pull = parseFactors(raw.pullFactors, current.pullFactors, 'pullFactors', 'pull factor')
  errors.push(...push.errors, ...pull.errors)
  if (errors.length > 0) return { errors }
  return { input: { minimumChildRiskGrade: minimum === 'off' ? null : (minimum as RiskGrade), pushFactors: push.factors, pullFactors: pull.factors }, errors }
}

export async function viewMissingSettings(ctx: Ctx): Promise<MissingSettings> {
  authorize(ctx, 'missing.settings.manage', MISSING_SETTINGS)
  return loadMissingSettings(ctx.tx)
}

/** Save what changed (a minimum of "off" removes the row, which is the default); audited with old and new values. */
export async function saveMissingSettings(ctx: Ctx, input: SettingsInput): Promise<string[]> {
  const current = await viewMissingSettings(ctx)
  const shown = (k: keyof SettingsInput, s: SettingsInput) => (k === 'minimumChildRiskGrade' ? s.minimumChildRiskGrade : s[k].map((f) => f.label))
  const keys = (['minimumChildRiskGrade', 'pushFactors', 'pullFactors'] as const).filter((k) => JSON.stringify(current[k]) !== JSON.stringify(input[k]))
  if (keys.length === 0) return []
  const updatedBy = ctx.actor.kind === 'user' ? ctx.actor.userId : null
  for (const key of keys) {
    const value = input[key]
    if (value === null) await ctx.tx.delete(missingSettings).where(eq(missingSettings.key, key))
    else await ctx.tx.insert(missingSettings).values({ key, value, updatedAt: ctx.now, updatedBy }).onConflictDoUpdate({ target: missingSettings.key, set: { value, updatedAt: ctx.now, updatedBy } })
  }
  ctx.audit.record({
    action: 'missing.settings.updated',
    outcome: 'succeeded',
    resourceType: 'missing-settings',
    details: { fields: keys, before: Object.fromEntries(keys.map((k) => [k, shown(k, current)])), after: Object.fromEntries(keys.map((k) => [k, shown(k, input)])) },
  })
  return keys
}

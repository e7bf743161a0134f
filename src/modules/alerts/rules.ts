import type { AlertPopulation, AlertTrigger, AlertType } from './schema.ts'

/** An alert gives its owner a relationship to the child for 30 days (CONTRACTS.md §2). */
export const ALERT_RELATIONSHIP_DAYS = 30

export type AlertRule = {
  key: string
  alertType: AlertType
  trigger: AlertTrigger
  windowDays: number | null
  minEpisodes: number | null
  minHours: number | null
  grades: string[] | null
  population: AlertPopulation
  action: string
  ownerRole: string
  active: boolean
}

/**
 * The partnership defaults (DOMAIN.md §1.4, LOCAL): a row of alert_rules with the same key replaces one, and
 * `active = false` switches it off. All three owned by the exploitation lead role (CONTRACTS.md §6).
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    key: 'repeat-missing',
    alertType: 'repeat-missing',
    trigger: 'episode-count',
    windowDays: 30,
    minEpisodes: 3,
    minHours: null,
    grades: null,
    population: 'all',
    action: 'Consider a strategy meeting',
    ownerRole: 'exploitation-lead',
    active: true,
  },
  {
    key: 'high-risk-missing',
    alertType: 'high-risk-missing',
    trigger: 'risk-grade',
    windowDays: null,
    minEpisodes: null,
    minHours: null,
    grades: ['high'],
    population: 'all',
    action: 'Escalate: a missing child graded high risk',
    ownerRole: 'exploitation-lead',
    active: true,
  },
  {
    key: 'missing-from-care-24h',
    alertType: 'missing-from-care-24h',
    trigger: 'duration',
    windowDays: null,
    minEpisodes: null,
    minHours: 24,
    grades: null,
    population: 'looked-after',
    action: 'Review the care plan: a looked-after child missing for over 24 hours',
    ownerRole: 'exploitation-lead',
    active: true,
  },
]

/** Code defaults overlaid with configuration rows (by key); inactive rules dropped. */
export function effectiveRules(rows: readonly AlertRule[]): AlertRule[] {
  const byKey = new Map<string, AlertRule>(DEFAULT_ALERT_RULES.map((r) => [r.key, r]))
  for (const row of rows) byKey.set(row.key, row)
  return [...byKey.values()].filter((r) => r.active)
}

export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  'repeat-missing': 'Repeat missing',
  'high-risk-missing': 'High-risk missing',
  'missing-from-care-24h': 'Missing from care over 24 hours',
}

import type { ChronologyItem } from '../people/index.ts'

/** Words for the chronology item types the partnership's modules use (an unknown type shows as itself). */
export const TYPE_LABELS: Record<string, string> = {
  contact: 'Contact',
  'missing-episode': 'Missing episode',
  return: 'Return',
  'return-interview': 'Return home interview',
  screening: 'Screening',
  case: 'Case',
  plan: 'Plan',
  note: 'Case note',
  voice: 'Child’s voice',
  alert: 'Alert',
}

export const typeLabel = (type: string) => TYPE_LABELS[type] ?? type.replace(/-/g, ' ')

/** CONTRACTS.md §6 chronology item `{at, type, agency, summary}`; `agency` is the source agency's name. */
export function presentItemJson(i: ChronologyItem) {
  return { at: i.at.toISOString(), type: i.type, agency: i.agency?.name ?? null, agencyType: i.agency?.type ?? null, summary: i.summary, sourceId: i.sourceId }
}

/** The MOJ timeline's items. */
export function presentTimeline(items: readonly ChronologyItem[]) {
  return items.map((i) => ({
    label: { text: typeLabel(i.type) },
    byline: { text: i.agency?.name ?? 'agency not recorded' },
    datetime: { timestamp: i.at.toISOString(), type: 'datetime' },
    html: undefined,
    text: i.summary,
    href: i.href,
    attributes: { 'data-qa': `chronology-${i.type}` },
  }))
}

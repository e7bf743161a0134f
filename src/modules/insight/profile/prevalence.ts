import { sql } from 'drizzle-orm'
import type { Tx } from '../../../platform/db/client.ts'
import { queryRows } from '../../../platform/db/rows.ts'
import type { DataTable } from '../../../platform/outputs/table.ts'
import type { Period } from '../period.ts'
import { inPeriod, notSealed, num, percent } from './agencies.ts'

/**
 * Prevalence of core risk indicators (issue 7 point 2, seed §6.4): from exploitation screenings completed in the
 * period, each child's latest screening in the period (so a child screened twice counts once, as they stood at
 * the end of the period). For each indicator of the screening tool: in how many of those screenings it was
 * ticked, and the share. Indicators are listed from the tool versions those screenings used (their label and
 * category from the newest such version), or from the current tool when there is no screening.
 * The categories and levels are those of the exploitation module (CONTRACTS.md §6), written out here because a
 * module never imports another's schema.
 */
const CATEGORIES = ['vulnerability', 'cse', 'cce', 'online', 'trafficking'] as const
const CATEGORY_LABELS: Record<string, string> = {
  vulnerability: 'Vulnerabilities (context)',
  cse: 'Child sexual exploitation',
  cce: 'Child criminal exploitation',
  online: 'Online exploitation',
  trafficking: 'Trafficking and modern slavery',
}
export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const
const LEVEL_LABELS: Record<(typeof RISK_LEVELS)[number], string> = { none: 'No risk identified', low: 'Low', medium: 'Medium', high: 'High' }

export const PREVALENCE_TABLE_IDS = { indicators: 'prevalence-indicators', levels: 'prevalence-levels' } as const

type ToolIndicator = { code: string; label: string; category: string }
export type Prevalence = {
  screenings: number
  indicators: Array<ToolIndicator & { present: number }>
  levels: Array<{ level: (typeof RISK_LEVELS)[number]; band: number; final: number }>
}

const latestCte = (period: Period) => sql`latest as (
  select distinct on (s.person_id) s.id, s.indicators, s.tool_version_id, s.band_level, s.risk_level
  from screenings s where ${inPeriod(sql`s.assessed_at`, period)} and ${notSealed(sql`s.person_id`)}
  order by s.person_id, s.assessed_at desc, s.id desc)`

export async function prevalence(tx: Tx, period: Period): Promise<Prevalence> {
  const [totals] = await queryRows<Record<string, unknown>>(tx, sql`with ${latestCte(period)} select count(*)::int as n from latest`)
  const present = await queryRows<{ code: string; n: number | string }>(
    tx,
    sql`with ${latestCte(period)} select i.code, count(distinct l.id)::int as n from latest l cross join lateral jsonb_array_elements_text(l.indicators) as i(code) group by i.code`,
  )
  const levels = await queryRows<{ level: string; band: number | string; final: number | string }>(
    tx,
    sql`with ${latestCte(period)} select v.level, (select count(*) from latest where band_level = v.level)::int as band, (select count(*) from latest where risk_level = v.level)::int as final
      from (values ('none'), ('low'), ('medium'), ('high')) v(level)`,
  )
  // The tool versions used (or the current one): small configuration rows.
  const versions = await queryRows<{ version: number; indicators: ToolIndicator[] }>(
    tx,
    sql`with ${latestCte(period)} select t.version, t.indicators from screening_tool_versions t
      where t.id in (select tool_version_id from latest) or (not exists (select 1 from latest) and t.version = (select max(version) from screening_tool_versions))
      order by t.version`,
  )
  const tool = new Map<string, ToolIndicator>()
  for (const v of versions) for (const i of v.indicators) tool.set(i.code, { code: i.code, label: i.label, category: i.category })
  const counts = new Map(present.map((r) => [r.code, Number(r.n)]))
  // An indicator ticked that no version lists (should not happen) is still counted, under its code.
  for (const code of counts.keys()) if (!tool.has(code)) tool.set(code, { code, label: code, category: 'other' })
  const rank = (c: string) => (CATEGORIES.indexOf(c as (typeof CATEGORIES)[number]) + CATEGORIES.length + 1) % (CATEGORIES.length + 1)
  const indicators = [...tool.values()].map((i) => ({ ...i, present: counts.get(i.code) ?? 0 }))
  // Grouped by category in the tool's order, then by prevalence (most common first).
  indicators.sort((a, b) => rank(a.category) - rank(b.category) || b.present - a.present || a.label.localeCompare(b.label))
  const byLevel = new Map(levels.map((r) => [r.level, r]))
  return {
    screenings: num(totals?.n),
    indicators,
    levels: RISK_LEVELS.map((level) => ({ level, band: num(byLevel.get(level)?.band), final: num(byLevel.get(level)?.final) })),
  }
}

export function prevalenceDataTables(p: Prevalence): DataTable[] {
  return [
    {
      id: PREVALENCE_TABLE_IDS.indicators,
      title: `Core risk indicators present in screenings (${p.screenings.toLocaleString('en-GB')} children’s latest screenings)`,
      columns: [
        { key: 'category', header: 'Category' },
        { key: 'indicator', header: 'Indicator' },
        { key: 'present', header: 'Screenings with the indicator', numeric: true },
        { key: 'percent', header: '% of screenings', numeric: true },
      ],
      rows: p.indicators.map((i) => ({ category: CATEGORY_LABELS[i.category] ?? 'Other', indicator: i.label, present: i.present, percent: percent(i.present, p.screenings) })),
      notes: ['Each child’s latest screening completed in the period is counted once.', 'A screening usually has several indicators, so the shares add up to more than 100%.'],
    },
    {
      id: PREVALENCE_TABLE_IDS.levels,
      title: 'Screenings by resulting band and risk level',
      columns: [
        { key: 'level', header: 'Level' },
        { key: 'band', header: 'Band from the score', numeric: true },
        { key: 'bandPercent', header: '% (band)', numeric: true },
        { key: 'final', header: 'Risk level (after rules and professional judgement)', numeric: true },
        { key: 'finalPercent', header: '% (risk level)', numeric: true },
      ],
      rows: [
        ...p.levels.map((l) => ({ level: LEVEL_LABELS[l.level], band: l.band, bandPercent: percent(l.band, p.screenings), final: l.final, finalPercent: percent(l.final, p.screenings) })),
        { level: 'All screenings', band: p.screenings, bandPercent: null, final: p.screenings, finalPercent: null },
      ],
      notes: ['Each child’s latest screening completed in the period is counted once.'],
    },
  ]
}

export async function prevalenceTables(tx: Tx, period: Period): Promise<DataTable[]> {
  return prevalenceDataTables(await prevalence(tx, period))
}

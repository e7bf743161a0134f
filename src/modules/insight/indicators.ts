import type { Db, Tx } from '../../platform/db/client.ts'
import { DIMENSION_VALUES, INDICATORS, type Dimension, type Indicator, type IndicatorDefinition, type IndicatorId, type IndicatorRow, type IndicatorSet } from './catalogue.ts'
import { quarterLabel, quarterOf, quarterPeriod, quartersEndingWith, type Period, type Quarter } from './period.ts'
import { CONCERNS, contactCountsByIndicator, episodeCounts, missingChildCounts, returnInterviewCounts, TREND_INDICATORS, trendTotals, type ContactIndicator, type CountRow, type TrendIndicator } from './queries.ts'

type Executor = Db | Tx

/**
 * The indicator engine: the database's aggregates laid out on the fixed value lists, so that every value of every
 * dimension has a row (0 when nothing matched) in the order of CONTRACTS.md §6. A not-yet-recorded indicator has
 * `count: null` on every row — never 0.
 */
function layout(definition: IndicatorDefinition, counts: readonly CountRow[]): Indicator {
  const found = new Map(counts.map((c) => [`${c.dimension}\u0000${c.value ?? ''}`, c.count]))
  const count = (dimension: string, value: string | null): number | null => (definition.notYetRecorded ? null : (found.get(`${dimension}\u0000${value ?? ''}`) ?? 0))
  const rows: IndicatorRow[] = [{ dimension: 'total', value: null, count: count('total', null) }]
  for (const dimension of definition.dimensions) {
    for (const value of DIMENSION_VALUES[dimension]) rows.push({ dimension, value, count: count(dimension, value) })
  }
  return { id: definition.id, title: definition.title, rows }
}

const isContactIndicator = (id: IndicatorId): id is ContactIndicator => id in CONCERNS

/** The contact indicators' counts, all from one pass over the period's contacts (the largest table by far). */
async function contactCountsOf(db: Executor, definitions: readonly IndicatorDefinition[], period: Period): Promise<Map<ContactIndicator, CountRow[]>> {
  const contactDefinitions = definitions.filter((d) => isContactIndicator(d.id) && !d.notYetRecorded)
  const dims = [...new Set(contactDefinitions.flatMap((d) => d.dimensions as readonly Dimension[]))]
  return contactCountsByIndicator(db, contactDefinitions.map((d) => d.id as ContactIndicator), period, dims)
}

async function countsFor(db: Executor, definition: IndicatorDefinition, period: Period, contacts: Map<ContactIndicator, CountRow[]>): Promise<CountRow[]> {
  const dims = definition.dimensions as readonly Dimension[]
  switch (definition.id) {
    case 'cse-contacts':
    case 'exploitation-contacts':
      return contacts.get(definition.id) ?? []
    case 'missing-children':
      return missingChildCounts(db, period, dims)
    case 'missing-episodes':
      return episodeCounts(db, period, dims)
    case 'return-interviews':
      return returnInterviewCounts(db, period)
    case 'panel-high-risk-cases':
      // Panels do not exist yet: nothing is recorded, which is not the same as none.
      return []
  }
}

/** Every indicator for one period. Queries run one after another: a transaction has one connection. */
export async function computeIndicators(db: Executor, period: Period): Promise<IndicatorSet> {
  const indicators: Indicator[] = []
  const contacts = await contactCountsOf(db, INDICATORS, period)
  for (const definition of INDICATORS) indicators.push(layout(definition, await countsFor(db, definition, period, contacts)))
  return { from: period.from, to: period.to, indicators }
}

export type Trend = {
  quarters: Array<{ key: string; label: string; period: Period }>
  /** Per indicator, the total of each quarter in order; null for a not-yet-recorded indicator. */
  series: Array<{ id: IndicatorId; title: string; totals: Array<number | null> }>
}

/** Totals for the `count` calendar quarters ending with the one that contains `endDay`, oldest first. */
export async function computeTrend(db: Executor, endDay: string, count = 8): Promise<Trend> {
  const quarters = quartersEndingWith(quarterOf(endDay), count).map((q: Quarter) => ({ key: `${q.year}-Q${q.quarter}`, label: quarterLabel(q), period: quarterPeriod(q) }))
  const periods = quarters.map((q) => q.period)
  const series: Trend['series'] = []
  for (const definition of INDICATORS) {
    const totals = (TREND_INDICATORS as readonly string[]).includes(definition.id) ? await trendTotals(db, definition.id as TrendIndicator, periods) : periods.map(() => null)
    series.push({ id: definition.id, title: definition.title, totals })
  }
  return { quarters, series }
}

import type { PgTable } from 'drizzle-orm/pg-core'
import { contacts } from '../modules/contacts/schema.ts'
import { DIMENSION_VALUES, INDICATORS, type Dimension, type IndicatorRow, type IndicatorSet } from '../modules/insight/catalogue.ts'
import { quarterOf, quarterPeriod, quartersEndingWith, type Period } from '../modules/insight/period.ts'
import { applyDisclosureControl, DFE_POLICY } from '../modules/insight/sharing/disclosure.ts'
import { findDisclosures } from '../modules/insight/sharing/disclosure-check.ts'
import { parseNeighbourFile, type ShareableExport } from '../modules/insight/sharing/format.ts'
import { insightNeighbourDatasets } from '../modules/insight/sharing/schema.ts'
import { missingEpisodes } from '../modules/missing/schema.ts'
import type { DemoData } from './build.ts'
import { addDays, addMinutes, parseToday } from './dates.ts'
import { demoRandom, type Random, type Weighted } from './random.ts'

/**
 * One neighbouring partnership's shareable exports, as if its business unit had sent them and ours had uploaded
 * them (issue 7 point 5), so the neighbours page compares side by side out of the box. The figures are fictional:
 * drawn unit by unit (contacts, missing children and their episodes, returns) so that every breakdown adds up to
 * its total and every nested count stays inside its parent, at a size within ±30 % of our own quarter; then put
 * through the same disclosure control and checks as our own export, and validated by the upload's parser.
 */
export const DEMO_NEIGHBOUR_PARTNERSHIP = 'Northamptonshire Safeguarding Children Partnership (demo figures)'
export type NeighboursDemo = { tables: Array<{ table: PgTable; rows: Record<string, unknown>[] }> }

/** The two complete quarters before today's and today's own. */
const QUARTERS = 3
const EXPLOITATION = ['CSE', 'CCE', 'trafficking', 'online-abuse']

const AGE: Weighted<string> = [['under-10', 4], ['10-12', 14], ['13-15', 46], ['16-17', 32], ['18-plus', 1], ['unknown', 3]]
const GENDER: Weighted<string> = [['F', 55], ['M', 43], ['U', 2]]
const ETHNICITY: Weighted<string> = [['white', 72], ['mixed', 8], ['asian', 7], ['black', 6], ['other', 2], ['unknown', 5]]
const AGENCY: Weighted<string> = [['police', 38], ['childrens-social-care', 14], ['health', 10], ['education', 22], ['housing', 2], ['probation', 1], ['youth-offending', 5], ['voluntary-sector', 5], ['other', 3]]
const SOURCE: Weighted<string> = [['1A', 1], ['1B', 1], ['2A', 3], ['2B', 1], ['3A', 3], ['3B', 1], ['3C', 1], ['4', 2], ['5A', 22], ['5B', 4], ['5C', 2], ['5D', 2], ['6', 10], ['7', 1], ['8', 38], ['9', 3], ['10', 5]]
const MISSING_FROM: Weighted<string> = [['home', 62], ['care', 30], ['education', 4], ['other', 4]]
const EPISODES_PER_CHILD: Weighted<number> = [[1, 55], [2, 20], [3, 10], [4, 6], [6, 5], [8, 3], [12, 1]]
const LENGTH: Weighted<string> = [['under-24h', 62], ['1-2-days', 22], ['3-7-days', 10], ['over-7-days', 4]]

type Counts = Map<string, number>
const key = (dimension: string, value: string | null) => `${dimension}|${value ?? ''}`
const bump = (counts: Counts, unit: Partial<Record<Dimension, string>>) => {
  counts.set(key('total', null), (counts.get(key('total', null)) ?? 0) + 1)
  for (const [dimension, value] of Object.entries(unit)) counts.set(key(dimension, value), (counts.get(key(dimension, value)) ?? 0) + 1)
}

/** Every value of every dimension, 0 included, in the catalogue's order (as the indicator engine lays them out). */
function laidOut(counts: ReadonlyMap<string, Counts>, period: Period): IndicatorSet {
  return {
    from: period.from,
    to: period.to,
    indicators: INDICATORS.map((d) => {
      const mine = counts.get(d.id) ?? new Map()
      const count = (dimension: string, value: string | null) => (d.notYetRecorded ? null : (mine.get(key(dimension, value)) ?? 0))
      const rows: IndicatorRow[] = [{ dimension: 'total', value: null, count: count('total', null) }]
      for (const dimension of d.dimensions) for (const value of DIMENSION_VALUES[dimension]) rows.push({ dimension, value, count: count(dimension, value) })
      return { id: d.id, title: d.title, rows }
    }),
  }
}

/** Our own quarter's size, roughly (UTC days are near enough for a scale). */
function ourSize(data: Pick<DemoData, 'contacts' | 'missing'>, period: Period) {
  const from = new Date(`${period.from}T00:00:00Z`).getTime()
  const to = addDays(new Date(`${period.to}T00:00:00Z`), 1).getTime()
  const inPeriod = (at: unknown) => at instanceof Date && at.getTime() >= from && at.getTime() < to
  const contactRows = data.contacts.tables.find((t) => t.table === contacts)?.rows ?? []
  const exploitation = contactRows.filter((c) => inPeriod(c.receivedAt) && (c.concernTypes as string[]).some((t) => EXPLOITATION.includes(t)))
  const episodes = (data.missing.tables.find((t) => t.table === missingEpisodes)?.rows ?? []).filter((e) => inPeriod(e.reportedMissingAt))
  return {
    exploitation: exploitation.length,
    cse: exploitation.filter((c) => (c.concernTypes as string[]).includes('CSE')).length,
    children: new Set(episodes.map((e) => e.personId)).size,
  }
}

/** The neighbour's true (unsuppressed) figures for one period. */
function neighbourFigures(random: Random, size: ReturnType<typeof ourSize>, scale: number, period: Period, partial: boolean): IndicatorSet {
  const counts = new Map<string, Counts>(INDICATORS.map((d) => [d.id, new Map()]))
  const noisy = (n: number, floor: number) => Math.max(floor, Math.round(n * scale * (0.9 + random.next() * 0.2)))
  const cseShare = size.exploitation > 0 ? Math.min(0.8, Math.max(0.3, size.cse / size.exploitation)) : 0.5
  for (let i = noisy(size.exploitation, partial ? 12 : 30); i > 0; i--) {
    const unit = { ageBand: random.weighted(AGE), gender: random.weighted(GENDER), ethnicity: random.weighted(ETHNICITY), referringAgency: random.weighted(AGENCY), referralSource: random.weighted(SOURCE) }
    bump(counts.get('exploitation-contacts')!, unit)
    if (random.chance(cseShare)) bump(counts.get('cse-contacts')!, unit)
  }
  const returns = counts.get('return-interviews')!
  for (let c = noisy(size.children, partial ? 8 : 20); c > 0; c--) {
    const child = { gender: random.weighted(GENDER), ethnicity: random.weighted(ETHNICITY) }
    const from = random.weighted(MISSING_FROM)
    const episodes = random.weighted(EPISODES_PER_CHILD)
    // The child's breakdown is that of their first episode of the period (as the indicator engine counts it).
    const first = { ageBand: random.weighted(AGE), missingFrom: from }
    const frequency = episodes === 1 ? '1' : episodes === 2 ? '2' : episodes <= 5 ? '3-5' : episodes <= 10 ? '6-10' : '11-plus'
    bump(counts.get('missing-children')!, { ...child, ...first, episodeFrequency: frequency })
    for (let e = 0; e < episodes; e++) {
      const stillMissing = random.chance(partial ? 0.04 : 0.01)
      bump(counts.get('missing-episodes')!, { ...child, ...(e === 0 ? first : { ageBand: first.ageBand, missingFrom: random.chance(0.85) ? from : random.weighted(MISSING_FROM) }), episodeLength: stillMissing ? 'still-missing' : random.weighted(LENGTH) })
      if (stillMissing) continue
      // A return: offered (mostly within 72 hours), then completed (mostly within 72 hours when offered in time).
      const offered = random.chance(0.9)
      const offeredIn72 = offered && random.chance(0.8)
      const completed = offered && random.chance(0.72)
      const completedIn72 = completed && offeredIn72 && random.chance(0.75)
      const stages = [offered && 'offered', offeredIn72 && 'offered-within-72h', completed && 'completed', completedIn72 && 'completed-within-72h'].filter((s): s is string => !!s)
      returns.set(key('total', null), (returns.get(key('total', null)) ?? 0) + 1)
      for (const s of stages) returns.set(key('stage', s), (returns.get(key('stage', s)) ?? 0) + 1)
    }
  }
  return laidOut(counts, period)
}

/** The file the neighbour would have sent: suppressed as a real export is, and accepted by the upload's parser. */
export function neighbourExport(truth: IndicatorSet, generatedAt: Date): ShareableExport {
  const shared = applyDisclosureControl(truth, DFE_POLICY)
  const problems = findDisclosures(truth, shared, DFE_POLICY)
  if (problems.length) throw new Error(`demo neighbour: disclosure control left ${problems[0]}`)
  const file: ShareableExport = { partnership: DEMO_NEIGHBOUR_PARTNERSHIP, from: shared.from, to: shared.to, generatedAt: generatedAt.toISOString(), policy: { ...DFE_POLICY }, indicators: shared.indicators }
  const parsed = parseNeighbourFile(Buffer.from(JSON.stringify(file)), DFE_POLICY)
  if (!parsed.value) throw new Error(`demo neighbour: the upload would refuse it: ${parsed.problems[0]}`)
  return parsed.value
}

export function generateNeighboursDemo(data: Pick<DemoData, 'contacts' | 'missing' | 'userIds'>, today: string): NeighboursDemo {
  const random = demoRandom(today, 'neighbours')
  const ids = demoRandom(today, 'ids:neighbours')
  const day = parseToday(today)
  const uploadedBy = data.userIds['business.unit']
  if (!uploadedBy) throw new Error('Demo partnership has no business unit account')
  // A neighbour of similar size: one factor for the partnership, a little noise per quarter.
  const scale = 0.7 + random.next() * 0.6
  const quarters = quartersEndingWith(quarterOf(today), QUARTERS)
  const rows = quarters.map((q, i) => {
    const period = quarterPeriod(q)
    const current = i === quarters.length - 1
    // Complete quarters were sent ten days after they ended (or yesterday, if sooner); the current one yesterday.
    const tenDaysOn = addDays(new Date(`${period.to}T00:00:00Z`), 10)
    const sentDay = current || tenDaysOn >= day ? addDays(day, -1) : tenDaysOn
    const generatedAt = addMinutes(sentDay, 9 * 60 + random.int(0, 90))
    const uploadedAt = addMinutes(generatedAt, random.int(30, 6 * 60))
    const payload = neighbourExport(neighbourFigures(random, ourSize(data, period), scale, period, current), generatedAt)
    return { id: ids.uuid(), partnershipName: payload.partnership, periodFrom: payload.from, periodTo: payload.to, generatedAt, fileName: `northamptonshire-indicators-${q.year}-q${q.quarter}-demo.json`, payload, uploadedBy, uploadedAt }
  })
  return { tables: [{ table: insightNeighbourDatasets, rows }] }
}

import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm'
import type { Ctx } from '../../platform/context/index.ts'
import { alertAlreadyRaised, loadAlertRules, raiseAlert, type Alert, type AlertRule } from '../alerts/index.ts'
import { episodeStart, isLookedAfterEpisode, RISK_GRADE_LABELS } from './rules.ts'
import { missingEpisodes, type RiskGrade } from './schema.ts'
import type { Episode } from './queries.ts'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/**
 * Domain events of missing episodes → alerts (ARCHITECTURE.md §2): each runs inside the unit of work that wrote
 * the episode, so the episode and its alert commit together or not at all. Rules are the partnership's
 * (alert_rules over the code defaults); each rule raises at most once per episode, and a count rule at most once
 * per window for a child.
 */
const inPopulation = (rule: AlertRule, e: Pick<Episode, 'missingFrom' | 'missingType'>) => rule.population === 'all' || isLookedAfterEpisode(e)

/** After an episode is recorded: count rules (e.g. 3 or more in 30 days) and grade rules. */
export async function afterEpisodeRecorded(ctx: Ctx, episode: Episode): Promise<Alert[]> {
  const rules = await loadAlertRules(ctx.tx)
  const raised: Alert[] = []
  for (const rule of rules.filter((r) => r.trigger === 'episode-count' && inPopulation(r, episode))) {
    const alert = await countRule(ctx, rule, episode)
    if (alert) raised.push(alert)
  }
  raised.push(...(await gradeRules(ctx, rules, episode, episode.riskGrade)))
  raised.push(...(await durationRules(ctx, rules, episode)))
  return raised
}

export async function afterEpisodeRegraded(ctx: Ctx, episode: Episode): Promise<Alert[]> {
  return gradeRules(ctx, await loadAlertRules(ctx.tx), episode, episode.riskGrade)
}

export async function afterEpisodeReturned(ctx: Ctx, episode: Episode): Promise<Alert[]> {
  return durationRules(ctx, await loadAlertRules(ctx.tx), episode)
}

async function countRule(ctx: Ctx, rule: AlertRule, episode: Episode): Promise<Alert | null> {
  const windowDays = rule.windowDays ?? 30
  const minEpisodes = rule.minEpisodes ?? 3
  const to = episode.reportedMissingAt
  const from = new Date(to.getTime() - windowDays * DAY_MS)
  const lookedAfterOnly = rule.population === 'looked-after'
  const [row] = await ctx.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(missingEpisodes)
    .where(
      and(
        eq(missingEpisodes.personId, episode.personId),
        gt(missingEpisodes.reportedMissingAt, from),
        lte(missingEpisodes.reportedMissingAt, to),
        lookedAfterOnly ? sql`(${missingEpisodes.missingFrom} = 'care' or ${missingEpisodes.missingType} is not null)` : sql`true`,
      ),
    )
  const count = row?.n ?? 0
  if (count < minEpisodes) return null
  if (await alertAlreadyRaised(ctx.tx, episode.personId, rule.key, { since: new Date(ctx.now.getTime() - windowDays * DAY_MS) })) return null
  return raiseAlert(ctx, {
    personId: episode.personId,
    type: rule.alertType,
    ownerRole: rule.ownerRole,
    reason: `${count} missing episodes in ${windowDays} days`,
    action: rule.action,
    ruleKey: rule.key,
    sourceType: 'missing-episode',
    sourceRef: episode.id,
  })
}

async function gradeRules(ctx: Ctx, rules: readonly AlertRule[], episode: Episode, grade: RiskGrade): Promise<Alert[]> {
  const raised: Alert[] = []
  for (const rule of rules.filter((r) => r.trigger === 'risk-grade' && inPopulation(r, episode))) {
    if (!(rule.grades ?? ['high']).includes(grade)) continue
    if (await alertAlreadyRaised(ctx.tx, episode.personId, rule.key, { sourceRef: episode.id })) continue
    raised.push(
      await raiseAlert(ctx, {
        personId: episode.personId,
        type: rule.alertType,
        ownerRole: rule.ownerRole,
        reason: `Missing episode graded ${RISK_GRADE_LABELS[grade].toLowerCase()} risk`,
        action: rule.action,
        ruleKey: rule.key,
        sourceType: 'missing-episode',
        sourceRef: episode.id,
      }),
    )
  }
  return raised
}

/** Duration rules (e.g. missing from care over 24 hours): on return, and for open episodes by the sweep. */
async function durationRules(ctx: Ctx, rules: readonly AlertRule[], episode: Episode): Promise<Alert[]> {
  const raised: Alert[] = []
  const end = episode.returnedAt ?? ctx.now
  const hours = (end.getTime() - episodeStart(episode).getTime()) / HOUR_MS
  for (const rule of rules.filter((r) => r.trigger === 'duration' && inPopulation(r, episode))) {
    const minHours = rule.minHours ?? 24
    if (hours < minHours) continue
    if (await alertAlreadyRaised(ctx.tx, episode.personId, rule.key, { sourceRef: episode.id })) continue
    raised.push(
      await raiseAlert(ctx, {
        personId: episode.personId,
        type: rule.alertType,
        ownerRole: rule.ownerRole,
        reason: `${episode.returnedAt ? 'Was missing' : 'Missing'} for more than ${minHours} hours`,
        action: rule.action,
        ruleKey: rule.key,
        sourceType: 'missing-episode',
        sourceRef: episode.id,
      }),
    )
  }
  return raised
}

/**
 * Open episodes cross a duration threshold with no write to notice it: the sweep (run by the server every few
 * minutes as the system, and callable from tests with the test clock) raises those alerts.
 */
export async function sweepDurationAlerts(ctx: Ctx): Promise<Alert[]> {
  const rules = (await loadAlertRules(ctx.tx)).filter((r) => r.trigger === 'duration')
  if (rules.length === 0) return []
  const shortest = Math.min(...rules.map((r) => r.minHours ?? 24))
  const cutoff = new Date(ctx.now.getTime() - shortest * HOUR_MS)
  const open = await ctx.tx
    .select()
    .from(missingEpisodes)
    .where(and(isNull(missingEpisodes.returnedAt), lte(sql`coalesce(${missingEpisodes.lastSeenAt}, ${missingEpisodes.reportedMissingAt})`, cutoff)))
  const raised: Alert[] = []
  for (const episode of open) raised.push(...(await durationRules(ctx, rules, episode)))
  return raised
}

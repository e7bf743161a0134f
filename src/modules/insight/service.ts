import { authorize } from '../../platform/access/engine.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import type { IndicatorSet } from './catalogue.ts'
import { computeIndicators, computeTrend, type Trend } from './indicators.ts'
import type { Period } from './period.ts'
import { INDICATORS_RESOURCE } from './policy.ts'

/** May this user read the indicators? Throws (and audits the denial) otherwise; used before showing a form error. */
export function assertCanViewIndicators(ctx: Ctx): void {
  authorize(ctx, 'insight.indicators.view', INDICATORS_RESOURCE)
}

/**
 * The indicators for a period (and, for the page, the 8-quarter trend). Authorised before the input is judged, so
 * a role without the function gets 403 whatever it asks. An aggregate read is still audited, with the period.
 */
export async function viewIndicators(ctx: Ctx, period: Period | FieldError[], options: { trend?: boolean } = {}): Promise<{ set: IndicatorSet; trend: Trend | null }> {
  const purpose = authorize(ctx, 'insight.indicators.view', INDICATORS_RESOURCE)
  if (Array.isArray(period)) throw new ValidationError(period)
  const set = await computeIndicators(ctx.tx, period)
  const trend = options.trend ? await computeTrend(ctx.tx, period.to) : null
  ctx.audit.record({
    action: 'insight.indicators.viewed',
    outcome: 'allowed',
    resourceType: 'insight-indicators',
    purpose,
    details: { from: period.from, to: period.to, trend: Boolean(trend) },
  })
  return { set, trend }
}

import { authorize } from '../../../platform/access/engine.ts'
import type { Ctx } from '../../../platform/context/index.ts'
import type { Db, Tx } from '../../../platform/db/client.ts'
import { ValidationError, type FieldError } from '../../../platform/errors.ts'
import type { Period } from '../period.ts'
import { districtHotspots, groupPlaces, rankHotspots, type Hotspot, type HotspotKind } from './places.ts'
import { HOTSPOTS_RESOURCE } from './policy.ts'
import { concernDistricts, foundEvents, missingToEvents } from './queries.ts'

export type HotspotSet = {
  from: string
  to: string
  /** Null = every kind. */
  kind: HotspotKind | null
  /** Ranked, most events first. */
  hotspots: Hotspot[]
  /** Events of the period with no usable place, by kind (they are in no row). */
  unplaced: { found: number; missingTo: number; concern: number }
}

/** The hotspots of a period (no authorisation: callers authorise). */
export async function computeHotspots(db: Db | Tx, period: Period, kind: HotspotKind | null): Promise<HotspotSet> {
  const raw = kind === null || kind === 'found' ? await foundEvents(db, period) : { events: [], unrecorded: 0 }
  const found = groupPlaces('found', raw.events)
  const missingTo = kind === null || kind === 'missing-to' ? groupPlaces('missing-to', await missingToEvents(db, period)) : { hotspots: [], unplaced: 0 }
  const concern = kind === null || kind === 'concern' ? districtHotspots('concern', await concernDistricts(db, period)) : { hotspots: [], unplaced: 0 }
  return {
    from: period.from,
    to: period.to,
    kind,
    hotspots: rankHotspots([...found.hotspots, ...missingTo.hotspots, ...concern.hotspots]),
    unplaced: { found: found.unplaced + raw.unrecorded, missingTo: missingTo.unplaced, concern: concern.unplaced },
  }
}

/** May this user read the hotspots? Throws (and audits the denial) otherwise; used before showing a form error. */
export function assertCanViewHotspots(ctx: Ctx): void {
  authorize(ctx, 'insight.hotspots.view', HOTSPOTS_RESOURCE)
}

/**
 * The hotspots of a period, optionally of one kind. Authorised before the input is judged, so a role without the
 * function gets 403 whatever it asks; the read is audited with the period and the kind.
 */
export async function viewHotspots(ctx: Ctx, input: { period?: Period; kind: HotspotKind | null; errors: FieldError[] }, format: 'page' | 'api' | 'csv' | 'xlsx'): Promise<HotspotSet> {
  const purpose = authorize(ctx, 'insight.hotspots.view', HOTSPOTS_RESOURCE)
  if (input.errors.length || !input.period) throw new ValidationError(input.errors)
  const { period, kind } = input
  const set = await computeHotspots(ctx.tx, period, kind)
  ctx.audit.record({
    action: 'insight.hotspots.viewed',
    outcome: 'allowed',
    resourceType: 'insight-hotspots',
    purpose,
    details: { from: period.from, to: period.to, kind: kind ?? 'all', format },
  })
  return set
}

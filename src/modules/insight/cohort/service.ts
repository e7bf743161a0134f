import { authorize, decide } from '../../../platform/access/engine.ts'
import type { UserActor } from '../../../platform/access/actor.ts'
import type { Ctx } from '../../../platform/context/index.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.ts'
import { isRealDate, type Period } from '../period.ts'
import { pseudonymiser, resolvePseudonym } from '../pseudonyms.ts'
import { pageOf, type Paging } from './paging.ts'
import { COHORT_RESOURCE } from './policy.ts'
import { loadCohort, type CohortRow } from './queries.ts'
import { cohortViewOf, COHORT_RISKS, compareCohort, effectiveRisk, listed, type CohortRisk, type CohortView, type RiskBasis } from './rules.ts'

/** The child as the viewer may see them: named with the record's id, or a pseudonym only (the analyst). */
export type CohortChild = { kind: 'named'; personId: string; name: string } | { kind: 'pseudonym'; pseudonym: string }

export type CohortEntry = {
  child: CohortChild
  risk: CohortRisk
  basis: RiskBasis
  episodes: number
  missingNow: boolean
  contacts: number
  /** A London day (YYYY-MM-DD) for named views; only the month (YYYY-MM) under a pseudonym (SECURITY.md §7). */
  lastEvent: string | null
  ageBand: string
  gender: string
}

export type Cohort = {
  view: CohortView
  period: Period
  /** The pseudonyms' dataset (`cohort:<from>:<to>`): the same child has the same pseudonym in every view of it. */
  scope: string
  /** Listed children of the risk filter, in the list's order: the whole list, or the page asked for (`paging`). */
  entries: CohortEntry[]
  /** Which page of the list `entries` is; null when it is the whole list (downloads). */
  paging: Paging | null
  /** Listed children by risk level, whatever the filter. */
  byRisk: Record<CohortRisk, number>
  /** Cohort children whose protected record this viewer could not open (not shown to practitioners: null). */
  notShown: number | null
}

export const scopeOf = (period: Period) => `cohort:${period.from}:${period.to}`

/** `cohort:<from>:<to>` back to its period, or null. */
export function periodOfScope(scope: string): Period | null {
  const match = /^cohort:(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$/.exec(scope)
  if (!match || !isRealDate(match[1]!) || !isRealDate(match[2]!) || match[2]! < match[1]!) return null
  return { from: match[1]!, to: match[2]! }
}

const PSEUDONYM = /^YP-[0-9A-HJKMNP-TV-Z]{8}$/

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError()
  return ctx.actor
}

/** Every cohort child with whether this viewer may have them listed (the normal `people.view` decision decides). */
async function cohortFor(ctx: Ctx, user: UserActor, view: CohortView, period: Period) {
  const rows = await loadCohort(ctx.tx, user, period, ctx.now)
  const shown: CohortRow[] = []
  let hidden = 0
  for (const row of rows) {
    if (listed(view, row.access, decide(user, 'people.view', row.access))) shown.push(row)
    else hidden++
  }
  return { shown, hidden }
}

/** May this user read the cohort at all? Throws (and audits the denial) otherwise; used before showing a form error. */
export function assertCanViewCohort(ctx: Ctx): void {
  authorize(ctx, 'insight.cohort.view', COHORT_RESOURCE)
}

/** How much of the list to give: a page of it (the page) or all of it (a download, with its format). */
export type CohortSlice = { page: number; pageSize: number } | { download: 'csv' | 'xlsx' }

/**
 * The cohort for a period as this viewer may see it, audited (`insight.cohort.viewed` with the page shown, or
 * `.downloaded` with the format) with the period and the number of rows given; the ids of the children given too,
 * except in the analyst's pseudonymised view. `byRisk` is over the whole list, whatever the page.
 */
export async function viewCohort(ctx: Ctx, period: Period, risk: CohortRisk | null, slice: CohortSlice): Promise<Cohort> {
  const purpose = authorize(ctx, 'insight.cohort.view', COHORT_RESOURCE)
  const user = userOf(ctx)
  const view = cohortViewOf(user.roleProfile)
  if (!view) throw new ForbiddenError()
  const scope = scopeOf(period)
  const { shown, hidden } = await cohortFor(ctx, user, view, period)
  const pseudonyms = view === 'pseudonymised' ? await pseudonymiser(ctx.tx, scope, ctx.now) : null
  const ranked = shown
    .map((row) => ({ row, ...effectiveRisk(row.screeningLevel, row.caseLevel) }))
    .map((r) => ({ ...r, personId: r.row.personId, episodes: r.row.episodes, contacts: r.row.contacts, lastEventDay: r.row.lastEventDay }))
    .sort(compareCohort)
  const byRisk = Object.fromEntries(COHORT_RISKS.map((level) => [level, ranked.filter((r) => r.risk === level).length])) as Record<CohortRisk, number>
  const listedRows = ranked.filter((r) => !risk || r.risk === risk)
  const paging = 'page' in slice ? pageOf(listedRows.length, slice.page, slice.pageSize) : null
  const given = paging ? listedRows.slice(paging.first === 0 ? 0 : paging.first - 1, paging.last) : listedRows
  const entries: CohortEntry[] = given.map(({ row, risk: level, basis }) => ({
    child: pseudonyms ? { kind: 'pseudonym', pseudonym: pseudonyms.of(row.personId) } : { kind: 'named', personId: row.personId, name: `${row.givenName} ${row.familyName}` },
    risk: level,
    basis,
    episodes: row.episodes,
    missingNow: row.missingNow,
    contacts: row.contacts,
    lastEvent: row.lastEventDay && pseudonyms ? row.lastEventDay.slice(0, 7) : row.lastEventDay,
    ageBand: row.ageBand,
    gender: row.gender,
  }))
  ctx.audit.record({
    action: paging ? 'insight.cohort.viewed' : 'insight.cohort.downloaded',
    outcome: 'allowed',
    resourceType: 'insight-cohort',
    purpose,
    details: {
      from: period.from,
      to: period.to,
      view,
      risk,
      rows: entries.length,
      listed: listedRows.length,
      notShown: hidden,
      ...(paging ? { page: paging.page, pages: paging.pages, pageSize: paging.pageSize } : {}),
      ...('download' in slice ? { format: slice.download } : {}),
      ...(view === 'pseudonymised' ? {} : { personIds: entries.map((e) => (e.child.kind === 'named' ? e.child.personId : null)) }),
    },
  })
  return { view, period, scope, entries, paging, byRisk, notShown: view === 'relationships' ? null : hidden }
}

export type DrillDown = { kind: 'allowed'; personId: string } | { kind: 'denied'; pseudonym: string }

/**
 * The analyst's "Open record": the pseudonym is resolved within the cohort the analyst was shown (the same scope,
 * the same visibility), then opening the child's record is decided exactly as anywhere else (`people.view`: a
 * legitimate relationship in a casework role, an active break-glass grant, or a named user of a sealed record).
 * Both outcomes are audited with the child's id, for information governance. A pseudonym that is not in the list
 * is a 404 (audited as a denial too).
 */
export async function drillDown(ctx: Ctx, input: { scope: string; pseudonym: string }): Promise<DrillDown> {
  authorize(ctx, 'insight.cohort.drill-down', COHORT_RESOURCE)
  const user = userOf(ctx)
  const period = periodOfScope(input.scope)
  const pseudonym = input.pseudonym.trim().toUpperCase()
  if (!period || !PSEUDONYM.test(pseudonym)) throw new ValidationError([{ field: 'pseudonym', message: 'Choose a young person from the list' }])
  const { shown } = await cohortFor(ctx, user, 'pseudonymised', period)
  const p = await pseudonymiser(ctx.tx, input.scope, ctx.now)
  const personId = resolvePseudonym(p, pseudonym, shown.map((r) => r.personId))
  const base = { action: 'insight.cohort.drill-down', resourceType: 'person' } as const
  if (!personId) {
    ctx.audit.record({ ...base, outcome: 'denied', details: { scope: input.scope, pseudonym, reason: 'not in this list' } })
    throw new NotFoundError()
  }
  const access = shown.find((r) => r.personId === personId)!.access
  const decision = decide(user, 'people.view', access)
  const who = { resourceId: personId, personId }
  if (!decision.allowed) {
    ctx.audit.record({ ...base, ...who, outcome: 'denied', details: { scope: input.scope, pseudonym, reason: decision.reason } })
    return { kind: 'denied', pseudonym }
  }
  ctx.audit.record({ ...base, ...who, outcome: 'allowed', purpose: decision.purpose, details: { scope: input.scope, pseudonym } })
  return { kind: 'allowed', personId }
}

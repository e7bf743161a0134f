/**
 * The statutory outputs of missing episodes (issue 5 point 6, ADR 0012): the SSDA903 Missing table of a collection
 * year with its validation errors, and Ofsted Annex A List 8. Reads the database, authorises (`missing.statutory`),
 * audits; the building and checking are pure (ssda903.ts, ssda903-rules.ts, annex-a.ts).
 */
import { sql } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ValidationError } from '../../platform/errors.ts'
import type { Tx } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { buildList8, type List8Facts, type List8Row } from './annex-a.ts'
import { MISSING_STATUTORY } from './policy.ts'
import { buildMissingRows, collectionYear, collectionYearOf, type CollectionYear, type MissingRow } from './ssda903.ts'
import { SSDA903_MISSING_RULES, SSDA903_RULES_NOT_CHECKED, validateMissingTable, type Ssda903Error } from './ssda903-rules.ts'

export type MissingReturn = { year: CollectionYear; rows: MissingRow[]; errors: Ssda903Error[]; rulesChecked: string[]; rulesNotChecked: typeof SSDA903_RULES_NOT_CHECKED }

/** Collection years offered: the first with episodes (or this one) up to the one in progress. */
export const EARLIEST_YEAR = 2000

/** A `year` query value → a collection year, or the GOV.UK-style refusal (nothing read). */
export function parseYear(value: unknown, now: Date): number {
  if (value === undefined || value === '') return collectionYearOf(now)
  const text = String(value).trim()
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN
  if (!Number.isInteger(year)) throw new ValidationError([{ field: 'year', message: 'Enter the year the collection year starts in, for example 2025' }])
  if (year < EARLIEST_YEAR || year > collectionYearOf(now)) {
    throw new ValidationError([{ field: 'year', message: `The collection year must start between ${EARLIEST_YEAR} and ${collectionYearOf(now)}` }])
  }
  return year
}

/**
 * Looked-after episodes (from care, or typed M/A) of children, with the council child id (the `la-id` identifier;
 * the lowest when a child has two, which the duplicate queue should resolve) and the date of birth. Sealed records
 * are left out: CONTRACTS.md §2 keeps them out of everything but their named users' view, so their rows are added
 * to the return by hand (ADR 0012). Merged-away records hold no episodes (they move on merge).
 */
async function lookedAfterEpisodes(tx: Tx): Promise<List8Facts[]> {
  const rows = await queryRows<{
    id: string; person_id: string; la_id: string | null; date_of_birth: string | null; missing_from: string; missing_type: string | null
    last_seen_at: string | null; reported_missing_at: string; returned_at: string | null; rhi_status: string | null; rhi_offered_at: string | null
  }>(
    tx,
    sql`select e.id, e.person_id, p.date_of_birth::text as date_of_birth, e.missing_from, e.missing_type, e.last_seen_at, e.reported_missing_at, e.returned_at,
               (select min(i.value) from person_identifiers i where i.person_id = p.id and i.type = 'la-id') as la_id,
               r.status as rhi_status, r.offered_at as rhi_offered_at
          from missing_episodes e
          join people p on p.id = e.person_id
          left join return_interviews r on r.episode_id = e.id
         where (e.missing_from = 'care' or e.missing_type is not null)
           and p.merged_into_id is null
           and not exists (select 1 from record_protections rp where rp.person_id = p.id and rp.state = 'sealed')
         order by e.person_id, coalesce(e.last_seen_at, e.reported_missing_at), e.id`,
  )
  const at = (v: string | null) => (v === null ? null : new Date(v))
  return rows.map((r) => ({
    episodeId: r.id,
    personId: r.person_id,
    laChildId: r.la_id,
    dateOfBirth: r.date_of_birth,
    missingFrom: r.missing_from,
    missingType: r.missing_type,
    lastSeenAt: at(r.last_seen_at),
    reportedMissingAt: new Date(r.reported_missing_at),
    returnedAt: at(r.returned_at),
    rhiStatus: r.rhi_status,
    rhiOfferedAt: at(r.rhi_offered_at),
  }))
}

/** The SSDA903 Missing table of the collection year starting in April of `year` (default: the current one), with every rule's failures. */
export async function ssda903Missing(ctx: Ctx, yearInput: unknown, purposeOfRead: 'viewed' | 'downloaded'): Promise<MissingReturn> {
  const purpose = authorize(ctx, 'missing.statutory', MISSING_STATUTORY)
  // The role first, so that a user who may not run the return learns nothing from a bad year (403, not 400).
  const year = parseYear(yearInput, ctx.now)
  const cy = collectionYear(year)
  const rows = buildMissingRows(await lookedAfterEpisodes(ctx.tx), cy)
  const errors = validateMissingTable(rows, cy)
  ctx.audit.record({
    action: `missing.ssda903.${purposeOfRead}`,
    outcome: 'allowed',
    resourceType: 'ssda903-missing',
    resourceId: String(year),
    purpose,
    details: { year, rows: rows.length, children: new Set(rows.map((r) => r.personId)).size, errors: errors.length },
  })
  return { year: cy, rows, errors, rulesChecked: SSDA903_MISSING_RULES.map((r) => r.code), rulesNotChecked: SSDA903_RULES_NOT_CHECKED }
}

/** Annex A List 8's missing fields for the 12 months up to now. */
export async function annexAList8(ctx: Ctx, purposeOfRead: 'viewed' | 'downloaded'): Promise<List8Row[]> {
  const purpose = authorize(ctx, 'missing.statutory', MISSING_STATUTORY)
  const rows = buildList8(await lookedAfterEpisodes(ctx.tx), ctx.now)
  ctx.audit.record({ action: `missing.annex-a.${purposeOfRead}`, outcome: 'allowed', resourceType: 'annex-a-list-8', purpose, details: { children: rows.length } })
  return rows
}

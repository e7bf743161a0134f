import { sql, type SQL } from 'drizzle-orm'
import { REFERRING_AGENCIES } from '../catalogue.ts'
import { REFERRING_AGENCY_LABELS } from '../presenters.ts'
import { rangeOf, referringAgency } from '../queries.ts'
import type { Period } from '../period.ts'

/**
 * The agency types a profile figure is counted under (CONTRACTS.md §6 insight `referringAgency`). The partnership
 * business unit itself and records with no agency are `other`.
 */
export const PROFILE_AGENCIES = REFERRING_AGENCIES
export type ProfileAgency = (typeof PROFILE_AGENCIES)[number]

export const AGENCY_LABELS = REFERRING_AGENCY_LABELS

/** An `agencies.type` column as a profile agency. */
export const agencyOf = (type: SQL) => sql`case when ${type} is null or ${type} = 'partnership-business-unit' then 'other' else ${type} end`

/** A contact's referring agency: the indicators' own rule (../queries.ts), so the profile and the indicators agree. */
export const contactAgency = referringAgency

/** `column` falls in the period (London days, half-open instant range, as the indicators). */
export function inPeriod(column: SQL, period: Period): SQL {
  const r = rangeOf(period)
  return sql`${column} >= ${r.start} and ${column} < ${r.end}`
}

/** Sealed records are absent from every count (CONTRACTS.md §2). */
export const notSealed = (personId: SQL) => sql`not exists (select 1 from record_protections rp where rp.person_id = ${personId} and rp.state = 'sealed')`

/** Rows keyed by agency in the fixed order, with zeros for agencies that recorded nothing. */
export function byAgency<T>(rows: ReadonlyArray<{ agency: string } & T>, empty: () => T): Array<{ agency: ProfileAgency } & T> {
  const map = new Map(rows.map((r) => [r.agency, r]))
  return PROFILE_AGENCIES.map((agency) => ({ ...empty(), ...(map.get(agency) ?? {}), agency }))
}

export const num = (v: unknown) => Number(v ?? 0)

/** A percentage to one decimal place, or null when there is nothing to divide by. */
export const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10)

import { authorize } from '../../../platform/access/engine.ts'
import type { Ctx } from '../../../platform/context/index.ts'
import type { DataTable } from '../../../platform/outputs/table.ts'
import type { Period } from '../period.ts'
import { dataQualityTables } from './data-quality.ts'
import { incidenceTables } from './incidence.ts'
import { PROFILE_RESOURCE } from './policy.ts'
import { prevalenceTables } from './prevalence.ts'

export type ProfileTables = { incidence: DataTable[]; dataQuality: DataTable[]; prevalence: DataTable[] }
export type ProfileSection = keyof ProfileTables
const SECTIONS: Record<ProfileSection, (tx: Ctx['tx'], period: Period) => Promise<DataTable[]>> = { incidence: incidenceTables, dataQuality: dataQualityTables, prevalence: prevalenceTables }

/** May this user read the profile? Throws (and audits the denial) otherwise; used before showing a form error. */
export function assertCanViewProfile(ctx: Ctx): void {
  authorize(ctx, 'insight.profile.view', PROFILE_RESOURCE)
}

/**
 * The tables of the problem profile for a period: every section, or only `only` (a download of one table need not
 * compute the others). An aggregate read is still audited, with the period.
 */
export async function viewProfile(ctx: Ctx, period: Period, use: 'page' | 'download', only?: ProfileSection): Promise<ProfileTables> {
  const purpose = authorize(ctx, 'insight.profile.view', PROFILE_RESOURCE)
  const tables: ProfileTables = { incidence: [], dataQuality: [], prevalence: [] }
  for (const section of Object.keys(SECTIONS) as ProfileSection[]) if (!only || only === section) tables[section] = await SECTIONS[section](ctx.tx, period)
  ctx.audit.record({ action: 'insight.profile.viewed', outcome: 'allowed', resourceType: 'insight-profile', purpose, details: { from: period.from, to: period.to, use, ...(only ? { section: only } : {}) } })
  return tables
}

export const allProfileTables = (t: ProfileTables): DataTable[] => [...t.incidence, ...t.dataQuality, ...t.prevalence]

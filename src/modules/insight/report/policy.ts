import { allow, forbid, registerPolicies } from '../../../platform/access/engine.ts'
import type { RoleProfile } from '../../../platform/access/roles.ts'
import { INSIGHT_ROLES } from '../policy.ts'

/** The board report is aggregates for the Strategic Group: the resource names the function (and the build, if any). */
export type BoardReportResource = { resourceType: 'insight-board-report'; resourceId?: string }
export const boardReportResource = (id?: string): BoardReportResource => ({ resourceType: 'insight-board-report', ...(id ? { resourceId: id } : {}) })

declare module '../../../platform/access/engine.ts' {
  interface PolicyResources {
    /** Read the board reports: the list, a pack, its progress and its downloads. */
    'insight.report.view': BoardReportResource
    /** Build a quarter's board pack. */
    'insight.report.build': BoardReportResource
    /** Write the commentary the pack carries for the Strategic Group. */
    'insight.report.comment': BoardReportResource
  }
}

/**
 * Who (issue 7 point 4, seed §10–11, CONTRACTS.md §1 "indicators, board pack (aggregates only)"):
 * - read: the indicators' readers — analyst, business unit, exploitation lead (the pack is aggregates only);
 * - build: the business unit, who own the pack, and the analyst, who produces the figures for it;
 * - commentary: the business unit only — the words the board reads are theirs.
 * For every other role the function does not exist: 403.
 */
export const BOARD_REPORT_READERS: readonly RoleProfile[] = INSIGHT_ROLES
export const BOARD_REPORT_BUILDERS: readonly RoleProfile[] = ['business-unit-officer', 'analyst']
export const BOARD_REPORT_COMMENTATORS: readonly RoleProfile[] = ['business-unit-officer']

const rule = (roles: readonly RoleProfile[], what: string) => (actor: { roleProfile: RoleProfile }) =>
  roles.includes(actor.roleProfile) ? allow(`${actor.roleProfile}: ${what}`) : forbid(`not allowed to ${what}`)

export function registerBoardReportPolicies(): void {
  registerPolicies({
    'insight.report.view': rule(BOARD_REPORT_READERS, 'read the quarterly board report (aggregates)'),
    'insight.report.build': rule(BOARD_REPORT_BUILDERS, 'build the quarterly board report'),
    'insight.report.comment': rule(BOARD_REPORT_COMMENTATORS, 'write the board report commentary'),
  })
}

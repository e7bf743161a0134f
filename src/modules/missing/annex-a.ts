/**
 * Ofsted Annex A, List 8 (children in care): the missing-episode fields, as DOMAIN.md §3.6 lists them [S29]. One row
 * per looked-after child with an episode (from care, or typed M/A) in the 12 months up to the `asAt` day. Lantern
 * knows a child is looked after only from such episodes, so children in care who did not go missing are not listed;
 * the rest of List 8 (placement, legal status, …) comes from the council's case system. Pure.
 */
import { episodeStart, isLookedAfterEpisode } from './rules.ts'
import { csvCell, type EpisodeFacts } from './ssda903.ts'

export const ANNEX_A_LIST_8_COLUMNS = [
  'Child Unique ID',
  "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
  "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
  'Was the child offered a Return Interview after their last missing episode (Y/N)?',
  'Did the child accept a Return Interview after their last missing episode (Y/N)?',
] as const

export type List8Row = { childId: string; personId: string; missing: number; absent: number; offered: 'Y' | 'N' | ''; accepted: 'Y' | 'N' | '' }

/** An episode's facts plus its return home interview's status (null while the child is missing). */
export type List8Facts = EpisodeFacts & { rhiStatus: string | null; rhiOfferedAt: Date | null }

/** An RHI was offered once it has been offered, accepted, declined or held (declining means it was offered). */
export const rhiOffered = (status: string | null, offeredAt: Date | null) => offeredAt !== null || ['offered', 'accepted', 'declined', 'completed'].includes(status ?? '')
export const rhiAccepted = (status: string | null) => status === 'accepted' || status === 'completed'

/**
 * 'Missing' = DfE type M, 'Absent' = A (Annex A's word for away without authorisation); an episode from care with no
 * type counts as neither (it is a data-quality error of the 903). "Last missing episode" = the latest returned M
 * episode in the 12 months; blank when there is none (no RHI can have followed yet).
 */
export function buildList8(episodes: readonly List8Facts[], asAt: Date): List8Row[] {
  const from = new Date(asAt.getTime())
  from.setUTCFullYear(from.getUTCFullYear() - 1)
  const byChild = new Map<string, List8Facts[]>()
  for (const e of episodes) {
    if (!isLookedAfterEpisode(e)) continue
    const start = episodeStart(e)
    if (start > asAt || start <= from) continue
    byChild.set(e.personId, [...(byChild.get(e.personId) ?? []), e])
  }
  const rows: List8Row[] = []
  for (const [personId, list] of byChild) {
    const last = list
      .filter((e) => e.missingType === 'M' && e.returnedAt !== null)
      .sort((a, b) => episodeStart(b).getTime() - episodeStart(a).getTime())[0]
    rows.push({
      childId: list[0]?.laChildId ?? '',
      personId,
      missing: list.filter((e) => e.missingType === 'M').length,
      absent: list.filter((e) => e.missingType === 'A').length,
      offered: last ? (rhiOffered(last.rhiStatus, last.rhiOfferedAt) ? 'Y' : 'N') : '',
      accepted: last ? (rhiAccepted(last.rhiStatus) ? 'Y' : 'N') : '',
    })
  }
  return rows.sort((a, b) => a.childId.localeCompare(b.childId) || a.personId.localeCompare(b.personId))
}

export function list8Csv(rows: readonly List8Row[]): string {
  const lines = [ANNEX_A_LIST_8_COLUMNS, ...rows.map((r) => [r.childId, String(r.missing), String(r.absent), r.offered, r.accepted])]
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

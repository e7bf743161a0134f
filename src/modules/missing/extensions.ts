import { inArray, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { repointColumn, restoreColumn, type ChronologyItem, type MergeBlock, type MergePair, type PersonBadge, type PersonExtension } from '../people/index.ts'
import { MISSING_FROM_LABELS, MISSING_TYPE_LABELS } from './presenters.ts'
import { durationMinutes, durationText, episodeStart, periodsOverlap, RISK_GRADE_LABELS } from './rules.ts'
import { missingEpisodes, type MissingFrom, type RiskGrade, type RhiStatus } from './schema.ts'

type Moved = { episodes: string[]; interviews: string[]; associates: string[] }

type Agency = { name: string; type: string } | null
const agencyOf = (name: string | null, type: string | null): Agency => (name ? { name, type: type ?? 'other' } : null)
const at = (v: string | Date) => new Date(v)

/**
 * The child's chronology (CONTRACTS.md §6 types `missing-episode`, `return`, `return-interview`): each episode
 * reported, each return, and each step of its return home interview (offered, completed, declined, not possible),
 * with the source agency — the recording team's agency for the report, the returning recorder's (else the
 * recording team's) for the return, the interview service's for the RHI. Everything here is on the episode page,
 * which `missing.view` opens to exactly the readers the chronology already admitted (`people.view`); nothing the
 * child said in the interview is in a summary.
 */
async function chronology(tx: Db, personId: string): Promise<ChronologyItem[]> {
  const episodes = await queryRows<{
    id: string; missing_from: MissingFrom; missing_type: string | null; risk_grade: RiskGrade; reported_by: string | null
    reported_missing_at: string; last_seen_at: string | null; returned_at: string | null; found_description: string | null
    agency_name: string | null; agency_type: string | null; return_agency_name: string | null; return_agency_type: string | null
  }>(
    tx,
    sql`select e.id, e.missing_from, e.missing_type, e.risk_grade, e.reported_by, e.reported_missing_at, e.last_seen_at, e.returned_at,
               e.found_description, a.name as agency_name, a.type as agency_type, ra.name as return_agency_name, ra.type as return_agency_type
          from missing_episodes e
          left join teams t on t.id = e.recorded_by_team_id left join agencies a on a.id = t.agency_id
          left join lateral (
            select a2.name, a2.type from user_role_profiles u join teams t2 on t2.id = u.team_id join agencies a2 on a2.id = t2.agency_id
             where u.user_id = e.return_recorded_by order by (t2.id = e.recorded_by_team_id) desc, a2.name limit 1
          ) ra on true
         where e.person_id = ${personId}::uuid`,
  )
  const interviews = await queryRows<{ id: string; episode_id: string; status: RhiStatus; offered_at: string | null; held_at: string | null; updated_at: string; agency_name: string | null; agency_type: string | null }>(
    tx,
    sql`select r.id, r.episode_id, r.status, r.offered_at, r.held_at, r.updated_at, a.name as agency_name, a.type as agency_type
          from return_interviews r left join teams t on t.id = r.provider_team_id left join agencies a on a.id = t.agency_id
         where r.person_id = ${personId}::uuid`,
  )
  const items: ChronologyItem[] = []
  for (const e of episodes) {
    const href = `/missing-episodes/${e.id}`
    const type = e.missing_type ? ` (${MISSING_TYPE_LABELS[e.missing_type] ?? e.missing_type})` : ''
    const by = e.reported_by ? `; reported by ${e.reported_by}` : ''
    const summary = `Reported missing from ${MISSING_FROM_LABELS[e.missing_from].toLowerCase()}${type}; police risk grade ${RISK_GRADE_LABELS[e.risk_grade].toLowerCase()}${by}`
    items.push({ at: at(e.reported_missing_at), type: 'missing-episode', agency: agencyOf(e.agency_name, e.agency_type), summary, href, sourceId: e.id })
    if (e.returned_at) {
      const minutes = durationMinutes({ lastSeenAt: e.last_seen_at ? at(e.last_seen_at) : null, reportedMissingAt: at(e.reported_missing_at), returnedAt: at(e.returned_at) }) ?? 0
      const where = e.found_description ? `; found at ${e.found_description}` : ''
      const agency = agencyOf(e.return_agency_name, e.return_agency_type) ?? agencyOf(e.agency_name, e.agency_type)
      items.push({ at: at(e.returned_at), type: 'return', agency, summary: `Returned or found after ${durationText(minutes)}${where}`, href, sourceId: `${e.id}:return` })
    }
  }
  for (const r of interviews) {
    const agency = agencyOf(r.agency_name, r.agency_type)
    const href = `/missing-episodes/${r.episode_id}`
    const entry = (when: string, step: string, summary: string): ChronologyItem => ({ at: at(when), type: 'return-interview', agency, summary, href, sourceId: `${r.id}:${step}` })
    // An offer recorded without its time is dated when it was recorded.
    const offeredAt = r.offered_at ?? (r.status === 'offered' || r.status === 'accepted' ? r.updated_at : null)
    if (offeredAt) items.push(entry(offeredAt, 'offered', 'Return home interview offered'))
    if (r.status === 'accepted') items.push(entry(r.updated_at, 'accepted', 'Return home interview accepted by the child'))
    if (r.status === 'completed') items.push(entry(r.held_at ?? r.updated_at, 'completed', 'Return home interview completed'))
    if (r.status === 'declined') items.push(entry(r.updated_at, 'declined', 'Return home interview declined by the child'))
    if (r.status === 'not-possible') items.push(entry(r.updated_at, 'not-possible', 'Return home interview not possible'))
  }
  return items
}

/** "Currently missing" (red) while the child has an open episode: the record's reader sees it at the top. */
async function badges(tx: Db, personId: string): Promise<PersonBadge[]> {
  const [row] = await queryRows<{ open: boolean }>(tx, sql`select exists (select 1 from missing_episodes where person_id = ${personId}::uuid and returned_at is null) as open`)
  return row?.open ? [{ code: 'currently-missing', text: 'Currently missing', colour: 'red' }] : []
}

/**
 * Merging two records of one child (people's extension point): the episodes, return interviews and "found with"
 * links move to the surviving record, and back on unmerge. A merge that would give the child two overlapping
 * episodes is refused — one of them is probably the same episode recorded twice, which someone must sort out first.
 */
export const missingPersonExtension: PersonExtension = {
  name: 'missing',
  chronology,
  badges,
  mergeGuard: async (tx: Db, pair: MergePair): Promise<MergeBlock[]> => {
    const rows = await tx.select().from(missingEpisodes).where(inArray(missingEpisodes.personId, [pair.survivingPersonId, pair.mergedPersonId]))
    const a = rows.filter((r) => r.personId === pair.survivingPersonId)
    const b = rows.filter((r) => r.personId === pair.mergedPersonId)
    const clash = a.some((x) => b.some((y) => periodsOverlap({ start: episodeStart(x), end: x.returnedAt }, { start: episodeStart(y), end: y.returnedAt })))
    return clash
      ? [{ code: 'overlapping-missing-episodes', message: 'The two records have overlapping missing episodes: correct or join them before merging' }]
      : []
  },
  repointOnMerge: async (tx: Db, pair: MergePair): Promise<Moved> => ({
    episodes: await repointColumn(tx, 'missing_episodes', 'person_id', pair),
    interviews: await repointColumn(tx, 'return_interviews', 'person_id', pair),
    associates: await repointColumn(tx, 'missing_episode_associates', 'person_id', pair),
  }),
  restoreOnUnmerge: async (tx: Db, pair: MergePair, moved: unknown): Promise<void> => {
    const m = moved as Partial<Moved> | null
    await restoreColumn(tx, 'missing_episodes', 'person_id', pair, m?.episodes ?? [])
    await restoreColumn(tx, 'return_interviews', 'person_id', pair, m?.interviews ?? [])
    await restoreColumn(tx, 'missing_episode_associates', 'person_id', pair, m?.associates ?? [])
  },
}

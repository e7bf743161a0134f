import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { repointColumn, restoreColumn, type ChronologyItem, type MergePair, type PersonBadge, type PersonExtension } from '../people/index.ts'
import { CME_CLOSURE_LABELS, CME_REASON_LABELS } from './labels.ts'
import type { CmeClosureReason, CmeReason } from './schema.ts'

type Moved = { cases: string[] }
/** A calendar day as an instant for ordering with timed entries: midday UTC keeps it on the same UK day all year. */
const dayAt = (date: string) => new Date(`${date}T12:00:00Z`)

/**
 * The child's chronology: each case identified and each closure, with the recording team's agency. Everything here
 * is on the case page, which `education.cme.view` opens to exactly the chronology's readers (`people.view`).
 */
async function chronology(tx: Db, personId: string): Promise<ChronologyItem[]> {
  const rows = await queryRows<{ id: string; identified_on: string; reason: CmeReason; closed_on: string | null; closure_reason: CmeClosureReason | null; agency_name: string | null; agency_type: string | null }>(
    tx,
    sql`select c.id, c.identified_on::text as identified_on, c.reason, c.closed_on::text as closed_on, c.closure_reason, a.name as agency_name, a.type as agency_type
          from cme_cases c left join teams t on t.id = c.recorded_by_team_id left join agencies a on a.id = t.agency_id
         where c.person_id = ${personId}::uuid`,
  )
  const items: ChronologyItem[] = []
  for (const c of rows) {
    const agency = c.agency_name ? { name: c.agency_name, type: c.agency_type ?? 'other' } : null
    const href = `/children-missing-education/${c.id}`
    items.push({ at: dayAt(c.identified_on), type: 'children-missing-education', agency, summary: `Identified as missing education: ${CME_REASON_LABELS[c.reason].toLowerCase()}`, href, sourceId: c.id })
    if (c.closed_on && c.closure_reason) {
      items.push({ at: dayAt(c.closed_on), type: 'children-missing-education', agency, summary: `Missing education case closed: ${CME_CLOSURE_LABELS[c.closure_reason].toLowerCase()}`, href, sourceId: `${c.id}:closed` })
    }
  }
  return items
}

/** "Missing education" while the child has an open case. */
async function badges(tx: Db, personId: string): Promise<PersonBadge[]> {
  const [row] = await queryRows<{ open: boolean }>(tx, sql`select exists (select 1 from cme_cases where person_id = ${personId}::uuid and status = 'open') as open`)
  return row?.open ? [{ code: 'missing-education', text: 'Missing education', colour: 'orange' }] : []
}

/**
 * Merging two records of one child moves the cases to the surviving record, and back on unmerge. Two open cases
 * cannot meet on one child (unique index): the merged record's open case is closed into the survivor's first, so
 * the merge is refused while both records have one.
 */
export const educationPersonExtension: PersonExtension = {
  name: 'education',
  chronology,
  badges,
  mergeGuard: async (tx: Db, pair: MergePair) => {
    const [row] = await queryRows<{ n: number }>(
      tx,
      sql`select count(distinct person_id)::int as n from cme_cases where status = 'open' and person_id in (${pair.survivingPersonId}::uuid, ${pair.mergedPersonId}::uuid)`,
    )
    return (row?.n ?? 0) > 1 ? [{ code: 'two-open-cme-cases', message: 'Both records have an open children missing education case: close one of them before merging' }] : []
  },
  repointOnMerge: async (tx: Db, pair: MergePair): Promise<Moved> => ({ cases: await repointColumn(tx, 'cme_cases', 'person_id', pair) }),
  restoreOnUnmerge: async (tx: Db, pair: MergePair, moved: unknown): Promise<void> => {
    await restoreColumn(tx, 'cme_cases', 'person_id', pair, (moved as Partial<Moved> | null)?.cases ?? [])
  },
}

import type { Db } from '../../platform/db/client.ts'
import { repointColumn, restoreColumn, type MergePair, type PersonExtension } from '../people/index.ts'

/** Merging two records of one child: their alerts move to the surviving record, and back on unmerge. */
export const alertsPersonExtension: PersonExtension = {
  name: 'alerts',
  repointOnMerge: async (tx: Db, pair: MergePair) => ({ alerts: await repointColumn(tx, 'alerts', 'person_id', pair) }),
  restoreOnUnmerge: async (tx: Db, pair: MergePair, moved: unknown) => {
    await restoreColumn(tx, 'alerts', 'person_id', pair, (moved as { alerts?: string[] } | null)?.alerts ?? [])
  },
}

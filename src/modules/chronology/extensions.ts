import { repointColumn, restoreColumn, type MergePair, type PersonExtension } from '../people/index.ts'

type Moved = { curated: string[] }

/**
 * Curated chronologies follow the child on a merge: their entries are references by source id, and the sources'
 * rows move to the survivor too, so every reference still resolves.
 */
export const chronologyPersonExtension: PersonExtension = {
  name: 'chronology',
  repointOnMerge: async (tx, pair: MergePair): Promise<Moved> => ({ curated: await repointColumn(tx, 'curated_chronologies', 'person_id', pair) }),
  restoreOnUnmerge: async (tx, pair: MergePair, moved: unknown): Promise<void> => {
    await restoreColumn(tx, 'curated_chronologies', 'person_id', pair, (moved as Partial<Moved> | null)?.curated ?? [])
  },
}

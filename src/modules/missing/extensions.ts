import { inArray } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { repointColumn, restoreColumn, type MergeBlock, type MergePair, type PersonExtension } from '../people/index.ts'
import { episodeStart, periodsOverlap } from './rules.ts'
import { missingEpisodes } from './schema.ts'

type Moved = { episodes: string[]; interviews: string[]; associates: string[] }

/**
 * Merging two records of one child (people's extension point): the episodes, return interviews and "found with"
 * links move to the surviving record, and back on unmerge. A merge that would give the child two overlapping
 * episodes is refused — one of them is probably the same episode recorded twice, which someone must sort out first.
 */
export const missingPersonExtension: PersonExtension = {
  name: 'missing',
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

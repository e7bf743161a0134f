import { sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { repointColumn, restoreColumn, type MergePair, type PersonExtension } from './extensions.ts'

/**
 * The people module's own merge re-pointing (ADR 0009), registered first so that it runs first on merge and last
 * on unmerge. It moves the merged person's person-index rows, source-system links and legitimate relationships
 * (access follows the child) to the surviving person, and returns the ids of exactly the rows it moved or changed,
 * so that an unmerge puts back those rows and no others: anything added to the survivor after the merge stays.
 *
 * Not moved: the `people` rows themselves (the merged one is only marked merged_into_id), person_history (the
 * history of that row), search keys (derived: rebuilt), break-glass grants and notifications (records of what
 * happened to that id), duplicate candidates (the queue hides pairs with a merged-away person).
 */

/** The undo data, as stored in person_merges.moved.people (checked when read back: it drives writes). */
export const peopleUndo = z.object({
  names: z.array(z.guid()),
  /** Names whose kind changed (the merged person's `current` name becomes an alias of the survivor). */
  renamed: z.array(z.object({ id: z.guid(), kind: z.enum(['current', 'previous', 'alias']) })),
  identifiers: z.array(z.guid()),
  addresses: z.array(z.guid()),
  contacts: z.array(z.guid()),
  relationshipsFrom: z.array(z.guid()),
  relationshipsTo: z.array(z.guid()),
  legitimateRelationships: z.array(z.guid()),
  sourceRecords: z.array(z.guid()),
})
export type PeopleUndo = z.infer<typeof peopleUndo>

/** A relationship between the two people themselves is not moved: it would become a relationship with oneself. */
const notBetweenThePair = (pair: MergePair) =>
  sql`not (person_id in (${pair.survivingPersonId}::uuid, ${pair.mergedPersonId}::uuid) and related_person_id in (${pair.survivingPersonId}::uuid, ${pair.mergedPersonId}::uuid))`

async function repoint(tx: Db, pair: MergePair): Promise<PeopleUndo> {
  // The merged person's current name is one the survivor is also known by: an alias ("also known as").
  const renamed = await queryRows<{ id: string }>(
    tx,
    sql`update person_names set kind = 'alias' where person_id = ${pair.mergedPersonId}::uuid and kind = 'current' returning id`,
  )
  return {
    names: await repointColumn(tx, 'person_names', 'person_id', pair),
    renamed: renamed.map((r) => ({ id: r.id, kind: 'current' as const })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    // One record cannot hold an identifier twice (unique person+type+value): a number the survivor already has
    // stays on the merged record, where an unmerge finds it.
    identifiers: await repointColumn(
      tx,
      'person_identifiers',
      'person_id',
      pair,
      sql`not exists (select 1 from person_identifiers s where s.person_id = ${pair.survivingPersonId}::uuid and s.type = person_identifiers.type and s.value = person_identifiers.value)`,
    ),
    addresses: await repointColumn(tx, 'person_addresses', 'person_id', pair),
    contacts: await repointColumn(tx, 'person_contacts', 'person_id', pair),
    relationshipsFrom: await repointColumn(tx, 'person_relationships', 'person_id', pair, notBetweenThePair(pair)),
    relationshipsTo: await repointColumn(tx, 'person_relationships', 'related_person_id', pair, notBetweenThePair(pair)),
    legitimateRelationships: await repointColumn(tx, 'legitimate_relationships', 'person_id', pair),
    sourceRecords: await repointColumn(tx, 'person_source_records', 'person_id', pair),
  }
}

async function restore(tx: Db, pair: MergePair, moved: unknown): Promise<void> {
  const undo = peopleUndo.parse(moved)
  await restoreColumn(tx, 'person_names', 'person_id', pair, undo.names)
  for (const r of undo.renamed) {
    await tx.execute(sql`update person_names set kind = ${r.kind} where id = ${r.id}::uuid and person_id = ${pair.mergedPersonId}::uuid`)
  }
  await restoreColumn(tx, 'person_identifiers', 'person_id', pair, undo.identifiers)
  await restoreColumn(tx, 'person_addresses', 'person_id', pair, undo.addresses)
  await restoreColumn(tx, 'person_contacts', 'person_id', pair, undo.contacts)
  await restoreColumn(tx, 'person_relationships', 'person_id', pair, undo.relationshipsFrom)
  await restoreColumn(tx, 'person_relationships', 'related_person_id', pair, undo.relationshipsTo)
  await restoreColumn(tx, 'legitimate_relationships', 'person_id', pair, undo.legitimateRelationships)
  await restoreColumn(tx, 'person_source_records', 'person_id', pair, undo.sourceRecords)
}

export const PEOPLE_EXTENSION = 'people'

export const peopleMergeExtension: PersonExtension = {
  name: PEOPLE_EXTENSION,
  repointOnMerge: repoint,
  restoreOnUnmerge: restore,
}

/** How many rows an extension's undo data says moved (for the audit event and the page): arrays of ids, counted. */
export function countMoved(undo: unknown): Record<string, number> {
  if (Array.isArray(undo)) return { rows: undo.length }
  if (!undo || typeof undo !== 'object') return {}
  return Object.fromEntries(Object.entries(undo).flatMap(([k, v]) => (Array.isArray(v) ? [[k, v.length]] : [])))
}

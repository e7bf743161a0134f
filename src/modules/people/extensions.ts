import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'

/**
 * Extension points of the people module (ARCHITECTURE.md §2 "extension points instead of cycles"). `people` is the
 * hub other modules build on and must not import them; where it needs to know about their data, they register
 * here, through the registry (src/modules/index.ts), never by a side-effect import.
 *
 * Chronology and badges: each module contributes its own entries about a child, already filtered by its own policy.
 *
 * Merging two records of one child: every module that keeps rows about a person (a) may block the merge when it
 * would be unsafe in its terms (e.g. "overlapping open plans"), and (b) moves its own rows from the merged person to
 * the surviving one, returning exactly what it moved so that an unmerge can put everything back.
 */

export type MergePair = { survivingPersonId: string; mergedPersonId: string }

/** Why a merge would be unsafe: a stable code (for the API) and a GOV.UK-style sentence for the page. */
export type MergeBlock = { code: string; message: string }

/**
 * One entry of a child's chronology (CONTRACTS.md §6 chronology item): when, what kind (`contact`,
 * `missing-episode`, `return`, `return-interview`, `screening`, `case`, `plan`, `note`, …), the source agency (its
 * name and type) and a summary. A source returns only what `reader` may see: filtering is the contributing
 * module's job, done in its own query, never after the fact by the chronology.
 */
export type ChronologyItem = {
  at: Date
  type: string
  agency: { name: string; type: string } | null
  summary: string
  /** A page that shows the entry in full, if the reader may open it. */
  href?: string
  /** Stable id of the underlying record (for curated chronologies and exports). */
  sourceId: string
}

/** The reader of a chronology, as sources need it to apply their own rules. */
export type ChronologyReader = { userId: string; teamId: string; agencyId: string; roleProfile: string }

/** A flag on a child's record (child protection, looked after, exploitation risk, currently missing, …). */
export type PersonBadge = { code: string; text: string; colour: 'red' | 'orange' | 'yellow' | 'blue' | 'purple' | 'grey' }

export type PersonExtension = {
  /** Unique and stable: the key of this extension's undo data in person_merges.moved. */
  name: string
  /** This module's entries in the child's chronology, already filtered for `reader`. */
  chronology?: (tx: Db, personId: string, reader: ChronologyReader) => Promise<ChronologyItem[]>
  /** This module's badges on the child's record (the caller has already decided the reader may see the record). */
  badges?: (tx: Db, personId: string) => Promise<PersonBadge[]>
  /** Reasons this module says the two records must not be merged. Read-only. */
  mergeGuard?: (tx: Db, pair: MergePair) => Promise<MergeBlock[]>
  /** Move this module's rows to the surviving person, in the merge's transaction; returns JSON-serialisable undo data. */
  repointOnMerge?: (tx: Db, pair: MergePair) => Promise<unknown>
  /** Undo `repointOnMerge` from its undo data, in the unmerge's transaction. */
  restoreOnUnmerge?: (tx: Db, pair: MergePair, moved: unknown) => Promise<void>
}

const registered: PersonExtension[] = []

export function registerPersonExtension(extension: PersonExtension): void {
  if (registered.some((e) => e.name === extension.name)) return
  registered.push(extension)
}

/** In registration order (the people module's own first); unmerge runs them in reverse. */
export function personExtensions(): readonly PersonExtension[] {
  return registered
}

/** For tests that register a throwaway extension: take it out again. */
export function unregisterPersonExtension(name: string): void {
  const i = registered.findIndex((e) => e.name === name)
  if (i >= 0) registered.splice(i, 1)
}

const IDENT = /^[a-z_][a-z0-9_]*$/

/**
 * Every `table.column` a merge has re-pointed in this process. A merge that forgot a table would leave that table's
 * rows on the merged-away record, hidden from everyone looking at the survivor; `merge-coverage.int.test.ts` compares
 * this set with the database's foreign keys to `people` so that a new module cannot forget.
 */
const repointedColumns = new Set<string>()
export const columnsRepointedSoFar = (): ReadonlySet<string> => repointedColumns

/**
 * The common case of `repointOnMerge`: set `column` of every `table` row holding the merged person to the surviving
 * person, and return the ids of the rows moved (so that `restoreColumn` moves exactly those back). `table` and
 * `column` are code constants, never input; they are checked anyway because they are spliced into SQL.
 */
export async function repointColumn(tx: Db, table: string, column: string, pair: MergePair, where = sql`true`): Promise<string[]> {
  if (!IDENT.test(table) || !IDENT.test(column)) throw new Error(`not an identifier: ${table}.${column}`)
  repointedColumns.add(`${table}.${column}`)
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${pair.survivingPersonId}::uuid
        where ${sql.identifier(column)} = ${pair.mergedPersonId}::uuid and (${where}) returning id`,
  )
  return rows.map((r) => r.id).sort()
}

/** Undo `repointColumn`: the rows it moved go back to the merged person (rows added since stay where they are). */
export async function restoreColumn(tx: Db, table: string, column: string, pair: MergePair, ids: readonly string[]): Promise<void> {
  if (!IDENT.test(table) || !IDENT.test(column)) throw new Error(`not an identifier: ${table}.${column}`)
  if (ids.length === 0) return
  await tx.execute(
    sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${pair.mergedPersonId}::uuid
        where id = any(string_to_array(${ids.join(',')}, ',')::uuid[]) and ${sql.identifier(column)} = ${pair.survivingPersonId}::uuid`,
  )
}

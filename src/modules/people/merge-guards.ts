import { sql } from 'drizzle-orm'
import type { RecordState } from '../../platform/access/schema.ts'
import type { Db } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { personExtensions, type MergeBlock, type MergePair } from './extensions.ts'

/**
 * When a merge would be unsafe (ADR 0009). A false merge mixes two children's records, so the built-in guards
 * refuse anything that says "these are two people" in a way only a correction can settle, and every module adds
 * its own (e.g. "overlapping open plans") through `mergeGuard`. All reasons are reported together. Guards read
 * only; a blocked merge changes nothing.
 */

/** What the built-in guards look at, per person. */
export type GuardFacts = {
  id: string
  kind: 'child' | 'adult'
  dateOfBirth: string | null
  dobPrecision: 'exact' | 'month' | 'year' | 'estimated'
  nhsNumbers: readonly string[]
  state: RecordState
  mergedIntoId: string | null
}

export const BLOCK_MESSAGES = {
  'same-person': 'You cannot merge a record with itself',
  'already-merged': 'One of these records has already been merged into another record',
  'different-nhs-numbers': 'These records have different NHS numbers. They may be two different children: check the NHS numbers before merging',
  'different-dates-of-birth': 'These records have different verified dates of birth. If one of them is wrong, correct that record first, then merge',
  'protected-record': 'One of these records is restricted or sealed. Ask information governance to merge them',
} as const
export type BuiltInBlockCode = keyof typeof BLOCK_MESSAGES

const block = (code: BuiltInBlockCode): MergeBlock => ({ code, message: BLOCK_MESSAGES[code] })

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = new Set(a)
  const y = new Set(b)
  return x.size === y.size && [...x].every((v) => y.has(v))
}

/** The built-in guards: pure, so that they can be tested exhaustively. */
export function builtInBlocks(surviving: GuardFacts, merged: GuardFacts): MergeBlock[] {
  if (surviving.id === merged.id) return [block('same-person')]
  const blocks: MergeBlock[] = []
  if (surviving.mergedIntoId || merged.mergedIntoId) blocks.push(block('already-merged'))
  // Both have NHS numbers and they are not the same numbers: one NHS number is one person (an extra number on one
  // side is also refused — it is either a second child or an error to correct first).
  if (surviving.nhsNumbers.length > 0 && merged.nhsNumbers.length > 0 && !sameSet(surviving.nhsNumbers, merged.nhsNumbers)) blocks.push(block('different-nhs-numbers'))
  const verified = (p: GuardFacts) => p.dobPrecision === 'exact' && p.dateOfBirth !== null
  if (verified(surviving) && verified(merged) && surviving.dateOfBirth !== merged.dateOfBirth) blocks.push(block('different-dates-of-birth'))
  // Protection is IG's decision; merging would spread it to, or lift it from, the other record's rows.
  if (surviving.state !== 'ordinary' || merged.state !== 'ordinary') blocks.push(block('protected-record'))
  return blocks
}

/** Differences shown beside the records but not blocking: the MASH manager weighs them. */
export function mergeNotes(a: GuardFacts, b: GuardFacts, relationshipTypes: readonly string[]): string[] {
  const notes: string[] = []
  if (a.kind !== b.kind) notes.push('One record is of a child and the other of an adult')
  if (relationshipTypes.length > 0) {
    notes.push(`These records are recorded as related to each other (${[...new Set(relationshipTypes)].join(', ')}): that relationship stays on the record that is kept`)
  }
  return notes
}

type FactsRow = { id: string; kind: 'child' | 'adult'; date_of_birth: string | null; dob_precision: GuardFacts['dobPrecision']; nhs: string[] | null; state: RecordState; merged_into_id: string | null }

export async function loadGuardFacts(tx: Db, ids: readonly string[]): Promise<Map<string, GuardFacts>> {
  const rows = await queryRows<FactsRow>(
    tx,
    sql`select p.id, p.kind, p.date_of_birth::text as date_of_birth, p.dob_precision, p.merged_into_id,
          coalesce(rp.state, 'ordinary') as state,
          (select array_agg(i.value order by i.value) from person_identifiers i where i.person_id = p.id and i.type = 'nhs-number') as nhs
        from people p left join record_protections rp on rp.person_id = p.id
        where p.id = any(string_to_array(${ids.join(',')}, ',')::uuid[])`,
  )
  return new Map(
    rows.map((r) => [r.id, { id: r.id, kind: r.kind, dateOfBirth: r.date_of_birth, dobPrecision: r.dob_precision, nhsNumbers: r.nhs ?? [], state: r.state, mergedIntoId: r.merged_into_id }]),
  )
}

async function relationshipTypesBetween(tx: Db, a: string, b: string): Promise<string[]> {
  const rows = await queryRows<{ type: string }>(
    tx,
    sql`select type from person_relationships
        where (person_id = ${a}::uuid and related_person_id = ${b}::uuid) or (person_id = ${b}::uuid and related_person_id = ${a}::uuid)`,
  )
  return rows.map((r) => r.type)
}

export type MergeCheck = { blocks: MergeBlock[]; notes: string[] }

/** Every reason the pair must not be merged (built-in first, then each registered module's), and the notes. */
export async function checkMerge(tx: Db, pair: MergePair): Promise<MergeCheck> {
  const facts = await loadGuardFacts(tx, [pair.survivingPersonId, pair.mergedPersonId])
  const surviving = facts.get(pair.survivingPersonId)
  const merged = facts.get(pair.mergedPersonId)
  if (!surviving || !merged) throw new Error('checkMerge: both people must exist')
  const blocks = builtInBlocks(surviving, merged)
  if (pair.survivingPersonId === pair.mergedPersonId) return { blocks, notes: [] }
  for (const extension of personExtensions()) {
    if (extension.mergeGuard) blocks.push(...(await extension.mergeGuard(tx, pair)))
  }
  return { blocks, notes: mergeNotes(surviving, merged, await relationshipTypesBetween(tx, pair.survivingPersonId, pair.mergedPersonId)) }
}

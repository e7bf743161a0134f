import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { runWork, type Ctx, type Platform } from '../../platform/context/index.ts'
import type { SystemActor } from '../../platform/access/actor.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { duplicateCandidates } from './merge-schema.ts'
import { comparePair, decideRow, type RowDecision } from './import-decide.ts'
import { importRows, imports, importSources, type ImportRowOutcome } from './import-schema.ts'
import { createPersonFromRow, linkRowToPerson, type RowAuthor } from './import-records.ts'
import type { RowValues } from './import-validate.ts'
import { findMatches, MIN_PROBABILITY } from './search.ts'
import { apiReasons } from './search-reasons.ts'

/**
 * Matching a staged import into the person index, one batch per transaction (ADR 0010). A batch locks its import,
 * takes the next rows without an outcome, settles every one of them and moves `processed_count` on — all or
 * nothing. A crash mid-batch leaves no trace of that batch, and running again simply carries on from the first row
 * without an outcome; two runners on one import queue behind the lock and never settle a row twice.
 */
export const BATCH_SIZE = 200

export type BatchResult = { importId: string; done: boolean; processed: number; rowCount: number; counts: Partial<Record<ImportRowOutcome, number>> }

export type BatchOptions = {
  batchSize?: number
  /** Test support: called after each row is settled, inside the batch's transaction (a throw rolls the batch back). */
  afterRow?: (index: number) => void
}

/** The uploader, acting through the import after the request that started it has ended. */
const importActor = (userId: string): SystemActor => ({ kind: 'system', label: 'import-matching', userId })

type StagedRow = { id: string; lineNumber: number; data: RowValues }

/** The person the agency's record id was linked to before, following a merge to the surviving record. */
async function knownPerson(ctx: Ctx, sourceId: string, sourceRecordId: string): Promise<string | null> {
  const [row] = await queryRows<{ person_id: string }>(
    ctx.tx,
    sql`select coalesce(p.merged_into_id, p.id) as person_id from person_source_records r join people p on p.id = r.person_id
        where r.source_id = ${sourceId}::uuid and r.source_record_id = ${sourceRecordId}`,
  )
  return row?.person_id ?? null
}

async function queuePair(ctx: Ctx, pair: NonNullable<Extract<RowDecision, { outcome: 'review' }>['pair']>): Promise<void> {
  const [a, b] = pair[0].id < pair[1].id ? pair : [pair[1], pair[0]]
  const match = comparePair(a, b)
  await ctx.tx
    .insert(duplicateCandidates)
    .values({ personId: a.id, otherPersonId: b.id, probability: match.probability, matchWeight: match.matchWeight, reasons: apiReasons(match.reasons), source: 'import', foundAt: ctx.now })
    .onConflictDoNothing()
}

/** Settle one row; returns its outcome. */
async function settleRow(ctx: Ctx, row: StagedRow, by: RowAuthor, teamId: string): Promise<{ outcome: ImportRowOutcome; pairQueued: boolean }> {
  const settle = (values: Partial<typeof importRows.$inferInsert>) => ctx.tx.update(importRows).set(values).where(eq(importRows.id, row.id))
  const known = await knownPerson(ctx, by.sourceId, row.data.sourceRecordId)
  if (known) {
    await linkRowToPerson(ctx, known, row, by)
    await settle({ outcome: 'matched', personId: known })
    return { outcome: 'matched', pairQueued: false }
  }
  const d = row.data
  const terms = { givenName: d.givenName, middleNames: d.middleNames, familyName: d.familyName, dateOfBirth: d.dateOfBirth, gender: d.gender, postcode: d.postcode, nhsNumber: d.nhsNumber }
  const ranked = await findMatches(ctx.tx, by.userId, terms, { limit: 5, minProbability: MIN_PROBABILITY })
  const decision = decideRow(ranked)
  const scored = decision.best ? { candidatePersonId: decision.best.id, probability: decision.best.match.probability, reasons: apiReasons(decision.best.match.reasons) } : {}
  if (decision.outcome === 'matched') {
    const { identifiersAdded } = await linkRowToPerson(ctx, decision.best.id, row, by)
    await settle({ outcome: 'matched', personId: decision.best.id, ...scored })
    ctx.audit.record({ action: 'people.import-linked', outcome: 'succeeded', resourceType: 'person', resourceId: decision.best.id, personId: decision.best.id, details: { importRowId: row.id, identifiersAdded } })
    return { outcome: 'matched', pairQueued: false }
  }
  if (decision.outcome === 'created') {
    const personId = await createPersonFromRow(ctx, row, by, teamId)
    await settle({ outcome: 'created', personId, ...scored })
    ctx.audit.record({ action: 'people.created', outcome: 'succeeded', resourceType: 'person', resourceId: personId, personId, details: { importRowId: row.id } })
    return { outcome: 'created', pairQueued: false }
  }
  if (decision.pair) await queuePair(ctx, decision.pair)
  await settle({ outcome: 'review', ...scored })
  return { outcome: 'review', pairQueued: Boolean(decision.pair) }
}

/** One batch of one import, as one unit of work. `done` once no row is left without an outcome. */
export async function processBatch(platform: Platform, importId: string, options: BatchOptions = {}): Promise<BatchResult> {
  const [owner] = await platform.database.db.select({ userId: imports.uploadedBy }).from(imports).where(eq(imports.id, importId))
  if (!owner) throw new Error(`no import ${importId}`)
  return runWork(platform, importActor(owner.userId), `import-${importId}`, async (ctx) => {
    const [imp] = await ctx.tx.select().from(imports).where(eq(imports.id, importId)).for('update')
    const [source] = imp ? await ctx.tx.select().from(importSources).where(eq(importSources.id, imp.sourceId)) : []
    if (!imp || !source) throw new Error(`no import ${importId}`)
    const base = { importId, rowCount: imp.rowCount }
    if (imp.status !== 'matching') return { ...base, done: true, processed: imp.processedCount, counts: {} }
    const rows = (await ctx.tx
      .select({ id: importRows.id, lineNumber: importRows.lineNumber, data: importRows.data })
      .from(importRows)
      .where(and(eq(importRows.importId, importId), isNull(importRows.outcome)))
      .orderBy(asc(importRows.lineNumber))
      .limit(options.batchSize ?? BATCH_SIZE)) as StagedRow[]
    const by: RowAuthor = { sourceId: source.id, sourceName: source.name, agencyId: source.agencyId, userId: imp.uploadedBy }
    const counts: Partial<Record<ImportRowOutcome, number>> = {}
    let pairs = 0
    for (const [i, row] of rows.entries()) {
      const { outcome, pairQueued } = await settleRow(ctx, row, by, imp.uploadedByTeamId)
      counts[outcome] = (counts[outcome] ?? 0) + 1
      if (pairQueued) pairs += 1
      options.afterRow?.(i)
    }
    const [state] = await queryRows<{ settled: number; waiting: number }>(
      ctx.tx,
      sql`select count(*) filter (where outcome is not null)::int as settled, count(*) filter (where outcome = 'review')::int as waiting from import_rows where import_id = ${importId}::uuid`,
    )
    const processed = state?.settled ?? 0
    const done = processed >= imp.rowCount
    const status = !done ? 'matching' : (state?.waiting ?? 0) > 0 ? 'awaiting-review' : 'completed'
    await ctx.tx
      .update(imports)
      .set({ processedCount: processed, status, ...(status === 'completed' ? { completedAt: ctx.now } : {}) })
      .where(eq(imports.id, importId))
    ctx.audit.record({
      action: 'people.import-batch-matched',
      outcome: 'succeeded',
      resourceType: 'person-import',
      resourceId: importId,
      details: { rows: rows.length, ...counts, duplicatePairsQueued: pairs, processed, rowCount: imp.rowCount, status },
    })
    return { ...base, done, processed, counts }
  })
}

/** Every remaining batch of an import, in turn (the CLI, tests and the background runner). */
export async function processImport(platform: Platform, importId: string, options: BatchOptions & { onProgress?: (r: BatchResult) => void } = {}): Promise<BatchResult> {
  for (;;) {
    const result = await processBatch(platform, importId, options)
    options.onProgress?.(result)
    if (result.done) return result
  }
}

/** Imports left part-way (a stop or a crash): the server resumes them at start. */
export async function importsToResume(platform: Platform): Promise<string[]> {
  const rows = await platform.database.db.select({ id: imports.id }).from(imports).where(eq(imports.status, 'matching')).orderBy(asc(imports.uploadedAt))
  return rows.map((r) => r.id)
}

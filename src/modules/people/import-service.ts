import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { agencies } from '../../platform/auth/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { checkMapping } from './import-fields.ts'
import { readExtract } from './import-parse.ts'
import { IMPORTS } from './import-policy.ts'
import { importRows, imports, importSources, type ImportRowOutcome } from './import-schema.ts'
import type { SourceInput } from './import-schemas.ts'
import { londonDate } from './index-rules.ts'
import { cleanFilename } from '../../platform/http/filenames.ts'

/** Sources, uploads and progress of agency extract import (ADR 0010); review is in import-review.ts. */

export function importUser(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('import services act for a signed-in user')
  return ctx.actor
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (id: string) => UUID.test(id)

export type Source = typeof importSources.$inferSelect & { agencyName: string }
export type Import = typeof imports.$inferSelect & { sourceName: string; agencyName: string }

/** For pages that only show a form. */
export function assertCanImport(ctx: Ctx): void {
  authorize(ctx, 'people.import', IMPORTS)
}

export async function listSources(ctx: Ctx): Promise<Source[]> {
  authorize(ctx, 'people.import', IMPORTS)
  return ctx.tx
    .select({ ...sourceColumns(), agencyName: agencies.name })
    .from(importSources)
    .innerJoin(agencies, eq(agencies.id, importSources.agencyId))
    .orderBy(asc(agencies.name), asc(importSources.name))
}

function sourceColumns() {
  const { id, agencyId, name, mapping, encoding, createdBy, createdAt, updatedAt } = importSources
  return { id, agencyId, name, mapping, encoding, createdBy, createdAt, updatedAt }
}

export async function getSource(ctx: Ctx, id: string): Promise<Source> {
  authorize(ctx, 'people.import', { resourceType: 'import-source', resourceId: id })
  if (!isUuid(id)) throw new NotFoundError()
  const [source] = await ctx.tx
    .select({ ...sourceColumns(), agencyName: agencies.name })
    .from(importSources)
    .innerJoin(agencies, eq(agencies.id, importSources.agencyId))
    .where(eq(importSources.id, id))
  if (!source) throw new NotFoundError()
  return source
}

/** The partnership's agencies, for "whose system do the extracts come from?". */
export async function listAgencies(ctx: Ctx): Promise<Array<{ id: string; name: string }>> {
  authorize(ctx, 'people.import', IMPORTS)
  return ctx.tx.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name))
}

/** Create (id null) or change a source; its mapping is then used for every extract from it. */
export async function saveSource(ctx: Ctx, id: string | null, input: SourceInput): Promise<string> {
  const actor = importUser(ctx)
  if (id) await getSource(ctx, id)
  else authorize(ctx, 'people.import', IMPORTS)
  const errors: FieldError[] = checkMapping(input.mapping).map((p) => ({ field: p.field === 'mapping' ? 'column-sourceRecordId' : `column-${p.field}`, message: p.message }))
  const [agency] = await ctx.tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, input.agencyId))
  if (!agency) errors.unshift({ field: 'agencyId', message: 'Select the agency whose system the extracts come from' })
  const [clash] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`select id from import_sources where agency_id = ${input.agencyId}::uuid and lower(name) = lower(${input.name}) and id is distinct from ${id}::uuid`,
  )
  if (clash) errors.unshift({ field: 'name', message: 'That agency already has a source with this name' })
  if (errors.length > 0) throw new ValidationError(errors)
  const values = { name: input.name, agencyId: input.agencyId, encoding: input.encoding, mapping: input.mapping, updatedAt: ctx.now }
  let savedId = id
  if (id) await ctx.tx.update(importSources).set(values).where(eq(importSources.id, id))
  else {
    const [row] = await ctx.tx.insert(importSources).values({ ...values, createdBy: actor.userId, createdAt: ctx.now }).returning({ id: importSources.id })
    savedId = row?.id ?? null
  }
  if (!savedId) throw new Error('source not saved')
  ctx.audit.record({ action: id ? 'people.import-source-changed' : 'people.import-source-created', outcome: 'succeeded', resourceType: 'import-source', resourceId: savedId, details: { fields: Object.keys(input.mapping) } })
  return savedId
}


const STAGE_CHUNK = 1000

/**
 * Read, check and stage an extract in one transaction: any problem with the file and nothing is staged (the
 * problems come back with their line numbers); the same file from the same source twice is refused.
 */
export async function stageImport(ctx: Ctx, input: { sourceId: string; fileName: string; bytes: Uint8Array }): Promise<{ id: string; rowCount: number }> {
  const actor = importUser(ctx)
  authorize(ctx, 'people.import', IMPORTS)
  const [source] = isUuid(input.sourceId) ? await ctx.tx.select().from(importSources).where(eq(importSources.id, input.sourceId)) : []
  if (!source) throw new ValidationError([{ field: 'sourceId', message: 'Select the source the extract comes from' }])
  const read = readExtract(input.bytes, source, londonDate(ctx.now))
  if (!read.ok) {
    const more = read.more > 0 ? [{ field: 'file', message: `and ${read.more} more ${read.more === 1 ? 'problem' : 'problems'}: nothing has been imported` }] : []
    throw new ValidationError([...read.problems.map((p) => ({ field: 'file', message: p.message })), ...more])
  }
  const { extract } = read
  const [earlier] = await ctx.tx
    .select({ fileName: imports.fileName, uploadedAt: imports.uploadedAt })
    .from(imports)
    .where(and(eq(imports.sourceId, source.id), eq(imports.fileSha256, extract.sha256)))
  if (earlier) {
    const on = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' }).format(earlier.uploadedAt)
    throw new ValidationError([{ field: 'file', message: `This file was already imported from ${source.name} on ${on} (as ${earlier.fileName}); nothing has been imported again` }])
  }
  const fileName = cleanFilename(input.fileName, 'extract.csv')
  const [created] = await ctx.tx
    .insert(imports)
    .values({
      sourceId: source.id,
      fileName,
      fileSha256: extract.sha256,
      rowCount: extract.rows.length,
      ignoredColumns: extract.ignoredColumns,
      uploadedBy: actor.userId,
      uploadedByTeamId: actor.teamId,
      uploadedAt: ctx.now,
    })
    .returning({ id: imports.id })
  if (!created) throw new Error('insert returned no import')
  for (let i = 0; i < extract.rows.length; i += STAGE_CHUNK) {
    await ctx.tx.insert(importRows).values(extract.rows.slice(i, i + STAGE_CHUNK).map((r) => ({ importId: created.id, lineNumber: r.line, data: r.data })))
  }
  // The file's name, size and fingerprint — never its rows: the audit log must not become a copy of the extract.
  ctx.audit.record({
    action: 'people.import-uploaded',
    outcome: 'succeeded',
    resourceType: 'person-import',
    resourceId: created.id,
    details: { sourceId: source.id, fileName, rows: extract.rows.length, bytes: input.bytes.length, sha256: extract.sha256, ignoredColumns: extract.ignoredColumns.length },
  })
  return { id: created.id, rowCount: extract.rows.length }
}

export type ImportCounts = Record<ImportRowOutcome, number>

export type ImportView = { import: Import; counts: ImportCounts }

async function loadImport(ctx: Ctx, id: string): Promise<Import> {
  if (!isUuid(id)) throw new NotFoundError()
  const [row] = await ctx.tx
    .select({ imp: imports, sourceName: importSources.name, agencyName: agencies.name })
    .from(imports)
    .innerJoin(importSources, eq(importSources.id, imports.sourceId))
    .innerJoin(agencies, eq(agencies.id, importSources.agencyId))
    .where(eq(imports.id, id))
  if (!row) throw new NotFoundError()
  return { ...row.imp, sourceName: row.sourceName, agencyName: row.agencyName }
}

export async function countOutcomes(ctx: Ctx, id: string): Promise<ImportCounts> {
  const rows = await queryRows<{ outcome: ImportRowOutcome; n: number }>(
    ctx.tx,
    sql`select outcome, count(*)::int as n from import_rows where import_id = ${id}::uuid and outcome is not null group by outcome`,
  )
  const counts: ImportCounts = { matched: 0, created: 0, review: 0, accepted: 0, rejected: 0 }
  for (const r of rows) counts[r.outcome] = r.n
  return counts
}

/**
 * An import's progress and counts. Nothing personal is shown (a file name and numbers), so this read is not an
 * audit event of its own — the page polls it.
 */
export async function viewImport(ctx: Ctx, id: string, action: 'people.import' | 'people.import.review' = 'people.import'): Promise<ImportView> {
  authorize(ctx, action, { resourceType: 'person-import', resourceId: id })
  const imp = await loadImport(ctx, id)
  return { import: imp, counts: await countOutcomes(ctx, id) }
}

/**
 * The resume button (ADR 0010): an import can stall while the server runs — its batch failed three times, or
 * another process (the CLI, or a second server on PostgreSQL) died part-way. Asking to resume an import that is not
 * `matching` changes nothing. The caller queues the import on the runner once this unit of work has committed.
 */
export async function resumeImport(ctx: Ctx, id: string): Promise<{ resumed: boolean }> {
  authorize(ctx, 'people.import', { resourceType: 'person-import', resourceId: id })
  const imp = await loadImport(ctx, id)
  if (imp.status !== 'matching') return { resumed: false }
  ctx.audit.record({
    action: 'people.import-resumed',
    outcome: 'succeeded',
    resourceType: 'person-import',
    resourceId: id,
    details: { processed: imp.processedCount, rowCount: imp.rowCount },
  })
  return { resumed: true }
}

export async function listImports(ctx: Ctx): Promise<Import[]> {
  authorize(ctx, 'people.import', IMPORTS)
  const rows = await ctx.tx
    .select({ imp: imports, sourceName: importSources.name, agencyName: agencies.name })
    .from(imports)
    .innerJoin(importSources, eq(importSources.id, imports.sourceId))
    .innerJoin(agencies, eq(agencies.id, importSources.agencyId))
    .orderBy(desc(imports.uploadedAt))
    .limit(100)
  return rows.map((r) => ({ ...r.imp, sourceName: r.sourceName, agencyName: r.agencyName }))
}

/**
 * Agency extract import (ADR 0010): sources, upload, progress and clerical review are the MASH manager's
 * (CONTRACTS.md §1: the manager decides, the practitioner recommends). Every other role is refused as a function it
 * never has (403) — an import is not about one person, so 403 tells nothing about any record. Anonymous: sign-in
 * on pages, 401 on the API.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../platform/db/rows.ts'
import { importRows, imports, importSources } from '../../modules/people/import-schema.ts'
import type { CaseContext, MatrixEntry, RoleTable } from './types.ts'

const IMPORT_ONLY = (anonymous: 'sign-in' | '401'): RoleTable => ({
  anonymous,
  'system-admin':                     '403',
  'information-governance-officer':   '403',
  'business-unit-officer':            '403',
  'mash-manager':                     'allow',
  'mash-practitioner':                '403',
  'mash-agency-researcher':           '403',
  'social-worker':                    '403',
  'exploitation-lead':                '403',
  'police-missing-coordinator':       '403',
  'rhi-worker':                       '403',
  'designated-safeguarding-lead':     '403',
  'health-safeguarding-practitioner': '403',
  analyst:                            '403',
  'panel-chair':                      '403',
})

const why = 'agency extract import and its clerical review: the MASH manager only (ADR 0010)'
const HEADER = 'Ref,First,Last,DOB'

/** A saved source (the police agency's), made once for the run. */
function source(ctx: CaseContext): Promise<string> {
  return ctx.memo('person-import:source', async () => {
    const [agency] = await queryRows<{ id: string }>(ctx.db, sql`select id from agencies where type = 'police' order by name limit 1`)
    const [row] = await ctx.db
      .insert(importSources)
      .values({ agencyId: agency?.id as string, name: 'Matrix extract', mapping: { sourceRecordId: 'Ref', givenName: 'First', familyName: 'Last', dateOfBirth: 'DOB' }, createdAt: ctx.now(), updatedAt: ctx.now() })
      .returning({ id: importSources.id })
    return row?.id as string
  })
}

/** A staged import awaiting review, uploaded by the MASH manager. */
function anImport(ctx: CaseContext): Promise<string> {
  return ctx.memo('person-import:import', async () => {
    const [row] = await ctx.db
      .insert(imports)
      .values({ sourceId: await source(ctx), fileName: 'matrix.csv', fileSha256: randomUUID(), status: 'awaiting-review', rowCount: 10_000, uploadedBy: ctx.reviewee.userId, uploadedByTeamId: ctx.reviewee.teamId, uploadedAt: ctx.now() })
      .returning({ id: imports.id })
    return row?.id as string
  })
}

let line = 1
/** A fresh row awaiting review (deciding it settles it, so each case has its own). */
async function reviewRow(ctx: CaseContext): Promise<Record<string, string>> {
  const importId = await anImport(ctx)
  line += 1
  const [row] = await ctx.db
    .insert(importRows)
    .values({ importId, lineNumber: line, data: { sourceRecordId: `M${line}`, givenName: 'Matrix', familyName: 'Reviewrow', dateOfBirth: '2012-01-01' }, outcome: 'review' })
    .returning({ id: importRows.id })
  return { importId, rowId: row?.id as string }
}

const sourceForm = () => ({ name: `Matrix source ${randomUUID().slice(0, 8)}`, agencyId: '', encoding: 'utf-8', 'column-sourceRecordId': 'Ref', 'column-givenName': 'First', 'column-familyName': 'Last', 'column-dateOfBirth': 'DOB' })
async function sourceFormFor(ctx: CaseContext) {
  const [agency] = await queryRows<{ id: string }>(ctx.db, sql`select id from agencies order by name limit 1`)
  return { ...sourceForm(), agencyId: agency?.id as string }
}
/** A different file for every case: the same file twice from one source is refused. */
const csv = () => `${HEADER}\nX${randomUUID().slice(0, 8)},Matrixupload,Person,01/02/2013\n`

const importParams = async (ctx: CaseContext) => ({ importId: await anImport(ctx) })
const actions = ['people.import']
const review = ['people.import.review']

export const personImportMatrix: MatrixEntry[] = [
  { route: 'GET /people/imports', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), why },
  { route: 'GET /people/imports/sources', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), why },
  { route: 'GET /people/imports/sources/new', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), why },
  { route: 'POST /people/imports/sources', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), request: { body: sourceFormFor }, why },
  { route: 'GET /people/imports/sources/:sourceId/edit', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), request: { params: async (ctx) => ({ sourceId: await source(ctx) }) }, why },
  {
    route: 'POST /people/imports/sources/:sourceId',
    kind: 'page',
    actions,
    expect: IMPORT_ONLY('sign-in'),
    request: { params: async (ctx) => ({ sourceId: await source(ctx) }), body: async (ctx) => ({ ...(await sourceFormFor(ctx)), name: 'Matrix extract' }) },
    why,
  },
  { route: 'GET /people/imports/new', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), why },
  { route: 'POST /people/imports', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), request: { body: async (ctx) => ({ sourceId: await source(ctx) }), file: () => ({ name: 'matrix.csv', content: csv() }) }, why },
  { route: 'GET /people/imports/:importId', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), request: { params: importParams }, why },
  // Resuming an import that is not `matching` changes nothing and goes back to its page: still allowed, as a no-op.
  { route: 'POST /people/imports/:importId/resume', kind: 'page', actions, expect: IMPORT_ONLY('sign-in'), request: { params: importParams }, why },
  { route: 'GET /people/imports/:importId/review', kind: 'page', actions: review, expect: IMPORT_ONLY('sign-in'), request: { params: importParams }, why },
  { route: 'GET /people/imports/:importId/review/:rowId', kind: 'page', actions: review, expect: IMPORT_ONLY('sign-in'), request: { params: reviewRow }, why },
  {
    route: 'POST /people/imports/:importId/review/:rowId',
    kind: 'page',
    actions: review,
    expect: IMPORT_ONLY('sign-in'),
    request: { params: reviewRow, body: () => ({ decision: 'skip', reason: 'Matrix case: not the same child' }) },
    why,
  },
  { route: 'GET /api/v1/people/imports/:importId', kind: 'api', actions, expect: IMPORT_ONLY('401'), request: { params: importParams }, why },
  { route: 'POST /api/v1/people/imports', kind: 'api', actions, expect: IMPORT_ONLY('401'), request: { body: async (ctx) => ({ sourceId: await source(ctx), fileName: 'matrix.csv', content: csv() }) }, why },
]

import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import { loadUserActor } from '../../platform/auth/sessions.ts'
import { userRoleProfiles, users } from '../../platform/auth/schema.ts'
import { runWork } from '../../platform/context/index.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { processBatch, processImport } from './import-matching.ts'
import { importRunner } from './import-runner.ts'
import { importRows, imports, importSources, personSourceRecords } from './import-schema.ts'
import { stageImport } from './import-service.ts'
import { duplicateCandidates } from './merge-schema.ts'
import { personIdentifiers } from './schema.ts'
import { createPerson } from './service.ts'

let t: TestApp
let manager: BrowserSession
let sourceId: string

type Child = { id: string; given_name: string; family_name: string; date_of_birth: string; gender: 'F' | 'M' | 'U'; postcode: string | null }

const HEADER = 'Ref,Forename,Surname,DOB,Sex,Postcode,NHS No,PNC,Officer notes'
const ukDate = (iso: string) => iso.split('-').reverse().join('/')

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer | string }) {
  const boundary = `----lantern${randomUUID()}`
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: text/csv\r\n\r\n`))
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

function upload(session: BrowserSession, fields: Record<string, string>, file?: { name: string; content: Buffer | string }) {
  const body = multipart({ _csrf: session.csrf, ...fields }, file)
  return t.app.inject({ method: 'POST', url: '/people/imports', headers: { cookie: session.cookie, 'content-type': body.contentType }, payload: body.payload })
}

async function managerActor() {
  const db = t.testDb.database.db
  const [p] = await db
    .select({ userId: users.id, profileId: userRoleProfiles.id })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .where(eq(users.email, demoEmail('mash.manager')))
  const actor = p ? await loadUserActor(db, p.userId, p.profileId, 'session') : null
  if (!actor) throw new Error('no mash manager')
  return actor
}

const count = async (q: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.testDb.database.db, q))[0]?.n ?? -1

beforeAll(async () => {
  t = await createTestApp()
  manager = await t.sessionFor(demoEmail('mash.manager'))
  const police = await queryRows<{ id: string }>(t.testDb.database.db, sql`select id from agencies where type = 'police' order by name limit 1`)
  const form = {
    name: 'Police niche extract (test)',
    agencyId: police[0]?.id ?? '',
    encoding: 'utf-8',
    'column-sourceRecordId': 'Ref',
    'column-givenName': 'Forename',
    'column-familyName': 'Surname',
    'column-dateOfBirth': 'DOB',
    'column-gender': 'Sex',
    'column-postcode': 'Postcode',
    'column-nhsNumber': 'NHS No',
    'column-policeId': 'PNC',
  }
  const saved = await manager.post('/people/imports/sources', form)
  expect(saved.statusCode).toBe(303)
  const [source] = await t.testDb.database.db.select({ id: importSources.id }).from(importSources).where(eq(importSources.name, form.name))
  sourceId = source?.id as string
}, 120_000)

afterAll(async () => {
  await t?.close()
})

describe('extract sources', () => {
  it('refuses a mapping without a record id or a date of birth or identifier, saving nothing', async () => {
    const [source] = await t.testDb.database.db.select().from(importSources).where(eq(importSources.id, sourceId))
    const response = await manager.post('/people/imports/sources', { name: 'Incomplete', agencyId: source?.agencyId ?? '', encoding: 'utf-8', 'column-givenName': 'First', 'column-familyName': 'Last' })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Enter the column that holds the record id')
    expect(response.body).toContain('Enter the date of birth column, or a column with an NHS number')
    const noAgency = await manager.post('/people/imports/sources', { name: 'Incomplete', agencyId: '', encoding: 'utf-8' })
    expect(noAgency.body).toContain('Select the agency whose system the extracts come from')
    expect(await count(sql`select count(*)::int as n from import_sources where name = 'Incomplete'`)).toBe(0)
  })
})

describe('uploading an extract', () => {
  it('refuses a bad file with its line numbers and stages nothing', async () => {
    const before = await count(sql`select count(*)::int as n from import_rows`)
    const csv = `${HEADER}\nP1,Ann,Lee,01/02/2013,F,,,, \nP2,Bob,Ray,01/02/2013,M,,943 476 5918,,\n`
    const response = await upload(manager, { sourceId }, { name: 'bad.csv', content: csv })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain('Line 3, column &#39;NHS No&#39;: &#39;943 476 5918&#39; is not a valid NHS number')
    expect(await count(sql`select count(*)::int as n from import_rows`)).toBe(before)
    expect(await count(sql`select count(*)::int as n from imports`)).toBe(0)
  })

  it('asks for a file and a source, and refuses a missing CSRF token', async () => {
    const response = await upload(manager, {})
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select the source the extract comes from')
    expect(response.body).toContain('Select a CSV file')
    const body = multipart({ sourceId }, { name: 'x.csv', content: `${HEADER}\nP1,Ann,Lee,01/02/2013,F,,,,\n` })
    const forged = await t.app.inject({ method: 'POST', url: '/people/imports', headers: { cookie: manager.cookie, 'content-type': body.contentType }, payload: body.payload })
    expect(forged.statusCode).toBe(403)
  })

  it('matches, creates and queues for review a realistic extract, never merging two existing records', async () => {
    const db = t.testDb.database.db
    const demo = await queryRows<Child>(
      db,
      sql`select p.id, p.given_name, p.family_name, p.date_of_birth::text as date_of_birth, p.gender, p.postcode from people p
          where p.kind = 'child' and p.dob_precision = 'exact' and p.postcode is not null and p.given_name ~ '^[A-Za-z]+$' and p.family_name ~ '^[A-Za-z]{5,}$'
            and not exists (select 1 from record_protections r where r.person_id = p.id)
            and (select count(*) from people q where q.family_name = p.family_name and q.date_of_birth = p.date_of_birth) = 1
          order by p.id limit 2`,
    )
    const [a, b] = demo as [Child, Child]
    // Two existing records of one child (as the duplicate queue would find): the row matches both strongly.
    const actor = await managerActor()
    const twin = { givenName: 'Keeley', familyName: 'Marchbank', dateOfBirth: '2012-06-14', gender: 'F' as const, kind: 'child' as const, dobPrecision: 'exact' as const, postcode: 'PE1 2AB' }
    const [first, second] = await runWork(t.platform, actor, 'test', async (ctx) => {
      const one = await createPerson(ctx, twin, { confirmNotDuplicate: true })
      const two = await createPerson(ctx, { ...twin, familyName: 'Marchbanks' }, { confirmNotDuplicate: true })
      return [one, two].map((o) => (o.kind === 'created' ? o.person.id : ''))
    })
    // Creating the second one despite the first queued the pair already; the import must find it by itself.
    await db.delete(duplicateCandidates).where(sql`${duplicateCandidates.personId} in (${first}::uuid, ${second}::uuid)`)
    const csv = [
      HEADER,
      // The same child, last name mistyped, moved house, with a police id the index does not hold.
      `N1,${a.given_name},${a.family_name.slice(0, 2)}${a.family_name[3]}${a.family_name[2]}${a.family_name.slice(4)},${ukDate(a.date_of_birth)},${a.gender},CB1 1AA,,PNC-0001,seen with older males`,
      // The same child exactly.
      `N2,${b.given_name},${b.family_name},${ukDate(b.date_of_birth)},${b.gender},${b.postcode},,,`,
      // Nobody in the index.
      'N3,Zebedee,Quillfeather,03/03/2013,M,PE1 5AA,,,',
      // Same first name and last name as a demo child, no date of birth: a person decides.
      `N4,${a.given_name},${a.family_name},,,,,,`,
      // Both existing records of Keeley.
      'N5,Keeley,Marchbank,14/06/2012,F,PE1 2AB,,,',
    ].join('\r\n')
    const peopleBefore = await count(sql`select count(*)::int as n from people`)
    const response = await upload(manager, { sourceId }, { name: 'police-extract.csv', content: `${csv}\r\n` })
    expect(response.statusCode).toBe(303)
    const importId = String(response.headers.location).split('/').pop() as string
    await importRunner(t.platform).whenIdle()

    const rows = await db.select().from(importRows).where(eq(importRows.importId, importId)).orderBy(importRows.lineNumber)
    expect(rows.map((r) => [r.lineNumber, r.outcome])).toEqual([
      [2, 'matched'],
      [3, 'matched'],
      [4, 'created'],
      [5, 'review'],
      [6, 'review'],
    ])
    expect(rows[0]?.personId).toBe(a.id)
    expect(rows[1]?.personId).toBe(b.id)
    // The police id was added to the matched child, with the source agency as provenance.
    const added = await db.select().from(personIdentifiers).where(and(eq(personIdentifiers.personId, a.id), eq(personIdentifiers.type, 'police-id')))
    expect(added.map((i) => i.value)).toEqual(['PNC-0001'])
    const [source] = await db.select().from(importSources).where(eq(importSources.id, sourceId))
    expect(added[0]?.sourceAgencyId).toBe(source?.agencyId)
    // Exactly one new person, with the creator relationship for the uploader's team.
    expect(await count(sql`select count(*)::int as n from people`)).toBe(peopleBefore + 1)
    const created = rows[2]?.personId as string
    const rel = await db.select().from(legitimateRelationships).where(eq(legitimateRelationships.personId, created))
    expect(rel.map((r) => [r.source, r.teamId])).toEqual([['creator', actor.teamId]])
    // The pair of existing records is queued as a likely duplicate, and neither is merged.
    const [lo, hi] = [first, second].sort() as [string, string]
    const pairs = await db.select().from(duplicateCandidates).where(and(eq(duplicateCandidates.personId, lo), eq(duplicateCandidates.otherPersonId, hi)))
    expect(pairs.map((p) => [p.source, p.status])).toEqual([['import', 'open']])
    expect(await count(sql`select count(*)::int as n from people where merged_into_id is not null`)).toBe(0)
    // Every agency id is remembered, except the rows still in review.
    expect(await count(sql`select count(*)::int as n from person_source_records where source_id = ${sourceId}::uuid`)).toBe(3)
    const [imp] = await db.select().from(imports).where(eq(imports.id, importId))
    expect([imp?.status, imp?.processedCount, imp?.rowCount, imp?.ignoredColumns]).toEqual(['awaiting-review', 5, 5, ['Officer notes']])

    // Progress page and API.
    const page = await manager.get(`/people/imports/${importId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('5 of 5 rows matched')
    const token = await t.tokenFor(demoEmail('mash.manager'))
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/people/imports/${importId}`, headers: { authorization: `Bearer ${token}` } })
    expect(api.json()).toMatchObject({ id: importId, status: 'awaiting-review', rowCount: 5, processedCount: 5, counts: { matched: 2, created: 1, review: 2, accepted: 0, rejected: 0 } })

    // The same file again is refused.
    const again = await upload(manager, { sourceId }, { name: 'copy.csv', content: `${csv}\r\n` })
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('This file was already imported from Police niche extract (test)')

    // Review: a short reason is refused; then one row linked, the other left out; the import completes.
    const [n4, n5] = [rows[3], rows[4]] as [typeof importRows.$inferSelect, typeof importRows.$inferSelect]
    const reviewPage = await manager.get(`/people/imports/${importId}/review/${n4.id}`)
    expect(reviewPage.statusCode).toBe(200)
    expect(reviewPage.body).toContain('Same person — link to this record')
    const short = await manager.post(`/people/imports/${importId}/review/${n4.id}`, { decision: 'same', reason: 'same' })
    expect(short.statusCode).toBe(400)
    expect(short.body).toContain('The reason must be 10 characters or more')
    const same = await manager.post(`/people/imports/${importId}/review/${n4.id}`, { decision: 'same', reason: 'Same school and address in the police record' })
    expect(same.statusCode).toBe(303)
    const skip = await manager.post(`/people/imports/${importId}/review/${n5.id}`, { decision: 'new', reason: 'Police record is of a different child' })
    expect(skip.headers.location).toBe(`/people/imports/${importId}`)
    const decided = await db.select().from(importRows).where(eq(importRows.importId, importId)).orderBy(importRows.lineNumber)
    expect(decided.slice(3).map((r) => [r.outcome, r.personId === n4.candidatePersonId, r.decisionReason])).toEqual([
      ['accepted', true, 'Same school and address in the police record'],
      ['rejected', false, 'Police record is of a different child'],
    ])
    const [done] = await db.select().from(imports).where(eq(imports.id, importId))
    expect(done?.status).toBe('completed')
    const again2 = await manager.post(`/people/imports/${importId}/review/${n4.id}`, { decision: 'skip', reason: 'Changing my mind about this' })
    expect(again2.statusCode).toBe(400)
    expect(again2.body).toContain('This row has already been decided')
    const audit = await queryRows<{ action: string }>(db, sql`select action from audit_events where action like 'people.import%' order by seq`)
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['people.import-uploaded', 'people.import-batch-matched', 'people.import-row-decided', 'people.import-row-viewed']))
    const leaked = await count(sql`select count(*)::int as n from audit_events where action like 'people.import%' and details::text like ${`%${a.family_name}%`}`)
    expect(leaked).toBe(0)
  }, 120_000)
})

describe('resuming after a crash', () => {
  it('loses no row, leaves no partial batch and makes no duplicate person', async () => {
    const db = t.testDb.database.db
    const actor = await managerActor()
    const given = ['Ayla', 'Bram', 'Cosmo', 'Delphine', 'Ezra', 'Fenella', 'Gideon']
    const family = ['Crashwood', 'Brightwater', 'Ottoline', 'Stanhope', 'Pennyfeather', 'Quinterra', 'Rowntree']
    const lines = given.map((g, i) => `R${i},${g},${family[i]},1${i}/0${i + 1}/20${10 + i},U,,,,`)
    const csv = `${HEADER}\n${lines.join('\n')}\n`
    const staged = await runWork(t.platform, actor, 'test', (ctx) => stageImport(ctx, { sourceId, fileName: 'crash.csv', bytes: Buffer.from(csv) }))
    const peopleBefore = await count(sql`select count(*)::int as n from people`)
    const first = await processBatch(t.platform, staged.id, { batchSize: 3 })
    expect([first.done, first.processed]).toEqual([false, 3])
    // The second batch dies after settling two of its rows: all of it rolls back.
    await expect(
      processBatch(t.platform, staged.id, {
        batchSize: 3,
        afterRow: (i) => {
          if (i === 1) throw new Error('simulated crash')
        },
      }),
    ).rejects.toThrow('simulated crash')
    const [mid] = await db.select().from(imports).where(eq(imports.id, staged.id))
    expect(mid?.processedCount).toBe(3)
    expect(await count(sql`select count(*)::int as n from import_rows where import_id = ${staged.id}::uuid and outcome is not null`)).toBe(3)
    expect(await count(sql`select count(*)::int as n from people`)).toBe(peopleBefore + 3)
    const result = await processImport(t.platform, staged.id, { batchSize: 3 })
    expect([result.done, result.processed]).toEqual([true, 7])
    expect(await count(sql`select count(*)::int as n from people`)).toBe(peopleBefore + 7)
    expect(await count(sql`select count(*)::int as n from people where family_name = any(${`{${family.join(',')}}`}::text[])`)).toBe(7)
    const links = await db.select().from(personSourceRecords).innerJoin(importRows, eq(importRows.id, personSourceRecords.importRowId)).where(eq(importRows.importId, staged.id))
    expect(links).toHaveLength(7)
    const [end] = await db.select().from(imports).where(eq(imports.id, staged.id))
    expect([end?.status, end?.processedCount]).toEqual(['completed', 7])
    // Running again changes nothing.
    await processImport(t.platform, staged.id)
    expect(await count(sql`select count(*)::int as n from people`)).toBe(peopleBefore + 7)
    // The same agency ids in a later extract are recognised, not created again.
    const later = await runWork(t.platform, actor, 'test', (ctx) => stageImport(ctx, { sourceId, fileName: 'crash-2.csv', bytes: Buffer.from(`${csv}R9,Hester,Ravenscroft,01/01/2014,U,,,,\n`) }))
    await processImport(t.platform, later.id)
    const outcomes = await db.select({ outcome: importRows.outcome }).from(importRows).where(eq(importRows.importId, later.id))
    expect(outcomes.filter((o) => o.outcome === 'matched')).toHaveLength(7)
    expect(await count(sql`select count(*)::int as n from people`)).toBe(peopleBefore + 8)
  }, 120_000)
})

describe('who may import', () => {
  it('refuses other roles as a function they never have', async () => {
    const practitioner = await t.sessionFor(demoEmail('mash.social.worker'))
    expect((await practitioner.get('/people/imports')).statusCode).toBe(403)
    const refused = await upload(practitioner, { sourceId }, { name: 'x.csv', content: `${HEADER}\nQ1,Ann,Lee,01/02/2013,F,,,,\n` })
    expect(refused.statusCode).toBe(403)
    expect(await count(sql`select count(*)::int as n from imports i join import_rows r on r.import_id = i.id where r.data->>'sourceRecordId' = 'Q1'`)).toBe(0)
  })
})

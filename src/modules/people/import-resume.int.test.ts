import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadUserActor } from '../../platform/auth/sessions.ts'
import { userRoleProfiles, users } from '../../platform/auth/schema.ts'
import { runWork } from '../../platform/context/index.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { createTestApp, demoEmail, type BrowserSession, type TestApp } from '../../testing/app.ts'
import { importRunner } from './import-runner.ts'
import { imports, importSources } from './import-schema.ts'
import { stageImport } from './import-service.ts'

/**
 * The resume button and the navigation on the import pages (ADR 0010). An import is left `matching` with nothing
 * working on it when another process staged it and died (the CLI, or a second server), or when this server's
 * runner gave up after three failed batches: here it is staged without being queued, which is exactly that state.
 */
let t: TestApp
let manager: BrowserSession
let sourceId: string

const activeNavigation = (html: string) => [...html.matchAll(/govuk-service-navigation__item--active[\s\S]*?<a[^>]*>\s*(?:<strong[^>]*>)?\s*([^<]+?)\s*</g)].map((m) => m[1])

beforeAll(async () => {
  t = await createTestApp()
  manager = await t.sessionFor(demoEmail('mash.manager'))
  const db = t.testDb.database.db
  const [agency] = await queryRows<{ id: string }>(db, sql`select id from agencies where type = 'education' order by name limit 1`)
  const [source] = await db
    .insert(importSources)
    .values({ agencyId: agency?.id as string, name: 'Resume test MIS', mapping: { sourceRecordId: 'Ref', givenName: 'First', familyName: 'Last', dateOfBirth: 'DOB' }, createdAt: new Date(), updatedAt: new Date() })
    .returning({ id: importSources.id })
  sourceId = source?.id as string
}, 120_000)

afterAll(async () => t?.close())

async function stageUnqueued(rows: string[]): Promise<string> {
  const db = t.testDb.database.db
  const [p] = await db
    .select({ userId: users.id, profileId: userRoleProfiles.id })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .where(eq(users.email, demoEmail('mash.manager')))
  const actor = p ? await loadUserActor(db, p.userId, p.profileId, 'session') : null
  if (!actor) throw new Error('no mash manager')
  const csv = `Ref,First,Last,DOB\n${rows.join('\n')}\n`
  const staged = await runWork(t.platform, actor, 'test', (ctx) => stageImport(ctx, { sourceId, fileName: 'stalled.csv', bytes: Buffer.from(csv) }))
  return staged.id
}

describe('resuming a stalled import', () => {
  it('offers a resume button for a stalled import, and resuming (audited) finishes the matching', async () => {
    const db = t.testDb.database.db
    const importId = await stageUnqueued(['S1,Ottilie,Brackenbury,02/03/2013', 'S2,Caspian,Wetherall,14/11/2011', 'S3,Marigold,Penhaligon,30/06/2014'])

    const page = await manager.get(`/people/imports/${importId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Matching has stopped')
    expect(page.body).toContain(`action="/people/imports/${importId}/resume"`)
    // A stalled page does not reload itself every few seconds for nothing.
    expect(page.body).not.toContain('http-equiv="refresh"')
    expect(activeNavigation(page.body)).toEqual(['Imports'])

    // Without the CSRF token: refused, nothing queued.
    const forged = await t.app.inject({ method: 'POST', url: `/people/imports/${importId}/resume`, headers: { cookie: manager.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })
    expect(forged.statusCode).toBe(403)
    expect(importRunner(t.platform).isQueued(importId)).toBe(false)

    const resumed = await manager.post(`/people/imports/${importId}/resume`, {})
    expect(resumed.statusCode).toBe(303)
    expect(resumed.headers.location).toBe(`/people/imports/${importId}`)
    await importRunner(t.platform).whenIdle()
    const [done] = await db.select().from(imports).where(eq(imports.id, importId))
    expect([done?.status, done?.processedCount]).toEqual(['completed', 3])
    const audit = await queryRows<{ action: string; details: Record<string, unknown> }>(db, sql`select action, details from audit_events where resource_id = ${importId} and action = 'people.import-resumed'`)
    expect(audit.map((a) => a.details)).toEqual([{ processed: 0, rowCount: 3 }])

    // Once finished there is nothing to resume: the button has gone, and a late post changes and audits nothing.
    const after = await manager.get(`/people/imports/${importId}`)
    expect(after.body).not.toContain('Resume matching')
    expect((await manager.post(`/people/imports/${importId}/resume`, {})).statusCode).toBe(303)
    expect(await queryRows(db, sql`select 1 from audit_events where resource_id = ${importId} and action = 'people.import-resumed'`)).toHaveLength(1)
  }, 120_000)

  it('refuses other roles (403) and an unknown import (404)', async () => {
    const importId = await stageUnqueued(['T1,Peregrine,Ashcombe,05/05/2012'])
    const dsl = await t.sessionFor(demoEmail('school.dsl'))
    expect((await dsl.post(`/people/imports/${importId}/resume`, {})).statusCode).toBe(403)
    expect(importRunner(t.platform).isQueued(importId)).toBe(false)
    expect((await manager.post('/people/imports/00000000-0000-4000-8000-000000000000/resume', {})).statusCode).toBe(404)
  }, 120_000)
})

describe('navigation on the import pages', () => {
  it('marks only "Imports" as the current section, not also "Find a person"', async () => {
    for (const path of ['/people/imports', '/people/imports/sources', '/people/imports/new']) {
      const page = await manager.get(path)
      expect(page.statusCode, path).toBe(200)
      expect(activeNavigation(page.body), path).toEqual(['Imports'])
    }
  }, 120_000)
})

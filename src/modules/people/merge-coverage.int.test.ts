/**
 * A merge must move every row that belongs to the merged-away person, in every module: a row left behind is a
 * piece of a child's history nobody looking at the survivor can see. Modules re-point their rows through
 * `PersonExtension.repointOnMerge`; this test compares the columns actually re-pointed during a merge with every
 * foreign key to `people` in the migrated database, so a new table holding a person cannot be forgotten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../platform/db/rows.ts'
import { createTestApp, demoEmail, type TestApp } from '../../testing/app.ts'
import { columnsRepointedSoFar } from './extensions.ts'
import { makePerson } from './merge-testing.ts'

/** Foreign keys to people that a merge deliberately leaves alone, and why. */
const NOT_REPOINTED: Record<string, string> = {
  'people.merged_into_id': 'the merge itself: points from the merged-away record to the survivor',
  'person_merges.surviving_person_id': 'the merge log names both people for ever (unmerge needs them)',
  'person_merges.merged_person_id': 'the merge log names both people for ever (unmerge needs them)',
  'duplicate_candidates.person_id': 'a queued pair is decided (marked merged), not moved',
  'duplicate_candidates.other_person_id': 'a queued pair is decided (marked merged), not moved',
  'person_history.person_id': 'the history of that people row, kept with it',
  'person_search_keys.person_id': 'derived data: the survivor’s keys are rebuilt and the merged-away record leaves search',
  'break_glass_grants.person_id': 'a record of access granted to that id at the time; it must not widen to the survivor',
  'record_protections.person_id': 'a restricted or sealed record cannot be merged (guard `protected-record`)',
  'sealed_record_access.person_id': 'a restricted or sealed record cannot be merged (guard `protected-record`)',
  'import_rows.person_id': 'what an import decided at the time; the source link it made (person_source_records) moves',
  'import_rows.candidate_person_id': 'what an import proposed at the time, kept as evidence for the review',
}

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, 180_000)
afterAll(async () => {
  await t?.close()
})

describe('a merge', () => {
  it('re-points every foreign key to people, except the merge bookkeeping', async () => {
    const db = t.testDb.database.db
    const survivor = await makePerson(db, { givenName: 'Coverage', familyName: 'Survivor', dateOfBirth: '2012-03-04' })
    const merged = await makePerson(db, { givenName: 'Coverage', familyName: 'Survivor', dateOfBirth: '2012-03-04' })
    const token = await t.tokenFor(demoEmail('mash.manager'))
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people/merges',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ survivingPersonId: survivor, mergedPersonId: merged, reason: 'Same child: confirmed by school' }),
    })
    expect(response.statusCode, response.body).toBe(201)

    const keys = await queryRows<{ table_name: string; column_name: string }>(
      db,
      sql`select c.conrelid::regclass::text as table_name, a.attname as column_name
         from pg_constraint c
         join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
        where c.contype = 'f' and c.confrelid = 'people'::regclass
        order by 1, 2`,
    )
    const columns = keys.map((k) => `${k.table_name.replace(/^public\./, '')}.${k.column_name}`)
    expect(columns.length).toBeGreaterThan(10)
    const forgotten = columns.filter((c) => !(c in NOT_REPOINTED) && !columnsRepointedSoFar().has(c))
    expect(forgotten).toEqual([])
    // The exemptions name real columns (a renamed column must not leave a stale exemption behind).
    for (const exempt of Object.keys(NOT_REPOINTED)) expect(columns).toContain(exempt)
  }, 120_000)
})

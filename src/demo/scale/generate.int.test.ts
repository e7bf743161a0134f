import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { agencies, teams, userRoleProfiles, users } from '../../platform/auth/schema.ts'
import { queryRows } from '../../platform/db/rows.ts'
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts'
import { copyColumns, copyText } from './copy.ts'
import { COUNTY, organisation, plan, SCALE_TABLES, shard, type ScaleTable, type ShardRows } from './generate.ts'

const END = '2026-11-28'
const SCALE = 0.01
const ORDER: ScaleTable[] = ['people', 'record_protections', 'contacts', 'missing_episodes', 'return_interviews']

describe('demo generator at scale', () => {
  let t: TestDatabase
  const p = plan({ scale: SCALE, end: END })
  const org = organisation(END)
  const shards: ShardRows[] = Array.from({ length: p.shards }, (_, s) => shard(org, p, s))
  const count = (table: ScaleTable) => shards.reduce((n, rows) => n + rows[table].length, 0)

  beforeAll(async () => {
    t = await openTestDatabase({ seeded: false })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('plans the county targets × scale over five years', () => {
    expect(p.shards).toBe(6)
    expect(p.days).toHaveLength(6)
    expect(p.days[p.days.length - 1]).toBe(END)
    expect(p.days[0]! < '2022-10-01').toBe(true)
    expect(count('people')).toBe(6 * 420)
    // ±15 %: the demo's own randomness decides the exact numbers.
    expect(Math.abs(count('contacts') - COUNTY.contacts * SCALE)).toBeLessThan(COUNTY.contacts * SCALE * 0.15)
    expect(Math.abs(count('missing_episodes') - COUNTY.episodes * SCALE)).toBeLessThan(COUNTY.episodes * SCALE * 0.15)
    expect(count('return_interviews')).toBeGreaterThan(count('missing_episodes') * 0.8)
  })

  it('is deterministic and gives every row its own id', () => {
    expect(shard(org, p, 3).contacts.map((r) => r.id)).toEqual(shards[3]!.contacts.map((r) => r.id))
    for (const table of ['people', 'contacts', 'missing_episodes', 'return_interviews'] as const) {
      const ids = shards.flatMap((rows) => rows[table].map((r) => r.id))
      expect(new Set(ids).size).toBe(ids.length)
    }
  })

  it('writes COPY text with one field per column and escaped text', () => {
    const rows = [{ id: 'a', givenName: 'Tab\there', familyName: 'New\nline', concernTypes: ['CSE', 'say "hi"'] }]
    const columns = copyColumns(SCALE_TABLES.contacts, rows)
    expect(columns.map((c) => c.name)).toEqual(['id', 'concern_types'])
    expect(copyText(columns, [{ ...rows[0], id: 'a\\b', concernTypes: ['CSE', 'say "hi"'] }])).toBe('a\\\\b\t{"CSE","say \\\\"hi\\\\""}\n')
  })

  it('makes rows the real schema accepts (every constraint and foreign key)', async () => {
    const db = t.database.db
    const insert = async (table: PgTable, rows: readonly Record<string, unknown>[]) => {
      for (let i = 0; i < rows.length; i += 500) await db.insert(table).values(rows.slice(i, i + 500) as never)
    }
    await insert(agencies, org.rows.agencies)
    await insert(teams, org.rows.teams)
    await insert(users, org.rows.users)
    await insert(userRoleProfiles, org.rows.userRoleProfiles)
    for (const table of ORDER) await insert(SCALE_TABLES[table], shards.flatMap((rows) => rows[table]))
    const [row] = await queryRows<{ contacts: number; first: string; last: string }>(
      db,
      sql`select count(*)::int as contacts, min(received_at)::date::text as first, max(received_at)::date::text as last from contacts`,
    )
    expect(row?.contacts).toBe(count('contacts'))
    expect(row!.first < '2022-01-01').toBe(true)
    expect(row!.last <= END).toBe(true)
  })
})

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { sql } from 'drizzle-orm'
import type { PGlite } from '@electric-sql/pglite'
import type { Db } from '../../src/platform/db/client.ts'
import { queryRows } from '../../src/platform/db/rows.ts'
import { agencies, teams, userRoleProfiles, users } from '../../src/platform/auth/schema.ts'
import { organisation } from '../../src/demo/scale/generate.ts'
import { datasetFile, END, TABLE_ORDER, type Dataset } from './dataset.ts'

/**
 * Bulk loading: the five tables' foreign keys and secondary indexes are dropped, the rows copied in, the national
 * copies made, then the indexes rebuilt (every index the migrations define, the insight ones included) and the
 * foreign keys put back NOT VALID (the generator's rows are checked against the real constraints by
 * src/demo/scale/generate.int.test.ts; validating 10 million rows again would only add load time).
 */
const TABLES = TABLE_ORDER.map((t) => `'${t}'`).join(',')
type Saved = { indexes: Array<{ name: string; def: string }>; fks: Array<{ t: string; c: string; def: string }> }

const exec = (db: Db, query: string) => db.execute(sql.raw(query))

export async function beginLoad(db: Db): Promise<Saved> {
  const fks = await queryRows<{ t: string; c: string; def: string }>(
    db,
    sql.raw(`select conrelid::regclass::text as t, conname as c, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'f' and conrelid::regclass::text in (${TABLES})`),
  )
  for (const fk of fks) await exec(db, `alter table ${fk.t} drop constraint "${fk.c}"`)
  const indexes = await queryRows<{ name: string; def: string }>(
    db,
    sql.raw(`select indexname as name, indexdef as def from pg_indexes where schemaname = 'public' and tablename in (${TABLES})
      and indexname not in (select conname from pg_constraint where contype in ('p','u'))`),
  )
  for (const ix of indexes) await exec(db, `drop index "${ix.name}"`)
  return { indexes, fks }
}

/** The demo partnership's agencies, teams and staff, whom the contacts and episodes name. */
export async function insertOrganisation(db: Db): Promise<void> {
  const org = organisation(END).rows
  await db.insert(agencies).values(org.agencies)
  await db.insert(teams).values(org.teams)
  await db.insert(users).values(org.users)
  await db.insert(userRoleProfiles).values(org.userRoleProfiles)
}

export async function endLoad(db: Db, saved: Saved): Promise<void> {
  for (const ix of saved.indexes) await exec(db, ix.def)
  for (const fk of saved.fks) await exec(db, `alter table ${fk.t} add constraint "${fk.c}" ${fk.def} not valid`)
  await exec(db, 'vacuum analyze')
}

/** PostgreSQL: `psql \copy` streams each file from this process (the owner role may not read server files). */
export function copyPostgres(url: string, dataset: Dataset): void {
  for (const t of TABLE_ORDER) {
    const out = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy ${t} (${dataset.columns[t].join(',')}) from '${datasetFile(dataset.dir, t)}'`], { encoding: 'utf8' })
    if (out.status !== 0) throw new Error(`psql \\copy ${t} failed: ${out.stderr}`)
  }
}

/** PGlite: `COPY … FROM '/dev/blob'`, fed in pieces of about 64 MB cut at line ends (WASM memory is finite). */
export async function copyPglite(pglite: PGlite, dataset: Dataset): Promise<void> {
  for (const t of TABLE_ORDER) {
    const fd = fs.openSync(datasetFile(dataset.dir, t), 'r')
    const piece = Buffer.alloc(64 * 1024 * 1024)
    let carry = Buffer.alloc(0)
    try {
      for (;;) {
        const n = fs.readSync(fd, piece, 0, piece.length, null)
        const data = Buffer.concat([carry, piece.subarray(0, n)])
        const cut = n === 0 ? data.length : data.lastIndexOf(10) + 1
        if (cut > 0) await pglite.query(`copy ${t} (${dataset.columns[t].join(',')}) from '/dev/blob'`, [], { blob: new Blob([data.subarray(0, cut)]) })
        carry = Buffer.from(data.subarray(cut))
        if (n === 0) break
      }
    } finally {
      fs.closeSync(fd)
    }
  }
}

/**
 * The national dataset: the county plus `factor - 1` copies of every row, each copy another county at the same
 * dates — ids remapped deterministically (md5 of copy number and id, so a copy's contacts still point at the
 * copy's people and its return interviews at the copy's episodes), and instants shifted by k × 7 minutes so no
 * two copies tie. The event distribution per quarter is the county's × factor.
 */
export async function multiply(db: Db, dataset: Dataset, factor: number): Promise<void> {
  const remap = (col: string) => `case when ${col} is null then null else md5(k::text || ${col}::text)::uuid end`
  const ids: Record<string, string[]> = {
    people: ['id', 'merged_into_id'],
    record_protections: ['person_id'],
    contacts: ['id', 'person_id'],
    missing_episodes: ['id', 'person_id'],
    return_interviews: ['id', 'episode_id', 'person_id'],
  }
  const shifted = new Set(['received_at', 'reported_missing_at', 'last_seen_at', 'returned_at', 'offered_at', 'held_at', 'due_by', 'decided_at', 'recorded_at', 'created_at'])
  for (const t of TABLE_ORDER) {
    const cols = dataset.columns[t]
    const select = cols.map((c) => (ids[t]?.includes(c) ? remap(c) : shifted.has(c) ? `${c} + k * interval '7 minutes'` : c))
    await exec(db, `insert into ${t} (${cols.join(',')}) select ${select.join(',')} from ${t}, generate_series(1, ${factor - 1}) k`)
  }
}

/**
 * `npm run bench:search [-- --people N] [--queries Q] [--engine pglite|postgres|both]`: "is this child known?" over
 * a synthetic person index (default 1,000,000 people) on PGlite (in-process, on disk in a temp folder) and on a
 * throwaway PostgreSQL cluster. Prints build time, search p50/p95/p99 and recall@10 for queries drawn from indexed
 * people with injected errors (typo, nickname, swapped names, day↔month swap, date a few days out, exact). Figures
 * only: no pass or fail.
 *
 * The index is generated in SQL (INSERT … SELECT generate_series) from name pools — the demo's names plus the
 * nickname table's formal names, and family names widened with a long synthetic tail — picked Zipf-like so some
 * names are common and most are rare; dates of birth over 0–25 years; 10 % have an alias, 20 % a previous address,
 * 60 % an NHS number. Search keys are built in SQL from per-name codes computed in TypeScript by the same
 * functions the app uses, and a sample is checked against `personSearchKeys` (a mismatch is printed).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { openPglite, openPostgres, type Database, type Db } from '../src/platform/db/client.ts'
import { migrateEmbedded, migratePostgres } from '../src/platform/db/migrate.ts'
import { queryRows } from '../src/platform/db/rows.ts'
import { NAME_POOLS } from '../src/demo/names.ts'
import { agencyTypesOf, findMatches, MIN_PROBABILITY } from '../src/modules/people/search.ts'
import { codesOf, givenKeysOf, personSearchKeys, type KeySource } from '../src/modules/people/search-keys.ts'
import { standardiseRecord } from '../src/modules/people/linkage/index.ts'
import { mulberry32 } from '../src/modules/people/linkage/index.ts'

type Options = { people: number; queries: number; engine: 'pglite' | 'postgres' | 'both' }

function parseArgs(argv: string[]): Options {
  const opts: Options = { people: 1_000_000, queries: 500, engine: 'both' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const v = argv[i + 1]
    if (!v) continue
    if (a === '--people') opts.people = Number(v)
    else if (a === '--queries') opts.queries = Number(v)
    else if (a === '--engine') opts.engine = v as Options['engine']
    else continue
    i++
  }
  return opts
}


const NICKNAMES_CSV = path.resolve(import.meta.dirname, '../src/modules/people/linkage/data/nicknames.csv')

function nicknameRows(): string[][] {
  return fs
    .readFileSync(NICKNAMES_CSV, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',').map((c) => c.trim()).filter(Boolean))
    .filter((r) => r.length > 1)
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** Name pools: head from the demo (common), tail synthetic (rare). */
function pools(random: () => number): { given: string[]; family: string[] } {
  const given = new Set<string>()
  const family = new Set<string>()
  for (const pool of Object.values(NAME_POOLS)) {
    for (const n of [...pool.childF, ...pool.childM, ...pool.adultF, ...pool.adultM]) given.add(n)
    for (const n of pool.family) family.add(n)
  }
  for (const row of nicknameRows()) given.add(cap(row[0] as string))
  const head = [...family]
  const syllables = ['ash', 'brook', 'carr', 'dale', 'fen', 'gar', 'holt', 'kel', 'lan', 'mor', 'nor', 'pen', 'quin', 'rad', 'stan', 'thorn', 'wick', 'wyn', 'bel', 'cor', 'dun', 'elm', 'fair', 'grim']
  const ends = ['ford', 'ton', 'by', 'ley', 'well', 'wood', 'field', 'ham', 'worth', 'combe', 'stead', 'more', 'croft', 'gate', 'ridge', 'shaw']
  while (family.size < head.length + 6000) {
    family.add(cap(syllables[Math.floor(random() * syllables.length)] as string) + (ends[Math.floor(random() * ends.length)] as string) + (random() < 0.3 ? (syllables[Math.floor(random() * syllables.length)] as string) : ''))
  }
  return { given: [...given], family: [...family] }
}

const OUTWARD = ['PE1', 'PE2', 'PE3', 'PE4', 'PE6', 'PE7', 'PE13', 'PE14', 'PE15', 'PE16', 'PE19', 'PE26', 'PE27', 'PE28', 'PE29', 'CB1', 'CB2', 'CB3', 'CB4', 'CB5', 'CB6', 'CB7', 'CB21', 'CB22', 'CB23', 'CB24', 'CB25']

async function exec(db: Db, query: string): Promise<void> {
  await db.execute(sql.raw(query))
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now()
  const out = await fn()
  process.stderr.write(`  ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s\n`)
  return out
}

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`

/** Build the synthetic index in `db` (already migrated). */
async function build(db: Db, n: number, names: { given: string[]; family: string[] }): Promise<void> {
  // Bulk load: drop the foreign keys and secondary indexes on the tables filled here, recreate the indexes after.
  const fks = await queryRows<{ t: string; c: string }>(
    db,
    sql`select conrelid::regclass::text as t, conname as c from pg_constraint where contype = 'f' and conrelid::regclass::text in ('people','person_names','person_addresses','person_identifiers','person_search_keys')`,
  )
  for (const fk of fks) await exec(db, `alter table ${fk.t} drop constraint "${fk.c}"`)
  const indexes = await queryRows<{ name: string; def: string }>(
    db,
    sql`select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = 'public' and i.tablename in ('people','person_names','person_addresses','person_identifiers','person_search_keys')
          and i.indexname not in (select conname from pg_constraint where contype in ('p','u'))`,
  )
  for (const ix of indexes) await exec(db, `drop index "${ix.name}"`)

  // Per-name codes computed in TypeScript (the app's functions), loaded as lookup tables.
  const lookup = async (table: string, rows: string[][]) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await exec(db, `insert into ${table} values ${rows.slice(i, i + 1000).map((r) => `(${r.map((v, j) => (j === 0 ? v : v.startsWith('{') ? `${sqlText(v)}::text[]` : sqlText(v))).join(',')})`).join(',')}`)
    }
  }
  await exec(db, 'create table bench_given (i int primary key, name text, keys text[], codes text[], initial text)')
  await exec(db, 'create table bench_family (i int primary key, name text, codes text[], initial text)')
  const arr = (xs: string[]) => `{${xs.map((x) => `"${x}"`).join(',')}}`
  await lookup(
    'bench_given',
    names.given.map((g, i) => {
      const v = standardiseRecord({ given_name: g }).given
      return [String(i), g, arr(givenKeysOf(v)), arr(codesOf(v)), v?.text.charAt(0) ?? '']
    }),
  )
  await lookup(
    'bench_family',
    names.family.map((f, i) => {
      const v = standardiseRecord({ family_name: f }).family
      return [String(i), f, arr(codesOf(v)), v?.text.charAt(0) ?? '']
    }),
  )
  const G = names.given.length
  const F = names.family.length
  const outward = `array[${OUTWARD.map(sqlText).join(',')}]`
  await exec(db, 'select setseed(0.42)')
  await timed('people', () =>
    exec(
      db,
      `create table bench_people as
       select s as seq, gen_random_uuid() as id,
              floor(${G} * power(random(), 2.2))::int as gi, floor(${F} * power(random(), 2.2))::int as fi,
              floor(${G} * power(random(), 2.2))::int as alias_gi,
              (date '2026-11-28' - floor(random() * 25 * 365.25)::int) as dob,
              (${outward})[1 + floor(random() * ${OUTWARD.length})::int] || ' ' || floor(random() * 10)::int || chr(65 + floor(random() * 26)::int) || chr(65 + floor(random() * 26)::int) as postcode,
              (${outward})[1 + floor(random() * ${OUTWARD.length})::int] || ' ' || floor(random() * 10)::int || chr(65 + floor(random() * 26)::int) || chr(65 + floor(random() * 26)::int) as old_postcode,
              random() as r1, random() as r2, random() as r3
       from generate_series(1, ${n}) s`,
    ),
  )
  await timed('people rows', () =>
    exec(
      db,
      `insert into people (id, given_name, family_name, date_of_birth, gender, postcode, created_at, updated_at)
       select b.id, g.name, f.name, b.dob, case when b.gi % 2 = 0 then 'F' else 'M' end, b.postcode, now(), now()
       from bench_people b join bench_given g on g.i = b.gi join bench_family f on f.i = b.fi`,
    ),
  )
  await timed('names', async () => {
    await exec(db, `insert into person_names (person_id, kind, given_name, family_name, recorded_at) select b.id, 'current', g.name, f.name, now() from bench_people b join bench_given g on g.i = b.gi join bench_family f on f.i = b.fi`)
    await exec(db, `insert into person_names (person_id, kind, given_name, family_name, recorded_at) select b.id, 'alias', g.name, f.name, now() from bench_people b join bench_given g on g.i = b.alias_gi join bench_family f on f.i = b.fi where b.r1 < 0.1`)
  })
  await timed('addresses and identifiers', async () => {
    await exec(db, `insert into person_addresses (person_id, postcode, recorded_at) select id, postcode, now() from bench_people`)
    await exec(db, `insert into person_addresses (person_id, postcode, ends_on, recorded_at) select id, old_postcode, date '2025-01-01', now() from bench_people where r2 < 0.2`)
    await exec(db, `insert into person_identifiers (person_id, type, value, recorded_at) select id, 'nhs-number', (9000000000 + seq)::text, now() from bench_people where r3 < 0.6`)
  })
  await timed('search keys', async () => {
    // The same keys as search-keys.ts personSearchKeys, from the per-name codes.
    await exec(
      db,
      `insert into person_search_keys (person_id, key, birth_year)
       with nm as (
         select b.id, b.dob, n.gi, b.fi from bench_people b cross join lateral (values (b.gi), (case when b.r1 < 0.1 then b.alias_gi end)) n(gi) where n.gi is not null
       ), k as (
         select nm.id, 'nm:' || fc || ':' || gk as key, extract(year from nm.dob)::smallint as y from nm join bench_given g on g.i = nm.gi join bench_family f on f.i = nm.fi, unnest(f.codes) fc, unnest(g.keys) gk
         union select nm.id, 'nf:' || fc, extract(year from nm.dob)::smallint from nm join bench_family f on f.i = nm.fi, unnest(f.codes) fc
         union select nm.id, 'ng:' || gc, extract(year from nm.dob)::smallint from nm join bench_given g on g.i = nm.gi, unnest(g.codes) gc
         union select nm.id, 'dg:' || to_char(nm.dob, 'YYYYMMDD') || ':' || g.initial, null from nm join bench_given g on g.i = nm.gi
         union select nm.id, 'df:' || to_char(nm.dob, 'YYYYMMDD') || ':' || f.initial, null from nm join bench_family f on f.i = nm.fi
       )
       select id, key, y from k`,
    )
    await exec(db, `insert into person_search_keys (person_id, key) select id, 'd:' || to_char(dob, 'YYYYMMDD') from bench_people`)
    await exec(db, `insert into person_search_keys (person_id, key) select distinct person_id, 'pc:' || replace(postcode, ' ', '') from person_addresses`)
    await exec(db, `insert into person_search_keys (person_id, key) select person_id, 'id:' || value from person_identifiers`)
  })
  await timed('indexes', async () => {
    for (const ix of indexes) if (!ix.def.includes('gin_trgm_ops')) await exec(db, ix.def)
    await exec(db, 'analyze')
  })
}

/** A sample of built people, checked against personSearchKeys (prints mismatches, if any). */
async function checkKeys(db: Db): Promise<void> {
  const sample = await queryRows<{ id: string }>(db, sql`select id from bench_people where seq % 9973 = 0 limit 100`)
  let bad = 0
  for (const { id } of sample) {
    const [row] = await queryRows<{ dob: string; names: Array<[string, string]>; pcs: string[]; ids: string[] | null; keys: string[] }>(
      db,
      sql`select p.date_of_birth::text as dob,
            (select json_agg(json_build_array(given_name, family_name)) from person_names where person_id = p.id) as names,
            (select array_agg(postcode) from person_addresses where person_id = p.id) as pcs,
            (select array_agg(value) from person_identifiers where person_id = p.id) as ids,
            (select array_agg(key || '|' || coalesce(birth_year::text, '')) from person_search_keys where person_id = p.id) as keys
          from people p where p.id = ${id}::uuid`,
    )
    if (!row) continue
    const source: KeySource = { names: row.names.map(([givenName, familyName]) => ({ givenName, familyName })), dateOfBirth: row.dob, postcodes: row.pcs, identifiers: row.ids ?? [] }
    const expected = personSearchKeys(source).map((k) => `${k.key}|${k.birthYear ?? ''}`).sort()
    const actual = [...new Set(row.keys)].sort()
    if (expected.join() !== actual.join()) bad++
  }
  process.stderr.write(`  key check: ${sample.length - bad}/${sample.length} sampled people have exactly the app's keys\n`)
}

type Query = { kind: string; truth: string; terms: { givenName?: string; familyName?: string; dateOfBirth?: string; postcode?: string } }

function typo(random: () => number, s: string): string {
  if (s.length < 4) return s
  const i = 1 + Math.floor(random() * (s.length - 2))
  const kind = Math.floor(random() * 3)
  if (kind === 0) return s.slice(0, i) + s.slice(i + 1)
  if (kind === 1) return s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2)
  return s.slice(0, i) + 'aeiou'[Math.floor(random() * 5)] + s.slice(i + 1)
}

async function makeQueries(db: Db, count: number): Promise<Query[]> {
  const random = mulberry32(7)
  const rows = await queryRows<{ id: string; given_name: string; family_name: string; dob: string; postcode: string }>(
    db,
    sql`select p.id, p.given_name, p.family_name, p.date_of_birth::text as dob, p.postcode from bench_people b join people p on p.id = b.id where b.seq % ${Math.max(1, Math.floor((await countPeople(db)) / count))} = 0 limit ${count}`,
  )
  const nick = new Map<string, string[]>()
  for (const row of nicknameRows()) nick.set(row[0] as string, row.slice(1))
  const kinds = ['exact', 'typo', 'nickname', 'swap', 'dob-swap', 'dob-days']
  return rows.map((r, i) => {
    const kind = kinds[i % kinds.length] as string
    const terms: Query['terms'] = { givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.dob }
    if (kind === 'typo') terms.familyName = typo(random, r.family_name)
    if (kind === 'nickname') {
      const options = nick.get(r.given_name.toLowerCase())
      if (options?.length) terms.givenName = cap(options[Math.floor(random() * options.length)] as string)
      else terms.givenName = typo(random, r.given_name)
    }
    if (kind === 'swap') Object.assign(terms, { givenName: r.family_name, familyName: r.given_name })
    const [y, m, d] = r.dob.split('-') as [string, string, string]
    if (kind === 'dob-swap') terms.dateOfBirth = Number(d) <= 12 && d !== m ? `${y}-${d}-${m}` : `${y}-${m}-${String(Math.max(1, Number(d) - 3)).padStart(2, '0')}`
    if (kind === 'dob-days') terms.dateOfBirth = `${y}-${m}-${String(Number(d) > 25 ? Number(d) - 3 : Number(d) + 3).padStart(2, '0')}`
    if (i % 4 === 0) terms.postcode = r.postcode
    return { kind, truth: r.id, terms }
  })
}

async function countPeople(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from bench_people`)
  return row?.n ?? 0
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN

async function run(db: Db, queries: Query[]): Promise<string> {
  const userId = randomUUID()
  for (const q of queries.slice(0, 20)) await findMatches(db, userId, q.terms, { limit: 20, minProbability: MIN_PROBABILITY }) // warm-up
  const times: number[] = []
  const hits = new Map<string, { n: number; found: number }>()
  for (const q of queries) {
    const start = performance.now()
    const results = await findMatches(db, userId, q.terms, { limit: 20, minProbability: MIN_PROBABILITY })
    await agencyTypesOf(db, results.map((r) => r.id))
    times.push(performance.now() - start)
    const h = hits.get(q.kind) ?? { n: 0, found: 0 }
    h.n++
    if (results.slice(0, 10).some((r) => r.id === q.truth)) h.found++
    hits.set(q.kind, h)
  }
  times.sort((a, b) => a - b)
  const all = [...hits.values()].reduce((a, h) => ({ n: a.n + h.n, found: a.found + h.found }), { n: 0, found: 0 })
  const recall = [...hits.entries()].map(([k, h]) => `${k} ${(h.found / h.n).toFixed(3)}`).join(', ')
  return `search p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms over ${times.length} searches; recall@10 ${(all.found / all.n).toFixed(3)} (${recall})`
}

async function benchEngine(label: string, database: Database, opts: Options, names: { given: string[]; family: string[] }): Promise<void> {
  process.stderr.write(`${label}: building ${opts.people.toLocaleString('en-GB')} people…\n`)
  const start = performance.now()
  await build(database.db, opts.people, names)
  const buildSeconds = (performance.now() - start) / 1000
  await checkKeys(database.db)
  const [keys] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from person_search_keys`)
  const queries = await makeQueries(database.db, opts.queries)
  const line = await run(database.db, queries)
  console.log(`${label}: ${opts.people.toLocaleString('en-GB')} people (${keys?.n.toLocaleString('en-GB')} search keys) built in ${buildSeconds.toFixed(0)} s; ${line}`)
}

export async function benchSearch(argv: string[]): Promise<void> {
  const opts = parseArgs(argv)
  const names = pools(mulberry32(1))
  console.log(`bench:search — ${names.given.length} given names, ${names.family.length} family names (Zipf-like), ${opts.queries} queries`)
  if (opts.engine !== 'postgres') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-search-'))
    const database = await openPglite(dir)
    try {
      await migrateEmbedded(database)
      await benchEngine('PGlite (on disk)', database, opts, names)
    } finally {
      await database.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  if (opts.engine !== 'pglite') {
    let cluster: Awaited<ReturnType<typeof import('../src/platform/testing/pg-cluster.ts').startPgCluster>> | undefined
    try {
      const { startPgCluster } = await import('../src/platform/testing/pg-cluster.ts')
      cluster = await startPgCluster()
    } catch (error) {
      console.log(`PostgreSQL: skipped (${(error as Error).message.split('\n')[0]})`)
    }
    if (cluster) {
      try {
        await migratePostgres(cluster.ownerUrl, cluster.ownerUrl)
        const database = await openPostgres(cluster.ownerUrl, { max: 2 })
        try {
          await benchEngine(`PostgreSQL ${cluster.serverVersion}`, database, opts, names)
        } finally {
          await database.close()
        }
      } finally {
        await cluster.stop()
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSearch(process.argv.slice(2))

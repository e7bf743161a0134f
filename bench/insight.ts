/**
 * `npm run bench:insight [-- --scale county|national|all] [--engine pglite|postgres|all] [--runs N] [--fresh]
 * [--pglite-scale F] [--county-scale F]`: every indicator for one quarter — `computeIndicators(tx, period)`, the code the API runs —
 * on a county-scale dataset (≈250,000 people, 1,000,000 contacts, 50,000 missing episodes with their return
 * interviews, made by the demo generator at scale: src/demo/scale/) on PGlite and PostgreSQL, and on a
 * national-scale dataset (the county × 10 in SQL: ≈10,000,000 contacts) on PostgreSQL. Prints generation, load and
 * query times (median and p95 of `--runs` runs after two warm-up runs) and writes them to
 * bench/results/insight-<date>.json. Figures only: no pass or fail (targets: county ≤ 300 ms on PostgreSQL,
 * national ≤ 3 s).
 *
 * The county dataset is generated once into .scratch/bench-insight/ (git-ignored) as COPY files; the PGlite
 * database built from it is kept there too. PostgreSQL is a throwaway cluster, loaded from the files each run.
 * `--fresh` regenerates everything. `--pglite-scale 0.2` loads a fifth of the county into PGlite instead;
 * `--county-scale 0.01` shrinks the whole run (a smoke test); `--explain` prints each query's EXPLAIN ANALYZE first.
 */
import fs from 'node:fs'
import path from 'node:path'
import { openPglite, openPostgres, type Database } from '../src/platform/db/client.ts'
import { migrateEmbedded, migratePostgres } from '../src/platform/db/migrate.ts'
import { computeIndicators } from '../src/modules/insight/indicators.ts'
import type { IndicatorSet } from '../src/modules/insight/catalogue.ts'
import { county, DATA_DIR, QUARTER, type Dataset } from './insight/dataset.ts'
import { explainIndicators } from './insight/explain.ts'
import { beginLoad, copyPglite, copyPostgres, endLoad, insertOrganisation, multiply } from './insight/load.ts'

type Options = { scale: 'county' | 'national' | 'all'; engine: 'pglite' | 'postgres' | 'all'; runs: number; fresh: boolean; explain: boolean; pgliteScale: number; countyScale: number }
const NATIONAL_FACTOR = 10

function parseArgs(argv: string[]): Options {
  const opts: Options = { scale: 'all', engine: 'all', runs: 10, fresh: false, explain: false, pgliteScale: NaN, countyScale: 1 }
  const values: Record<string, (v: string) => void> = {
    '--scale': (v) => (opts.scale = v as Options['scale']),
    '--engine': (v) => (opts.engine = v as Options['engine']),
    '--runs': (v) => (opts.runs = Math.max(1, Number(v))),
    '--pglite-scale': (v) => (opts.pgliteScale = Number(v)),
    '--county-scale': (v) => (opts.countyScale = Number(v)),
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (a === '--fresh') opts.fresh = true
    else if (a === '--explain') opts.explain = true
    else if (values[a]) values[a](argv[++i] ?? '')
  }
  return opts
}

const log = (s: string) => process.stderr.write(`${s}\n`)
const seconds = (start: number) => (performance.now() - start) / 1000
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN

type Result = {
  engine: string
  dataset: string
  rows: Dataset['counts']
  loadSeconds: number
  runs: number
  medianMs: number
  p95Ms: number
  minMs: number
  totals: Record<string, number | null>
}

async function timeIndicators(database: Database, runs: number): Promise<{ times: number[]; result: IndicatorSet }> {
  let result: IndicatorSet | undefined
  for (let i = 0; i < 2; i++) result = await database.transaction((tx) => computeIndicators(tx, QUARTER))
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    result = await database.transaction((tx) => computeIndicators(tx, QUARTER))
    times.push(performance.now() - start)
  }
  return { times: times.sort((a, b) => a - b), result: result as IndicatorSet }
}

async function measure(engine: string, label: string, database: Database, rows: Dataset['counts'], loadSeconds: number, runs: number, explain: boolean): Promise<Result> {
  if (explain) await explainIndicators(database.db, QUARTER, (s) => console.log(`${engine} ${label} ${s}`))
  log(`${engine} ${label}: ${runs} runs of computeIndicators for ${QUARTER.from} to ${QUARTER.to}…`)
  const { times, result } = await timeIndicators(database, runs)
  const totals = Object.fromEntries(result.indicators.map((i) => [i.id, i.rows[0]?.count ?? null]))
  return { engine, dataset: label, rows, loadSeconds, runs, medianMs: pct(times, 50), p95Ms: pct(times, 95), minMs: times[0] ?? NaN, totals }
}

async function benchPglite(dataset: Dataset, opts: Options): Promise<Result> {
  const dir = path.join(DATA_DIR, `pglite-county-${dataset.scale}`)
  const ready = path.join(dir, '.bench-ready')
  let loadSeconds: number
  if (opts.fresh || !fs.existsSync(ready)) {
    fs.rmSync(dir, { recursive: true, force: true })
    log(`PGlite: loading the county dataset (scale ${dataset.scale}) into ${dir}…`)
    const start = performance.now()
    const database = await openPglite(dir)
    try {
      await migrateEmbedded(database)
      const saved = await beginLoad(database.db)
      await insertOrganisation(database.db)
      await copyPglite(database.pglite!, dataset)
      await endLoad(database.db, saved)
    } finally {
      await database.close()
    }
    loadSeconds = seconds(start)
    fs.writeFileSync(ready, JSON.stringify({ loadSeconds }))
  } else {
    loadSeconds = (JSON.parse(fs.readFileSync(ready, 'utf8')) as { loadSeconds: number }).loadSeconds
  }
  const database = await openPglite(dir)
  try {
    await migrateEmbedded(database) // a cached database gains any migration (index) added since it was built
    return await measure('PGlite 0.5 (on disk)', 'county', database, dataset.counts, loadSeconds, opts.runs, opts.explain)
  } finally {
    await database.close()
  }
}

async function benchPostgres(dataset: Dataset, opts: Options): Promise<Result[]> {
  const { startPgCluster } = await import('../src/platform/testing/pg-cluster.ts')
  const cluster = await startPgCluster()
  const results: Result[] = []
  try {
    await migratePostgres(cluster.ownerUrl, cluster.ownerUrl)
    const database = await openPostgres(cluster.ownerUrl, { max: 2 })
    const engine = `PostgreSQL ${cluster.serverVersion}`
    try {
      log(`${engine}: loading the county dataset…`)
      let start = performance.now()
      let saved = await beginLoad(database.db)
      await insertOrganisation(database.db)
      copyPostgres(cluster.ownerUrl, dataset)
      await endLoad(database.db, saved)
      const countyLoad = seconds(start)
      if (opts.scale !== 'national') results.push(await measure(engine, 'county', database, dataset.counts, countyLoad, opts.runs, opts.explain))
      if (opts.scale !== 'county') {
        log(`${engine}: making the national dataset (county × ${NATIONAL_FACTOR} in SQL)…`)
        start = performance.now()
        saved = await beginLoad(database.db)
        await multiply(database.db, dataset, NATIONAL_FACTOR)
        await endLoad(database.db, saved)
        const rows = Object.fromEntries(Object.entries(dataset.counts).map(([t, n]) => [t, n * NATIONAL_FACTOR])) as Dataset['counts']
        results.push(await measure(engine, `national (county × ${NATIONAL_FACTOR})`, database, rows, countyLoad + seconds(start), Math.max(3, Math.ceil(opts.runs / 2)), opts.explain))
      }
    } finally {
      await database.close()
    }
  } finally {
    await cluster.stop()
  }
  return results
}

function print(datasets: Dataset[], results: Result[]): void {
  for (const d of datasets) {
    const c = d.counts
    console.log(`county dataset (scale ${d.scale}): ${c.people.toLocaleString('en-GB')} people, ${c.contacts.toLocaleString('en-GB')} contacts, ${c.missing_episodes.toLocaleString('en-GB')} missing episodes, ${c.return_interviews.toLocaleString('en-GB')} return interviews, ${c.record_protections.toLocaleString('en-GB')} protected records; generated in ${d.generateSeconds.toFixed(0)} s`)
  }
  console.log(`\nAll indicators for ${QUARTER.from} to ${QUARTER.to} (computeIndicators in one transaction)`)
  const header = ['engine', 'dataset', 'contacts', 'load s', 'runs', 'median ms', 'p95 ms', 'min ms']
  const lines = results.map((r) => [r.engine, r.dataset, r.rows.contacts.toLocaleString('en-GB'), r.loadSeconds.toFixed(0), String(r.runs), r.medianMs.toFixed(0), r.p95Ms.toFixed(0), r.minMs.toFixed(0)])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)))
  for (const l of [header, ...lines]) console.log(l.map((v, i) => (i < 2 ? v.padEnd(widths[i] as number) : v.padStart(widths[i] as number))).join('  '))
  console.log('(load s: COPY into empty tables, index rebuild and ANALYZE; national: the county load, then the SQL copies and a second rebuild)')
  for (const r of results) console.log(`${r.engine} ${r.dataset} totals: ${Object.entries(r.totals).map(([k, v]) => `${k} ${v ?? '—'}`).join(', ')}`)
}

export async function benchInsight(argv: string[]): Promise<void> {
  const opts = parseArgs(argv)
  const datasets: Dataset[] = []
  const results: Result[] = []
  const full = county(opts.countyScale, opts.fresh, log)
  datasets.push(full)
  if (opts.engine !== 'postgres' && opts.scale !== 'national') {
    const small = Number.isNaN(opts.pgliteScale) || opts.pgliteScale === opts.countyScale ? full : county(opts.pgliteScale, opts.fresh, log)
    if (small !== full) datasets.push(small)
    results.push(await benchPglite(small, opts))
  }
  if (opts.engine !== 'pglite') {
    try {
      results.push(...(await benchPostgres(full, opts)))
    } catch (error) {
      console.log(`PostgreSQL: skipped (${(error as Error).message.split('\n')[0]})`)
    }
  }
  print(datasets, results)
  // Only full-size runs are figures worth keeping in the repository; smaller ones stay beside the cached data.
  const name = `insight-${new Date().toISOString().slice(0, 10)}.json`
  const file = opts.countyScale === 1 ? path.resolve(import.meta.dirname, 'results', name) : path.join(DATA_DIR, `scale-${opts.countyScale}-${name}`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify({ bench: 'insight', quarter: QUARTER, at: new Date().toISOString(), datasets: datasets.map(({ dir: _dir, columns: _columns, ...d }) => d), results }, null, 2) + '\n')
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`)
}

if (import.meta.url === `file://${process.argv[1]}`) await benchInsight(process.argv.slice(2))

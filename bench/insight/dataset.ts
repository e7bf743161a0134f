import fs from 'node:fs'
import path from 'node:path'
import { copyColumns, copyText } from '../../src/demo/scale/copy.ts'
import { plan, SCALE_TABLES, shard, organisation, type ScaleTable } from '../../src/demo/scale/generate.ts'

/**
 * The county dataset on disk: one COPY-text file per table made by the scaled demo generator, and `meta.json`
 * (column lists, row counts, generation time). Generated once and reused: `--fresh` makes it again. The folder is
 * under `.scratch/`, which git ignores.
 */
export const DATA_DIR = path.resolve(import.meta.dirname, '../../.scratch/bench-insight')
/** The generator's last day: fixed, so the cached dataset and the benchmark's quarter never drift with the clock. */
export const END = '2026-11-28'
/** A quarter well inside the five years, where every shard's year of events overlaps evenly. */
export const QUARTER = { from: '2024-07-01', to: '2024-09-30' }

export type Dataset = {
  dir: string
  scale: number
  end: string
  columns: Record<ScaleTable, string[]>
  counts: Record<ScaleTable, number>
  generateSeconds: number
}

export const TABLE_ORDER: ScaleTable[] = ['people', 'record_protections', 'contacts', 'missing_episodes', 'return_interviews']

export function datasetFile(dir: string, table: ScaleTable): string {
  return path.join(dir, `${table}.tsv`)
}

/** The cached dataset at `scale`, generating it first when absent or when `fresh`. */
export function county(scale: number, fresh: boolean, log: (s: string) => void): Dataset {
  const dir = path.join(DATA_DIR, `county-${scale}`)
  const metaFile = path.join(dir, 'meta.json')
  if (!fresh && fs.existsSync(metaFile)) return JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Dataset
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const start = performance.now()
  const org = organisation(END)
  const p = plan({ scale, end: END })
  log(`generating county dataset (scale ${scale}): ${p.shards} shards, ${p.contactCalls} contact-generator calls, ${p.days[0]} to ${END}`)
  const first = shard(org, p, 0)
  const columns = Object.fromEntries(TABLE_ORDER.map((t) => [t, copyColumns(SCALE_TABLES[t], first[t])])) as Record<ScaleTable, ReturnType<typeof copyColumns>>
  const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as Record<ScaleTable, number>
  const fds = Object.fromEntries(TABLE_ORDER.map((t) => [t, fs.openSync(datasetFile(dir, t), 'w')])) as Record<ScaleTable, number>
  try {
    for (let s = 0; s < p.shards; s++) {
      const rows = s === 0 ? first : shard(org, p, s)
      for (const t of TABLE_ORDER) {
        fs.writeSync(fds[t], copyText(columns[t], rows[t]))
        counts[t] += rows[t].length
      }
      if (s % 50 === 49) log(`  ${s + 1}/${p.shards} shards, ${counts.contacts.toLocaleString('en-GB')} contacts, ${((performance.now() - start) / 1000).toFixed(0)} s`)
    }
  } finally {
    for (const fd of Object.values(fds)) fs.closeSync(fd)
  }
  const dataset: Dataset = {
    dir,
    scale,
    end: END,
    columns: Object.fromEntries(TABLE_ORDER.map((t) => [t, columns[t].map((c) => c.name)])) as Record<ScaleTable, string[]>,
    counts,
    generateSeconds: (performance.now() - start) / 1000,
  }
  fs.writeFileSync(metaFile, JSON.stringify(dataset, null, 2))
  return dataset
}

/**
 * `npm run bench:linkage`: the linkage engine on every dataset in ../shared/data/linkage/, one frozen configuration.
 * Prints figures only (no pass/fail): blocking pairs completeness, pairwise and clustered precision/recall/F1 at
 * the operating threshold, time per stage, comparisons per second, peak memory. Each run's pairs are also scored by
 * the independent tools/eval_pairs.mjs as a cross-check of our own metric code.
 *
 *   npm run bench:linkage                 all datasets
 *   npm run bench:linkage -- febrl3 rl10k only those (names as in the table)
 *   npm run bench:linkage -- --history    also a 50k-record proxy for a historical file (full_name, 40 % no date)
 *   npm run bench:linkage -- --scale      also the 1M-record synthetic dedupe (slow)
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  blockPairs,
  clusterScores,
  linkRecords,
  loadLinkInput,
  pairsCompleteness,
  pairwiseScores,
  readCsvColumns,
  type FieldName,
  type LinkResult,
} from '../src/modules/people/linkage/index.ts'
import { historyRun, scaleRun } from './linkage-scale.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DATA = path.resolve(ROOT, '../shared/data/linkage')

export interface Dataset {
  readonly name: string
  /** Paths relative to DATA, or absolute (the link proxies' split files, written to a temp dir). */
  readonly files: readonly string[]
  /** Writes derived input files (never into the repository) before the run. */
  readonly prepare?: () => void
  readonly id: string
  readonly fields: Partial<Record<FieldName, string>>
  /** Truth: a column, or a regex on the id whose group 1 is the entity. */
  readonly truth: { column: string } | { idRegex: RegExp }
  readonly prefixIds?: boolean
}

const FEBRL_FIELDS = { given_name: 'given_name', family_name: 'surname', date_of_birth: 'date_of_birth', postcode: 'postcode', address: 'address_1', town: 'suburb' } as const
const febrl = (n: number, identifier = false): Dataset => ({
  name: `febrl${n}${identifier ? '+ssn' : ''}`,
  files: [`febrl/dataset${n}.csv`],
  id: 'rec_id',
  fields: identifier ? { ...FEBRL_FIELDS, identifier: 'soc_sec_id' } : FEBRL_FIELDS,
  truth: { idRegex: /^rec-(\d+)-/ },
})
const RL_FIELDS = { given_name: 'fname_c1', family_name: 'lname_c1', birth_year: 'by', birth_month: 'bm', birth_day: 'bd' } as const

/**
 * Link-mode proxies for the held-out FEBRL4 task (4a ↔ 4b, every record in one file with exactly one match in the
 * other): a FEBRL file split into its originals and one duplicate per original. Written to a temp dir per run.
 */
const SPLIT_DIR = path.join(os.tmpdir(), `lantern-linkage-split-${process.pid}`)
function febrlSplit(numbers: readonly number[], dupSuffix: string): Dataset {
  const tag = numbers.length === 1 ? String(numbers[0]) : numbers.join('')
  const files = [path.join(SPLIT_DIR, `dataset${tag}-org.csv`), path.join(SPLIT_DIR, `dataset${tag}${dupSuffix}.csv`)]
  const prefixed = numbers.length > 1
  return {
    name: numbers.length === 1 ? `febrl${tag}-link` : `febrl${tag}-link`,
    files,
    id: 'rec_id',
    fields: FEBRL_FIELDS,
    // With several source files, ids are prefixed `dN-` so that entities from different datasets stay apart.
    truth: { idRegex: prefixed ? /^(d\d-rec-\d+)-/ : /^rec-(\d+)-/ },
    prepare() {
      if (files.every((f) => fs.existsSync(f))) return
      fs.mkdirSync(SPLIT_DIR, { recursive: true })
      process.once('exit', () => fs.rmSync(SPLIT_DIR, { recursive: true, force: true }))
      const org: string[] = []
      const dup: string[] = []
      let header = ''
      for (const n of numbers) {
        const [head, ...rows] = fs.readFileSync(path.join(DATA, `febrl/dataset${n}.csv`), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '')
        header = head ?? ''
        for (const row of rows.map((r) => r.trim())) {
          const out = prefixed ? `d${n}-${row}` : row
          const id = row.slice(0, row.indexOf(','))
          if (id.endsWith('-org')) org.push(out)
          else if (id.endsWith(dupSuffix)) dup.push(out)
        }
      }
      fs.writeFileSync(files[0] ?? '', [header, ...org].join('\n') + '\n')
      fs.writeFileSync(files[1] ?? '', [header, ...dup].join('\n') + '\n')
    },
  }
}

export const DATASETS: readonly Dataset[] = [
  febrl(1),
  febrl(2),
  febrl(3),
  febrl(3, true),
  {
    name: 'fake_1000',
    files: ['splink/fake_1000.csv'],
    id: 'unique_id',
    fields: { given_name: 'first_name', family_name: 'surname', date_of_birth: 'dob', town: 'city', email: 'email' },
    truth: { column: 'cluster' },
  },
  { name: 'rl500', files: ['rldata/RLdata500.csv'], id: 'rec_id', fields: RL_FIELDS, truth: { column: 'ent_id' } },
  { name: 'rl10k', files: ['rldata/RLdata10000.csv'], id: 'rec_id', fields: RL_FIELDS, truth: { column: 'ent_id' } },
  { name: 'rl10k+middle', files: ['rldata/RLdata10000.csv'], id: 'rec_id', fields: { ...RL_FIELDS, middle_name: 'fname_c2' }, truth: { column: 'ent_id' } },
  {
    name: 'personaldata',
    files: ['recordlinkage_personaldata/personaldata1000A.csv', 'recordlinkage_personaldata/personaldata1000B.csv'],
    id: 'record_id',
    prefixIds: true,
    fields: {
      given_name: 'first_name',
      family_name: 'last_name',
      date_of_birth: 'birthdate',
      gender: 'sex',
      postcode: 'postcode',
      address: 'street_address',
      town: 'city',
      email: 'email',
      phone: 'phone_number',
    },
    truth: { column: 'entity_id' },
  },
  // FEBRL1: 500 originals ↔ their 500 duplicates, exactly 1:1 like FEBRL4.
  febrlSplit([1], '-dup-0'),
  // FEBRL3: 2,000 originals ↔ the first duplicate of those that have one (heavier corruption than FEBRL1).
  febrlSplit([3], '-dup-0'),
  // FEBRL1–3 together: 6,500 originals ↔ 2,665 first duplicates (more non-matching records to confuse a link).
  febrlSplit([1, 2, 3], '-dup-0'),
]

/** Entity label per record, in input order; '' = no known match. */
export async function truthLabels(dataset: Dataset, ids: readonly string[]): Promise<string[]> {
  if ('idRegex' in dataset.truth) {
    const re = dataset.truth.idRegex
    return ids.map((id) => re.exec(id.replace(/^\d:/, ''))?.[1] ?? '')
  }
  const labels: string[] = []
  for (const file of dataset.files) labels.push(...(await readCsvColumns(path.resolve(DATA, file), [dataset.truth.column])).rows.map((r) => r[0] ?? ''))
  return labels
}

function f3(x: number): string {
  return x.toFixed(3)
}

/** Writes the pairs as the CLI would and scores them with the independent evaluator. */
function crossCheck(dataset: Dataset, ids: readonly string[], result: LinkResult): { precision: number; recall: number; f1: number } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-'))
  const pred = path.join(dir, 'pairs.csv')
  const lines = ['id_l,id_r,score']
  for (let k = 0; k < result.left.length; k++) lines.push(`${ids[result.left[k] ?? 0]},${ids[result.right[k] ?? 0]},${result.probability[k]}`)
  fs.writeFileSync(pred, lines.join('\n') + '\n')
  const files = dataset.files.map((f) => path.resolve(DATA, f)).join(',')
  const args = [path.join(DATA, 'tools/eval_pairs.mjs'), '--truth-clusters', files, '--id-col', dataset.id, '--pred', pred, '--thresholds', String(result.threshold)]
  if ('idRegex' in dataset.truth) args.push('--id-regex', dataset.truth.idRegex.source)
  else args.push('--cluster-col', dataset.truth.column)
  if (dataset.prefixIds) args.push('--id-prefixes', '1:,2:')
  try {
    const line = execFileSync('node', args, { encoding: 'utf8' }).split('\n')[0] ?? '{}'
    // eval_pairs prints one JSON object per threshold: { threshold, truePairs, pairwise: {…}, clustered: {…} }
    return (JSON.parse(line) as { pairwise: { precision: number; recall: number; f1: number } }).pairwise
  } catch (error) {
    console.error(`  eval_pairs failed: ${(error as Error).message.split('\n')[0]}`)
    return undefined
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function runDataset(dataset: Dataset): Promise<void> {
  dataset.prepare?.()
  const started = performance.now()
  const input = await loadLinkInput({ files: dataset.files.map((f) => path.resolve(DATA, f)), idColumn: dataset.id, fields: dataset.fields, prefixIds: dataset.prefixIds ?? false })
  const load = (performance.now() - started) / 1000
  const entity = await truthLabels(dataset, input.ids)
  const result = await linkRecords(input.records, input.source)
  const blocked = blockPairs(input.records, input.source ? { source: input.source } : {})
  const pc = pairsCompleteness(blocked.left, blocked.right, entity, input.source)
  const pw = pairwiseScores(result.left, result.right, result.probability, result.threshold, entity, input.source)
  const cl = clusterScores(result.clusters, entity, input.source)
  const s = result.stats
  const n = s.records
  const all = input.source ? input.source.filter((x) => x === 0).length * input.source.filter((x) => x === 1).length : (n * (n - 1)) / 2
  console.log(`\n## ${dataset.name}  (${n} records${input.source ? ', link' : ', dedupe'})`)
  console.log(`  blocking      candidates ${s.candidatePairs}  pairs completeness ${f3(pc)}  reduction ratio ${(1 - s.candidatePairs / all).toFixed(5)}`)
  console.log(`  model         λ ${result.model.lambda.toExponential(3)}  expected matches ${Math.round(s.expectedMatches)}  (true pairs ${pw.tp + pw.fn})  threshold ${result.threshold}`)
  for (const p of s.passes) console.log(`                EM "${p.pass}": ${p.pairs} pairs, ${Math.round(p.matches)} matches, ${p.iterations} iterations`)
  console.log(`  pairwise      P ${f3(pw.precision)}  R ${f3(pw.recall)}  F1 ${f3(pw.f1)}  (TP ${pw.tp} FP ${pw.fp} FN ${pw.fn})`)
  console.log(`  clustered     P ${f3(cl.precision)}  R ${f3(cl.recall)}  F1 ${f3(cl.f1)}  (TP ${cl.tp} FP ${cl.fp} FN ${cl.fn}; ${new Set(result.clusters).size} clusters, ${s.splitClusters} split)`)
  const x = crossCheck(dataset, input.ids, result)
  if (x) console.log(`  eval_pairs    P ${f3(x.precision)}  R ${f3(x.recall)}  F1 ${f3(x.f1)}  (independent scorer, pairwise)`)
  const t = s.seconds
  console.log(
    `  seconds       load ${load.toFixed(2)}  block ${t.block.toFixed(2)}  compare ${t.compare.toFixed(2)}  train ${t.train.toFixed(2)}  score ${t.score.toFixed(2)}  cluster ${t.cluster.toFixed(2)}  engine total ${t.total.toFixed(2)}`,
  )
  console.log(`  throughput    ${Math.round(s.comparisonsPerSecond).toLocaleString('en-GB')} comparisons/s (${s.candidatePairs + s.randomPairs} compared)  peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)
}

async function main(argv: string[]): Promise<void> {
  const only = argv.filter((a) => !a.startsWith('--'))
  console.log(`# linkage benchmark — ${os.cpus().length} cores, Node ${process.version}, data ${DATA}`)
  for (const dataset of DATASETS) if (only.length === 0 || only.includes(dataset.name)) await runDataset(dataset)
  if (argv.includes('--history')) await historyRun()
  if (argv.includes('--scale')) await scaleRun(1_000_000)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}

export { main as benchLinkage }

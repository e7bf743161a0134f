import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { FIELD_NAMES, InputError, linkRecords, loadLinkInput, type FieldName, type LinkResult } from '../../modules/people/linkage/index.ts'

export const LINK_USAGE = `Usage: npm run --silent lantern -- link FILE [FILE2] --id COLUMN --field NAME=COLUMN … --out PAIRS.csv
         [--clusters CLUSTERS.csv] [--summary SUMMARY.json] [--prefix-ids]

One file: find duplicates within it. Two files: link records across them (never within one).
NAME is one of: ${FIELD_NAMES.join(', ')}.
At least one name field (given_name, family_name or full_name) and one date field (date_of_birth or birth_year)
are required. See docs/linkage.md.
`

class UsageError extends Error {}

interface LinkArgs {
  files: string[]
  id: string
  fields: Partial<Record<FieldName, string>>
  out: string
  clusters: string | undefined
  summary: string | undefined
  prefixIds: boolean
}

function parseLinkArgs(args: string[]): LinkArgs {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        id: { type: 'string' },
        field: { type: 'string', multiple: true },
        out: { type: 'string' },
        clusters: { type: 'string' },
        summary: { type: 'string' },
        'prefix-ids': { type: 'boolean' },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError('give one file to deduplicate or two files to link')
  if (!values.id) throw new UsageError('--id COLUMN is required')
  if (!values.out) throw new UsageError('--out PAIRS.csv is required')
  const fields: Partial<Record<FieldName, string>> = {}
  for (const spec of values.field ?? []) {
    const eq = spec.indexOf('=')
    const name = spec.slice(0, eq).trim()
    const column = spec.slice(eq + 1).trim()
    if (eq < 1 || !column) throw new UsageError(`--field ${spec}: expected NAME=COLUMN`)
    const field = FIELD_NAMES.find((f) => f === name)
    if (!field) throw new UsageError(`--field ${spec}: unknown field "${name}"`)
    if (fields[field]) throw new UsageError(`--field ${name} is given twice`)
    fields[field] = column
  }
  if (!fields.given_name && !fields.family_name && !fields.full_name) throw new UsageError('map at least one name field (given_name, family_name or full_name)')
  if (!fields.date_of_birth && !fields.birth_year) throw new UsageError('map a date field (date_of_birth or birth_year)')
  const outputs = [values.out, values.clusters, values.summary].filter((o) => o !== undefined).map((o) => path.resolve(o))
  if (new Set(outputs).size !== outputs.length) throw new UsageError('--out, --clusters and --summary must be different files')
  if (positionals.some((f) => outputs.includes(path.resolve(f)))) throw new UsageError('an output file would overwrite an input file')
  return { files: positionals, id: values.id, fields, out: values.out, clusters: values.clusters, summary: values.summary, prefixIds: values['prefix-ids'] ?? false }
}

/** A CSV field, quoted when it holds a comma, quote or line break (CONTRACTS.md §8). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Writes through a temporary file and renames at the end, so a failed run leaves no half-written output. */
async function writeLines(file: string, lines: Iterable<string>): Promise<string> {
  const temp = `${file}.partial-${process.pid}`
  const stream = fs.createWriteStream(temp)
  try {
    for (const line of lines) {
      if (!stream.write(line)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
    }
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())))
  } catch (error) {
    stream.destroy()
    fs.rmSync(temp, { force: true })
    throw error
  }
  return temp
}

function* pairLines(ids: readonly string[], result: LinkResult): Generator<string> {
  yield 'id_l,id_r,score\n'
  for (let k = 0; k < result.left.length; k++) {
    yield `${csvField(ids[result.left[k] ?? 0] ?? '')},${csvField(ids[result.right[k] ?? 0] ?? '')},${Number((result.probability[k] ?? 0).toPrecision(6))}\n`
  }
}

function* clusterLines(ids: readonly string[], result: LinkResult): Generator<string> {
  yield 'id,cluster\n'
  for (let i = 0; i < ids.length; i++) yield `${csvField(ids[i] ?? '')},${result.clusters[i] ?? i}\n`
}

/** `lantern link`: batch record linkage of CSV files. Never opens the database. Exit 0 ok, 1 bad input, 2 usage. */
export async function link(args: string[]): Promise<number> {
  let options: LinkArgs
  try {
    options = parseLinkArgs(args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`lantern link: ${error.message}\n\n${LINK_USAGE}`)
    return 2
  }
  const say = (message: string) => process.stderr.write(`link: ${message}\n`)
  const started = performance.now()
  const temps: [string, string][] = []
  try {
    const input = await loadLinkInput({ files: options.files, idColumn: options.id, fields: options.fields, prefixIds: options.prefixIds })
    say(`read ${input.records.length} records from ${options.files.join(' and ')}`)
    const result = await linkRecords(input.records, input.source, { onProgress: say })
    const seconds = (performance.now() - started) / 1000
    const links = result.probability.reduce((n, p) => (p >= result.threshold ? n + 1 : n), 0)
    temps.push([await writeLines(options.out, pairLines(input.ids, result)), options.out])
    if (options.clusters) temps.push([await writeLines(options.clusters, clusterLines(input.ids, result)), options.clusters])
    if (options.summary) {
      const s = result.stats
      const summary = {
        threshold: result.threshold,
        records: s.records,
        candidatePairs: s.candidatePairs,
        pairsWritten: result.left.length,
        links,
        clusters: new Set(result.clusters).size,
        seconds: Number(seconds.toFixed(3)),
        comparisonsPerSecond: Math.round(s.comparisonsPerSecond),
        mode: input.source ? 'link' : 'dedupe',
        files: options.files,
        fields: options.fields,
        lambda: result.model.lambda,
        expectedMatches: Math.round(s.expectedMatches),
        comparisons: s.comparisons,
        blockingRules: s.blockingRules,
        stageSeconds: Object.fromEntries(Object.entries(s.seconds).map(([k, v]) => [k, Number(v.toFixed(3))])),
        splitClusters: s.splitClusters,
      }
      temps.push([await writeLines(options.summary, [JSON.stringify(summary, null, 2) + '\n']), options.summary])
    }
    for (const [temp, final] of temps) fs.renameSync(temp, final)
    say(`${links} links at probability ≥ ${result.threshold}; ${result.left.length} pairs written to ${options.out} in ${seconds.toFixed(1)} s`)
    return 0
  } catch (error) {
    for (const [temp] of temps) fs.rmSync(temp, { force: true })
    if (error instanceof InputError) {
      process.stderr.write(`lantern link: ${error.message}\n`)
      return 1
    }
    throw error
  }
}

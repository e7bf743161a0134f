import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { clusterScores, pairwiseScores } from './evaluate.ts'
import { linkRecords } from './engine.ts'
import { loadLinkInput } from './input.ts'
import type { FieldName } from './records.ts'

/**
 * The frozen configuration against the development sets (no labels used in fitting; labels only score the result).
 * Skipped when ../shared/data/linkage is not beside the repository.
 */
const ROOT = path.resolve(import.meta.dirname, '../../../..')
const DATA = path.resolve(ROOT, '../shared/data/linkage')
const here = fs.existsSync(DATA)

async function run(files: string[], id: string, fields: Partial<Record<FieldName, string>>, truth: (ids: string[]) => Promise<string[]>) {
  const input = await loadLinkInput({ files: files.map((f) => path.join(DATA, f)), idColumn: id, fields })
  const result = await linkRecords(input.records, input.source, { uSamplePairs: 300_000 })
  const entity = await truth(input.ids)
  return {
    pairwise: pairwiseScores(result.left, result.right, result.probability, result.threshold, entity, input.source),
    clustered: clusterScores(result.clusters, entity, input.source),
  }
}
const febrlTruth = async (ids: string[]) => ids.map((id) => /^rec-(\d+)-/.exec(id)?.[1] ?? '')
const columnTruth = (file: string, id: string, column: string) => async (ids: string[]) => {
  const { rows } = await (await import('./csv.ts')).readCsvColumns(path.join(DATA, file), [id, column])
  const map = new Map(rows.map(([i, c]) => [i ?? '', c ?? '']))
  return ids.map((i) => map.get(i) ?? '')
}
const FEBRL = { given_name: 'given_name', family_name: 'surname', date_of_birth: 'date_of_birth', postcode: 'postcode', address: 'address_1', town: 'suburb' } as const
const RL = { given_name: 'fname_c1', family_name: 'lname_c1', birth_year: 'by', birth_month: 'bm', birth_day: 'bd' } as const

describe.skipIf(!here)('linkage accuracy on the development sets (frozen threshold)', () => {
  it('FEBRL3: pairwise F1 ≥ 0.99', async () => {
    const r = await run(['febrl/dataset3.csv'], 'rec_id', FEBRL, febrlTruth)
    expect(r.pairwise.f1).toBeGreaterThanOrEqual(0.99)
  }, 30_000)

  it('fake_1000: clustered precision ≥ 0.98 and F1 ≥ 0.93', async () => {
    const fields = { given_name: 'first_name', family_name: 'surname', date_of_birth: 'dob', town: 'city', email: 'email' } as const
    const r = await run(['splink/fake_1000.csv'], 'unique_id', fields, columnTruth('splink/fake_1000.csv', 'unique_id', 'cluster'))
    expect(r.clustered.precision).toBeGreaterThanOrEqual(0.98)
    expect(r.clustered.f1).toBeGreaterThanOrEqual(0.93)
  }, 30_000)

  it('RLdata10000: pairwise F1 ≥ 0.95', async () => {
    const r = await run(['rldata/RLdata10000.csv'], 'rec_id', RL, columnTruth('rldata/RLdata10000.csv', 'rec_id', 'ent_id'))
    expect(r.pairwise.f1).toBeGreaterThanOrEqual(0.95)
  }, 30_000)

  it('FEBRL1, FEBRL2 and RLdata500 are sane', async () => {
    expect((await run(['febrl/dataset1.csv'], 'rec_id', FEBRL, febrlTruth)).pairwise.f1).toBeGreaterThan(0.98)
    expect((await run(['febrl/dataset2.csv'], 'rec_id', FEBRL, febrlTruth)).pairwise.f1).toBeGreaterThan(0.98)
    expect((await run(['rldata/RLdata500.csv'], 'rec_id', RL, columnTruth('rldata/RLdata500.csv', 'rec_id', 'ent_id'))).pairwise.f1).toBeGreaterThan(0.9)
  }, 30_000)
})

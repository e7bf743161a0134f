/**
 * The scale run behind `npm run bench:linkage -- --scale`: a synthetic dedupe of about a million records.
 * People are drawn from the name pools of the development sets (Zipf-weighted, surnames widened with compound
 * forms so that the pool is nearer a real population's), with dates of birth 1930–2023 and UK-shaped postcodes;
 * 25 % get a duplicate with one or two errors (typo, nickname, day/month swap, a digit off, a field missing,
 * a changed postcode, swapped names). Truth is known by construction.
 */
import path from 'node:path'
import { clusterScores, createStandardiser, linkRecords, pairwiseScores, readCsvColumns, type RawRecord } from '../src/modules/people/linkage/index.ts'
import { DATA } from './linkage.ts'
import { mulberry32 } from '../src/modules/people/linkage/index.ts'


async function pool(file: string, column: string): Promise<string[]> {
  const { rows } = await readCsvColumns(path.join(DATA, file), [column])
  return [...new Set(rows.map((r) => (r[0] ?? '').toLowerCase()).filter((v) => /^[a-z]{2,}$/.test(v)))]
}

/** Zipf-like pick: index ~ floor(n * u^2.2) favours the head of the list without starving the tail. */
function zipf(random: () => number, list: readonly string[]): string {
  return list[Math.floor(list.length * random() ** 2.2)] ?? list[0] ?? ''
}

function typo(random: () => number, s: string): string {
  if (s.length < 3) return s
  const i = 1 + Math.floor(random() * (s.length - 2))
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  switch (Math.floor(random() * 3)) {
    case 0:
      return s.slice(0, i) + s.slice(i + 1)
    case 1:
      return s.slice(0, i) + (letters[Math.floor(random() * 26)] ?? 'a') + s.slice(i + 1)
    default:
      return s.slice(0, i - 1) + s[i] + s[i - 1] + s.slice(i + 1)
  }
}

export async function syntheticPeople(target: number, seed = 7): Promise<{ raw: RawRecord[]; entity: string[] }> {
  const random = mulberry32(seed)
  const given = [...new Set([...(await pool('febrl/dataset3.csv', 'given_name')), ...(await pool('splink/fake_1000.csv', 'first_name')), ...(await pool('rldata/RLdata10000.csv', 'fname_c1'))])]
  const baseFamily = [...new Set([...(await pool('febrl/dataset3.csv', 'surname')), ...(await pool('splink/fake_1000.csv', 'surname')), ...(await pool('rldata/RLdata10000.csv', 'lname_c1'))])]
  const family = [...baseFamily]
  for (let k = 0; k < 40_000; k++) family.push(`${zipf(random, baseFamily)}${zipf(random, ['son', 'ley', 'ford', 'well', 'ton', 'er', 'field', 'wood', 'man', 'by'])}`)
  const towns = await pool('febrl/dataset3.csv', 'suburb')
  const nick = new Map<string, string>()
  const { rows } = await readCsvColumns(path.join(DATA, 'pseudopeople/nicknames.csv'), ['name', 'nickname_1'])
  for (const [name, n1] of rows) if (name && n1) nick.set(name, n1)
  const postcode = () => {
    const L = 'ABCDEFGHJKLMNOPRSTUWYZ'
    const pick = () => L[Math.floor(random() * L.length)] ?? 'A'
    return `${pick()}${pick()}${1 + Math.floor(random() * 20)} ${Math.floor(random() * 10)}${pick()}${pick()}`
  }
  const raw: RawRecord[] = []
  const entity: string[] = []
  const pad = (n: number) => String(n).padStart(2, '0')
  for (let e = 0; raw.length < target; e++) {
    const dob = { y: 1930 + Math.floor(random() * 94), m: 1 + Math.floor(random() * 12), d: 1 + Math.floor(random() * 28) }
    const person: RawRecord = { given_name: zipf(random, given), family_name: zipf(random, family), postcode: postcode(), town: zipf(random, towns) }
    raw.push({ ...person, date_of_birth: `${dob.y}${pad(dob.m)}${pad(dob.d)}` })
    entity.push(String(e))
    if (random() >= 0.25 || raw.length >= target) continue
    const dup: RawRecord = { ...person }
    let date = { ...dob }
    const errors = 1 + Math.floor(random() * 2)
    for (let k = 0; k < errors; k++) {
      const r = random()
      if (r < 0.2) dup.given_name = typo(random, dup.given_name ?? '')
      else if (r < 0.35) dup.family_name = typo(random, dup.family_name ?? '')
      else if (r < 0.45) dup.given_name = nick.get(dup.given_name ?? '') ?? dup.given_name
      else if (r < 0.55 && date.d <= 12) date = { ...date, m: date.d, d: date.m }
      else if (r < 0.7) date = { ...date, d: Math.min(28, date.d + 1 + Math.floor(random() * 3)) }
      else if (r < 0.8) dup.postcode = postcode()
      else if (r < 0.9) [dup.given_name, dup.family_name] = [dup.family_name, dup.given_name]
      else delete dup.town
    }
    raw.push({ ...dup, date_of_birth: `${date.y}${pad(date.m)}${pad(date.d)}` })
    entity.push(String(e))
  }
  return { raw, entity }
}

export async function scaleRun(target: number): Promise<void> {
  const t0 = performance.now()
  const { raw, entity } = await syntheticPeople(target)
  const standardise = createStandardiser()
  const records = raw.map(standardise)
  const prep = (performance.now() - t0) / 1000
  const result = await linkRecords(records, undefined, { onProgress: (m) => console.error(`  ${m}`) })
  const pw = pairwiseScores(result.left, result.right, result.probability, result.threshold, entity)
  const cl = clusterScores(result.clusters, entity)
  const s = result.stats
  const t = s.seconds
  const f3 = (x: number) => x.toFixed(3)
  console.log(`\n## synthetic scale run  (${records.length} records, dedupe)`)
  const refined = s.blockingRules.filter((r) => r.refined).map((r) => r.name)
  const split = s.blockingRules.filter((r) => r.oversizedBlocks > 0).map((r) => `${r.name}: ${r.oversizedBlocks} oversized blocks split, ${r.skippedBlocks} sub-blocks skipped`)
  console.log(`  blocking      candidates ${s.candidatePairs}  refined by initials: ${refined.join(', ') || 'none'}; ${split.join('; ') || 'no oversized blocks'}`)
  console.log(`  model         λ ${result.model.lambda.toExponential(3)}  expected matches ${Math.round(s.expectedMatches)}  (true pairs ${pw.tp + pw.fn})`)
  console.log(`  pairwise      P ${f3(pw.precision)}  R ${f3(pw.recall)}  F1 ${f3(pw.f1)}`)
  console.log(`  clustered     P ${f3(cl.precision)}  R ${f3(cl.recall)}  F1 ${f3(cl.f1)}`)
  console.log(
    `  seconds       generate+standardise ${prep.toFixed(1)}  block ${t.block.toFixed(1)}  compare ${t.compare.toFixed(1)}  train ${t.train.toFixed(1)}  score ${t.score.toFixed(1)}  cluster ${t.cluster.toFixed(1)}  engine total ${t.total.toFixed(1)}`,
  )
  console.log(`  throughput    ${Math.round(s.comparisonsPerSecond).toLocaleString('en-GB')} comparisons/s  peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`)
}

/**
 * A proxy for a ~50k-row historical file (`--history`): fake_1000 replicated ×50. Copy k of an entity keeps its
 * error structure (typos, nicknames, shifted dates) but gets a different family name (a per-copy letter
 * substitution, which preserves edit distances) and a per-copy date shift, so copies are different people. Then 40 %
 * of dates of birth are dropped and 10 % cut to the year, names are given only as one `full_name` column, and there
 * is no e-mail (a historical file has none; fake_1000's e-mail is its strongest field).
 */
export async function historyProxy(copies = 50, seed = 11): Promise<{ raw: RawRecord[]; entity: string[] }> {
  const random = mulberry32(seed)
  const { rows } = await readCsvColumns(path.join(DATA, 'splink/fake_1000.csv'), ['first_name', 'surname', 'dob', 'city', 'cluster'])
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const raw: RawRecord[] = []
  const entity: string[] = []
  for (let k = 0; k < copies; k++) {
    const perm = [...letters]
    if (k > 0) for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[perm[i], perm[j]] = [perm[j] ?? 'a', perm[i] ?? 'a']
    }
    const cipher = (s: string) => s.toLowerCase().replace(/[a-z]/g, (c) => perm[c.charCodeAt(0) - 97] ?? c)
    const shiftDays = k === 0 ? 0 : Math.floor(random() * 365 * 30) - 365 * 15
    for (const [first, surname, dob, city, cluster] of rows) {
      const record: RawRecord = {}
      const family = surname ? cipher(surname) : ''
      const full = [first ?? '', family].filter(Boolean).join(' ')
      if (full) record.full_name = full
      const r = random()
      if (dob && r >= 0.4) {
        const d = new Date(`${dob}T00:00:00Z`)
        d.setUTCDate(d.getUTCDate() + shiftDays)
        const iso = d.toISOString().slice(0, 10)
        record.date_of_birth = r < 0.5 ? iso.slice(0, 4) : iso
      }
      if (city) record.town = city
      raw.push(record)
      entity.push(`${k}:${cluster ?? ''}`)
    }
  }
  return { raw, entity }
}

export async function historyRun(): Promise<void> {
  const t0 = performance.now()
  const { raw, entity } = await historyProxy()
  const standardise = createStandardiser()
  const records = raw.map(standardise)
  const result = await linkRecords(records, undefined, { onProgress: (m) => console.error(`  ${m}`) })
  const total = (performance.now() - t0) / 1000
  const pw = pairwiseScores(result.left, result.right, result.probability, result.threshold, entity)
  const cl = clusterScores(result.clusters, entity)
  const s = result.stats
  const t = s.seconds
  const f3 = (x: number) => x.toFixed(3)
  console.log(`\n## historical proxy: fake_1000 ×50, full_name only, 40 % of dates missing  (${records.length} records, dedupe)`)
  console.log(`  blocking      candidates ${s.candidatePairs}  largest rules: ${[...s.blockingRules].sort((a, b) => b.pairs - a.pairs).slice(0, 3).map((r) => `${r.name} ${r.pairs}${r.refined ? ' (refined)' : ''}`).join(', ')}`)
  console.log(`  model         λ ${result.model.lambda.toExponential(3)}  expected matches ${Math.round(s.expectedMatches)}  (true pairs ${pw.tp + pw.fn})`)
  console.log(`  pairwise      P ${f3(pw.precision)}  R ${f3(pw.recall)}  F1 ${f3(pw.f1)}`)
  console.log(`  clustered     P ${f3(cl.precision)}  R ${f3(cl.recall)}  F1 ${f3(cl.f1)}`)
  console.log(
    `  seconds       block ${t.block.toFixed(1)}  compare ${t.compare.toFixed(1)}  train ${t.train.toFixed(1)}  score ${t.score.toFixed(1)}  cluster ${t.cluster.toFixed(1)}  engine total ${t.total.toFixed(1)}  with generation ${total.toFixed(1)}`,
  )
  console.log(`  throughput    ${Math.round(s.comparisonsPerSecond).toLocaleString('en-GB')} comparisons/s`)
}

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/** `lantern link` end to end, as a child process (no database is involved). */
const ROOT = path.resolve(import.meta.dirname, '../../..')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-link-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const write = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, content)
  return p
}
const out = (name: string) => path.join(dir, name)
function lantern(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'src/main/cli.ts', 'link', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANTERN_DATA_DIR: path.join(dir, 'no-db') } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
const FIELDS = ['--id', 'ref', '--field', 'given_name=first', '--field', 'family_name=last', '--field', 'date_of_birth=dob', '--field', 'postcode=pc']

const PEOPLE = [
  'ref,first,last,dob,pc,label',
  'a1,Olivia,Hughes,2012-03-04,LS6 2AB,x',
  'a2,Olivia,Hughes,04/03/2012,LS6 2AB,x',
  'a3,Olivia,Hughs,20120304,LS6 2AB,x',
  'a4,Jayden,Okafor,2010-11-09,M1 1AA,y',
  'a5,Jaydon,Okafor,2010-09-11,M1 1AA,y',
  'a6,Maria,Lopez,2009-01-20,B1 1AA,z',
  '"a,7",Noah,Patel,2011-07-07,NA,w',
].join('\r\n')

describe('lantern link', () => {
  it('deduplicates one file and writes pairs, clusters and a summary', () => {
    const input = write('people.csv', `\uFEFF${PEOPLE}`)
    const r = lantern(input, ...FIELDS, '--out', out('pairs.csv'), '--clusters', out('clusters.csv'), '--summary', out('summary.json'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('')
    const pairs = fs.readFileSync(out('pairs.csv'), 'utf8').trim().split('\n')
    expect(pairs[0]).toBe('id_l,id_r,score')
    const linked = new Set(pairs.slice(1).filter((l) => Number(l.split(',')[2]) >= 0.5).map((l) => l.split(',').slice(0, 2).sort().join('+')))
    expect(linked.has('a1+a2')).toBe(true)
    expect(linked.has('a1+a3')).toBe(true)
    const clusters = Object.fromEntries(fs.readFileSync(out('clusters.csv'), 'utf8').trim().split('\n').slice(1).map((l) => [l.slice(0, l.lastIndexOf(',')), l.slice(l.lastIndexOf(',') + 1)]))
    expect(Object.keys(clusters)).toHaveLength(7)
    expect(clusters['"a,7"']).toBeDefined()
    expect(clusters.a1).toBe(clusters.a3)
    expect(clusters.a1).not.toBe(clusters.a6)
    const summary = JSON.parse(fs.readFileSync(out('summary.json'), 'utf8')) as Record<string, unknown>
    for (const key of ['threshold', 'records', 'candidatePairs', 'seconds', 'comparisonsPerSecond']) expect(summary).toHaveProperty(key)
    expect(summary.records).toBe(7)
  }, 30_000)

  it('links two files only across them, with --prefix-ids when ids collide', () => {
    const a = write('a.csv', 'ref,first,last,dob,pc\n1,Olivia,Hughes,2012-03-04,LS6 2AB\n2,Olivia,Hughes,2012-03-04,LS6 2AB\n')
    const b = write('b.csv', 'ref,first,last,dob,pc\n1,Olivia,Hughes,2012-03-04,LS6 2AB\n')
    const clash = lantern(a, b, ...FIELDS, '--out', out('x.csv'))
    expect(clash.code).toBe(1)
    expect(clash.stderr).toMatch(/--prefix-ids/)
    const r = lantern(a, b, ...FIELDS, '--out', out('link.csv'), '--prefix-ids')
    expect(r.code, r.stderr).toBe(0)
    const rows = fs.readFileSync(out('link.csv'), 'utf8').trim().split('\n').slice(1)
    expect(rows.map((l) => l.split(',').slice(0, 2).join(' ')).sort()).toEqual(['1:1 2:1', '1:2 2:1'])
  }, 30_000)

  it.each([
    ['malformed CSV', 'ref,first,last,dob,pc\n1,A,B,2012-01-01,X\n2,A,B,2012-01-01\n', /bad\.csv: line 3: malformed CSV/],
    ['an unknown column', 'ref,first,surname,dob,pc\n1,A,B,2012-01-01,X\n', /line 1: no column "last"/],
    ['an empty file', '', /the file is empty/],
    ['a wrong encoding', Buffer.concat([Buffer.from('ref,first,last,dob,pc\n1,Zo'), Buffer.from([0xeb]), Buffer.from(',B,2012-01-01,X\n')]), /line 2: the file is not valid UTF-8/],
    ['a 10 MB field', `ref,first,last,dob,pc\n1,${'A'.repeat(10 * 1024 * 1024)},B,2012-01-01,X\n`, /malformed CSV: a record is longer/],
  ])('rejects %s with a message, exit 1 and no output files', (_, content, message) => {
    const input = write('bad.csv', content)
    const target = out(`never-${Math.random()}.csv`)
    const r = lantern(input, ...FIELDS, '--out', target, '--clusters', `${target}.c`, '--summary', `${target}.json`)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(message)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(target)))).toEqual([])
  }, 30_000)

  it('explains usage mistakes with exit 2', () => {
    const input = write('u.csv', PEOPLE)
    expect(lantern(input, '--id', 'ref', '--field', 'given_name=first', '--out', out('u.csv.out')).stderr).toMatch(/date field/)
    const r = lantern(input, ...FIELDS, '--field', 'shoe_size=pc', '--out', out('u2.csv'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown field "shoe_size"/)
  }, 30_000)
})

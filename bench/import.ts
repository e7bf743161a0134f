/**
 * `npm run bench:import -- [--rows N] [--sample S]`: agency extract import on PGlite over the demo partnership.
 *
 * 1. Thresholds: for S demo children, extract rows that are the same child with a realistic difference (exact,
 *    last-name typo, nickname, day↔month swap, moved address, no date of birth) and rows that are *not* that child
 *    but look like it (a sibling: same last name and address, another first name and date of birth; a stranger:
 *    names and date from different children). For each, where decideRow sends it (matched / review / created) and,
 *    for matched rows, whether the person is the right one. This is the measurement behind UPPER_PROBABILITY and
 *    LOWER_PROBABILITY (ADR 0010).
 * 2. Throughput: stage and match an N-row extract (default 10,000) and print the time per phase.
 *
 * Figures only: no pass or fail.
 */
import { eq, sql } from 'drizzle-orm'
import { runWork } from '../src/platform/context/index.ts'
import { loadUserActor } from '../src/platform/auth/sessions.ts'
import { userRoleProfiles, users } from '../src/platform/auth/schema.ts'
import { AuditLog } from '../src/platform/audit/log.ts'
import { queryRows } from '../src/platform/db/rows.ts'
import { openTestDatabase, testClock } from '../src/testing/database.ts'
import { registerAllPolicies } from '../src/modules/index.ts'
import { decideRow, LOWER_PROBABILITY, UPPER_PROBABILITY } from '../src/modules/people/import-decide.ts'
import { processImport } from '../src/modules/people/import-matching.ts'
import { importSources } from '../src/modules/people/import-schema.ts'
import { stageImport } from '../src/modules/people/import-service.ts'
import { findMatches, MIN_PROBABILITY, type MatchTerms } from '../src/modules/people/search.ts'
import { mulberry32 } from '../src/modules/people/linkage/index.ts'

const args = process.argv.slice(2)
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const ROWS = opt('rows', 10_000)
const SAMPLE = opt('sample', 300)

type Child = { id: string; given_name: string; family_name: string; date_of_birth: string; gender: string; postcode: string | null }

const NICK: Record<string, string> = { Alexander: 'Alex', William: 'Will', Jessica: 'Jess', Oliver: 'Ollie', Samuel: 'Sam', Thomas: 'Tom', Daniel: 'Dan', Joshua: 'Josh', Benjamin: 'Ben', Matthew: 'Matt', Joseph: 'Joe', Rebecca: 'Becky', Elizabeth: 'Lizzie', Katherine: 'Kate', Jacob: 'Jake', Edward: 'Ed', Charlotte: 'Lottie', Abigail: 'Abbie' }

function variants(c: Child, other: Child, rnd: () => number): Array<{ kind: string; same: boolean; terms: MatchTerms }> {
  const base: MatchTerms = { givenName: c.given_name, familyName: c.family_name, dateOfBirth: c.date_of_birth, gender: c.gender, postcode: c.postcode ?? undefined }
  const f = c.family_name
  const i = Math.max(1, Math.min(f.length - 2, Math.floor(rnd() * f.length)))
  const typo = f.length > 3 ? f.slice(0, i) + f.charAt(i + 1) + f.charAt(i) + f.slice(i + 2) : `${f}e`
  const [y, m, d] = c.date_of_birth.split('-')
  const out: Array<{ kind: string; same: boolean; terms: MatchTerms }> = [
    { kind: 'exact', same: true, terms: base },
    { kind: 'typo', same: true, terms: { ...base, familyName: typo } },
    { kind: 'moved', same: true, terms: { ...base, postcode: other.postcode ?? undefined } },
    { kind: 'no-dob', same: true, terms: { ...base, dateOfBirth: undefined } },
    { kind: 'sibling', same: false, terms: { ...base, givenName: other.given_name, gender: other.gender, dateOfBirth: other.date_of_birth } },
    { kind: 'stranger', same: false, terms: { givenName: other.given_name, familyName: `${f}ley`, dateOfBirth: other.date_of_birth } },
  ]
  if (NICK[c.given_name]) out.push({ kind: 'nickname', same: true, terms: { ...base, givenName: NICK[c.given_name] } })
  if (Number(d) <= 12 && d !== m) out.push({ kind: 'swapped-dob', same: true, terms: { ...base, dateOfBirth: `${y}-${d}-${m}` } })
  return out
}

async function main(): Promise<void> {
  registerAllPolicies()
  const testDb = await openTestDatabase({ seeded: true })
  const platform = { database: testDb.database, auditLog: new AuditLog(testDb.auditKey, testDb.checkpointFile), clock: testClock() }
  const db = testDb.database.db
  const [profile] = await db
    .select({ userId: users.id, profileId: userRoleProfiles.id })
    .from(userRoleProfiles)
    .innerJoin(users, eq(users.id, userRoleProfiles.userId))
    .where(eq(users.email, 'mash.manager@demo.lantern.test'))
  if (!profile) throw new Error('no mash.manager')
  const actor = await loadUserActor(db, profile.userId, profile.profileId, 'session')
  if (!actor) throw new Error('no actor')

  // 1. Thresholds.
  const children = await queryRows<Child>(
    db,
    sql`select id, given_name, family_name, date_of_birth::text as date_of_birth, gender, postcode from people where kind = 'child' and dob_precision = 'exact' and merged_into_id is null order by id limit ${SAMPLE}`,
  )
  const rnd = mulberry32(7)
  const tally = new Map<string, Record<string, number>>()
  const probs: Array<{ kind: string; p: number }> = []
  const examples: string[] = []
  for (const [k, c] of children.entries()) {
    const other = children[(k + 1 + Math.floor(rnd() * (children.length - 1))) % children.length] as Child
    for (const v of variants(c, other, rnd)) {
      const ranked = await findMatches(db, actor.userId, v.terms, { limit: 5, minProbability: MIN_PROBABILITY })
      const decision = decideRow(ranked)
      const label = decision.outcome !== 'matched' ? decision.outcome : !v.same ? 'matched-FALSE' : decision.best.id === c.id ? 'matched-right' : 'matched-WRONG'
      if ((label === 'matched-FALSE' || label === 'matched-WRONG') && decision.outcome === 'matched') {
        const b = decision.best
        examples.push(`${v.kind}: ${JSON.stringify(v.terms)} → ${b.givenName} ${b.familyName} ${b.dateOfBirth} ${b.postcode} (${b.match.probability.toFixed(3)})`)
      }
      const t = tally.get(v.kind) ?? {}
      t[label] = (t[label] ?? 0) + 1
      tally.set(v.kind, t)
      probs.push({ kind: v.kind, p: ranked.find((r) => r.id === c.id)?.match.probability ?? 0 })
    }
  }
  console.log(`Thresholds: upper ${UPPER_PROBABILITY}, lower ${LOWER_PROBABILITY}; ${children.length} demo children`)
  for (const [kind, t] of tally) console.log(`  ${kind.padEnd(12)} ${Object.entries(t).map(([o, n]) => `${o} ${n}`).join(', ')}`)
  for (const e of examples.slice(0, 8)) console.log(`  wrong: ${e}`)
  for (const kind of ['moved', 'no-dob']) {
    const ps = probs.filter((x) => x.kind === kind).map((x) => x.p).sort((a, b) => a - b)
    console.log(`  ${kind}: probability of the real child, quartiles: ${[0.25, 0.5, 0.75].map((q) => (ps[Math.floor(q * ps.length)] ?? 0).toFixed(3)).join(', ')}`)
  }
  for (const kind of ['sibling', 'stranger']) {
    const ps = probs.filter((x) => x.kind === kind).map((x) => x.p).sort((a, b) => b - a)
    console.log(`  ${kind}: probability of the real child as candidate, top 5: ${ps.slice(0, 5).map((p) => p.toFixed(3)).join(', ')}`)
  }

  // 2. Throughput.
  const [source] = await db
    .insert(importSources)
    .values({ agencyId: actor.agencyId, name: 'Bench extract', mapping: { sourceRecordId: 'id', givenName: 'first', familyName: 'last', dateOfBirth: 'dob', postcode: 'postcode' }, createdAt: new Date(), updatedAt: new Date() })
    .returning({ id: importSources.id })
  const all = await queryRows<Child>(db, sql`select id, given_name, family_name, date_of_birth::text as date_of_birth, gender, postcode from people where date_of_birth is not null order by id`)
  const lines = ['id,first,last,dob,postcode']
  for (let i = 0; i < ROWS; i++) {
    const c = all[i % all.length] as Child
    // Half the rows are people in the index, half are new (a shifted year makes a different child).
    const dob = i % 2 === 0 ? c.date_of_birth : `${Number(c.date_of_birth.slice(0, 4)) - 3}${c.date_of_birth.slice(4)}`
    const [y, m, d] = dob.split('-')
    lines.push(`R${i},${c.given_name},${i % 2 === 0 ? c.family_name : `${c.family_name}${['son', 'ley', 'ton'][i % 3]}`},${d}/${m}/${y},${c.postcode ?? ''}`)
  }
  const bytes = Buffer.from(`${lines.join('\n')}\n`)
  let started = Date.now()
  const staged = await runWork(platform, actor, 'bench', (ctx) => stageImport(ctx, { sourceId: source?.id as string, fileName: 'bench.csv', bytes }))
  const stageSeconds = (Date.now() - started) / 1000
  started = Date.now()
  const result = await processImport(platform, staged.id)
  const matchSeconds = (Date.now() - started) / 1000
  const counts = await queryRows<{ outcome: string; n: number }>(db, sql`select outcome, count(*)::int as n from import_rows where import_id = ${staged.id}::uuid group by outcome order by outcome`)
  console.log(`Import of ${ROWS.toLocaleString('en-GB')} rows (${(bytes.length / 1024).toFixed(0)} KB) on PGlite: read, check and stage ${stageSeconds.toFixed(1)} s; match ${matchSeconds.toFixed(1)} s (${Math.round(ROWS / matchSeconds)} rows/s); ${counts.map((c) => `${c.outcome} ${c.n}`).join(', ')}; processed ${result.processed}`)
  await testDb.close()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

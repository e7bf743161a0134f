import { sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { legitimateRelationships, recordProtections, sealedRecordAccess } from '../platform/access/schema.ts'
import { agencies, teams, userRoleProfiles, users } from '../platform/auth/schema.ts'
import { hashPassword } from '../platform/auth/passwords.ts'
import type { Ctx } from '../platform/context/index.ts'
import type { Tx } from '../platform/db/client.ts'
import { insertSearchKeyRows } from '../modules/people/search.ts'
import { findDuplicateCandidates } from '../modules/people/duplicates-scan.ts'
import type { KeySource } from '../modules/people/search-keys.ts'
import { people, personAddresses, personContacts, personIdentifiers, personNames, personRelationships } from '../modules/people/schema.ts'
import { DEMO_PASSWORD } from './accounts.ts'
import { buildDemoPartnership } from './build.ts'
import { generateImportsDemo } from './imports.ts'
import { generateEducationDemo } from './education.ts'
import { generateNeighboursDemo } from './neighbours.ts'

export {
  DEMO_ACCOUNTS,
  DEMO_AGENCIES,
  DEMO_DUAL_ROLE_ACCOUNT,
  DEMO_EMAIL_DOMAIN,
  DEMO_PASSWORD,
  demoAccount,
  demoEmail,
  type DemoAccount,
  type DemoAgency,
  type DemoMultiRoleAccount,
} from './accounts.ts'
export { buildDemoPartnership, type DemoData } from './build.ts'
export { DUPLICATE_KINDS, type DuplicateKind } from './duplicates.ts'
export {
  DEMO_ADULT_COUNT,
  DEMO_ALLOCATED_CHILD,
  DEMO_CHILD_COUNT,
  DEMO_MASH_ONLY_CHILD,
  DEMO_RESTRICTED_CHILDREN,
  DEMO_SEALED_CHILD,
  type NamedChild,
} from './people.ts'
export { RESTRICTED_REASON, SEALED_REASON } from './relationships.ts'

export type DemoSummary = {
  agencies: number
  teams: number
  users: number
  people: number
  relationships: number
  restricted: number
  sealed: number
  nearDuplicates: number
  /** Pairs in the duplicate queue after the seed's scan. */
  duplicateCandidates: number
  personIndex: { names: number; identifiers: number; addresses: number; contacts: number; relationships: number }
}

const CHUNK = 1000

// Argon2 is slow by design: hash the one demo password once per process and reuse it for every demo user.
let demoPasswordHash: Promise<string> | undefined

async function insertAll(tx: Tx, table: PgTable, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx.insert(table).values(rows.slice(i, i + CHUNK) as never)
  }
}

/** Search keys for the demo people, from the rows about to be inserted (no read-back). */
function demoKeySources(data: ReturnType<typeof buildDemoPartnership>): Map<string, KeySource> {
  const sources = new Map<string, { names: KeySource['names'][number][]; dateOfBirth: string | null; postcodes: string[]; identifiers: string[] }>()
  for (const p of data.people) sources.set(p.id as string, { names: [], dateOfBirth: p.dateOfBirth ?? null, postcodes: [], identifiers: [] })
  for (const n of data.personIndex.names) sources.get(n.personId)?.names.push(n)
  for (const a of data.personIndex.addresses) if (a.postcode) sources.get(a.personId)?.postcodes.push(a.postcode)
  for (const i of data.personIndex.identifiers) if (i.type === 'nhs-number' || i.type === 'upn') sources.get(i.personId)?.identifiers.push(i.value)
  for (const [id, s] of sources) {
    const p = data.people.find((x) => x.id === id)
    if (s.names.length === 0 && p) s.names.push(p)
  }
  return sources
}

/**
 * Load the demo partnership (CONTRACTS.md §1 and §3) into an empty database, inside the caller's unit of work:
 * agencies, teams and the demo accounts; about 300 children and 120 adults (and six near-duplicates); their
 * person index (names, identifiers, addresses, contact details, relationships); their legitimate relationships;
 * three restricted records and one sealed one. Deterministic for a given `today` (YYYY-MM-DD), with bulk inserts.
 */
export async function seedDemo(ctx: Ctx, options: { today: string }): Promise<DemoSummary> {
  const [existing] = await ctx.tx.select({ n: sql<number>`count(*)::int` }).from(agencies)
  if ((existing?.n ?? 0) > 0) throw new Error('The demo partnership is already loaded')

  demoPasswordHash ??= hashPassword(DEMO_PASSWORD)
  let passwordHash: string
  try {
    passwordHash = await demoPasswordHash
  } catch (error) {
    demoPasswordHash = undefined
    throw error
  }
  const data = buildDemoPartnership(options.today, passwordHash)

  await insertAll(ctx.tx, agencies, data.agencies)
  await insertAll(ctx.tx, teams, data.teams)
  await insertAll(ctx.tx, users, data.users)
  await insertAll(ctx.tx, userRoleProfiles, data.userRoleProfiles)
  await insertAll(ctx.tx, people, data.people)
  await insertAll(ctx.tx, personNames, data.personIndex.names)
  await insertAll(ctx.tx, personIdentifiers, data.personIndex.identifiers)
  await insertAll(ctx.tx, personAddresses, data.personIndex.addresses)
  await insertAll(ctx.tx, personContacts, data.personIndex.contacts)
  await insertAll(ctx.tx, personRelationships, data.personIndex.relationships)
  await insertSearchKeyRows(ctx.tx, demoKeySources(data))
  await insertAll(ctx.tx, legitimateRelationships, data.relationships)
  await insertAll(ctx.tx, recordProtections, data.protections)
  await insertAll(ctx.tx, sealedRecordAccess, data.sealedAccess)
  // Each module's demo rows, in dependency order; a module may add legitimate relationships of its own (counted).
  const moduleTables = [
    ...data.missing.tables,
    ...data.exploitation.tables,
    ...data.contacts.tables,
    ...generateImportsDemo(data, options.today).tables,
    ...generateEducationDemo(data, options.today).tables,
    ...generateNeighboursDemo(data, options.today).tables,
  ]
  for (const { table, rows } of moduleTables) await insertAll(ctx.tx, table, rows)
  const moduleRelationships = moduleTables.filter((t) => t.table === legitimateRelationships).reduce((n, t) => n + t.rows.length, 0)
  // The MASH's duplicate queue starts with what the index holds (the deliberate near-duplicates among them).
  const duplicates = await findDuplicateCandidates(ctx.tx, ctx.now)

  const summary: DemoSummary = {
    agencies: data.agencies.length,
    teams: data.teams.length,
    users: data.users.length,
    people: data.people.length,
    relationships: data.relationships.length + moduleRelationships,
    restricted: data.protections.filter((p) => p.state === 'restricted').length,
    sealed: data.protections.filter((p) => p.state === 'sealed').length,
    nearDuplicates: data.nearDuplicates.length,
    duplicateCandidates: duplicates.added,
    personIndex: {
      names: data.personIndex.names.length,
      identifiers: data.personIndex.identifiers.length,
      addresses: data.personIndex.addresses.length,
      contacts: data.personIndex.contacts.length,
      relationships: data.personIndex.relationships.length,
    },
  }
  ctx.audit.record({
    action: 'demo.seeded',
    outcome: 'succeeded',
    details: { people: summary.people, users: summary.users },
  })
  return summary
}

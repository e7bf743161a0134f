import { and, eq, inArray } from 'drizzle-orm'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { personSourceRecords } from './import-schema.ts'
import type { RowValues } from './import-validate.ts'
import { londonDate } from './index-rules.ts'
import { ageOn } from './rules.ts'
import { people, personAddresses, personIdentifiers, personNames, type IdentifierType } from './schema.ts'
import { refreshSearchKeys } from './search.ts'
import { CREATOR_RELATIONSHIP_DAYS } from './service.ts'

/**
 * Writing an extract row into the person index: linking it to a person (the identifiers that person lacks, and the
 * agency's record id) or making a new person from it. Every entry carries the source's agency as its provenance
 * (the information came from that agency's system), recorded by whoever uploaded or decided.
 */

/** Who the information came from and who put it in. */
export type RowAuthor = { sourceId: string; sourceName: string; agencyId: string; userId: string }

type Row = { id: string; data: RowValues }

const IDENTIFIER_FIELDS: ReadonlyArray<[keyof RowValues, IdentifierType]> = [
  ['nhsNumber', 'nhs-number'],
  ['upn', 'upn'],
  ['policeId', 'police-id'],
  ['laId', 'la-id'],
]

// A person has one NHS number and one UPN: a different one from an extract is a disagreement for a person to look
// at, not a second number. Police and local-authority ids differ by force and system, so another one is added.
const ONE_PER_PERSON: readonly IdentifierType[] = ['nhs-number', 'upn']

const provenance = (ctx: Ctx, by: RowAuthor) => ({ sourceAgencyId: by.agencyId, recordedAt: ctx.now, recordedBy: by.userId })

/** The row's identifiers that the person does not have yet; returns how many were added. */
async function addMissingIdentifiers(ctx: Ctx, personId: string, row: Row, by: RowAuthor): Promise<number> {
  const wanted = IDENTIFIER_FIELDS.flatMap(([field, type]) => (row.data[field] ? [{ type, value: row.data[field] as string }] : []))
  if (wanted.length === 0) return 0
  const held = await ctx.tx
    .select({ type: personIdentifiers.type, value: personIdentifiers.value })
    .from(personIdentifiers)
    .where(and(eq(personIdentifiers.personId, personId), inArray(personIdentifiers.type, wanted.map((w) => w.type))))
  const fresh = wanted.filter((w) => !held.some((h) => h.type === w.type && (h.value === w.value || ONE_PER_PERSON.includes(w.type))))
  if (fresh.length === 0) return 0
  const issuer = (type: IdentifierType) => (type === 'police-id' || type === 'la-id' ? by.sourceName : null)
  await ctx.tx.insert(personIdentifiers).values(fresh.map((f) => ({ personId, type: f.type, value: f.value, issuer: issuer(f.type), ...provenance(ctx, by) })))
  return fresh.length
}

async function recordSourceLink(ctx: Ctx, personId: string, row: Row, by: RowAuthor): Promise<void> {
  await ctx.tx
    .insert(personSourceRecords)
    .values({ personId, sourceId: by.sourceId, sourceRecordId: row.data.sourceRecordId, importRowId: row.id, linkedAt: ctx.now })
    .onConflictDoNothing()
}

/** The row is this person: add what they lack from it and remember the agency's id for them. */
export async function linkRowToPerson(ctx: Ctx, personId: string, row: Row, by: RowAuthor): Promise<{ identifiersAdded: number }> {
  const identifiersAdded = await addMissingIdentifiers(ctx, personId, row, by)
  if (identifiersAdded > 0) await refreshSearchKeys(ctx.tx, [personId])
  await recordSourceLink(ctx, personId, row, by)
  return { identifiersAdded }
}

/**
 * A new person from the row, as "Add a person" makes one: current name, address, identifiers, search keys, and the
 * `creator` relationship for the team that brought the record in (CONTRACTS.md §2, 30 days).
 */
export async function createPersonFromRow(ctx: Ctx, row: Row, by: RowAuthor, teamId: string): Promise<string> {
  const d = row.data
  const adult = d.dateOfBirth ? ageOn(d.dateOfBirth, londonDate(ctx.now)) >= 18 : false
  const [person] = await ctx.tx
    .insert(people)
    .values({
      kind: adult ? 'adult' : 'child',
      givenName: d.givenName,
      middleNames: d.middleNames ?? null,
      familyName: d.familyName,
      dateOfBirth: d.dateOfBirth ?? null,
      gender: (d.gender as 'F' | 'M' | 'U' | undefined) ?? 'U',
      addressLine1: d.addressLine1 ?? null,
      town: d.town ?? null,
      postcode: d.postcode ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: by.userId,
    })
    .returning({ id: people.id })
  if (!person) throw new Error('insert returned no person')
  await ctx.tx.insert(personNames).values({ personId: person.id, kind: 'current', givenName: d.givenName, middleNames: d.middleNames ?? null, familyName: d.familyName, ...provenance(ctx, by) })
  if (d.addressLine1 || d.postcode) {
    await ctx.tx.insert(personAddresses).values({ personId: person.id, addressLine1: d.addressLine1 ?? null, town: d.town ?? null, postcode: d.postcode ?? null, ...provenance(ctx, by) })
  }
  await addMissingIdentifiers(ctx, person.id, row, by)
  await refreshSearchKeys(ctx.tx, [person.id])
  await ctx.tx.insert(legitimateRelationships).values({
    personId: person.id,
    teamId,
    source: 'creator',
    startsAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + CREATOR_RELATIONSHIP_DAYS * 86_400_000),
    createdBy: by.userId,
  })
  await recordSourceLink(ctx, person.id, row, by)
  return person.id
}

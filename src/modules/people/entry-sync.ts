import { and, eq } from 'drizzle-orm'
import type { UserActor } from '../../platform/access/actor.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { closeOpenAddresses } from './entries.ts'
import type { AliasName } from './entry-schemas.ts'
import { londonDate } from './index-rules.ts'
import type { Person } from './queries.ts'
import { personAddresses, personIdentifiers, personNames, type IdentifierType } from './schema.ts'

/**
 * people.given_name/family_name and the address fields stay the person's current name and main address (search,
 * cards and older code read them); person_names and person_addresses hold the history. These keep the two in step.
 */

const NAME_FIELDS = ['givenName', 'middleNames', 'familyName'] as const
const ADDRESS_FIELDS = ['addressLine1', 'addressLine2', 'town', 'postcode'] as const

const provenance = (ctx: Ctx, actor: UserActor) => ({ sourceAgencyId: actor.agencyId, recordedAt: ctx.now, recordedBy: actor.userId })

function hasAddress(p: Pick<Person, 'addressLine1' | 'postcode'>): boolean {
  return Boolean(p.addressLine1 || p.postcode)
}

/** A new record: its current name, its address, and any identifiers and aliases given with it. */
export async function recordNewPersonEntries(
  ctx: Ctx,
  actor: UserActor,
  person: Person,
  extras: { nhsNumber?: string | undefined; upn?: string | undefined; aliases?: AliasName[] | undefined },
): Promise<void> {
  const by = provenance(ctx, actor)
  await ctx.tx.insert(personNames).values({ personId: person.id, kind: 'current', givenName: person.givenName, middleNames: person.middleNames, familyName: person.familyName, ...by })
  if (extras.aliases?.length) {
    await ctx.tx.insert(personNames).values(
      extras.aliases.map((a) => ({ personId: person.id, kind: 'alias' as const, givenName: a.givenName ?? null, middleNames: a.middleNames ?? null, familyName: a.familyName ?? null, ...by })),
    )
  }
  if (hasAddress(person)) {
    await ctx.tx.insert(personAddresses).values({ personId: person.id, addressLine1: person.addressLine1, addressLine2: person.addressLine2, town: person.town, postcode: person.postcode, ...by })
  }
  const identifiers: Array<{ type: IdentifierType; value: string }> = []
  if (extras.nhsNumber) identifiers.push({ type: 'nhs-number', value: extras.nhsNumber })
  if (extras.upn) identifiers.push({ type: 'upn', value: extras.upn })
  if (identifiers.length) await ctx.tx.insert(personIdentifiers).values(identifiers.map((i) => ({ personId: person.id, ...i, ...by })))
}

/**
 * After "Change details": a changed name makes the old current name a previous one (ended today) and records the
 * new one; a changed address ends the open addresses and records the new one as open.
 */
export async function syncEntriesAfterEdit(ctx: Ctx, actor: UserActor, before: Person, after: Person, changed: readonly string[]): Promise<void> {
  const today = londonDate(ctx.now)
  const by = provenance(ctx, actor)
  if (NAME_FIELDS.some((f) => changed.includes(f))) {
    const [current] = await ctx.tx.select().from(personNames).where(and(eq(personNames.personId, after.id), eq(personNames.kind, 'current')))
    if (current) {
      const endsOn = current.startsOn && current.startsOn > today ? current.startsOn : today
      await ctx.tx.update(personNames).set({ kind: 'previous', endsOn }).where(eq(personNames.id, current.id))
    } else {
      // A record from before the person index (or loaded directly): keep its old name as a previous one.
      await ctx.tx.insert(personNames).values({ personId: after.id, kind: 'previous', givenName: before.givenName, middleNames: before.middleNames, familyName: before.familyName, endsOn: today, ...by })
    }
    await ctx.tx.insert(personNames).values({ personId: after.id, kind: 'current', givenName: after.givenName, middleNames: after.middleNames, familyName: after.familyName, startsOn: today, ...by })
  }
  if (ADDRESS_FIELDS.some((f) => changed.includes(f))) {
    await closeOpenAddresses(ctx, after.id, today)
    if (hasAddress(after)) {
      await ctx.tx.insert(personAddresses).values({ personId: after.id, addressLine1: after.addressLine1, addressLine2: after.addressLine2, town: after.town, postcode: after.postcode, startsOn: today, ...by })
    }
  }
}

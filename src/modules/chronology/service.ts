import type { UserActor } from '../../platform/access/actor.ts'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess } from '../../platform/access/person-access.ts'
import type { Ctx } from '../../platform/context/index.ts'
import type { Db } from '../../platform/db/client.ts'
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts'
import { findPerson, personExtensions, type ChronologyItem, type ChronologyReader, type Person } from '../people/index.ts'

export type ChronologyFilters = { agency?: string | undefined; type?: string | undefined }

export type Chronology = {
  person: Person
  /** Oldest first, after the filters. */
  items: ChronologyItem[]
  /** Every agency and type among the entries the reader may see (for the filter choices). */
  agencies: string[]
  types: string[]
  total: number
}

/** Oldest first; at the same instant, in a stable order (type, then source id) so the page and the API agree. */
export function byTime(a: ChronologyItem, b: ChronologyItem): number {
  return a.at.getTime() - b.at.getTime() || a.type.localeCompare(b.type) || a.sourceId.localeCompare(b.sourceId)
}

/**
 * Every entry of the child's chronology that `actor` may see, oldest first: each source filters for the reader in
 * its own SQL. The caller has already decided the reader may open the child's record.
 */
export async function readableItems(tx: Db, personId: string, actor: UserActor): Promise<ChronologyItem[]> {
  const reader: ChronologyReader = { userId: actor.userId, teamId: actor.teamId, agencyId: actor.agencyId, roleProfile: actor.roleProfile }
  const all: ChronologyItem[] = []
  for (const extension of personExtensions()) {
    if (extension.chronology) all.push(...(await extension.chronology(tx, personId, reader)))
  }
  return all.sort(byTime)
}

/**
 * A child's chronology across agencies (ADR 0015): every registered source (`chronology` on a PersonExtension)
 * contributes its own entries, already filtered for the reader; this service only authorises, merges, sorts,
 * filters by agency and type, and audits the read. A module joins the chronology by registering a source — nothing
 * here changes.
 */
export async function childChronology(ctx: Ctx, personId: string, filters: ChronologyFilters = {}): Promise<Chronology> {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('the chronology is read by a signed-in user')
  const actor = ctx.actor
  const access = await loadPersonAccess(ctx.tx, actor, personId, ctx.now)
  const purpose = authorize(ctx, 'chronology.view', access)
  const person = await findPerson(ctx.tx, personId)
  if (!person || person.mergedIntoId) throw new NotFoundError()
  const all = await readableItems(ctx.tx, personId, actor)
  const agencyOf = (i: ChronologyItem) => i.agency?.name ?? 'Not recorded'
  const items = all.filter((i) => (!filters.agency || agencyOf(i) === filters.agency) && (!filters.type || i.type === filters.type))
  ctx.audit.record({
    action: 'chronology.viewed',
    outcome: 'allowed',
    resourceType: 'person',
    resourceId: personId,
    personId,
    purpose,
    details: { items: items.length, total: all.length, ...(filters.agency ? { agency: filters.agency } : {}), ...(filters.type ? { type: filters.type } : {}) },
  })
  return { person, items, agencies: [...new Set(all.map(agencyOf))].sort(), types: [...new Set(all.map((i) => i.type))].sort(), total: all.length }
}

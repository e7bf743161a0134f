import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { UserActor } from '../../platform/access/actor.ts'
import { authorize } from '../../platform/access/engine.ts'
import { loadPersonAccess } from '../../platform/access/person-access.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../platform/errors.ts'
import { findPerson, type ChronologyItem, type Person } from '../people/index.ts'
import type { CreateCuratedInput, UpdateCuratedInput } from './curated-schemas.ts'
import { curatedChronologies, curatedChronologyEntries } from './schema.ts'
import { readableItems } from './service.ts'

const NIL = '00000000-0000-0000-0000-000000000000'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type Curated = typeof curatedChronologies.$inferSelect
/** A chosen entry as the reader may see it now: the live chronology item and the author's note. */
export type CuratedEntry = { item: ChronologyItem; note: string | null }
export type CuratedView = {
  curated: Curated
  person: Person
  /** Oldest first: only the entries the reader may see now. */
  entries: CuratedEntry[]
  /** Chosen entries the reader may not see (any more): left out, and counted so the reader knows. */
  omitted: number
  /** The reader's whole chronology (for the edit form). */
  items: ChronologyItem[]
}

const keyOf = (type: string, sourceId: string) => `${type}\u0000${sourceId}`
const itemKey = (i: ChronologyItem) => keyOf(i.type, i.sourceId)

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('curated chronologies are made by a signed-in user')
  return ctx.actor
}

/** The child's record must be open to the reader (the record's 404 otherwise); returns the audit purpose. */
async function authorizeChild(ctx: Ctx, personId: string, curatedAgencyId: string | null): Promise<{ person: Person; purpose: string }> {
  const actor = userOf(ctx)
  const access = await loadPersonAccess(ctx.tx, actor, personId, ctx.now)
  const purpose = authorize(ctx, 'chronology.curated', { ...access, curatedOfReadersAgency: curatedAgencyId === null || curatedAgencyId === actor.agencyId })
  const person = await findPerson(ctx.tx, personId)
  if (!person || person.mergedIntoId) throw new NotFoundError()
  return { person, purpose }
}

/** A curated chronology authorised for the reader (an unknown id is an unknown child: the same audited 404). */
async function authorizeCurated(ctx: Ctx, id: string, lock = false): Promise<{ curated: Curated; person: Person; purpose: string }> {
  const query = ctx.tx.select().from(curatedChronologies).where(eq(curatedChronologies.id, UUID.test(id) ? id : NIL))
  const [curated] = lock ? await query.for('update') : await query
  const { person, purpose } = await authorizeChild(ctx, curated?.personId ?? NIL, curated?.agencyId ?? null)
  if (!curated) throw new NotFoundError()
  return { curated, person, purpose }
}

/**
 * The chosen entries must be entries of the child's chronology the author may see now (so a reference can never
 * point at something its author could not read), each chosen once.
 */
function checkEntries(entries: CreateCuratedInput['entries'], visible: Map<string, ChronologyItem>): FieldError[] {
  const seen = new Set<string>()
  const errors: FieldError[] = []
  entries.forEach((e, k) => {
    const key = keyOf(e.type, e.sourceId)
    if (!visible.has(key)) errors.push({ field: `entries.${k}`, message: 'An entry you chose is not in this child’s chronology (or you may no longer see it)' })
    else if (seen.has(key)) errors.push({ field: `entries.${k}`, message: 'You chose the same entry twice' })
    seen.add(key)
  })
  return errors.slice(0, 5)
}

const rowsOf = (chronologyId: string, entries: CreateCuratedInput['entries']) =>
  entries.map((e) => ({ chronologyId, itemType: e.type, sourceId: e.sourceId, note: e.note ? e.note : null }))

const audit = (ctx: Ctx, action: string, curated: Curated, purpose: string, details: Record<string, unknown>) =>
  ctx.audit.record({ action, outcome: action.endsWith('viewed') || action.endsWith('exported') ? 'allowed' : 'succeeded', resourceType: 'curated-chronology', resourceId: curated.id, personId: curated.personId, purpose, details })

export async function createCurated(ctx: Ctx, input: CreateCuratedInput): Promise<Curated> {
  const actor = userOf(ctx)
  const { purpose } = await authorizeChild(ctx, input.personId, null)
  const visible = new Map((await readableItems(ctx.tx, input.personId, actor)).map((i) => [itemKey(i), i]))
  const errors = checkEntries(input.entries, visible)
  if (errors.length) throw new ValidationError(errors)
  const [curated] = await ctx.tx
    .insert(curatedChronologies)
    .values({ personId: input.personId, title: input.title, agencyId: actor.agencyId, createdAt: ctx.now, createdBy: actor.userId, updatedAt: ctx.now, updatedBy: actor.userId })
    .returning()
  if (!curated) throw new Error('insert returned no curated chronology')
  await ctx.tx.insert(curatedChronologyEntries).values(rowsOf(curated.id, input.entries))
  audit(ctx, 'chronology.curated.created', curated, purpose, { entries: input.entries.length })
  return curated
}

/**
 * Replace the title and the entries. Entries the editor may not see (chosen by a colleague whose access differs)
 * are kept as they are: an editor cannot remove what they cannot see, nor learn that it is there beyond a count.
 */
export async function updateCurated(ctx: Ctx, id: string, input: UpdateCuratedInput): Promise<Curated> {
  const actor = userOf(ctx)
  const { curated, purpose } = await authorizeCurated(ctx, id, true)
  if (curated.version !== input.version) throw new ConflictError('Someone else changed this chronology while you were editing it: open it again to see their changes')
  const visible = new Map((await readableItems(ctx.tx, curated.personId, actor)).map((i) => [itemKey(i), i]))
  const errors = checkEntries(input.entries, visible)
  if (errors.length) throw new ValidationError(errors)
  const existing = await ctx.tx.select().from(curatedChronologyEntries).where(eq(curatedChronologyEntries.chronologyId, curated.id))
  const mine = existing.filter((e) => visible.has(keyOf(e.itemType, e.sourceId))).map((e) => e.id)
  if (mine.length) await ctx.tx.delete(curatedChronologyEntries).where(inArray(curatedChronologyEntries.id, mine))
  await ctx.tx.insert(curatedChronologyEntries).values(rowsOf(curated.id, input.entries))
  const [updated] = await ctx.tx
    .update(curatedChronologies)
    .set({ title: input.title, updatedAt: ctx.now, updatedBy: actor.userId, version: sql`${curatedChronologies.version} + 1` })
    .where(and(eq(curatedChronologies.id, curated.id), eq(curatedChronologies.version, input.version)))
    .returning()
  if (!updated) throw new ConflictError('Someone else changed this chronology while you were editing it: open it again to see their changes')
  audit(ctx, 'chronology.curated.updated', updated, purpose, { entries: input.entries.length, keptUnseen: existing.length - mine.length })
  return updated
}

/**
 * A curated chronology as the reader may see it now: every chosen entry is looked up in the reader's own
 * chronology at this moment, so an entry they may not (or no longer) see is left out and only counted. Audited as
 * a read (or an export) of the child's record.
 */
export async function viewCurated(ctx: Ctx, id: string, purposeOfRead: 'view' | 'edit' | 'export' = 'view'): Promise<CuratedView> {
  const actor = userOf(ctx)
  const { curated, person, purpose } = await authorizeCurated(ctx, id)
  const items = await readableItems(ctx.tx, curated.personId, actor)
  const visible = new Map(items.map((i) => [itemKey(i), i]))
  const chosen = await ctx.tx.select().from(curatedChronologyEntries).where(eq(curatedChronologyEntries.chronologyId, curated.id))
  const entries: CuratedEntry[] = []
  for (const e of chosen) {
    const item = visible.get(keyOf(e.itemType, e.sourceId))
    if (item) entries.push({ item, note: e.note })
  }
  const order = new Map(items.map((i, k) => [itemKey(i), k]))
  entries.sort((a, b) => (order.get(itemKey(a.item)) ?? 0) - (order.get(itemKey(b.item)) ?? 0))
  const omitted = chosen.length - entries.length
  audit(ctx, purposeOfRead === 'export' ? 'chronology.curated.exported' : 'chronology.curated.viewed', curated, purpose, { shown: entries.length, omitted, ...(purposeOfRead === 'edit' ? { for: 'edit' } : {}), ...(purposeOfRead === 'export' ? { format: 'pdf' } : {}) })
  return { curated, person, entries, omitted, items }
}

/** For the compose form: the child and the reader's whole chronology, audited as a read of the record. */
export async function composeSource(ctx: Ctx, personId: string): Promise<{ person: Person; items: ChronologyItem[] }> {
  const actor = userOf(ctx)
  const { person, purpose } = await authorizeChild(ctx, personId, null)
  const items = await readableItems(ctx.tx, personId, actor)
  ctx.audit.record({ action: 'chronology.viewed', outcome: 'allowed', resourceType: 'person', resourceId: personId, personId, purpose, details: { items: items.length, total: items.length, for: 'curate' } })
  return { person, items }
}

export type CuratedSummary = { id: string; title: string; updatedAt: Date; entries: number }

/** The reader's agency's curated chronologies of the child (titles only; the caller has authorised the record). */
export async function curatedOf(ctx: Ctx, personId: string): Promise<CuratedSummary[]> {
  const actor = userOf(ctx)
  return ctx.tx
    .select({ id: curatedChronologies.id, title: curatedChronologies.title, updatedAt: curatedChronologies.updatedAt, entries: sql<number>`(select count(*)::int from curated_chronology_entries e where e.chronology_id = ${curatedChronologies.id})` })
    .from(curatedChronologies)
    .where(and(eq(curatedChronologies.personId, personId), eq(curatedChronologies.agencyId, actor.agencyId)))
    .orderBy(desc(curatedChronologies.updatedAt))
}

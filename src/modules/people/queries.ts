import { and, eq, isNotNull, sql } from 'drizzle-orm'
import { legitimateRelationships } from '../../platform/access/schema.ts'
import type { Tx } from '../../platform/db/client.ts'
import { people } from './schema.ts'

export type Person = typeof people.$inferSelect

export async function findPerson(tx: Tx, id: string): Promise<Person | undefined> {
  const [person] = await tx.select().from(people).where(eq(people.id, id))
  return person
}

/** Users allocated to a person (they are told when someone breaks glass on the record). */
export async function listAllocatedUserIds(tx: Tx, personId: string, now: Date): Promise<string[]> {
  const rows = await tx
    .select({ userId: legitimateRelationships.userId })
    .from(legitimateRelationships)
    .where(
      and(
        eq(legitimateRelationships.personId, personId),
        eq(legitimateRelationships.source, 'allocation'),
        isNotNull(legitimateRelationships.userId),
        sql`${legitimateRelationships.endedAt} is null and (${legitimateRelationships.expiresAt} is null or ${legitimateRelationships.expiresAt} > ${now})`,
      ),
    )
  return rows.flatMap((r) => (r.userId ? [r.userId] : []))
}

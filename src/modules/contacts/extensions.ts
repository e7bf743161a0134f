import { asc, eq } from 'drizzle-orm'
import { agencies } from '../../platform/auth/schema.ts'
import type { Db } from '../../platform/db/client.ts'
import { repointColumn, restoreColumn, type ChronologyItem, type ChronologyReader, type MergePair, type PersonExtension } from '../people/index.ts'
import { CONCERN_LABELS, OUTCOME_LABELS } from './labels.ts'
import { MASH_ROLES } from './policy.ts'
import { contacts } from './schema.ts'

type Moved = { contacts: string[] }

/**
 * The child's chronology: one `contact` entry per contact linked to the record — who reported it, the concerns and
 * the outcome; never the narrative (the contact page holds it, for the MASH). The caller has already decided that
 * the reader may see the child's record.
 */
async function chronology(tx: Db, personId: string, reader: ChronologyReader): Promise<ChronologyItem[]> {
  const rows = await tx
    .select({ contact: contacts, agencyType: agencies.type })
    .from(contacts)
    .leftJoin(agencies, eq(agencies.id, contacts.referrerAgencyId))
    .where(eq(contacts.personId, personId))
    .orderBy(asc(contacts.receivedAt))
  const mash = (MASH_ROLES as readonly string[]).includes(reader.roleProfile)
  return rows.map(({ contact: c, agencyType }) => ({
    at: c.receivedAt,
    type: 'contact',
    agency: { name: c.referrerAgencyName ?? (c.channel === 'phone' ? 'MASH phone line' : 'Not known'), type: agencyType ?? 'other' },
    summary: `Contact to the MASH: ${c.concernTypes.map((t) => CONCERN_LABELS[t].toLowerCase()).join(', ')}${c.outcome ? `. Outcome: ${OUTCOME_LABELS[c.outcome].toLowerCase()}` : ' (not decided yet)'}`,
    ...(mash ? { href: `/contacts/${c.id}` } : {}),
    sourceId: c.id,
  }))
}

/**
 * Merging two records of one child (people's extension point): contacts linked to the merged record move to the
 * surviving one, and exactly those move back on unmerge. (The MASH's `mash-contact` relationships are access rows
 * the people module re-points itself.)
 */
export const contactsPersonExtension: PersonExtension = {
  name: 'contacts',
  chronology,
  repointOnMerge: async (tx: Db, pair: MergePair): Promise<Moved> => ({ contacts: await repointColumn(tx, 'contacts', 'person_id', pair) }),
  restoreOnUnmerge: async (tx: Db, pair: MergePair, moved: unknown): Promise<void> => {
    await restoreColumn(tx, 'contacts', 'person_id', pair, (moved as Partial<Moved> | null)?.contacts ?? [])
  },
}

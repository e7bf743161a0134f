import { asc, desc, eq, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db/client.ts'
import { queryRows } from '../../platform/db/rows.ts'
import type { UserActor } from '../../platform/access/actor.ts'
import { visiblePersonSql } from '../alerts/index.ts'
import { cmeActions, cmeCases, type CmeReason } from './schema.ts'

export type CmeCase = typeof cmeCases.$inferSelect
export type CmeAction = typeof cmeActions.$inferSelect

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function findCase(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<CmeCase | undefined> {
  if (!UUID.test(id)) return undefined
  const query = tx.select().from(cmeCases).where(eq(cmeCases.id, id))
  const [row] = options.lock ? await query.for('update') : await query
  return row
}

export async function openCaseOf(tx: Tx, personId: string): Promise<CmeCase | undefined> {
  const [row] = await tx.select().from(cmeCases).where(sql`${cmeCases.personId} = ${personId} and ${cmeCases.status} = 'open'`)
  return row
}

export async function listActions(tx: Tx, caseId: string): Promise<CmeAction[]> {
  return tx.select().from(cmeActions).where(eq(cmeActions.caseId, caseId)).orderBy(desc(cmeActions.actionOn), desc(cmeActions.recordedAt))
}

export async function listCasesOf(tx: Tx, personId: string): Promise<CmeCase[]> {
  return tx.select().from(cmeCases).where(eq(cmeCases.personId, personId)).orderBy(desc(cmeCases.identifiedOn), asc(cmeCases.id))
}

export type CmeListRow = {
  id: string
  personId: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  identifiedOn: string
  reason: CmeReason
  lastActionOn: string | null
  lastActionType: string | null
  lastActionOutcome: string | null
}

/** Open cases of children the actor may open (scoped in SQL), longest open first. */
export async function listOpenCases(tx: Tx, actor: UserActor, now: Date): Promise<CmeListRow[]> {
  const rows = await queryRows<{
    id: string; person_id: string; given_name: string; family_name: string; date_of_birth: string | null; identified_on: string; reason: CmeReason
    last_action_on: string | null; last_action_type: string | null; last_action_outcome: string | null
  }>(
    tx,
    sql`select c.id, c.person_id, p.given_name, p.family_name, p.date_of_birth::text as date_of_birth, c.identified_on::text as identified_on, c.reason,
               a.action_on::text as last_action_on, a.action_type as last_action_type, a.outcome as last_action_outcome
          from cme_cases c join people p on p.id = c.person_id
          left join lateral (select action_on, action_type, outcome from cme_actions where case_id = c.id order by action_on desc, recorded_at desc limit 1) a on true
         where c.status = 'open' and ${visiblePersonSql(actor, now, sql`c.person_id`)}
         order by c.identified_on, c.id
         limit 500`,
  )
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    identifiedOn: r.identified_on,
    reason: r.reason,
    lastActionOn: r.last_action_on,
    lastActionType: r.last_action_type,
    lastActionOutcome: r.last_action_outcome,
  }))
}

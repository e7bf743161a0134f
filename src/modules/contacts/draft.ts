import { and, eq } from 'drizzle-orm'
import type { UserActor } from '../../platform/access/actor.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ForbiddenError } from '../../platform/errors.ts'
import { DEFAULT_SOURCE_BY_AGENCY, nextUnanswered, reportInput, type Answers } from './report-steps.ts'
import { contactDrafts, type Channel } from './schema.ts'
import { assertCanReport, reportConcern } from './service.ts'
import type { Contact } from './queries.ts'

/**
 * "Report a concern" drafts: the answers so far, server-side against the browser session (deleted with it), so
 * that nothing about the child is in the contacts table until "Accept and send". Saving a step is a write, so
 * audited — by step name, never the answers.
 */
export type Draft = { channel: Channel; answers: Answers }

function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('drafts belong to a signed-in user')
  return ctx.actor
}

export async function startDraft(ctx: Ctx, session: string, channel: Channel): Promise<void> {
  const actor = userOf(ctx)
  assertCanReport(ctx, channel)
  const referralSource = channel === 'phone' ? '' : (DEFAULT_SOURCE_BY_AGENCY[actor.agencyType] ?? '')
  const answers: Answers = { channel, ...(referralSource ? { referralSource } : {}) }
  await ctx.tx
    .insert(contactDrafts)
    .values({ sessionTokenHash: session, userId: actor.userId, answers, updatedAt: ctx.now })
    .onConflictDoUpdate({ target: contactDrafts.sessionTokenHash, set: { userId: actor.userId, answers, updatedAt: ctx.now } })
  ctx.audit.record({ action: 'contacts.draft.started', outcome: 'succeeded', resourceType: 'contact-draft', details: { channel } })
}

/** The signed-in user's draft in this session, or null (a draft never outlives its session or changes hands). */
export async function loadDraft(ctx: Ctx, session: string): Promise<Draft | null> {
  const actor = userOf(ctx)
  assertCanReport(ctx)
  const [row] = await ctx.tx.select().from(contactDrafts).where(and(eq(contactDrafts.sessionTokenHash, session), eq(contactDrafts.userId, actor.userId)))
  if (!row) return null
  const ch = row.answers.channel === 'phone' ? 'phone' : 'online'
  if (ch === 'phone') assertCanReport(ctx, ch)
  return { channel: ch, answers: row.answers as Answers }
}

export async function saveDraftStep(ctx: Ctx, session: string, draft: Draft, step: string, answers: Answers): Promise<void> {
  await ctx.tx
    .update(contactDrafts)
    .set({ answers: { ...draft.answers, ...answers }, updatedAt: ctx.now })
    .where(and(eq(contactDrafts.sessionTokenHash, session), eq(contactDrafts.userId, userOf(ctx).userId)))
  ctx.audit.record({ action: 'contacts.draft.saved', outcome: 'succeeded', resourceType: 'contact-draft', details: { step } })
}

/** "Accept and send": the whole draft is checked again; the contact is created and the draft deleted, together. */
export async function sendDraft(ctx: Ctx, session: string, draft: Draft): Promise<Contact | { unanswered: string }> {
  const next = nextUnanswered(draft.answers, draft.channel)
  if (next !== 'check') return { unanswered: next }
  const contact = await reportConcern(ctx, reportInput(draft.answers, draft.channel))
  await ctx.tx.delete(contactDrafts).where(eq(contactDrafts.sessionTokenHash, session))
  return contact
}

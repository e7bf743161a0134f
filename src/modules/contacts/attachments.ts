import { createHash } from 'node:crypto'
import { and, asc, eq } from 'drizzle-orm'
import { authorize } from '../../platform/access/engine.ts'
import { hasRole } from '../../platform/access/roles.ts'
import type { Ctx } from '../../platform/context/index.ts'
import { ForbiddenError, ValidationError } from '../../platform/errors.ts'
import { checkAttachment } from './attachment-rules.ts'
import { MASH_ROLES, type AttachmentAccess } from './policy.ts'
import { loadContactAccess } from './queries.ts'
import { contactAttachments, contactEvents, contacts } from './schema.ts'

/** Contact attachments (issue 4 point 1, ADR 0011): added by whoever may read the contact, stored in the database. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export type AttachmentListing = { id: string; filename: string; contentType: string; sizeBytes: number; uploadedByName: string; uploadedAt: Date }
const listing = { id: contactAttachments.id, filename: contactAttachments.filename, contentType: contactAttachments.contentType, sizeBytes: contactAttachments.sizeBytes, uploadedByName: contactAttachments.uploadedByName, uploadedAt: contactAttachments.uploadedAt }

function userOf(ctx: Ctx) {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError('attachments are added by a signed-in user')
  return ctx.actor
}

/** Check the contact may be read by the actor before the form is shown or the file read. */
export async function assertCanAttach(ctx: Ctx, contactId: string): Promise<void> {
  authorize(ctx, 'contacts.attachments.add', await loadContactAccess(ctx.tx, contactId))
}

/** Store one upload after the type and size rules; refused uploads leave nothing behind (ValidationError). */
export async function addAttachment(ctx: Ctx, contactId: string, file: { filename: string; bytes: Buffer; truncated: boolean } | undefined, filename: string): Promise<string> {
  const actor = userOf(ctx)
  const access = await loadContactAccess(ctx.tx, contactId)
  const purpose = authorize(ctx, 'contacts.attachments.add', access)
  const check = checkAttachment(file)
  if (!check.ok || !file) throw new ValidationError([{ field: 'file', message: check.ok ? 'Select a file' : check.message }])
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  const byName = `${actor.displayName}, ${actor.agencyName}`
  const [row] = await ctx.tx
    .insert(contactAttachments)
    .values({ contactId, filename, contentType: check.contentType, sizeBytes: file.bytes.length, sha256, content: file.bytes, uploadedBy: actor.userId, uploadedByName: byName, uploadedAt: ctx.now })
    .returning({ id: contactAttachments.id })
  if (!row) throw new Error('attachment insert returned nothing')
  await ctx.tx.insert(contactEvents).values({ contactId, type: 'attachment-added', at: ctx.now, byUserId: actor.userId, byName, summary: `File attached: ${filename}`, details: { attachmentId: row.id, sha256 } })
  ctx.audit.record({
    action: 'contacts.attachment.added',
    outcome: 'succeeded',
    resourceType: 'contact',
    resourceId: contactId,
    purpose,
    ...(access.personId && hasRole(MASH_ROLES, actor.roleProfile) ? { personId: access.personId } : {}),
    details: { attachmentId: row.id, contentType: check.contentType, sizeBytes: file.bytes.length, sha256 },
  })
  return row.id
}

/**
 * The attachments the actor may see on a contact they have already been allowed to read (viewContact audits the
 * read): all of them for the MASH; for the referrer, the ones they attached.
 */
export async function listAttachments(ctx: Ctx, contactId: string, view: 'mash' | 'referrer'): Promise<AttachmentListing[]> {
  const actor = userOf(ctx)
  const own = view === 'referrer' ? eq(contactAttachments.uploadedBy, actor.userId) : undefined
  return ctx.tx.select(listing).from(contactAttachments).where(and(eq(contactAttachments.contactId, contactId), own)).orderBy(asc(contactAttachments.uploadedAt))
}

async function loadAttachmentAccess(ctx: Ctx, contactId: string, id: string): Promise<AttachmentAccess> {
  const base: AttachmentAccess = { resourceType: 'contact-attachment', resourceId: id, exists: false, referrerUserId: null, uploadedBy: null }
  if (!UUID.test(id) || !UUID.test(contactId)) return base
  const [row] = await ctx.tx
    .select({ referrerUserId: contacts.referrerUserId, personId: contacts.personId, uploadedBy: contactAttachments.uploadedBy })
    .from(contactAttachments)
    .innerJoin(contacts, eq(contacts.id, contactAttachments.contactId))
    .where(and(eq(contactAttachments.id, id), eq(contactAttachments.contactId, contactId)))
  if (!row) return base
  return { ...base, exists: true, referrerUserId: row.referrerUserId, uploadedBy: row.uploadedBy, ...(row.personId ? { personId: row.personId } : {}) }
}

/** One attachment's bytes for download; audited (who read which file of which contact). */
export async function downloadAttachment(ctx: Ctx, contactId: string, id: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const access = await loadAttachmentAccess(ctx, contactId, id)
  const purpose = authorize(ctx, 'contacts.attachments.view', access)
  const [row] = await ctx.tx.select({ filename: contactAttachments.filename, contentType: contactAttachments.contentType, content: contactAttachments.content, sha256: contactAttachments.sha256 }).from(contactAttachments).where(eq(contactAttachments.id, id))
  if (!row) throw new Error(`attachment ${id} vanished inside its transaction`)
  const actor = userOf(ctx)
  ctx.audit.record({
    action: 'contacts.attachment.downloaded',
    outcome: 'allowed',
    resourceType: 'contact',
    resourceId: contactId,
    purpose,
    ...(access.personId && hasRole(MASH_ROLES, actor.roleProfile) ? { personId: access.personId } : {}),
    details: { attachmentId: id, sha256: row.sha256 },
  })
  return { filename: row.filename, contentType: row.contentType, content: row.content }
}

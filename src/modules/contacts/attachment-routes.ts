import { eq } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { requireUser } from '../../platform/auth/guards.ts'
import { formErrors } from '../../platform/http/forms.ts'
import { ValidationError, type FieldError } from '../../platform/errors.ts'
import { MAX_ATTACHMENT_BYTES, cleanAttachmentName } from './attachment-rules.ts'
import { addAttachment, assertCanAttach, downloadAttachment } from './attachments.ts'
import { contactReference } from './rules.ts'
import { contacts } from './schema.ts'
import { acceptOneFile } from '../../platform/http/uploads.ts'

type Params = { id: string }
const pre = { preHandler: requireUser }

/** Attaching files to a contact and downloading them (ADR 0011). Multipart is parsed only in this scope. */
export async function registerAttachmentPages(root: FastifyInstance): Promise<void> {
  await root.register(async (app) => {
    const uploadOf = await acceptOneFile(app, { maxBytes: MAX_ATTACHMENT_BYTES, fields: 2, fieldSize: 200 })

    const form = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, errors: FieldError[]) => {
      const reference = await app.work(request, async (ctx) => {
        await assertCanAttach(ctx, request.params.id)
        const [row] = await ctx.tx.select({ number: contacts.number }).from(contacts).where(eq(contacts.id, request.params.id))
        return row ? contactReference(row.number) : ''
      })
      const { summary, fields } = formErrors(errors)
      return reply.code(errors.length ? 400 : 200).view('contacts/views/attachment-new.njk', { pageTitle: 'Attach a file', id: request.params.id, reference, errors: summary, fieldErrors: fields })
    }

    app.get<{ Params: Params }>('/contacts/:id/attachments/new', pre, async (request, reply) => form(request, reply, []))

    app.post<{ Params: Params }>('/contacts/:id/attachments', pre, async (request, reply) => {
      const file = uploadOf(request)
      try {
        await app.work(request, (ctx) => addAttachment(ctx, request.params.id, file, cleanAttachmentName(file?.filename ?? '')))
      } catch (error) {
        if (error instanceof ValidationError) return form(request, reply, error.errors)
        throw error
      }
      return reply.redirect(`/contacts/${request.params.id}#attachments`, 303)
    })

    app.get<{ Params: { id: string; attachmentId: string } }>('/contacts/:id/attachments/:attachmentId', pre, async (request, reply) => {
      const file = await app.work(request, (ctx) => downloadAttachment(ctx, request.params.id, request.params.attachmentId))
      // Always a download, never rendered inline; the stored type is the detected one and the browser must not guess.
      const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_')
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(file.content)
    })
  })
}

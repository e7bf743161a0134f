import multipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** The one file a form sent, read into memory. `truncated`: it was bigger than the limit (the rest was not read). */
export type Upload = { filename: string; bytes: Buffer; truncated: boolean }

/**
 * Multipart for one-file forms, registered in `scope` only (an encapsulated plugin), with hard limits: one file of at
 * most `maxBytes` (one byte over is enough to know it is too big; the rest is discarded unread), at most `fields`
 * short text fields (the CSRF token among them), attached to the body as key/values so the usual form code reads
 * them. Returns how a route gets the request's file (undefined when none was sent).
 */
export async function acceptOneFile(scope: FastifyInstance, limits: { maxBytes: number; fields: number; fieldSize?: number }): Promise<(request: FastifyRequest) => Upload | undefined> {
  const uploads = new WeakMap<FastifyRequest, Upload>()
  await scope.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxBytes, files: 1, fields: limits.fields, fieldSize: limits.fieldSize ?? 2000, parts: limits.fields + 1, headerPairs: 50 },
    onFile: async function (this: FastifyRequest, part: MultipartFile) {
      const bytes = await part.toBuffer()
      uploads.set(this, { filename: part.filename, bytes, truncated: part.file.truncated })
    },
  })
  return (request) => uploads.get(request)
}

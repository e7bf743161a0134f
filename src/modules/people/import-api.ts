import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/auth/guards.ts'
import type { ModuleDeps } from '../../platform/http/module.ts'
import { presentImportJson } from './import-presenters.ts'
import { MAX_UPLOAD_BYTES } from './import-routes.ts'
import { importRunner } from './import-runner.ts'
import { importParams } from './import-schemas.ts'
import { stageImport, viewImport } from './import-service.ts'

const uploadBody = z
  .object({
    sourceId: z.string().max(64),
    fileName: z.string().max(200).optional(),
    content: z.string().max(MAX_UPLOAD_BYTES).optional().meta({ description: 'The CSV file as text (for a UTF-8 source).' }),
    contentBase64: z
      .string()
      .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'contentBase64 must be base64')
      .optional()
      .meta({ description: 'The CSV file’s bytes in base64 (any source encoding).' }),
  })
  .strict()
  .refine((b) => (b.content === undefined) !== (b.contentBase64 === undefined), 'Send the file as content or as contentBase64, not both')

/** Agency extract import over the API: the same services, policies and audit as the pages. */
export async function registerImportApi(root: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>()
  const tags = ['people']
  const runner = importRunner(deps.platform)

  app.get(
    '/api/v1/people/imports/:importId',
    { preHandler: requireUser, schema: { tags, summary: 'An agency extract import’s progress', params: importParams } },
    async (request) => presentImportJson(await app.work(request, (ctx) => viewImport(ctx, request.params.importId))),
  )

  app.post(
    '/api/v1/people/imports',
    {
      preHandler: requireUser,
      bodyLimit: Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 4096,
      schema: {
        tags,
        summary: 'Upload an agency extract',
        description:
          'Checks the whole file against the source’s saved mapping; any problem is a 400 with `errors` (each message names its line) and nothing is staged. Otherwise 201 with the import, whose rows are then matched in the background: poll `GET /api/v1/people/imports/{id}`.',
        body: uploadBody,
      },
    },
    async (request, reply) => {
      const { sourceId, fileName, content, contentBase64 } = request.body
      const bytes = content !== undefined ? Buffer.from(content, 'utf8') : Buffer.from(contentBase64 ?? '', 'base64')
      const view = await app.work(request, async (ctx) => {
        const staged = await stageImport(ctx, { sourceId, fileName: fileName ?? 'extract.csv', bytes })
        return viewImport(ctx, staged.id)
      })
      runner.kick(view.import.id)
      return reply.code(201).send(presentImportJson(view))
    },
  )
}

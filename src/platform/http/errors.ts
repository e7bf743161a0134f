import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts'
import { NOT_FOUND_DETAIL, sendProblem } from './problem.ts'

export async function renderNotFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (request.isApi) return sendProblem(reply, 404, 'Not Found', NOT_FOUND_DETAIL)
  return reply.code(404).view('errors/404.njk', { pageTitle: 'Page not found' })
}

export async function renderForbidden(request: FastifyRequest, reply: FastifyReply, csrf = false): Promise<FastifyReply> {
  if (request.isApi) return sendProblem(reply, 403, 'Forbidden', 'You do not have permission to do this.')
  return reply.code(403).view('errors/403.njk', { pageTitle: csrf ? 'Your form could not be submitted' : 'You do not have permission', csrf })
}

/**
 * One error handler for pages and API. Expected errors become their status; anything else is logged with the
 * correlation id and answered with a generic 500 that leaks nothing (ASVS 16.5.1).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => renderNotFound(request, reply))
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof NotFoundError) return renderNotFound(request, reply)
    if (error instanceof ForbiddenError) return renderForbidden(request, reply)
    if (error instanceof ValidationError) {
      return sendProblem(reply, 400, 'Bad Request', 'The request has invalid fields.', error.errors)
    }
    if (error instanceof ConflictError) return sendProblem(reply, 409, 'Conflict', error.message)
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || String((v.params as { missingProperty?: string })?.missingProperty ?? 'body'),
        message: v.message ?? 'Invalid value',
      }))
      if (request.isApi) return sendProblem(reply, 400, 'Bad Request', 'The request has invalid fields.', errors)
      return reply.code(400).view('errors/400.njk', { pageTitle: 'There is a problem' })
    }
    if (error.statusCode === 429) {
      if (request.isApi) return sendProblem(reply, 429, 'Too Many Requests', 'Wait a few minutes and try again.')
      return reply.code(429).view('errors/429.njk', { pageTitle: 'Too many attempts' })
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Malformed JSON, an unsupported media type, a body too large…: the client's fault, said plainly.
      if (request.isApi) return sendProblem(reply, error.statusCode, 'Bad Request', 'The request could not be read.')
      return reply.code(error.statusCode).view('errors/400.njk', { pageTitle: 'There is a problem' })
    }
    request.log.error({ err: error }, 'unhandled error')
    if (request.isApi) return sendProblem(reply, 500, 'Internal Server Error')
    return reply.code(500).view('errors/500.njk', { pageTitle: 'Sorry, there is a problem with the service' })
  })
}

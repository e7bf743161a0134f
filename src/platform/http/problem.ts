import type { FastifyReply } from 'fastify'
import type { FieldError } from '../errors.ts'

/** RFC 9457 problem details. Bodies never carry the correlation id (it is a header), so equal errors are equal bytes. */
export function sendProblem(reply: FastifyReply, status: number, title: string, detail?: string, errors?: FieldError[]): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) })
}

export const NOT_FOUND_DETAIL = 'There is no resource at this address that you can see.'

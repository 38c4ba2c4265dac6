import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldError } from './errors.js';
import { AppError } from './errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/**
 * The RFC 9457 members always keep their meaning: a record's state given as `extra.status` (an order
 * that is `delivered`) leaves as `state`, never in place of the HTTP status.
 */
function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, code: string, extra: Record<string, unknown>) {
  const { status: state, type: _type, title: _title, code: _code, instance: _instance, ...rest } = extra;
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      ...rest,
      ...(state === undefined ? {} : { state }),
      type: `https://servicebay.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      instance: request.url,
    });
}

/** Every error leaves as RFC 9457 problem+json; validation errors name their fields; 5xx hide internals. */
export function problemHandler(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (typeof error.details.extra?.retryAfterSeconds === 'number')
      reply.header('retry-after', String(error.details.extra.retryAfterSeconds));
    return sendProblem(reply, request, error.status, error.code, {
      detail: error.details.detail ?? error.code,
      ...(error.details.errors ? { errors: error.details.errors } : {}),
      ...(error.details.extra ?? {}),
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors: FieldError[] = error.validation.map((v) => ({
      field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || (error.validationContext ?? 'body'),
      code: /^[a-z_]+$/.test(v.message ?? '') ? v.message! : v.keyword,
      message: v.message ?? v.keyword,
    }));
    return sendProblem(reply, request, 400, 'validation_failed', {
      detail: `invalid ${error.validationContext ?? 'input'}: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    });
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return sendProblem(reply, request, 429, 'rate_limited', { detail: 'too many requests; slow down' });
  if (status >= 400 && status < 500) {
    const code = status === 404 ? 'not_found' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    return sendProblem(reply, request, status, code, { detail: error.message });
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, request, 500, 'internal', { detail: `something went wrong on our side; the request id is ${request.id}` });
}

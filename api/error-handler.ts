import type { FastifyError, FastifyInstance } from 'fastify';
import { FaultlineError } from '../core/faultline-error.js';
import { codeForFastifyError, errorBody, HttpErrorCode } from '../core/http/http-errors.js';
import { statusForCode } from './error-catalogue.js';
import { BUSY_CODE, BUSY_RETRY_AFTER_S } from './query-limiter.js';

/** One JSON error shape for every route: `{ error: { code, message } }`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | FaultlineError, request, reply) => {
    if (err instanceof FaultlineError) {
      const status = statusForCode(err.code);
      if (err.code === BUSY_CODE) void reply.header('retry-after', String(BUSY_RETRY_AFTER_S));
      else if (status >= 500) request.log.error({ err }, 'request failed');
      return reply.status(status).send(errorBody(err.code, err.message));
    }
    if (err.validation && err.validation.length > 0) {
      // A query or body outside a route's schema: our code and a message naming the field.
      return reply
        .status(400)
        .send(errorBody(HttpErrorCode.BadRequest, describeValidation(err, request.query)));
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    // Fastify's own errors (validation, body limit, content type) keep their status; their
    // FST_ERR_* codes become catalogue codes.
    return reply
      .status(status)
      .send(errorBody(codeForFastifyError(err), status >= 500 ? 'internal error' : err.message));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody(HttpErrorCode.NotFound, `no route ${request.method} ${request.url}`)),
  );
}

/** `state: expected one of pending, firing, resolved, got 'bogus'` from fastify's first validation error. */
function describeValidation(err: FastifyError, query: unknown): string {
  const first = err.validation![0]!;
  const params = first.params as { allowedValues?: unknown[]; missingProperty?: string; type?: string };
  const field =
    first.instancePath.split('/').find((part) => part !== '') ??
    params.missingProperty ??
    err.validationContext;
  const raw =
    err.validationContext === 'querystring' ? (query as Record<string, unknown>)[field ?? ''] : undefined;
  const got =
    typeof raw === 'string' || typeof raw === 'number' || Array.isArray(raw)
      ? `, got '${[raw].flat().join(',')}'`
      : '';
  if (params.allowedValues) return `${field}: expected one of ${params.allowedValues.join(', ')}${got}`;
  if (params.type)
    return `${field}: expected ${params.type === 'integer' ? 'a whole number' : `a ${params.type}`}${got}`;
  return `${field}: ${first.message ?? 'invalid'}${got}`;
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { FaultlineError } from '../core/faultline-error.js';

/** HTTP status for each stable error code; codes not listed are server errors. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  FL_INGEST_DECODE: 400,
  FL_INGEST_EMPTY: 400,
  FL_INGEST_UNSUPPORTED: 415,
  FL_INGEST_TOO_LARGE: 413,
  FL_API_BAD_REQUEST: 400,
  FL_API_NOT_FOUND: 404,
  FL_API_UNAUTHORIZED: 401,
  FL_RECEIVER_INVALID_PAYLOAD: 400,
  FL_ALERTING_SILENCE_INVALID: 400,
  FL_ALERTING_MATCHER_INVALID: 400,
  FL_ALERTING_SILENCE_NOT_FOUND: 404,
};

export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/** One JSON error shape for every route: `{ error: { code, message } }`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | FaultlineError, request, reply) => {
    if (err instanceof FaultlineError) {
      const status = statusForCode(err.code);
      if (status >= 500) request.log.error({ err }, 'request failed');
      return reply.status(status).send({ error: { code: err.code, message: err.message } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    // Fastify's own errors (validation, body limit, content type) keep their status and code.
    return reply.status(status).send({
      error: { code: err.code ?? 'FL_API_INTERNAL', message: status >= 500 ? 'internal error' : err.message },
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'FL_API_NOT_FOUND', message: `no route ${request.method} ${request.url}` } }),
  );
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { FaultlineError } from '../core/faultline-error.js';
import { codeForFastifyError, errorBody, HttpErrorCode } from '../core/http/http-errors.js';
import { statusForCode } from './error-catalogue.js';

/** One JSON error shape for every route: `{ error: { code, message } }`. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | FaultlineError, request, reply) => {
    if (err instanceof FaultlineError) {
      const status = statusForCode(err.code);
      if (status >= 500) request.log.error({ err }, 'request failed');
      return reply.status(status).send(errorBody(err.code, err.message));
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

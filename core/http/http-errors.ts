import { FaultlineError } from '../faultline-error.js';

/** Stable error codes of faultline's HTTP servers (the API and the OTLP/HTTP receiver). */
export const HttpErrorCode = {
  /** A query, path parameter or body does not match what the route accepts. */
  BadRequest: 'FL_API_BAD_REQUEST',
  /** No such route, or no such thing behind a route (SLO, incident, node). */
  NotFound: 'FL_API_NOT_FOUND',
  /** Credentials are missing or wrong. */
  Unauthorized: 'FL_API_UNAUTHORIZED',
  /** The body is larger than the route takes. */
  TooLarge: 'FL_API_TOO_LARGE',
  /** The body's content type is not one the route reads. */
  UnsupportedMediaType: 'FL_API_UNSUPPORTED_MEDIA_TYPE',
  /** Anything else: a bug or a failing dependency; details are logged, never sent. */
  Internal: 'FL_API_INTERNAL',
} as const;

export type HttpErrorCode = (typeof HttpErrorCode)[keyof typeof HttpErrorCode];

/** The one JSON error shape of every faultline HTTP API: `{ error: { code, message } }`. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** A request faultline refuses, with the code that names why. */
export function httpError(code: HttpErrorCode, message: string): FaultlineError {
  return new FaultlineError(code, message);
}

/**
 * The faultline code for an error fastify raised itself (validation, body limit, content
 * type, malformed JSON), so no `FST_ERR_*` code reaches a client; the status fastify chose
 * stays.
 */
export function codeForFastifyError(err: { code?: string; statusCode?: number }): HttpErrorCode {
  const status = err.statusCode ?? 500;
  if (status >= 500) return HttpErrorCode.Internal;
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return HttpErrorCode.TooLarge;
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
    return HttpErrorCode.UnsupportedMediaType;
  if (status === 404) return HttpErrorCode.NotFound;
  if (status === 401) return HttpErrorCode.Unauthorized;
  return HttpErrorCode.BadRequest;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EngineMetrics } from '../../observability/metrics.js';
import { errorBody, HttpErrorCode } from './http-errors.js';

/** `auth` of the configuration: who may call the API (and, optionally, the OTLP receiver). */
export interface AuthConfig {
  /** Accepted `Authorization: Bearer <token>` values (several, so tokens can be rotated). */
  bearerTokens: readonly string[];
  /** Accepted HTTP basic-auth users. */
  basicAuth: ReadonlyArray<{ username: string; password: string }>;
  /** Require credentials for reads too (every GET but `/healthz` and `/readyz`). */
  protectReads: boolean;
  /** Require credentials on the OTLP/HTTP receiver too. */
  protectIngest: boolean;
}

/** Requests that never need credentials: liveness and readiness probes. */
const PROBES = new Set(['/healthz', '/readyz']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthHookOptions {
  auth: AuthConfig;
  /** `api` (the API port) or `ingest` (the OTLP/HTTP receiver): which requests need credentials. */
  scope: 'api' | 'ingest';
  /** Routes that check credentials of their own (the Alertmanager webhook with `alerting.receiver`). */
  exempt?: (request: FastifyRequest) => boolean;
  metrics?: EngineMetrics;
}

/** Whether any credential is configured; without one every request is let through. */
export function credentialsConfigured(auth: AuthConfig): boolean {
  return auth.bearerTokens.length > 0 || auth.basicAuth.length > 0;
}

/**
 * Adds an `onRequest` hook that answers 401 (with `WWW-Authenticate`) to requests that need
 * credentials and do not carry valid ones: on the API every method but GET/HEAD/OPTIONS
 * (all of them with `protectReads`), never the probes; on the receiver every request when
 * `protectIngest`. It runs before the body is read, so an unauthenticated caller cannot make
 * the server read a large body. Call it before registering routes.
 */
export function registerAuth(app: FastifyInstance, o: AuthHookOptions): void {
  const { auth } = o;
  if (!credentialsConfigured(auth)) return;
  if (o.scope === 'ingest' && !auth.protectIngest) return;
  const challenges = [
    ...(auth.bearerTokens.length > 0 ? ['Bearer realm="faultline"'] : []),
    ...(auth.basicAuth.length > 0 ? ['Basic realm="faultline", charset="UTF-8"'] : []),
  ];
  app.addHook('onRequest', async (request, reply) => {
    if (!needsCredentials(request, o)) return;
    if (checkCredentials(auth, request.headers.authorization)) return;
    o.metrics?.unauthorizedRequests.inc({ scope: o.scope });
    await reply
      .code(401)
      .header('www-authenticate', challenges)
      .send(errorBody(HttpErrorCode.Unauthorized, 'missing or wrong credentials'));
  });
}

function needsCredentials(request: FastifyRequest, o: AuthHookOptions): boolean {
  if (o.scope === 'ingest') return true;
  const path = request.url.split('?', 1)[0] ?? '';
  if (PROBES.has(path) || o.exempt?.(request)) return false;
  return o.auth.protectReads || !READ_METHODS.has(request.method);
}

/**
 * Whether an `Authorization` header carries one of the configured credentials. Every
 * configured secret is compared, in constant time, as SHA-256 digests (so neither the
 * position of the first wrong byte nor the length of a secret shows in the timing).
 */
export function checkCredentials(auth: AuthConfig, header: string | undefined): boolean {
  if (header === undefined) return false;
  const space = header.indexOf(' ');
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  let ok = false;
  if (scheme === 'bearer') {
    const given = digest(value);
    for (const token of auth.bearerTokens) ok = timingSafeEqual(given, digest(token)) || ok;
  } else if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const user = digest(decoded.slice(0, colon));
    const password = digest(decoded.slice(colon + 1));
    for (const u of auth.basicAuth) {
      // Both compared, always: no early exit on a wrong user name.
      const userOk = timingSafeEqual(user, digest(u.username));
      const passwordOk = timingSafeEqual(password, digest(u.password));
      ok = (userOk && passwordOk) || ok;
    }
  }
  return ok;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * Limits of every faultline HTTP server (API and OTLP/HTTP). Without them a client could hold
 * a socket and a half-read body for as long as it liked: 40 slow 15 MiB uploads held 505 MiB
 * until their sockets closed.
 */
export interface HttpServerLimits {
  /** Time to receive the request headers (Node `headersTimeout`). */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included (Node `requestTimeout`); then 408. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive socket stays open. */
  keepAliveTimeoutMs: number;
  /** Requests served on one keep-alive socket before it is closed. */
  maxRequestsPerSocket: number;
  /** Open sockets beyond this are refused at accept. */
  maxConnections: number;
}

export const defaultHttpLimits: HttpServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxConnections: 256,
};

/** Applies `limits` to a Node HTTP server; call before it listens. */
export function applyServerLimits(server: Server, limits: HttpServerLimits = defaultHttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.maxConnections = limits.maxConnections;
}

const LOOPBACK_BINDS = new Set(['127.0.0.1', '::1', 'localhost']);
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The host names a server answers to, or undefined for any. A server bound to loopback answers
 * only to loopback names (plus `configured`): a web page whose name an attacker re-points at
 * 127.0.0.1 (DNS rebinding) sends its own name in `Host` and is refused. A server bound to
 * other addresses answers to any name unless `configured` lists some.
 */
export function allowedHostNames(bindHost: string, configured: readonly string[]): Set<string> | undefined {
  const names = configured.map((n) => n.toLowerCase());
  if (LOOPBACK_BINDS.has(bindHost)) return new Set([...LOOPBACK_NAMES, ...names]);
  return names.length > 0 ? new Set(names) : undefined;
}

/** The host name of a `Host` header value, without its port. */
export function hostNameOf(header: string | undefined): string {
  if (header === undefined) return '';
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** Refuses requests whose `Host` is not allowed: 421 `FL_API_HOST_NOT_ALLOWED`. */
export function installHostGuard(app: FastifyInstance, allowed: ReadonlySet<string>): void {
  app.addHook('onRequest', async (request, reply) => {
    if (allowed.has(hostNameOf(request.headers.host))) return;
    await reply.code(421).send({
      error: { code: 'FL_API_HOST_NOT_ALLOWED', message: 'this server does not answer to that Host name' },
    });
  });
}

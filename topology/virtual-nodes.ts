import type { SpanRecord } from '../ingest/records.js';

/**
 * Naming of the nodes that send no spans of their own. A database is named by the first of
 * `service.peer.name`/`peer.service`, `server.address`, `db.namespace`, `db.system`; an
 * uninstrumented peer of a CLIENT span by `service.peer.name`/`peer.service`, else
 * `server.address`; of a PRODUCER span by those, else `messaging.system`.
 */

type NamingFields = Pick<
  SpanRecord,
  'kind' | 'peerService' | 'serverAddress' | 'dbSystem' | 'dbNamespace' | 'messagingSystem'
>;

/** Whether a CLIENT span is a database call, which completes at once as a `database` edge. */
export function isDatabaseCall(span: NamingFields): boolean {
  return span.kind === 'client' && (nonEmpty(span.dbSystem) || nonEmpty(span.dbNamespace));
}

/** The database node a database call goes to (see {@link isDatabaseCall}). */
export function databaseNodeName(span: NamingFields): string {
  return firstOf(span.peerService, span.serverAddress, span.dbNamespace, span.dbSystem) ?? 'database';
}

/**
 * The peer a CLIENT or PRODUCER span becomes an edge to when no server side pairs with it,
 * or undefined when it names none (the span is then only counted as unpaired).
 */
export function virtualPeerName(span: NamingFields): string | undefined {
  if (span.kind === 'client') return firstOf(span.peerService, span.serverAddress);
  if (span.kind === 'producer') return firstOf(span.peerService, span.serverAddress, span.messagingSystem);
  return undefined;
}

function firstOf(...values: Array<string | undefined>): string | undefined {
  return values.find(nonEmpty);
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * The semantic-convention attributes a SpanRecord keeps, and how their values are
 * normalised. Shared by every decoding path.
 *
 * Each record field has a current attribute name and (mostly) a deprecated one. The
 * current name wins when both carry a usable value; a value that cannot be used (an
 * unparsable status code, an empty string) counts as absent, so the deprecated name can
 * still supply it. Within one name, the last attribute with a value wins.
 */

import type { AttrValue, SpanRecord } from '../records.js';
import { boundedName } from './value-bounds.js';

export const SERVICE_NAME_KEY = 'service.name';
export const UNKNOWN_SERVICE = 'unknown_service';

/** Slot numbers of the span attributes of interest (index into {@link SPAN_ATTR_KEYS}). */
export const Slot = {
  HttpStatus: 0,
  HttpStatusOld: 1,
  RpcSystem: 2,
  RpcResponseStatus: 3,
  RpcGrpcStatus: 4,
  PeerService: 5,
  PeerServiceOld: 6,
  ServerAddress: 7,
  ServerAddressOld: 8,
  DbSystem: 9,
  DbSystemOld: 10,
  DbNamespace: 11,
  DbNamespaceOld: 12,
  MessagingSystem: 13,
} as const;

/** Attribute keys by slot number. */
export const SPAN_ATTR_KEYS: readonly string[] = [
  'http.response.status_code',
  'http.status_code',
  'rpc.system',
  'rpc.response.status_code',
  'rpc.grpc.status_code',
  'service.peer.name',
  'peer.service',
  'server.address',
  'net.peer.name',
  'db.system.name',
  'db.system',
  'db.namespace',
  'db.name',
  'messaging.system',
];

/** Slot number by attribute key. */
export const SPAN_ATTR_SLOT: ReadonlyMap<string, number> = new Map(SPAN_ATTR_KEYS.map((key, i) => [key, i]));

/** The collected values of one span's interesting attributes, indexed by slot. */
export type SpanAttrSlots = Array<AttrValue | undefined>;

export function newSlots(): SpanAttrSlots {
  return new Array<AttrValue | undefined>(SPAN_ATTR_KEYS.length).fill(undefined);
}

const GRPC_CODES: ReadonlyMap<string, number> = new Map(
  [
    'OK',
    'CANCELLED',
    'UNKNOWN',
    'INVALID_ARGUMENT',
    'DEADLINE_EXCEEDED',
    'NOT_FOUND',
    'ALREADY_EXISTS',
    'PERMISSION_DENIED',
    'RESOURCE_EXHAUSTED',
    'FAILED_PRECONDITION',
    'ABORTED',
    'OUT_OF_RANGE',
    'UNIMPLEMENTED',
    'INTERNAL',
    'UNAVAILABLE',
    'DATA_LOSS',
    'UNAUTHENTICATED',
  ].map((name, code) => [name, code]),
);

const DIGITS = /^[0-9]{1,15}$/;

/** An HTTP status from an int attribute or a numeric string ("503"). */
export function parseHttpStatus(v: AttrValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && DIGITS.test(v)) return Number(v);
  return undefined;
}

/**
 * A gRPC status code (0..16) from an int attribute, a numeric string ("14") or a code name
 * in any case ("UNAVAILABLE", "unavailable" as Connect writes it). Anything else (for
 * example JSON-RPC's negative codes) is not a gRPC code and yields undefined.
 */
export function parseRpcStatus(v: AttrValue | undefined): number | undefined {
  let code: number | undefined;
  if (typeof v === 'number') code = v;
  else if (typeof v === 'string') code = DIGITS.test(v) ? Number(v) : GRPC_CODES.get(v.toUpperCase());
  return code !== undefined && Number.isInteger(code) && code >= 0 && code <= 16 ? code : undefined;
}

/** A string-valued field: any attribute value as text; '' counts as absent. */
export function parseText(v: AttrValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  const text = typeof v === 'string' ? v : String(v);
  return text === '' ? undefined : boundedName(text);
}

/** The service of a resource, from the value of its `service.name` attribute. */
export function serviceOf(v: AttrValue | undefined): string {
  return parseText(v) ?? UNKNOWN_SERVICE;
}

/** Sets the optional SpanRecord fields from the collected slots (only those that resolve). */
export function applySpanAttributes(rec: SpanRecord, s: SpanAttrSlots): void {
  const http = parseHttpStatus(s[Slot.HttpStatus]) ?? parseHttpStatus(s[Slot.HttpStatusOld]);
  if (http !== undefined) rec.httpStatus = http;
  const rpcSystem = parseText(s[Slot.RpcSystem]);
  if (rpcSystem !== undefined) rec.rpcSystem = rpcSystem;
  const rpcStatus = parseRpcStatus(s[Slot.RpcResponseStatus]) ?? parseRpcStatus(s[Slot.RpcGrpcStatus]);
  if (rpcStatus !== undefined) rec.rpcStatus = rpcStatus;
  const peer = parseText(s[Slot.PeerService]) ?? parseText(s[Slot.PeerServiceOld]);
  if (peer !== undefined) rec.peerService = peer;
  const server = parseText(s[Slot.ServerAddress]) ?? parseText(s[Slot.ServerAddressOld]);
  if (server !== undefined) rec.serverAddress = server;
  const db = parseText(s[Slot.DbSystem]) ?? parseText(s[Slot.DbSystemOld]);
  if (db !== undefined) rec.dbSystem = db;
  const ns = parseText(s[Slot.DbNamespace]) ?? parseText(s[Slot.DbNamespaceOld]);
  if (ns !== undefined) rec.dbNamespace = ns;
  const messaging = parseText(s[Slot.MessagingSystem]);
  if (messaging !== undefined) rec.messagingSystem = messaging;
}

import { describe, expect, it } from 'vitest';
import {
  applySpanAttributes,
  newSlots,
  parseHttpStatus,
  parseRpcStatus,
  SPAN_ATTR_SLOT,
  serviceOf,
} from '../../../ingest/decode/semconv.js';
import type { AttrValue, SpanRecord } from '../../../ingest/records.js';

function recordWith(attrs: Record<string, AttrValue>): SpanRecord {
  const rec: SpanRecord = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    service: 's',
    kind: 'client',
    name: 'n',
    startNs: 0n,
    endNs: 0n,
    status: 'unset',
    links: [],
  };
  const slots = newSlots();
  for (const [key, value] of Object.entries(attrs)) {
    const slot = SPAN_ATTR_SLOT.get(key);
    if (slot !== undefined) slots[slot] = value;
  }
  applySpanAttributes(rec, slots);
  return rec;
}

describe('parseRpcStatus', () => {
  it.each([
    [0, 0],
    [16, 16],
    ['OK', 0],
    ['CANCELLED', 1],
    ['DEADLINE_EXCEEDED', 4],
    ['UNAVAILABLE', 14],
    ['unavailable', 14],
    ['UNAUTHENTICATED', 16],
    ['14', 14],
  ] as const)('%j -> %j', (input, code) => {
    expect(parseRpcStatus(input)).toBe(code);
  });

  it.each([17, -1, 1.5, '17', '-32600', 'NOT_A_CODE', '', true, undefined] as const)(
    '%j is not a gRPC code',
    (input) => {
      expect(parseRpcStatus(input)).toBeUndefined();
    },
  );
});

describe('parseHttpStatus', () => {
  it.each([
    [200, 200],
    ['503', 503],
    [404.0, 404],
  ] as const)('%j -> %j', (input, status) => {
    expect(parseHttpStatus(input)).toBe(status);
  });

  it.each(['5xx', '', 200.5, false, ' 200'] as const)('%j is not a status', (input) => {
    expect(parseHttpStatus(input)).toBeUndefined();
  });
});

describe('attribute precedence', () => {
  it('the current name wins over the deprecated one', () => {
    expect(
      recordWith({
        'http.response.status_code': 500,
        'http.status_code': 200,
        'service.peer.name': 'new',
        'peer.service': 'old',
        'server.address': 'new.host',
        'net.peer.name': 'old.host',
        'db.system.name': 'postgresql',
        'db.system': 'postgres',
        'db.namespace': 'orders',
        'db.name': 'legacy',
        'rpc.response.status_code': 'NOT_FOUND',
        'rpc.grpc.status_code': 14,
      }),
    ).toMatchObject({
      httpStatus: 500,
      peerService: 'new',
      serverAddress: 'new.host',
      dbSystem: 'postgresql',
      dbNamespace: 'orders',
      rpcStatus: 5,
    });
  });

  it('the deprecated name fills in when the current one is unusable', () => {
    expect(
      recordWith({
        'http.response.status_code': 'n/a',
        'http.status_code': 404,
        'rpc.response.status_code': 'weird',
        'rpc.grpc.status_code': 2,
        'service.peer.name': '',
        'peer.service': 'old',
      }),
    ).toMatchObject({ httpStatus: 404, rpcStatus: 2, peerService: 'old' });
  });

  it('absent attributes leave the optional fields absent', () => {
    const rec = recordWith({ 'rpc.system': 'grpc', 'messaging.system': 'kafka' });
    expect(rec).toEqual({
      traceId: '',
      spanId: '',
      parentSpanId: '',
      service: 's',
      kind: 'client',
      name: 'n',
      startNs: 0n,
      endNs: 0n,
      status: 'unset',
      links: [],
      rpcSystem: 'grpc',
      messagingSystem: 'kafka',
    });
    expect(Object.keys(rec)).not.toContain('httpStatus');
  });

  it('service: service.name, unknown_service when absent or empty, text of other kinds', () => {
    expect(serviceOf('checkout')).toBe('checkout');
    expect(serviceOf(undefined)).toBe('unknown_service');
    expect(serviceOf('')).toBe('unknown_service');
    expect(serviceOf(42)).toBe('42');
  });
});

import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../ingest/records.js';
import { SpanPairer } from '../../topology/span-pairing.js';
import { databaseNodeName, isDatabaseCall, virtualPeerName } from '../../topology/virtual-nodes.js';
import { RecordingListener, span } from './fixtures.js';

const client = (over: Partial<SpanRecord>): SpanRecord =>
  span({ service: 'checkout', kind: 'client', ...over });

describe('virtual node naming', () => {
  it.each([
    [
      { dbSystem: 'postgresql', dbNamespace: 'orders', serverAddress: 'db-1', peerService: 'orders-db' },
      'orders-db',
    ],
    [{ dbSystem: 'postgresql', dbNamespace: 'orders', serverAddress: 'db-1' }, 'db-1'],
    [{ dbSystem: 'postgresql', dbNamespace: 'orders' }, 'orders'],
    [{ dbSystem: 'redis' }, 'redis'],
    [{ dbNamespace: 'orders' }, 'orders'],
    [{ dbSystem: 'redis', peerService: '  ' }, 'redis'],
  ] as Array<[Partial<SpanRecord>, string]>)('names a database %j as %s', (attrs, name) => {
    const s = client(attrs);
    expect(isDatabaseCall(s)).toBe(true);
    expect(databaseNodeName(s)).toBe(name);
  });

  it('only CLIENT spans with db attributes are database calls', () => {
    expect(isDatabaseCall(client({}))).toBe(false);
    expect(isDatabaseCall(client({ serverAddress: 'db-1' }))).toBe(false);
    expect(isDatabaseCall(span({ service: 's', kind: 'server', dbSystem: 'redis' }))).toBe(false);
    expect(isDatabaseCall(span({ service: 's', kind: 'producer', dbSystem: 'redis' }))).toBe(false);
  });

  it('names the peer of an unpaired CLIENT by peer service, then server address', () => {
    expect(virtualPeerName(client({ peerService: 'stripe', serverAddress: 'api.stripe.com' }))).toBe(
      'stripe',
    );
    expect(virtualPeerName(client({ serverAddress: 'api.stripe.com' }))).toBe('api.stripe.com');
    expect(virtualPeerName(client({ messagingSystem: 'kafka' }))).toBeUndefined();
    expect(virtualPeerName(client({}))).toBeUndefined();
  });

  it('names the peer of an unpaired PRODUCER by peer service, server address, then messaging system', () => {
    const producer = (over: Partial<SpanRecord>) => span({ service: 'orders', kind: 'producer', ...over });
    expect(virtualPeerName(producer({ peerService: 'events', messagingSystem: 'kafka' }))).toBe('events');
    expect(virtualPeerName(producer({ serverAddress: 'broker-1', messagingSystem: 'kafka' }))).toBe(
      'broker-1',
    );
    expect(virtualPeerName(producer({ messagingSystem: 'kafka' }))).toBe('kafka');
    expect(virtualPeerName(producer({}))).toBeUndefined();
  });

  it('sends a database call to its database node at once, with the client latency only', () => {
    const listener = new RecordingListener();
    new SpanPairer(listener).add(client({ dbSystem: 'postgresql', serverAddress: 'db-1' }), 0);
    expect(listener.calls).toEqual([
      expect.objectContaining({
        source: 'checkout',
        target: 'db-1',
        connectionType: 'database',
        sourceKind: 'service',
        targetKind: 'database',
        clientDurationNs: 10_000_000,
      }),
    ]);
    expect(listener.calls[0]?.serverDurationNs).toBeUndefined();
  });
});

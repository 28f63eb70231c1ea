import { describe, expect, it } from 'vitest';
import { SpanPairer } from '../../topology/span-pairing.js';
import { MS, RecordingListener, span, spanId, traceId } from './fixtures.js';

function setup(waitMs = 10_000, maxPendingSpans = 1000) {
  const listener = new RecordingListener();
  const pairer = new SpanPairer(listener, { waitMs, maxPendingSpans });
  return { listener, pairer };
}

const client = span({ service: 'frontend', kind: 'client', spanId: spanId(2), parentSpanId: spanId(1) }, 0);
const server = span({ service: 'checkout', kind: 'server', spanId: spanId(3), parentSpanId: spanId(2) }, -1);

describe('span pairing', () => {
  it('pairs a CLIENT with its SERVER in either order, with both latencies', () => {
    for (const order of [
      [client, server],
      [server, client],
    ]) {
      const { listener, pairer } = setup();
      for (const s of order) pairer.add(s, 0);
      expect(listener.edges()).toEqual(['frontend->checkout (direct)']);
      const [call] = listener.calls;
      expect(call?.clientDurationNs).toBe(10_000_000);
      expect(call?.serverDurationNs).toBe(10_000_000);
      expect(call?.endNs).toBe(client.endNs);
      expect(pairer.store.size).toBe(0);
    }
  });

  it('marks a call failed when either side has status ERROR', () => {
    const { listener, pairer } = setup();
    pairer.add({ ...client, status: 'ok' }, 0);
    pairer.add({ ...server, status: 'error' }, 0);
    pairer.add({ ...client, spanId: spanId(9), status: 'error' }, 0);
    pairer.add({ ...server, spanId: spanId(10), parentSpanId: spanId(9) }, 0);
    expect(listener.calls.map((c) => c.failed)).toEqual([true, true]);
  });

  it('makes a root SERVER span a user edge at once', () => {
    const { listener, pairer } = setup();
    pairer.add(span({ service: 'frontend' }), 0);
    expect(listener.edges()).toEqual(['user (external)->frontend (virtual)']);
    expect(listener.calls[0]).toMatchObject({
      sourceKind: 'user',
      targetKind: 'service',
      serverDurationNs: 10_000_000,
    });
    expect(listener.calls[0]?.clientDurationNs).toBeUndefined();
  });

  it('pairs PRODUCER and CONSUMER by parent as messaging', () => {
    const { listener, pairer } = setup();
    pairer.add(span({ service: 'billing', kind: 'consumer', spanId: spanId(5), parentSpanId: spanId(4) }), 0);
    pairer.add(span({ service: 'orders', kind: 'producer', spanId: spanId(4), parentSpanId: spanId(1) }), 0);
    expect(listener.edges()).toEqual(['orders->billing (messaging)']);
  });

  it('pairs a CONSUMER with links with the PRODUCER spans it links to, in other traces', () => {
    const { listener, pairer } = setup();
    const producerA = span({ service: 'orders', kind: 'producer', traceId: traceId(10), spanId: spanId(4) });
    const producerB = span({ service: 'refunds', kind: 'producer', traceId: traceId(11), spanId: spanId(4) });
    const consumer = span({
      service: 'billing',
      kind: 'consumer',
      traceId: traceId(12),
      spanId: spanId(1),
      parentSpanId: spanId(77), // a local receive span: not what it pairs with
      links: [
        { traceId: traceId(10), spanId: spanId(4) },
        { traceId: traceId(11), spanId: spanId(4) },
      ],
    });
    pairer.add(producerA, 0);
    pairer.add(consumer, 0);
    pairer.add(producerB, 0);
    expect(listener.edges()).toEqual(['orders->billing (messaging)', 'refunds->billing (messaging)']);
    pairer.expireAll(0);
    expect(listener.unpairedCounts.size).toBe(0);
  });

  it('pairs every CONSUMER of one message (fan-out), before or after the PRODUCER', () => {
    const { listener, pairer } = setup();
    const producer = span({ service: 'orders', kind: 'producer', spanId: spanId(4) });
    const consumer = (service: string, id: number) =>
      span({ service, kind: 'consumer', spanId: spanId(id), parentSpanId: spanId(4) });
    pairer.add(consumer('billing', 5), 0);
    pairer.add(consumer('audit', 6), 0);
    pairer.add(producer, 0);
    pairer.add(consumer('mailer', 7), 0);
    expect(listener.edges()).toEqual([
      'orders->audit (messaging)',
      'orders->billing (messaging)',
      'orders->mailer (messaging)',
    ]);
  });

  it('ignores duplicate spans, whatever their order, and counts them', () => {
    const { listener, pairer } = setup();
    const root = span({ service: 'frontend', spanId: spanId(1) });
    const db = span({
      service: 'checkout',
      kind: 'client',
      spanId: spanId(6),
      parentSpanId: spanId(3),
      dbSystem: 'redis',
    });
    for (const s of [root, client, server, client, server, root, db, db, client]) pairer.add(s, 0);
    expect(listener.edges()).toEqual([
      'checkout->redis (database)',
      'frontend->checkout (direct)',
      'user (external)->frontend (virtual)',
    ]);
    expect(listener.duplicates).toBe(5);
    pairer.add(server, 0);
    pairer.add(client, 0);
    pairer.expireAll(0);
    expect(listener.calls).toHaveLength(3);
    expect(listener.unpairedCounts.size).toBe(0);
  });

  it('recognises a duplicate that arrives while its pair still waits', () => {
    const { listener, pairer } = setup();
    pairer.add(server, 0);
    pairer.add(server, 1);
    expect(pairer.store.size).toBe(1);
    expect(listener.duplicates).toBe(1);
  });

  it('turns an expired CLIENT with a peer into a virtual edge, and counts every unpaired span', () => {
    const { listener, pairer } = setup(1000);
    pairer.add(span({ service: 'checkout', kind: 'client', spanId: spanId(2), peerService: 'stripe' }), 0);
    pairer.add(span({ service: 'checkout', kind: 'client', spanId: spanId(3) }), 0);
    pairer.add(span({ service: 'orders', kind: 'producer', spanId: spanId(4), messagingSystem: 'kafka' }), 0);
    pairer.add(span({ service: 'payment', kind: 'server', spanId: spanId(5), parentSpanId: spanId(99) }), 0);
    pairer.add(span({ service: 'billing', kind: 'consumer', spanId: spanId(6) }), 0);
    pairer.expire(999);
    expect(listener.calls).toHaveLength(0);
    pairer.expire(1000);
    expect(listener.edges()).toEqual(['checkout->stripe (virtual)', 'orders->kafka (virtual)']);
    expect(listener.calls[0]).toMatchObject({ sourceKind: 'service', targetKind: 'virtual' });
    expect(Object.fromEntries(listener.unpairedCounts)).toEqual({
      client_virtual: 2,
      client_expired: 1,
      server_expired: 1,
      no_parent: 1,
    });
    expect(pairer.store.size).toBe(0);
  });

  it('completes a pair whose second side arrives just before the wait is over', () => {
    const { listener, pairer } = setup(1000);
    pairer.add(client, 0);
    pairer.add(server, 999);
    expect(listener.edges()).toEqual(['frontend->checkout (direct)']);
  });

  it('counts spans refused by a full store', () => {
    const { listener, pairer } = setup(1000, 2);
    for (let i = 0; i < 5; i++) {
      pairer.add(span({ service: 'a', kind: 'client', spanId: spanId(100 + i), endNs: BigInt(i) * MS }), 0);
    }
    expect(pairer.store.size).toBe(2);
    expect(listener.unpairedCounts.get('store_full')).toBe(3);
  });
});

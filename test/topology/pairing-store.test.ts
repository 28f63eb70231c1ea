import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/faultline-error.js';
import { PairingStore, type PairSide, type PendingPair } from '../../topology/pairing-store.js';

const side = (spanId: string): PairSide => ({
  spanId,
  service: 'svc',
  kind: 'client',
  endNs: 0n,
  durationNs: 1,
  failed: false,
});

function setup(maxItems: number, waitMs = 100) {
  const expired: Array<[string, PendingPair]> = [];
  const store = new PairingStore({ waitMs, maxItems, onExpire: (k, p) => expired.push([k, p]) });
  return { store, expired };
}

describe('pairing store', () => {
  it('refuses spans beyond maxItems while none has expired, and counts them', () => {
    const { store } = setup(3);
    for (const id of ['a', 'b', 'c']) expect(store.add(id, 'client', side(id), 0)).toBe(true);
    expect(store.add('d', 'client', side('d'), 50)).toBe(false);
    expect(store.add('a', 'server', side('a2'), 50)).toBe(false);
    expect(store.droppedFull).toBe(2);
    expect(store.size).toBe(3);
  });

  it('evicts expired pairs before refusing a new span', () => {
    const { store, expired } = setup(2);
    store.add('a', 'client', side('a'), 0);
    store.add('b', 'client', side('b'), 50);
    expect(store.add('c', 'client', side('c'), 100)).toBe(true);
    expect(expired.map(([k]) => k)).toEqual(['a']);
    expect(store.droppedFull).toBe(0);
    expect(store.expiredSpans).toBe(1);
    expect(store.pending('a')).toBeUndefined();
    expect(store.settled('a')?.spanIds).toEqual(new Set(['a']));
  });

  it('counts spans, not pairs: several servers under one key each take a place', () => {
    const { store } = setup(3);
    store.add('k', 'server', side('s1'), 0);
    store.add('k', 'server', side('s2'), 0);
    expect(store.size).toBe(2);
    store.complete('k', side('c'), ['c', 's1', 's2'], 0);
    expect(store.size).toBe(0);
    expect(store.settled('k')?.client?.spanId).toBe('c');
  });

  it('expires pairs in arrival order, each after the wait, with a monotonic clock', () => {
    const { store, expired } = setup(10);
    store.add('a', 'client', side('a'), 0);
    store.add('b', 'client', side('b'), 40);
    store.add('c', 'client', side('c'), 30); // the clock went back: treated as 40
    store.expire(99);
    expect(expired).toHaveLength(0);
    store.expire(100);
    expect(expired.map(([k]) => k)).toEqual(['a']);
    store.expire(140);
    expect(expired.map(([k]) => k)).toEqual(['a', 'b', 'c']);
    expect(store.size).toBe(0);
  });

  it('forgets settled keys after the wait, and the oldest beyond maxItems', () => {
    const { store } = setup(2);
    store.settle('a', undefined, ['a'], 0);
    store.settle('b', undefined, ['b'], 10);
    store.settle('c', undefined, ['c'], 20);
    expect(store.settled('a')).toBeUndefined();
    expect(store.settledKeys).toBe(2);
    store.expire(110);
    expect(store.settled('b')).toBeUndefined();
    expect(store.settled('c')).toBeDefined();
    store.expire(120);
    expect(store.settledKeys).toBe(0);
  });

  it('expireAll expires every pending pair at once', () => {
    const { store, expired } = setup(10);
    store.add('a', 'client', side('a'), 0);
    store.add('b', 'server', side('b'), 5);
    store.expireAll(6);
    expect(expired.map(([k]) => k)).toEqual(['a', 'b']);
    expect(store.size).toBe(0);
  });

  it('rejects invalid bounds with FL_TOPOLOGY_INVALID_OPTIONS', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => setup(bad)).toThrow(expect.objectContaining({ code: 'FL_TOPOLOGY_INVALID_OPTIONS' }));
      try {
        setup(10, bad);
      } catch (err) {
        expect(hasCode(err, 'FL_TOPOLOGY_INVALID_OPTIONS')).toBe(true);
      }
    }
  });
});

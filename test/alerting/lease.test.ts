import { describe, expect, it } from 'vitest';
import { MemoryLease, MemoryLeaseBoard } from '../../alerting/lease.js';
import { LeaseKeeper } from '../../alerting/lease-keeper.js';
import { ManualClock } from '../../core/clock.js';
import { EngineMetrics } from '../../observability/metrics.js';

describe('memory lease', () => {
  const pair = () => {
    const clock = new ManualClock(0);
    const board = new MemoryLeaseBoard();
    const now = () => clock.now();
    return {
      clock,
      a: new MemoryLease({ periodMs: 10_000, board, now, token: 'a' }),
      b: new MemoryLease({ periodMs: 10_000, board, now, token: 'b' }),
    };
  };

  it('is held by one instance at a time and renewed by its holder', async () => {
    const { clock, a, b } = pair();
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    clock.advance(9_000);
    expect(await a.acquire()).toBe(true);
    clock.advance(9_000);
    expect(await b.acquire()).toBe(false);
    expect([a.held(), b.held(), a.holds('a'), a.holds('b')]).toEqual([true, false, true, false]);
  });

  it('passes to another instance once the holder stops renewing for a period', async () => {
    const { clock, a, b } = pair();
    await a.acquire();
    clock.advance(9_999);
    expect(await b.acquire()).toBe(false);
    clock.advance(1);
    expect(a.held()).toBe(false);
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
  });

  it('passes at once when released', async () => {
    const { a, b } = pair();
    await a.acquire();
    await a.release();
    expect(await b.acquire()).toBe(true);
  });
});

describe('lease keeper', () => {
  it('takes the lease on start, reports leadership, and releases it on close', async () => {
    const board = new MemoryLeaseBoard();
    const metrics = new EngineMetrics({ processMetrics: false });
    const keeper = new LeaseKeeper(new MemoryLease({ periodMs: 60_000, board }), { metrics });
    const standby = new LeaseKeeper(new MemoryLease({ periodMs: 60_000, board }));
    await keeper.start();
    await standby.start();
    expect((await keeper.check()).detail).toBe('leader');
    expect((await standby.check()).detail).toBe('standby');
    expect((await metrics.alertingLeader.get()).values[0]?.value).toBe(1);
    await keeper.close();
    expect(board.holder).toBeUndefined();
    await standby.tick();
    expect((await standby.check()).detail).toBe('leader');
    await standby.close();
  });

  it('survives a lease store that throws', async () => {
    const metrics = new EngineMetrics({ processMetrics: false });
    const lease = new MemoryLease({ periodMs: 60_000 });
    lease.acquire = async () => {
      throw new Error('store down');
    };
    const keeper = new LeaseKeeper(lease, { metrics });
    await keeper.start();
    expect((await keeper.check()).detail).toBe('standby');
    expect((await metrics.loopErrors.get()).values[0]?.value).toBe(1);
    await keeper.close();
  });
});

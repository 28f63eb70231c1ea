import { describe, expect, it } from 'vitest';
import { type Evaluate, EvaluationLoop } from '../../alerting/evaluation-loop.js';
import type { EvaluationResult } from '../../alerting/evaluator.js';
import { MemoryLease } from '../../alerting/lease.js';
import { ManualClock } from '../../core/clock.js';
import { EngineMetrics } from '../../observability/metrics.js';

const result = (atMs: number): EvaluationResult => ({
  at: new Date(atMs).toISOString(),
  committed: true,
  transitions: [],
  alerts: [],
});

function setup(evaluate: Evaluate['evaluateAt'], schedule = '0 0 1 1 *') {
  const lease = new MemoryLease({ periodMs: 60_000, token: 'me' });
  const metrics = new EngineMetrics({ processMetrics: false });
  const clock = new ManualClock(1_700_000_000_000);
  const loop = new EvaluationLoop({ evaluator: { evaluateAt: evaluate }, lease, schedule, clock, metrics });
  return { lease, metrics, clock, loop };
}

describe('evaluation loop', () => {
  it('evaluates at the clock now with the lease token as fence, only while holding the lease', async () => {
    const calls: Array<[number, string | null]> = [];
    const { lease, clock, loop } = setup(async (at, fence) => {
      calls.push([at, fence]);
      return result(at);
    });
    expect(await loop.runOnce()).toBeUndefined();
    await lease.acquire();
    expect(await loop.runOnce()).toEqual(result(clock.now()));
    expect(calls).toEqual([[clock.now(), 'me']]);
  });

  it('never overlaps runs: a run requested during one joins it', async () => {
    let release = () => {};
    let calls = 0;
    const { lease, loop } = setup(async (at) => {
      calls++;
      await new Promise<void>((r) => {
        release = r;
      });
      return result(at);
    });
    await lease.acquire();
    const first = loop.runOnce();
    const second = loop.runOnce();
    await expect.poll(() => calls).toBe(1);
    release();
    expect(await first).toBe(await second);
    expect(calls).toBe(1);
  });

  it('catches, counts and survives a failing evaluation', async () => {
    const { lease, metrics, loop } = setup(async () => {
      throw new Error('store down');
    });
    await lease.acquire();
    expect(await loop.runOnce()).toBeUndefined();
    expect((await metrics.loopErrors.get()).values).toEqual([
      expect.objectContaining({ labels: { component: 'alert-evaluation' }, value: 1 }),
    ]);
  });

  it('runs on its cron schedule and stops on close', async () => {
    let calls = 0;
    const { lease, loop } = setup(async (at) => {
      calls++;
      return result(at);
    }, '* * * * * *');
    await lease.acquire();
    await loop.start();
    await expect.poll(() => calls, { timeout: 5000 }).toBeGreaterThan(0);
    await loop.close();
    const after = calls;
    await new Promise((r) => setTimeout(r, 1500));
    expect(calls).toBe(after);
  });
});

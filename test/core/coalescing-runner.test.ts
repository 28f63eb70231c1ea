import { describe, expect, it } from 'vitest';
import { CoalescingRunner } from '../../core/coalescing-runner.js';

/** A pass that ends only when told to, recording when it started. */
function gatedTask() {
  const gates: Array<() => void> = [];
  let passes = 0;
  const task = () => {
    passes += 1;
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const release = async () => {
    gates.shift()?.();
    // Let the run loop see the pass end and start the next one, if any.
    await new Promise((r) => setImmediate(r));
  };
  return { task, release, passes: () => passes };
}

describe('CoalescingRunner', () => {
  it('runs a key once when nothing else asks', async () => {
    const runner = new CoalescingRunner();
    let passes = 0;
    await runner.run('a', async () => {
      passes += 1;
    });
    expect(passes).toBe(1);
    expect(runner.running()).toEqual([]);
  });

  it('never overlaps a key: calls during a pass share its promise and coalesce into one re-run', async () => {
    const runner = new CoalescingRunner();
    const t = gatedTask();
    const first = runner.run('a', t.task);
    const second = runner.run('a', t.task);
    const third = runner.run('a', t.task);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(t.passes()).toBe(1);
    await t.release();
    expect(t.passes()).toBe(2);
    await t.release();
    await first;
    expect(t.passes()).toBe(2);
    expect(runner.running()).toEqual([]);
  });

  it('runs different keys side by side', async () => {
    const runner = new CoalescingRunner();
    const a = gatedTask();
    const b = gatedTask();
    const runA = runner.run('a', a.task);
    const runB = runner.run('b', b.task);
    expect(a.passes()).toBe(1);
    expect(b.passes()).toBe(1);
    expect(runner.running()).toHaveLength(2);
    await a.release();
    await b.release();
    await Promise.all([runA, runB]);
  });

  it('does not re-run once stopped, but lets the current pass finish', async () => {
    const runner = new CoalescingRunner();
    const t = gatedTask();
    const run = runner.run('a', t.task);
    void runner.run('a', t.task);
    runner.stop();
    await t.release();
    await run;
    expect(t.passes()).toBe(1);
  });

  it('rejects the run when a pass rejects, and a later call starts afresh', async () => {
    const runner = new CoalescingRunner();
    const failing = runner.run('a', async () => {
      throw new Error('pass failed');
    });
    await expect(failing).rejects.toThrow();
    let passes = 0;
    await runner.run('a', async () => {
      passes += 1;
    });
    expect(passes).toBe(1);
  });
});

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PeriodicTask } from '../../core/periodic-task.js';

/** A run that ends only when released. */
function gate() {
  let open: () => void = () => {};
  const closed = new Promise<void>((r) => {
    open = r;
  });
  return { closed, open: () => open() };
}

function counter() {
  const counts: Record<string, number> = {};
  const inc = (labels: { component: string }): void => {
    counts[labels.component] = (counts[labels.component] ?? 0) + 1;
  };
  return { counts, loopErrors: { inc } };
}

const silent = pino({ level: 'silent' });

describe('PeriodicTask', () => {
  it('joins the run under way instead of starting a second one beside it', async () => {
    const g = gate();
    let runs = 0;
    const task = new PeriodicTask({
      name: 't',
      schedule: { everyMs: 60_000 },
      run: async () => {
        runs += 1;
        await g.closed;
        return runs;
      },
      failure: 'failed',
    });
    const a = task.runNow();
    const b = task.runNow();
    g.open();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    expect(runs).toBe(1);
    expect(await task.runFresh()).toBe(2);
    await task.close();
  });

  it('counts and logs a failed run instead of throwing, and runs again next time', async () => {
    const metrics = counter();
    let calls = 0;
    const task = new PeriodicTask({
      name: 'flaky',
      schedule: { everyMs: 60_000 },
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return 'ok';
      },
      failure: 'flaky run failed',
      metrics: metrics as never,
      logger: silent,
    });
    expect(await task.runNow()).toBeUndefined();
    expect(metrics.counts).toEqual({ flaky: 1 });
    expect(await task.runNow()).toBe('ok');
    await task.close();
  });

  it('close waits for the run in flight', async () => {
    const g = gate();
    let finished = false;
    const task = new PeriodicTask({
      name: 't',
      schedule: { everyMs: 60_000 },
      run: async () => {
        await g.closed;
        finished = true;
      },
      failure: 'failed',
    });
    await task.start();
    void task.runNow();
    const closing = task.close();
    g.open();
    await closing;
    expect(finished).toBe(true);
    await task.close();
  });

  it('runs on an interval and on a cron schedule until closed', async () => {
    for (const schedule of [{ everyMs: 5 }, { cron: '* * * * * *' }]) {
      let ticked: () => void = () => {};
      const first = new Promise<void>((r) => {
        ticked = r;
      });
      const task = new PeriodicTask({
        name: 'ticker',
        schedule,
        run: async () => ticked(),
        failure: 'failed',
        logger: silent,
      });
      await task.start();
      await first;
      await task.close();
    }
  });
});

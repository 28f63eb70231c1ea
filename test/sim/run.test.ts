import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/faultline-error.js';
import { MemoryEmitter } from '../../sim/emitters/memory.js';
import { runSimulation } from '../../sim/run.js';
import { T0 } from './sim-support.js';

describe('runSimulation', () => {
  it('stops between steps when its signal is aborted, and still closes the emitter', async () => {
    const controller = new AbortController();
    const emitter = new MemoryEmitter();
    // An endless run at 1000x real time: only the signal stops it.
    const summary = await runSimulation(
      {
        seed: 1,
        fromMs: T0,
        load: { rate: 1 },
        speed: 1000,
        signal: controller.signal,
        onStep: (s) => {
          if (s.steps === 3) controller.abort();
        },
      },
      emitter,
    );
    expect(summary.steps).toBe(3);
    expect(summary.toMs).toBe(T0 + 30_000);
    expect(emitter.closed).toBe(true);
  });

  it('at live pace waits for each step, and an abort ends the wait', async () => {
    const controller = new AbortController();
    const emitter = new MemoryEmitter();
    const run = runSimulation({ seed: 1, fromMs: Date.now(), speed: 1, signal: controller.signal }, emitter);
    setTimeout(() => controller.abort(), 50);
    const summary = await run;
    expect(summary.steps).toBe(0);
    expect(emitter.payloads).toEqual([]);
    expect(emitter.closed).toBe(true);
  });

  it('rejects bad options with FL_SIM_INVALID before emitting anything, and closes the emitter', async () => {
    for (const bad of [
      { batch: 0 },
      { speed: -1 },
      { toMs: T0 },
      { stepMs: 0 },
      { seed: 1.5 },
      { load: { amplitude: 2 } },
    ]) {
      const emitter = new MemoryEmitter();
      const err = await runSimulation({ seed: 1, fromMs: T0, toMs: T0 + 60_000, ...bad }, emitter).catch(
        (e: unknown) => e,
      );
      expect(hasCode(err, 'FL_SIM_INVALID'), JSON.stringify(bad)).toBe(true);
      expect(emitter.payloads).toEqual([]);
      expect(emitter.closed).toBe(true);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertState } from '../../alerting/alert.js';
import { type AlertMachine, type AlertTimings, INACTIVE, stepAlert } from '../../alerting/alert-state.js';

const MIN = 60_000;

/** Runs the machine over (time, active) inputs; returns every step's state and change. */
function run(inputs: ReadonlyArray<readonly [number, boolean]>, timings: AlertTimings) {
  let m: AlertMachine = INACTIVE;
  return inputs.map(([at, active]) => {
    const prev = m;
    const step = stepAlert(m, active, at, timings);
    m = step.next;
    return { at, active, prev, next: step.next, change: step.change };
  });
}

const states = (steps: ReturnType<typeof run>): AlertState[] => steps.map((s) => s.next.state);

describe('alert state', () => {
  it('fires at once without `for`, and resolves at once without keep_firing_for', () => {
    const steps = run(
      [
        [0, false],
        [MIN, true],
        [2 * MIN, true],
        [3 * MIN, false],
      ],
      { forMs: 0, keepFiringForMs: 0 },
    );
    expect(states(steps)).toEqual(['inactive', 'firing', 'firing', 'resolved']);
    expect(steps[1]?.change).toEqual({ from: 'inactive', to: 'firing' });
    expect(steps[3]?.change).toEqual({ from: 'firing', to: 'resolved' });
    expect(steps[3]?.next).toMatchObject({ firedAtMs: MIN, resolvedAtMs: 3 * MIN, sinceMs: 3 * MIN });
  });

  it('is pending until the condition has held for `for`, then fires', () => {
    const steps = run(
      [
        [0, true],
        [MIN, true],
        [2 * MIN, true],
      ],
      { forMs: 2 * MIN, keepFiringForMs: 0 },
    );
    expect(states(steps)).toEqual(['pending', 'pending', 'firing']);
    expect(steps[2]?.next).toMatchObject({ activeSinceMs: 0, firedAtMs: 2 * MIN });
  });

  it('goes back to inactive when the condition stops while pending', () => {
    const steps = run(
      [
        [0, true],
        [MIN, false],
      ],
      { forMs: 5 * MIN, keepFiringForMs: 0 },
    );
    expect(steps[1]?.change).toEqual({ from: 'pending', to: 'inactive' });
  });

  it('keeps firing for keep_firing_for after the condition stops, counted from the first quiet evaluation', () => {
    const steps = run(
      [
        [0, true],
        [MIN, false],
        [2 * MIN, true],
        [3 * MIN, false],
        [5 * MIN, false],
        [6 * MIN, false],
      ],
      { forMs: 0, keepFiringForMs: 3 * MIN },
    );
    expect(states(steps)).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'resolved']);
    expect(steps.filter((s) => s.change)).toHaveLength(2);
  });

  it('makes a resolved alert that fires again firing, with a new transition', () => {
    const steps = run(
      [
        [0, true],
        [MIN, false],
        [2 * MIN, false],
        [3 * MIN, true],
      ],
      { forMs: 0, keepFiringForMs: 0 },
    );
    expect(steps[3]?.change).toEqual({ from: 'resolved', to: 'firing' });
    expect(steps[3]?.next).toEqual({
      state: 'firing',
      sinceMs: 3 * MIN,
      activeSinceMs: 3 * MIN,
      firedAtMs: 3 * MIN,
    });
  });
});

describe('alert state (properties)', () => {
  const timings = fc.record({
    forMs: fc.constantFrom(0, 30_000, 2 * MIN),
    keepFiringForMs: fc.constantFrom(0, 10_000, 2 * MIN, 5 * MIN),
  });
  // Evaluations at increasing times, 1 s to 3 min apart, the condition flickering at random.
  const inputs = fc
    .array(fc.tuple(fc.integer({ min: 1000, max: 3 * MIN }), fc.boolean()), { maxLength: 80 })
    .map((xs) => {
      let t = 0;
      return xs.map(([dt, active]) => {
        t += dt;
        return [t, active] as const;
      });
    });

  it('reports exactly one transition per change of state, and none otherwise', () => {
    fc.assert(
      fc.property(inputs, timings, (xs, t) => {
        for (const s of run(xs, t)) {
          if (s.prev.state === s.next.state) expect(s.change).toBeUndefined();
          else expect(s.change).toEqual({ from: s.prev.state, to: s.next.state });
        }
      }),
    );
  });

  it('never resolves within keep_firing_for of the condition last holding (no flapping notifications)', () => {
    fc.assert(
      fc.property(inputs, timings, (xs, t) => {
        const steps = run(xs, t);
        steps.forEach((s, i) => {
          if (s.change?.to !== 'resolved') return;
          // The condition was false at every evaluation of the last keep_firing_for, and at
          // the first evaluation of that quiet stretch too.
          const quiet = steps.slice(0, i + 1).filter((e) => e.at >= s.at - t.keepFiringForMs);
          expect(quiet.every((e) => !e.active)).toBe(true);
          const lastActive = steps.slice(0, i).findLast((e) => e.active);
          const firstQuiet = steps.slice(0, i + 1).find((e) => e.at > (lastActive?.at ?? -1));
          expect(s.at - (firstQuiet?.at ?? s.at)).toBeGreaterThanOrEqual(t.keepFiringForMs);
        });
      }),
    );
  });

  it('fires only after the condition has held for `for`, without a quiet evaluation in between', () => {
    fc.assert(
      fc.property(inputs, timings, (xs, t) => {
        const steps = run(xs, t);
        steps.forEach((s, i) => {
          if (s.change?.to !== 'firing') return;
          const since = s.next.activeSinceMs ?? s.at;
          expect(s.at - since).toBeGreaterThanOrEqual(t.forMs);
          expect(
            steps
              .slice(0, i + 1)
              .filter((e) => e.at >= since)
              .every((e) => e.active),
          ).toBe(true);
        });
      }),
    );
  });

  it('alternates firing and resolved notifications, starting with firing', () => {
    fc.assert(
      fc.property(inputs, timings, (xs, t) => {
        const notified = run(xs, t)
          .map((s) => s.change?.to)
          .filter((to) => to === 'firing' || to === 'resolved');
        for (const [i, to] of notified.entries()) expect(to).toBe(i % 2 === 0 ? 'firing' : 'resolved');
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { demoSloFile, demoSlos } from '../../cli/demo/demo-slos.js';
import { Kind } from '../../sim/sim-span.js';
import { simulate } from '../../sim/simulator.js';

describe('the demo SLOs', () => {
  it('come from examples/demo/slos.yaml, a spec file a user can copy', () => {
    expect(demoSloFile().endsWith('examples/demo/slos.yaml')).toBe(true);
    const slos = demoSlos();
    expect(slos.map((s) => s.origin.file)).toEqual(slos.map(() => demoSloFile()));
    expect(slos.map((s) => s.id)).toContain('carts/availability');
  });

  it("leave room for the simulator's normal error rates: twice the rate measured over six hours, or more", () => {
    // The simulator's own ratio of failed requests per service, not a figure copied from
    // its topology: callers (orders, front-end) pass on what their callees fail.
    const to = Date.UTC(2026, 0, 5, 12);
    const counts = new Map<string, { total: number; bad: number }>();
    for (const step of simulate({ seed: 7, fromMs: to - 6 * 3_600_000, toMs: to })) {
      for (const trace of step.traces) {
        for (const span of trace.spans) {
          if (span.kind !== Kind.Server) continue;
          const c = counts.get(span.service) ?? { total: 0, bad: 0 };
          c.total++;
          if (span.error) c.bad++;
          counts.set(span.service, c);
        }
      }
    }
    for (const slo of demoSlos().filter((s) => s.sli.kind === 'availability')) {
      const c = counts.get(slo.service);
      expect(c?.total, slo.id).toBeGreaterThan(1000);
      expect(1 - slo.objective, slo.id).toBeGreaterThanOrEqual((2 * (c?.bad ?? 0)) / (c?.total ?? 1));
    }
  }, 60_000);
});

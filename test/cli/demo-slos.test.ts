import { describe, expect, it } from 'vitest';
import { demoSloFile, demoSlos } from '../../cli/demo/demo-slos.js';

describe('the demo SLOs', () => {
  it('come from examples/demo/slos.yaml, a spec file a user can copy', () => {
    expect(demoSloFile().endsWith('examples/demo/slos.yaml')).toBe(true);
    const slos = demoSlos();
    expect(slos.map((s) => s.origin.file)).toEqual(slos.map(() => demoSloFile()));
    expect(slos.map((s) => s.id)).toContain('carts/availability');
  });

  it("leave room for the simulator's normal error rates: twice the base rate or more", () => {
    // sim/topologies/sockshop.ts: 0.05 % per call, 0.2 % on payment; orders and front-end pass
    // on what they call (payment, carts, ...), so they get the sum of their callees' rates
    const base: Record<string, number> = { payment: 0.002, orders: 0.0025, 'front-end': 0.004 };
    for (const slo of demoSlos().filter((s) => s.sli.kind === 'availability')) {
      expect(1 - slo.objective, slo.id).toBeGreaterThanOrEqual(2 * (base[slo.service] ?? 0.0005) - 1e-9);
    }
  });
});

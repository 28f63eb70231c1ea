import { describe, expect, it } from 'vitest';
import { demoSloFile, demoSlos } from '../../demo/demo-slos.js';

describe('the demo SLOs', () => {
  it('come from examples/demo/slos.yaml, a spec file a user can copy', () => {
    expect(demoSloFile().endsWith('examples/demo/slos.yaml')).toBe(true);
    const slos = demoSlos();
    expect(slos.map((s) => s.origin.file)).toEqual(slos.map(() => demoSloFile()));
    expect(slos.map((s) => s.id)).toContain('carts/availability');
  });

  it('leave room for the simulator normal error rates (0.2 % on payment, more on front-end)', () => {
    for (const slo of demoSlos()) expect(1 - slo.objective, slo.id).toBeGreaterThanOrEqual(0.005);
  });
});

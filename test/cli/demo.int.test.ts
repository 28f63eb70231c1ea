import { describe, expect, it } from 'vitest';
import { spawnEngine } from '../support/engine-process.js';

interface AlertsBody {
  alerts: Array<{ state: string; service: string; labels: Record<string, string> }>;
}

// The README's demo: `faultline serve --demo` on embedded defaults shows faultline catching
// the injected fault within a minute.
describe('faultline serve --demo', () => {
  it('backfills history with a fault, fires a burn-rate page for the faulty service and says which fault it injected', async () => {
    const engine = spawnEngine(['serve', '--demo'], { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' });
    try {
      const injected = await engine.waitForLog(
        (e) => String(e.msg).startsWith('demo: injected fault'),
        60_000,
      );
      expect(injected.fault).toMatch(/^error:carts:/);
      const running = await engine.waitForLog((e) => e.msg === 'faultline is running', 60_000);
      // Within a minute of the engine running (the poll's own limit).
      const api = String(running.api);
      await expect
        .poll(
          async () => {
            const body = (await (await fetch(`${api}/api/v1/alerts?state=firing`)).json()) as AlertsBody;
            return body.alerts.some((a) => a.service === 'carts' && a.labels.severity === 'page');
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toBe(true);
      const slos = (await (await fetch(`${api}/api/v1/slos`)).json()) as { slos: Array<{ id: string }> };
      // Least budget left first: a service hit by the fault leads the list.
      expect(['carts/availability', 'orders/availability', 'front-end/availability']).toContain(
        slos.slos[0]?.id,
      );
      engine.child.kill('SIGTERM');
      expect(await engine.exited).toBe(0);
    } finally {
      engine.child.kill('SIGKILL');
    }
  }, 150_000);
});

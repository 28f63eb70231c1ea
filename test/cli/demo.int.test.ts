import { describe, expect, it } from 'vitest';
import { spawnEngine } from '../support/engine-process.js';

interface AlertsBody {
  alerts: Array<{ state: string; service: string; labels: Record<string, string> }>;
}

interface IncidentsBody {
  incidents: Array<{ services: string[]; rootCause: { top?: string; candidates: Array<{ node: string }> } }>;
}

interface SlosBody {
  slos: Array<{ id: string; total: number; errorBudgetRemaining: number; sampled: boolean }>;
}

// The services the demo's carts fault reaches: carts and its callers (orders, front-end).
const FAULT_PATH = ['carts', 'orders', 'front-end'];

// The README's demo: `faultline serve --demo` on embedded defaults shows faultline catching
// the injected fault within a minute, and nothing else.
describe('faultline serve --demo', () => {
  it('backfills days of history, pages for the faulty service only, and names it as the root cause from the first incident event on', async () => {
    const engine = spawnEngine(['serve', '--demo'], {
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_PORT: '0',
      FAULTLINE_OTLP_GRPC_PORT: '0',
    });
    try {
      const injected = await engine.waitForLog(
        (e) => String(e.msg).startsWith('demo: injected fault'),
        60_000,
      );
      expect(injected.fault).toMatch(/^error:carts:/);
      expect(String(injected.msg)).toMatch(/3 days of history/);
      const running = await engine.waitForLog((e) => e.msg === 'faultline is running', 240_000);
      const api = String(running.api);
      // Within a minute of the engine running (the poll's own limit).
      await expect
        .poll(
          async () => {
            const body = (await (await fetch(`${api}/api/v1/alerts?state=firing`)).json()) as AlertsBody;
            return body.alerts.some((a) => a.service === 'carts' && a.labels.severity === 'page');
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toBe(true);

      // The first incident event, as logged when it is announced, already names carts.
      const first = await engine.waitForLog((e) => e.msg === 'incident event', 60_000);
      expect(first.kind).toBe('opened');
      expect(first.top).toBe('carts');

      // Three more evaluations (10 s apart): the history's normal errors raise nothing.
      await new Promise((r) => setTimeout(r, 30_000));
      const firing = (await (await fetch(`${api}/api/v1/alerts?state=firing`)).json()) as AlertsBody;
      for (const a of firing.alerts)
        expect(FAULT_PATH, `${a.labels.alertname} on ${a.service}`).toContain(a.service);
      const events = engine.lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((e) => e.msg === 'incident event');
      for (const e of events) expect(e.top, String(e.event)).toBe('carts');
      const incidents = (await (await fetch(`${api}/api/v1/incidents`)).json()) as IncidentsBody;
      expect(incidents.incidents.length).toBeGreaterThan(0);
      for (const i of incidents.incidents) expect(i.rootCause.candidates[0]?.node).toBe('carts');

      // Days of traffic: catalogue served over three days' worth of requests (about 186 000
      // a day), not two hours' (about 15 000), and its budget is nearly whole.
      const slos = (await (await fetch(`${api}/api/v1/slos`)).json()) as SlosBody;
      const catalogue = slos.slos.find((s) => s.id === 'catalogue/availability');
      expect(catalogue?.total).toBeGreaterThan(400_000);
      expect(catalogue?.errorBudgetRemaining).toBeGreaterThan(0.5);
      // The sampled history says so: its counts are estimates.
      expect(catalogue?.sampled).toBe(true);
      // Least budget left first: a service hit by the fault leads the list.
      expect(FAULT_PATH.map((s) => `${s}/availability`)).toContain(slos.slos[0]?.id);
      engine.child.kill('SIGTERM');
      expect(await engine.exited).toBe(0);
    } finally {
      engine.child.kill('SIGKILL');
    }
  }, 420_000);
});

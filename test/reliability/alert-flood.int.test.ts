import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availabilitySlos, Engines, type RunningEngine, writeConfig } from './support/engine.js';
import { healthProbe } from './support/health-probe.js';
import { waitFor } from './support/ports.js';

// Regression: incident grouping compared each new alert with every member of every open
// incident, in one synchronous pass. 10 000 Alertmanager webhook alerts and then 6 000 more
// froze the engine for 53 s, SIGTERM included, and one incident kept 20 000 alerts. The
// engine runs here as its own process, fed through the real webhook route on loopback.
const SHUTDOWN_TIMEOUT_MS = 5_000;
const INTERVAL_MS = 1_000;
const engines = new Engines();
let engine: RunningEngine;

beforeAll(async () => {
  const config = writeConfig(
    `http: { port: 0 }
otlp: { enabled: false }
slos: { files: [slos.yaml] }
incidents: { intervalMs: ${INTERVAL_MS} }
shutdown: { timeoutMs: ${SHUTDOWN_TIMEOUT_MS} }
log: { level: warn }
`,
    availabilitySlos('checkout'),
  );
  engine = await engines.start(config);
}, 120_000);

afterAll(() => engines.killAll());

const hex16 = (n: number) => n.toString(16).padStart(16, '0');

/**
 * Alerts `from`..`from + count - 1`, started over the last half hour: every other one on
 * `checkout` (one ever-growing incident), the rest each on a service of its own (thousands of
 * small incidents), the two shapes that made grouping quadratic.
 */
function floodAlerts(from: number, count: number, nowMs: number) {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      status: 'firing',
      labels: { alertname: 'Flood', service: i % 2 === 0 ? 'checkout' : `svc-${i}`, n: String(i) },
      annotations: {},
      startsAt: new Date(nowMs - 1_800_000 + (i % 1_800) * 1_000).toISOString(),
      fingerprint: hex16(0xf00d0000 + i),
    };
  });
}

async function postAlerts(alerts: unknown[]): Promise<void> {
  for (let i = 0; i < alerts.length; i += 1_000) {
    const res = await fetch(`${engine.api}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '4',
        groupKey: `flood-${i}`,
        status: 'firing',
        receiver: 'faultline',
        alerts: alerts.slice(i, i + 1_000),
      }),
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
}

async function openIncidents(): Promise<Array<{ alerts: unknown[]; omittedAlerts?: number }>> {
  const res = await fetch(`${engine.api}/api/v1/incidents?status=open&limit=500`, {
    signal: AbortSignal.timeout(30_000),
  });
  return ((await res.json()) as { incidents: Array<{ alerts: unknown[]; omittedAlerts?: number }> })
    .incidents;
}

describe('an alert flood through the Alertmanager webhook', () => {
  it('froze grouping for 53 s and ignored SIGTERM; now /healthz answers throughout and SIGTERM stops it in time', async () => {
    const now = Date.now();
    await postAlerts(floodAlerts(0, 10_000, now));
    await waitFor('the first 10 000 alerts grouped', async () => (await openIncidents()).length > 0, 120_000);
    const probe = healthProbe(engine.api);
    await postAlerts(floodAlerts(10_000, 6_000, now));
    // several incident updates over the flood
    await new Promise((r) => setTimeout(r, 15 * INTERVAL_MS));
    const health = await probe.stop();
    const t = Date.now();
    engine.child.kill('SIGTERM');
    const code = await engine.exited;
    const stopMs = Date.now() - t;
    console.log(
      `alert flood: /healthz ${health.probes} probes, ${health.failed} without 200 within 1 s, slowest ${health.slowestMs} ms, longest silence ${health.longestSilenceMs} ms; SIGTERM to exit ${stopMs} ms (code ${code})`,
    );
    // Liveness, not speed: a frozen loop shows as a long silence, a missed deadline as exit 1.
    expect(health.longestSilenceMs).toBeLessThan(10_000);
    expect(code).toBe(0);
    expect(stopMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 5_000);
  }, 300_000);
});

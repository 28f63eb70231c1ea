import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineProcess, spawnEngine } from '../support/engine-process.js';
import { type PrometheusProcess, startPrometheus } from '../support/prometheus.js';

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../deploy/grafana/faultline-dashboard.json', import.meta.url), 'utf8'),
) as { panels: Panel[]; templating: { list: Array<{ name: string }> } };

/** What Grafana puts in place of the dashboard's variables: every service, a one-minute rate window. */
function asGrafanaSendsIt(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$service', '.*');
}

// `faultline serve --demo` runs the simulator (history with a fault, then live traffic); a
// real Prometheus scrapes its /metrics; every query of every panel must return data.
let engine: EngineProcess;
let prometheus: PrometheusProcess;

beforeAll(async () => {
  engine = spawnEngine(['serve', '--demo'], { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' });
  const running = await engine.waitForLog((e) => e.msg === 'faultline is running', 90_000);
  prometheus = await startPrometheus([new URL(String(running.api)).host]);
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  if (engine) {
    engine.child.kill('SIGTERM');
    await Promise.race([engine.exited, new Promise((r) => setTimeout(r, 15_000))]);
    engine.child.kill('SIGKILL');
  }
});

describe('the Grafana dashboard in deploy/', () => {
  it('has panels for the SLOs and the service graph, each with a Prometheus query, and a service variable', () => {
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'service']);
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.some((e) => e.includes('sloth_slo_info'))).toBe(true);
    expect(exprs.some((e) => e.includes('traces_service_graph_request_server_seconds_bucket'))).toBe(true);
    for (const p of dashboard.panels) expect(p.targets.length, p.title).toBeGreaterThan(0);
  });

  it('returns data for every panel query when Prometheus scrapes a running demo', async () => {
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        const expr = asGrafanaSendsIt(target.expr);
        await expect(prometheus.waitFor(expr, 60_000), `${panel.title}: ${expr}`).resolves.toBeUndefined();
      }
    }
    // The variable's own query lists the demo's services.
    const services = await prometheus.query('group by (sloth_service) (sloth_slo_info)');
    expect(services.map((s) => s.metric.sloth_service)).toContain('carts');
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { REDIS_URL, uniqueName } from '../support/services.js';
import { type ServiceProcess, startService } from './otel/services.js';

// Real OpenTelemetry JS SDKs, one per service process (HttpInstrumentation, and
// IORedisInstrumentation in checkout), export with the real OTLPTraceExporter to the whole
// engine's OTLP/HTTP receiver. The user calls frontend -> checkout -> payment, and checkout
// uses the real Redis; the topology API must show exactly those edges.
let running: RunningParts;
let api: string;
const services: ServiceProcess[] = [];

interface ApiEdge {
  source: string;
  target: string;
  connectionType: string;
  calls: number;
  failedCalls: number;
  clientLatencyMeanMs: number | null;
  serverLatencyMeanMs: number | null;
}

beforeAll(async () => {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' } });
  config.topology.flushIntervalMs = 100;
  running = createEngine(config, { logger: silentLogger() });
  await running.engine.start();
  api = `http://127.0.0.1:${running.api.address().port}`;
  const OTLP_URL = `http://127.0.0.1:${running.otlp!.address().port}/v1/traces`;
  const payment = await startService('payment', { OTLP_URL });
  services.push(payment);
  const checkout = await startService('checkout', {
    OTLP_URL,
    DOWNSTREAM: payment.url,
    REDIS_URL,
    REDIS_KEY: uniqueName('test:otel-topology'),
  });
  services.push(checkout);
  services.push(await startService('frontend', { OTLP_URL, DOWNSTREAM: checkout.url }));
}, 120_000);

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await running?.engine.close();
});

async function edges(): Promise<ApiEdge[]> {
  const res = await fetch(`${api}/api/v1/topology`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { edges: ApiEdge[] }).edges;
}

describe('topology from the real OpenTelemetry JS SDK', () => {
  it('shows exactly user -> frontend -> checkout -> payment and checkout -> its Redis', async () => {
    const frontend = services.find((s) => s.name === 'frontend')!;
    for (let i = 0; i < 3; i++) expect((await fetch(frontend.url)).status).toBe(200);

    // Three requests: three calls per HTTP edge, two Redis commands per checkout request.
    const expected = [
      'checkout->127.0.0.1 database 6',
      'checkout->payment direct 3',
      'frontend->checkout direct 3',
      'user (external)->frontend virtual 3',
    ];
    const summary = async () =>
      (await edges()).map((e) => `${e.source}->${e.target} ${e.connectionType} ${e.calls}`).sort();
    await expect.poll(summary, { timeout: 20_000, interval: 200 }).toEqual(expected);

    const byEdge = Object.fromEntries((await edges()).map((e) => [`${e.source}->${e.target}`, e]));
    for (const e of Object.values(byEdge)) expect(e.failedCalls).toBe(0);
    expect(byEdge['frontend->checkout']?.clientLatencyMeanMs).toBeGreaterThan(0);
    expect(byEdge['frontend->checkout']?.serverLatencyMeanMs).toBeGreaterThan(0);
    expect(byEdge['user (external)->frontend']?.clientLatencyMeanMs).toBeNull();
    expect(byEdge['checkout->127.0.0.1']?.serverLatencyMeanMs).toBeNull();

    const nodes = ((await (await fetch(`${api}/api/v1/topology`)).json()) as { nodes: unknown[] }).nodes;
    expect(nodes).toEqual([
      { id: '127.0.0.1', kind: 'database' },
      { id: 'checkout', kind: 'service' },
      { id: 'frontend', kind: 'service' },
      { id: 'payment', kind: 'service' },
      { id: 'user (external)', kind: 'user' },
    ]);
    // Nothing was left unpaired: every span found its other side.
    const metrics = await (await fetch(`${api}/metrics`)).text();
    expect(metrics).not.toMatch(/faultline_topology_unpaired_spans_total\{reason="[a-z_]+"\} [1-9]/);
  });
});

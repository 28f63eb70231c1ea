import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import type { SpanRecord } from '../../ingest/records.js';
import { silentLogger } from '../../observability/logger.js';
import { SERVICE_GRAPH_BUCKETS } from '../../observability/service-graph-metrics.js';
import { USER_NODE } from '../../topology/model.js';
import { type PrometheusProcess, startPrometheus } from '../support/prometheus.js';
import { span } from '../support/records.js';

// The whole engine takes spans making user -> frontend -> checkout, checkout -> its
// Postgres and checkout -> an uninstrumented "fraud" peer; a real Prometheus scrapes
// /metrics, and what it stores must equal the API's graph, edge by edge.
let running: RunningParts;
let api: string;
let prometheus: PrometheusProcess;

interface ApiEdge {
  source: string;
  target: string;
  connectionType: string;
  calls: number;
  failedCalls: number;
  serverLatencyMeanMs: number | null;
}

const CONNECTION_TYPE: Record<string, string> = {
  direct: '',
  virtual: 'virtual_node',
  database: 'database',
  messaging: 'messaging_system',
};

/** One request: frontend serves the user and calls checkout, which calls its database and fraud. */
function request(i: number, nowMs: number): SpanRecord[] {
  const root = span('frontend', nowMs, { name: 'GET /', startNs: BigInt(nowMs - 40) * 1_000_000n });
  const trace = { traceId: root.traceId };
  const out = span('frontend', nowMs - 2, {
    ...trace,
    parentSpanId: root.spanId,
    kind: 'client',
    name: 'POST /checkout',
    startNs: BigInt(nowMs - 30) * 1_000_000n,
  });
  const failing = i % 4 === 0;
  const served = span('checkout', nowMs - 3, {
    ...trace,
    parentSpanId: out.spanId,
    name: 'POST /checkout',
    startNs: BigInt(nowMs - 3) * 1_000_000n - BigInt(5 + i) * 1_000_000n,
    ...(failing ? { status: 'error', httpStatus: 500 } : {}),
  });
  const db = span('checkout', nowMs - 4, {
    ...trace,
    parentSpanId: served.spanId,
    kind: 'client',
    name: 'SELECT orders',
    dbSystem: 'postgresql',
    dbNamespace: 'orders',
  });
  const fraud = span('checkout', nowMs - 5, {
    ...trace,
    parentSpanId: served.spanId,
    kind: 'client',
    name: 'POST /score',
    peerService: 'fraud',
  });
  return [root, out, served, db, fraud];
}

beforeAll(async () => {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' } });
  config.topology.flushIntervalMs = 100;
  config.topology.waitMs = 500;
  config.alerting.enabled = false;
  running = createEngine(config, { logger: silentLogger() });
  await running.engine.start();
  api = `http://127.0.0.1:${running.api.address().port}`;
  prometheus = await startPrometheus([`127.0.0.1:${running.api.address().port}`]);
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await running?.engine.close();
});

async function apiEdges(): Promise<ApiEdge[]> {
  return ((await (await fetch(`${api}/api/v1/topology`)).json()) as { edges: ApiEdge[] }).edges;
}

describe('service-graph metrics scraped by a real Prometheus', () => {
  it('carry the connector names, labels and buckets, and equal the API graph edge by edge', async () => {
    const now = Date.now();
    const spans = Array.from({ length: 20 }, (_, i) => request(i, now - i * 10)).flat();
    await running.sink.write({ spans, metrics: [] }, { source: 'otlp-http' });

    // Four edges, the fraud one once its server side has been waited for in vain.
    const deadline = Date.now() + 30_000;
    let edges: ApiEdge[] = [];
    while (Date.now() < deadline) {
      edges = await apiEdges();
      if (edges.length === 4 && edges.every((e) => e.calls === 20)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(edges.map((e) => `${e.source}->${e.target}:${e.connectionType}`).sort()).toEqual([
      'checkout->fraud:virtual',
      'checkout->orders:database',
      'frontend->checkout:direct',
      `${USER_NODE}->frontend:virtual`,
    ]);

    const want = edges.map((e) => ({
      client: e.source === USER_NODE ? 'user' : e.source,
      server: e.target,
      connection_type: CONNECTION_TYPE[e.connectionType],
      calls: e.calls,
      failed: e.failedCalls,
    }));
    const total = 'traces_service_graph_request_total';
    const expectedSum = want.reduce((a, e) => a + e.calls, 0);
    await prometheus.waitFor(`sum(${total}) == ${expectedSum}`);

    const byEdge = async (promql: string) =>
      new Map(
        (await prometheus.query(promql)).map((r) => [
          `${r.metric.client}|${r.metric.server}|${r.metric.connection_type ?? ''}`,
          Number(r.value[1]),
        ]),
      );
    const calls = await byEdge(`sum by (client, server, connection_type) (${total})`);
    const failed = await byEdge(
      'sum by (client, server, connection_type) (traces_service_graph_request_failed_total)',
    );
    for (const e of want) {
      const key = `${e.client}|${e.server}|${e.connection_type}`;
      expect(calls.get(key), key).toBe(e.calls);
      expect(failed.get(key) ?? 0, key).toBe(e.failed);
    }
    expect(calls.size).toBe(want.length);
    expect(want.find((e) => e.server === 'checkout')?.failed).toBe(5);

    // The connector's buckets, and server-side latency that matches the API's mean.
    const les = (
      await prometheus.query('traces_service_graph_request_server_seconds_bucket{server="checkout"}')
    )
      .map((r) => r.metric.le)
      .sort();
    expect(les).toEqual([...SERVICE_GRAPH_BUCKETS.map(String), '+Inf'].sort());
    const [mean] = await prometheus.query(
      'traces_service_graph_request_server_seconds_sum{server="checkout"} / traces_service_graph_request_server_seconds_count{server="checkout"}',
    );
    const apiMean = edges.find((e) => e.target === 'checkout')?.serverLatencyMeanMs ?? 0;
    expect(Number(mean?.value[1]) * 1000).toBeCloseTo(apiMean, 1);
    expect(
      (await prometheus.query('traces_service_graph_request_client_seconds_count{server="checkout"}')).length,
    ).toBe(1);
  }, 90_000);
});

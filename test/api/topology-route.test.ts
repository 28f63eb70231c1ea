import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../api/error-handler.js';
import { topologyRoutes } from '../../api/routes/topology.js';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import { createApp } from '../../core/http/create-app.js';
import { createEngine } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { MemoryGraphStore } from '../../topology/memory-graph-store.js';
import { USER_NODE } from '../../topology/model.js';
import { TopologyReader } from '../../topology/topology-reader.js';
import { update } from '../topology/fixtures.js';

const MIN = 60_000;
const NOW = Date.parse('2025-03-01T12:00:00Z');
const clock = new ManualClock(NOW);
let app: FastifyInstance;

beforeAll(async () => {
  const store = new MemoryGraphStore({ sliceMs: MIN, retentionMs: 24 * 60 * MIN });
  await store.write([
    // Two hours ago only: gone from the current graph (edge TTL 1 h), there at=-2h.
    update('frontend', 'legacy', NOW - 120 * MIN, { lastSeenMs: NOW - 120 * MIN + 5 }),
    update(USER_NODE, 'frontend', NOW - 10 * MIN, {
      connectionType: 'virtual',
      sourceKind: 'user',
      clientCalls: 0,
      clientLatencySumUs: 0,
    }),
    update('frontend', 'checkout', NOW - 10 * MIN, { calls: 10, failedCalls: 2 }),
    update('checkout', 'payment', NOW - 5 * MIN),
    update('checkout', '10.0.0.7', NOW - 5 * MIN, { connectionType: 'database', targetKind: 'database' }),
    update('payment', 'api "stripe"', NOW - 5 * MIN, { connectionType: 'virtual', targetKind: 'virtual' }),
  ]);
  app = createApp(silentLogger(), 'api', 1024 * 1024);
  registerErrorHandler(app);
  await app.register(topologyRoutes, { reader: new TopologyReader(store, 60 * MIN), clock });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const get = (query: string) => app.inject({ method: 'GET', url: `/api/v1/topology${query}` });
const edgesOf = (body: { edges: Array<{ source: string; target: string }> }) =>
  body.edges.map((e) => `${e.source}->${e.target}`);

describe('GET /api/v1/topology', () => {
  it('answers the graph of the last edge TTL', async () => {
    const res = await get('');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(edgesOf(body)).toEqual([
      'checkout->10.0.0.7',
      'checkout->payment',
      'frontend->checkout',
      'payment->api "stripe"',
      'user (external)->frontend',
    ]);
    expect(body.nodes).toContainEqual({ id: '10.0.0.7', kind: 'database' });
    expect(body.nodes).toContainEqual({ id: USER_NODE, kind: 'user' });
    expect(body.edges[2]).toEqual({
      source: 'frontend',
      target: 'checkout',
      connectionType: 'direct',
      calls: 10,
      failedCalls: 2,
      errorRate: 0.2,
      clientLatencyMeanMs: 10,
      serverLatencyMeanMs: 8,
      lastSeen: NOW - 10 * MIN + 1,
    });
  });

  it('answers a past graph with at= (RFC 3339 or unix seconds)', async () => {
    for (const at of ['2025-03-01T10:30:00Z', String((NOW - 90 * MIN) / 1000)]) {
      const res = await get(`?at=${encodeURIComponent(at)}`);
      expect(res.statusCode).toBe(200);
      expect(edgesOf(res.json())).toEqual(['frontend->legacy']);
    }
  });

  it('narrows to a neighbourhood with service= and depth=', async () => {
    expect(edgesOf((await get('?service=payment')).json())).toEqual([
      'checkout->payment',
      'payment->api "stripe"',
    ]);
    expect(edgesOf((await get('?service=payment&depth=0')).json())).toEqual([]);
    expect(edgesOf((await get('?service=payment&depth=2')).json())).toEqual([
      'checkout->10.0.0.7',
      'checkout->payment',
      'frontend->checkout',
      'payment->api "stripe"',
    ]);
  });

  it('answers Graphviz DOT with format=dot', async () => {
    const res = await get('?format=dot&service=payment');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/vnd.graphviz; charset=utf-8');
    expect(res.body).toContain('"payment" -> "api \\"stripe\\""');
  });

  it('answers 404 FL_API_NOT_FOUND for a service not in the graph', async () => {
    const res = await get('?service=legacy');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('FL_API_NOT_FOUND');
  });

  it.each([
    ['?depth=-1'],
    ['?depth=1.5'],
    ['?depth=x'],
    ['?depth=21'],
    ['?format=svg'],
    ['?at=yesterday'],
    [`?at=${(NOW - 25 * 60 * MIN) / 1000}`],
  ])('answers 400 FL_API_BAD_REQUEST for %s', async (query) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('FL_API_BAD_REQUEST');
  });
});

describe('GET /api/v1/topology with topology.enabled false', () => {
  it('answers 404 and wires no topology', async () => {
    const config = loadConfig({
      env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_ENABLED: 'false', FAULTLINE_TOPOLOGY_ENABLED: 'false' },
    });
    const running = createEngine(config, { logger: silentLogger(), slos: [] });
    await running.engine.start();
    try {
      expect(running.topology).toBeUndefined();
      const res = await fetch(`http://127.0.0.1:${running.api.address().port}/api/v1/topology`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FL_API_NOT_FOUND');
    } finally {
      await running.engine.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../api/error-handler.js';
import { rootCauseRoutes } from '../../api/routes/rootcause.js';
import { ManualClock } from '../../core/clock.js';
import { createApp } from '../../core/http/create-app.js';
import { LiveRootCause } from '../../correlate/live/live-root-cause.js';
import { silentLogger } from '../../observability/logger.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';
import type { EdgeSnapshot } from '../../topology/model.js';
import { buildServiceGraph } from '../../topology/service-graph.js';
import { bucket, edge, STEP, storeWith, svc } from '../correlate/live/series-fixtures.js';

// GET /api/v1/rootcause over memory series: a checkout -> payment -> payment-db graph where
// payment-db starts failing at T; every point is deterministic.
const T = Date.UTC(2025, 0, 10, 12, 0, 0);
const MIN = 60_000;
const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }
  - { service: checkout, name: latency, objective: 99, period: 30d, sli: { latency: { threshold: 300ms } } }
`,
  'inline.yaml',
);
const snap = (source: string, target: string): EdgeSnapshot => ({
  source,
  target,
  connectionType: 'direct',
  sourceKind: 'service',
  targetKind: target.endsWith('-db') ? 'database' : 'service',
  calls: 1,
  failedCalls: 0,
  clientLatencySumUs: 0,
  clientCalls: 0,
  serverLatencySumUs: 0,
  serverCalls: 0,
  lastSeenMs: T,
});
const graph = buildServiceGraph([snap('checkout', 'payment'), snap('payment', 'payment-db')]);
const clock = new ManualClock(T + 15 * MIN);
const app = createApp(silentLogger(), 'api', 1024);

beforeAll(async () => {
  const buckets = [];
  for (let t = T - 40 * MIN; t < T + 12 * MIN; t += STEP) {
    const wave = Math.sin(t / 7e4); // deterministic noise
    const broken = t >= T;
    const dbErrors = broken ? 8 : wave > 0.95 ? 1 : 0;
    buckets.push(
      bucket(svc('checkout'), t, { requests: 20, errors: broken ? 8 : 0, latencyMs: 30 + 2 * wave }),
      bucket(svc('payment'), t, { requests: 10, errors: broken ? 8 : 0, latencyMs: 20 + wave }),
      bucket(edge('checkout', 'payment'), t, { requests: 10, errors: broken ? 8 : 0, latencyMs: 21 + wave }),
      bucket(edge('payment', 'payment-db'), t, { requests: 10, errors: dbErrors, latencyMs: 3 + 0.2 * wave }),
    );
  }
  const series = await storeWith(buckets);
  const live = new LiveRootCause({ series, topology: { graphAt: async () => graph } });
  registerErrorHandler(app);
  await app.register(rootCauseRoutes, {
    live,
    slos,
    series,
    topology: { graphAt: async () => graph },
    clock,
    defaultLookbackMs: 30 * MIN,
  });
  await app.ready();
});
afterAll(() => app.close());

const get = (query: string) => app.inject({ method: 'GET', url: `/api/v1/rootcause?${query}` });

describe('GET /api/v1/rootcause', () => {
  it('answers the ranked candidates with their evidence and points', async () => {
    const res = await get(`service=checkout&slo=availability&at=${new Date(T + MIN).toISOString()}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      service: 'checkout',
      slo: 'checkout/availability',
      signal: 'error_rate',
      at: new Date(T + MIN).toISOString(),
      lookback: 30 * MIN,
      usedTopology: true,
      unscored: [],
    });
    // The database is the root cause; its callers, cleared by it, follow in either order.
    const nodes = body.candidates.map((c: { node: string }) => c.node);
    expect(nodes[0]).toBe('payment-db');
    expect(nodes.slice(1).sort()).toEqual(['checkout', 'payment']);
    const [top] = body.candidates;
    expect(top).toMatchObject({ rank: 1, explainedBy: null, path: ['checkout', 'payment', 'payment-db'] });
    expect(top.signals[0]).toMatchObject({ signal: 'inbound_error_rate' });
    expect(Object.keys(top.signals[0]).sort()).toEqual([
      'anomaly',
      'correlation',
      'score',
      'series',
      'signal',
    ]);
    const points = top.signals[0].series as Array<{ t: number; v: number }>;
    expect(points[0]?.t).toBe(T + MIN - 30 * MIN);
    expect(points.at(-1)?.t).toBe(T + 11 * MIN - STEP);
  });

  it('takes the SLO by id, its SLI by kind, and a lookback and limit', async () => {
    const res = await get(
      `service=checkout&slo=checkout/latency&at=${(T + MIN) / 1000}&lookback=20m&limit=1`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ slo: 'checkout/latency', signal: 'latency_p99', lookback: 20 * MIN });
    expect(res.json().candidates).toHaveLength(1);
  });

  it('answers 400 to bad parameters', async () => {
    for (const q of [
      '',
      'service=',
      'service=checkout&at=yesterday',
      'service=checkout&lookback=2m',
      'service=checkout&lookback=3w',
      'service=checkout&lookback=30',
      'service=checkout&limit=0',
      'service=checkout&signal=a%20b',
      `service=checkout&at=${new Date(T + 60 * MIN).toISOString()}`,
    ]) {
      const res = await get(q);
      expect([q, res.statusCode, res.json().error.code]).toEqual([q, 400, 'FL_API_BAD_REQUEST']);
    }
  });

  it('answers 404 for an unknown service or SLO', async () => {
    expect((await get('service=nope')).statusCode).toBe(404);
    expect((await get('service=checkout&slo=nope')).json().error.code).toBe('FL_API_NOT_FOUND');
    // Known through the topology or its series alone is enough.
    expect((await get(`service=payment-db&at=${(T + MIN) / 1000}`)).statusCode).toBe(200);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../api/server.js';
import { ManualClock } from '../../core/clock.js';
import type { LiveRootCause } from '../../correlate/live/live-root-cause.js';
import { silentLogger } from '../../observability/logger.js';
import { EngineMetrics } from '../../observability/metrics.js';
import { MemorySeriesStore } from '../../pipeline/series/memory-series-store.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import { SloStatusReader } from '../../pipeline/status/slo-status-reader.js';
import { MemoryWindowStore } from '../../pipeline/window/memory-window-store.js';

// Regression: 100 parallel root-cause queries all ran at once on the event loop and froze
// the engine, /healthz included, for 18 s. The ranking here is a stand-in (domain logic) that
// holds every query until the test lets go, so what is measured is only who gets to run.
const slo: Slo = {
  id: 'checkout/availability',
  service: 'checkout',
  name: 'availability',
  objective: 0.999,
  periodMinutes: 30 * 1440,
  sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
  labels: {},
  origin: { file: 't', format: 'native' },
};
let release: () => void = () => {};
const held = new Promise<void>((resolve) => {
  release = resolve;
});
let started = 0;
const live = {
  options: { afterMs: 600_000 },
  rank: async () => {
    started++;
    await held;
    return {
      ranking: {
        window: { from: 0, to: 1 },
        candidates: [],
        usedTopology: false,
        sliAvailable: true,
        unscored: [],
      },
      series: new Map(),
      range: { from: 0, to: 1 },
    };
  },
} as unknown as LiveRootCause;

const app = buildApi({
  logger: silentLogger(),
  metrics: new EngineMetrics({ processMetrics: false }),
  clock: new ManualClock(Date.parse('2025-03-01T10:00:00Z')),
  status: new SloStatusReader([slo], new MemoryWindowStore(), [5]),
  series: new MemorySeriesStore(),
  readiness: async () => [],
  rootCause: { live, defaultLookbackMs: 1_800_000 },
});
afterAll(async () => app.close());

describe('root-cause query limits', () => {
  it('100 parallel queries all ran at once; now 2 run, 8 wait, the rest get 503 with Retry-After', async () => {
    const answers = Array.from({ length: 100 }, () =>
      app.inject({ url: '/api/v1/rootcause?service=checkout&lookback=24h' }),
    );
    // /healthz answers while the queries are held
    await new Promise((r) => setTimeout(r, 50));
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect(started).toBe(2);
    release();
    const done = await Promise.all(answers);
    const busy = done.filter((r) => r.statusCode === 503);
    expect(done.filter((r) => r.statusCode === 200)).toHaveLength(10);
    expect(busy).toHaveLength(90);
    expect(busy[0]?.headers['retry-after']).toBe('2');
    expect(busy[0]?.json().error.code).toBe('FL_API_BUSY');
    expect(started).toBe(10);
  });

  it('limit x lookback is capped: 100 candidates over 24h is refused, 100 over 2h is not', async () => {
    const tooMuch = await app.inject({ url: '/api/v1/rootcause?service=checkout&lookback=24h&limit=100' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.code).toBe('FL_API_BAD_REQUEST');
    const fine = await app.inject({ url: '/api/v1/rootcause?service=checkout&lookback=2h&limit=100' });
    expect(fine.statusCode).toBe(200);
  });
});

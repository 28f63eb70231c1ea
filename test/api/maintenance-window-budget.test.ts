import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';

// The engine wires maintenance windows (silences with excludeFromBudget, created through the
// API) into the SLO status and the burn-down the API serves.
const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99, period: 1d, sli: { availability: {} } }
`,
  'inline.yaml',
);

const T = Date.UTC(2026, 0, 10, 12);
const NOW = Math.floor(T / 60_000); // the silence starts at T, the start of this minute
const LATER = new Date((NOW + 30) * 60_000).toISOString();
let running: RunningParts;
let api: string;

beforeAll(async () => {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' } });
  running = createEngine(config, { logger: silentLogger(), slos, clock: new ManualClock(T) });
  await running.engine.start();
  api = `http://127.0.0.1:${running.api.address().port}`;
  // 40 bad events before the window, 500 during it (minutes NOW+2 and NOW+5), none after.
  await running.store.apply([
    {
      sloId: 'checkout/availability',
      retentionMinutes: 2 * 1440,
      counts: [
        { minute: NOW - 60, good: 960, total: 1000 },
        { minute: NOW + 2, good: 700, total: 1000 },
        { minute: NOW + 5, good: 800, total: 1000 },
        { minute: NOW + 20, good: 1000, total: 1000 },
      ],
    },
  ]);
  const res = await fetch(`${api}/api/v1/silences`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      matchers: ['service="checkout"'],
      endsAt: new Date((NOW + 10) * 60_000).toISOString(),
      createdBy: 'ops',
      comment: 'planned failover',
      excludeFromBudget: true,
    }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await running?.engine.close();
});

const get = async (path: string) => (await fetch(`${api}${path}`)).json() as Promise<Record<string, unknown>>;

describe('maintenance windows in the SLO API', () => {
  it('GET /api/v1/slos/:name leaves the window out of the budget and reports it', async () => {
    const status = await get(`/api/v1/slos/checkout%2Favailability?at=${LATER}`);
    // 2000 events left, 40 bad, 20 allowed.
    expect(status).toMatchObject({ good: 1960, total: 2000 });
    expect(status.errorBudgetRemaining).toBeCloseTo(-1, 9);
    expect(status.maintenance).toMatchObject({ minutes: 10, good: 1500, total: 2000 });
  });

  it('GET /api/v1/slos/:name/budget ends at the same figure and reports the window', async () => {
    const down = (await get(`/api/v1/slos/checkout%2Favailability/budget?at=${LATER}&points=3`)) as {
      points: Array<{ good: number; total: number; remaining: number }>;
      maintenance?: unknown;
    };
    expect(down.points.at(-1)).toMatchObject({ good: 1960, total: 2000 });
    expect(down.points.at(-1)?.remaining).toBeCloseTo(-1, 9);
    expect(down.maintenance).toMatchObject({ minutes: 10, total: 2000 });
  });
});

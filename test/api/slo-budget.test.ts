import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { endMinuteAt, ManualClock } from '../../core/clock.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';

// The dashboard's additions to the SLO API: the error-budget burn-down of the period and
// the burn-rate thresholds of each SLO's alert tiers.
const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99, period: 30d, sli: { availability: {} } }
  - { service: batch, name: budget, objective: 99, period: 28d, sli: { availability: {} } }
`,
  'inline.yaml',
);

const T = Date.UTC(2025, 0, 31);
const END = endMinuteAt(T);
const START = END - 30 * 1440;

interface BurnDown {
  id: string;
  from: string;
  to: string;
  points: Array<{ at: string; good: number; total: number; remaining: number }>;
}

async function engine(env: Record<string, string> = {}): Promise<{ running: RunningParts; api: string }> {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0', ...env } });
  const running = createEngine(config, { logger: silentLogger(), slos, clock: new ManualClock(T) });
  await running.engine.start();
  return { running, api: `http://127.0.0.1:${running.api.address().port}` };
}

let on: { running: RunningParts; api: string };
let off: { running: RunningParts; api: string };

beforeAll(async () => {
  on = await engine();
  off = await engine({ FAULTLINE_ALERTING_ENABLED: 'false' });
  // 10 bad early in the period, 20 bad two thirds in, 6 bad in its last minute: 36 bad of 3000.
  await on.running.store.apply([
    {
      sloId: 'checkout/availability',
      retentionMinutes: 30 * 1440 + 10,
      counts: [
        { minute: START + 100, good: 990, total: 1000 },
        { minute: START + 30_000, good: 980, total: 1000 },
        { minute: END - 1, good: 994, total: 1000 },
      ],
    },
  ]);
});
afterAll(async () => {
  await on?.running.engine.close();
  await off?.running.engine.close();
});

const get = async <T>(url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
};

describe('SLO error-budget burn-down API', () => {
  it('answers the budget left at evenly spread instants of the period, ending at the status figure', async () => {
    const { status, body } = await get<BurnDown>(
      `${on.api}/api/v1/slos/checkout%2Favailability/budget?points=5`,
    );
    expect(status).toBe(200);
    expect(body.id).toBe('checkout/availability');
    expect(body.from).toBe(new Date(START * 60_000).toISOString());
    expect(body.to).toBe(new Date(END * 60_000).toISOString());
    // Instants more than 3 days back sit on the hour at or after them (START is 00:01):
    // the stores count the period, and keep counts, no finer there.
    expect(body.points.map((p) => p.at)).toEqual(
      [59, 10_800 + 59, 21_600 + 59, 32_400 + 59, 43_200].map((m) =>
        new Date((START + m) * 60_000).toISOString(),
      ),
    );
    // The period allows 1 % of its 3000 events to be bad: 30.
    expect(body.points.map((p) => p.total)).toEqual([0, 1000, 1000, 2000, 3000]);
    const remaining = body.points.map((p) => p.remaining);
    for (const [i, want] of [1, 2 / 3, 2 / 3, 0, -0.2].entries()) expect(remaining[i]).toBeCloseTo(want, 9);

    const one = await get<{ errorBudgetRemaining: number }>(`${on.api}/api/v1/slos/checkout/availability`);
    expect(one.body.errorBudgetRemaining).toBeCloseTo(remaining.at(-1)!, 12);
  });

  it('takes the id by service and name, 60 points by default, and at= for a past period', async () => {
    const byPath = await get<BurnDown>(`${on.api}/api/v1/slos/checkout/availability/budget`);
    expect(byPath.status).toBe(200);
    expect(byPath.body.points).toHaveLength(60);
    const past = await get<BurnDown>(
      `${on.api}/api/v1/slos/availability/budget?points=2&at=${(START + 200) * 60}`,
    );
    expect(past.body.points.map((p) => p.total)).toEqual([0, 1000]);
  });

  it('rejects a bad points= and answers 404 for an unknown SLO', async () => {
    for (const points of ['1', '1001', 'x', '2.5']) {
      const res = await get<{ error: { code: string } }>(
        `${on.api}/api/v1/slos/checkout%2Favailability/budget?points=${points}`,
      );
      expect(res.status, points).toBe(400);
      expect(res.body.error.code).toBe('FL_API_BAD_REQUEST');
    }
    const missing = await get<{ error: { code: string } }>(`${on.api}/api/v1/slos/nope/budget`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('FL_API_NOT_FOUND');
  });

  it('still answers the status of an SLO named budget at /api/v1/slos/<service>/budget', async () => {
    const res = await get<{ id: string; points?: unknown }>(`${on.api}/api/v1/slos/batch/budget`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe('batch/budget');
    expect(res.body.points).toBeUndefined();
  });
});

describe('burn-rate tiers in the SLO status', () => {
  it("lists each SLO's tiers with the thresholds resolved for its period", async () => {
    const { body } = await get<{
      slos: Array<{ id: string; burnRateTiers?: Array<Record<string, unknown>> }>;
    }>(`${on.api}/api/v1/slos`);
    const tiers = (id: string) => body.slos.find((s) => s.id === id)?.burnRateTiers;
    expect(tiers('checkout/availability')).toEqual([
      { severity: 'page', longWindow: '1h', shortWindow: '5m', factor: 14.4, minEvents: 10 },
      { severity: 'page', longWindow: '6h', shortWindow: '30m', factor: 6, minEvents: 10 },
      { severity: 'ticket', longWindow: '1d', shortWindow: '2h', factor: 3, minEvents: 10 },
      { severity: 'ticket', longWindow: '3d', shortWindow: '6h', factor: 1, minEvents: 10 },
    ]);
    // 28 days: the windows scale by 28/30, the factors stay.
    expect(tiers('batch/budget')?.map((t) => [t.longWindow, t.shortWindow, t.factor])).toEqual([
      ['56m', '5m', 14.4],
      ['336m', '28m', 6],
      ['1344m', '112m', 3],
      ['4032m', '336m', 1],
    ]);
    const one = await get<{ burnRateTiers?: unknown[] }>(`${on.api}/api/v1/slos/checkout/availability`);
    expect(one.body.burnRateTiers).toHaveLength(4);
  });

  it('leaves them out when alerting is off', async () => {
    const { body } = await get<{ slos: Array<{ burnRateTiers?: unknown }> }>(`${off.api}/api/v1/slos`);
    expect(body.slos.length).toBe(2);
    for (const s of body.slos) expect(s.burnRateTiers).toBeUndefined();
  });
});

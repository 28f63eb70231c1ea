import { describe, expect, it } from 'vitest';
import { MaintenanceWindows } from '../../../alerting/silences/maintenance-windows.js';
import { MemorySilenceStore } from '../../../alerting/silences/memory-silence-store.js';
import { Silences } from '../../../alerting/silences/silences.js';
import { ManualClock } from '../../../core/clock.js';
import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import { SloStatusReader } from '../../../pipeline/status/slo-status-reader.js';
import { MemoryWindowStore } from '../../../pipeline/window/memory-window-store.js';

// A maintenance window (a silence with excludeFromBudget) leaves the events of the minutes
// it covers out of the error budget of the SLOs it matches, in the status and the burn-down.
const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99, period: 1d, labels: { team: payments }, sli: { availability: {} } }
  - { service: search, name: availability, objective: 99, period: 1d, sli: { availability: {} } }
`,
  'inline.yaml',
);
const [checkout, search] = slos as [(typeof slos)[0], (typeof slos)[0]];

const MIN = 60_000;
const START = Math.floor(Date.UTC(2026, 0, 10) / MIN); // the period's first minute
const END = START + 1440;

async function setUp(matchers: string[], excludeFromBudget = true) {
  const store = new MemoryWindowStore();
  const bad = (minute: number, n: number) => ({ minute, good: 1000 - n, total: 1000 });
  for (const slo of slos) {
    await store.apply([
      {
        sloId: slo.id,
        retentionMinutes: 2 * 1440,
        // 10 bad early, 50 bad during the maintenance (minutes 600-659), 5 bad late.
        counts: [bad(START + 100, 10), bad(START + 610, 30), bad(START + 650, 20), bad(START + 1000, 5)],
      },
    ]);
  }
  // A silence cannot start in the past: create it when the maintenance begins.
  const clock = new ManualClock((START + 600) * MIN);
  const silences = new Silences({ store: new MemorySilenceStore(), clock, retentionMs: 2 * 86_400_000 });
  await silences.create({
    matchers,
    endsAt: new Date((START + 660) * MIN).toISOString(),
    createdBy: 'ops',
    comment: 'database upgrade',
    excludeFromBudget,
  });
  clock.set(END * MIN);
  const reader = new SloStatusReader(slos, store, [60]);
  reader.excludeFromBudget(new MaintenanceWindows(silences));
  return reader;
}

describe('maintenance windows leave their minutes out of the error budget', () => {
  it('status: the matched SLO counts without the window and says what it left out', async () => {
    const reader = await setUp(['team="payments"']);
    const [c, s] = await reader.read(END, [checkout, search]);
    // checkout: 2000 events left, 15 bad, 20 allowed.
    expect(c?.total).toBe(2000);
    expect(c?.good).toBe(1985);
    expect(c?.errorBudgetRemaining).toBeCloseTo(1 - 15 / 20, 9);
    expect(c?.maintenance).toEqual({
      minutes: 60,
      good: 1950,
      total: 2000,
      windows: [
        {
          from: new Date((START + 600) * MIN).toISOString(),
          to: new Date((START + 660) * MIN).toISOString(),
        },
      ],
    });
    // search does not match the silence: all 4000 events, 65 bad of 40 allowed.
    expect(s?.total).toBe(4000);
    expect(s?.errorBudgetRemaining).toBeCloseTo(1 - 65 / 40, 9);
    expect(s?.maintenance).toBeUndefined();
  });

  it('burn-down: instants after the window leave it out, the one inside leaves out its part so far', async () => {
    const reader = await setUp(['slo="checkout/availability"']);
    // 17 points: an instant every 90 minutes, one of them (630) inside the window.
    const down = await reader.burnDown(checkout, END, 17);
    const byMinute = new Map(down.points.map((p) => [Date.parse(p.at) / MIN - START, p]));
    expect(byMinute.get(0)?.total).toBe(0);
    // At 630: minute 100 (10 bad) counts; minute 610 falls in [600, 630) and is left out.
    expect(byMinute.get(630)).toMatchObject({ good: 990, total: 1000 });
    // At 720: the whole window (minutes 610 and 650) is left out.
    expect(byMinute.get(720)).toMatchObject({ good: 990, total: 1000 });
    expect(byMinute.get(1440)).toMatchObject({ good: 1985, total: 2000 });
    expect(byMinute.get(1440)?.remaining).toBeCloseTo(0.25, 9);
    expect(down.maintenance).toMatchObject({ minutes: 60, good: 1950, total: 2000 });
  });

  it('a window made from one alert (alertname, severity) covers its SLO; one on alert labels alone covers none', async () => {
    const fromAlert = await setUp([
      'alertname="SLOBurnRatePage"',
      'slo="checkout/availability"',
      'severity="page"',
    ]);
    const [c] = await fromAlert.read(END, [checkout]);
    expect(c?.maintenance).toMatchObject({ minutes: 60, total: 2000 });
    const everyPage = await setUp(['severity="page"']);
    const statuses = await everyPage.read(END);
    expect(statuses.map((s) => s.maintenance)).toEqual([undefined, undefined]);
  });

  it('a plain silence (no excludeFromBudget) leaves the budget alone', async () => {
    const reader = await setUp(['team="payments"'], false);
    const [c] = await reader.read(END, [checkout]);
    expect(c?.total).toBe(4000);
    expect(c?.maintenance).toBeUndefined();
    const down = await reader.burnDown(checkout, END, 3);
    expect(down.points.at(-1)?.total).toBe(4000);
    expect(down.maintenance).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createReplayEvaluator } from '../../alerting/create-alerting.js';
import { AlertEvaluator } from '../../alerting/evaluator.js';
import { MemoryAlertStore } from '../../alerting/memory-alert-store.js';
import { ruleSetsFor } from '../../alerting/rule-sets.js';
import { loadConfig } from '../../config/load.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';
import { MemoryWindowStore } from '../../pipeline/window/memory-window-store.js';
import { fixture, MIN, rulesConfig, T0, traffic } from './support/alerting-fixture.js';

const slos = parseSloDocuments(
  `slos:
  - service: checkout
    name: availability
    objective: 99.9
    period: 30d
    labels: { team: payments }
    runbook: https://runbooks.example.com/checkout
    dashboard: https://grafana.example.com/d/checkout
    sli: { availability: {} }
`,
  'inline.yaml',
);
const ID = 'checkout/availability';
const noNoData = rulesConfig({ noData: { enabled: false, after: 60, severity: 'ticket' } });

describe('alert evaluator', () => {
  it('fires a page when the 1h and 5m burn rates exceed 14.4, with labels, annotations and a link', async () => {
    const f = fixture(slos, noNoData);
    await traffic(f.windows, ID, T0 - 3 * 1440 * MIN, T0, { good: 100, total: 100 });
    await traffic(f.windows, ID, T0 - 5 * MIN, T0, { good: 50, total: 100 });

    const r = await f.evaluator.evaluateAt(T0);
    expect(r.committed).toBe(true);
    expect(r.transitions).toHaveLength(1);
    const [t] = r.transitions;
    const at = new Date(T0).toISOString();
    expect(t).toMatchObject({ from: 'inactive', to: 'firing', at });
    expect(t?.id).toBe(`${t?.alert.fingerprint}:firing:${at}`);
    expect(t?.alert.labels).toEqual({
      alertname: 'SLOBurnRatePage',
      slo: ID,
      service: 'checkout',
      severity: 'page',
      long_window: '1h',
      short_window: '5m',
      team: 'payments',
    });
    expect(t?.alert).toMatchObject({
      state: 'firing',
      severity: 'page',
      sloId: ID,
      service: 'checkout',
      since: at,
      firedAt: at,
      generatorURL: 'http://faultline.test/api/v1/slos/checkout%2Favailability',
    });
    // The last 5 minutes: 150 good of 200 each (background plus the failing burst).
    expect(t?.alert.burnRates['5m']).toBeCloseTo(250, 6);
    expect(t?.alert.annotations).toMatchObject({
      burn_rate_5m: '250',
      burn_rate_threshold: '14.4',
      runbook_url: 'https://runbooks.example.com/checkout',
      dashboard_url: 'https://grafana.example.com/d/checkout',
    });
    expect(t?.alert.annotations.summary).toContain(ID);
    expect(t?.alert.annotations.time_to_exhaustion).toMatch(/^\d+[dhms]( \d+[dhms])?$/);
    expect(await f.alerts.pending('memory')).toBe(1);
  });

  it('keeps a firing alert without new transitions, then resolves it when both short windows clear', async () => {
    const f = fixture(slos, noNoData);
    await traffic(f.windows, ID, T0 - 3 * 1440 * MIN, T0, { good: 100, total: 100 });
    await traffic(f.windows, ID, T0 - 5 * MIN, T0, { good: 50, total: 100 });
    const fired = await f.evaluator.evaluateAt(T0);
    const again = await f.evaluator.evaluateAt(T0 + 10_000);
    expect(again.transitions).toEqual([]);
    expect(again.alerts[0]?.since).toBe(fired.transitions[0]?.alert.since);

    // After 5 minutes the 1h/5m tier stops, but the 6h/30m tier keeps the page firing.
    await traffic(f.windows, ID, T0, T0 + 30 * MIN, { good: 100, total: 100 });
    expect((await f.evaluator.evaluateAt(T0 + 6 * MIN)).transitions).toEqual([]);
    const resolved = await f.evaluator.evaluateAt(T0 + 30 * MIN);
    expect(resolved.transitions.map((t) => [t.from, t.to])).toEqual([['firing', 'resolved']]);
    expect(resolved.transitions[0]?.alert.fingerprint).toBe(fired.transitions[0]?.alert.fingerprint);
    expect(resolved.transitions[0]?.alert.resolvedAt).toBe(new Date(T0 + 30 * MIN).toISOString());
    expect(await f.alerts.pending('memory')).toBe(2);

    // Resolved alerts are listed for a while (15 min here), then forgotten without a transition.
    const later = await f.evaluator.evaluateAt(T0 + 45 * MIN);
    expect(later.transitions).toEqual([]);
    expect(await f.alerts.load()).toEqual([]);
  });

  it('does not page on low traffic: fewer events than the minimum in the long window', async () => {
    const f = fixture(slos, noNoData);
    await traffic(f.windows, ID, T0 - 3 * MIN, T0, { good: 0, total: 3 });
    const r = await f.evaluator.evaluateAt(T0);
    expect(r.transitions.filter((t) => t.alert.labels.alertname === 'SLOBurnRatePage')).toEqual([]);
  });

  it('raises no-data as a ticket once a full window without events is known', async () => {
    const early = fixture(slos, rulesConfig(), { historyStartMs: T0 - 30 * MIN });
    expect((await early.evaluator.evaluateAt(T0)).transitions).toEqual([]);

    const f = fixture(slos, rulesConfig(), { historyStartMs: T0 - 2 * 60 * MIN });
    const r = await f.evaluator.evaluateAt(T0);
    expect(r.transitions.map((t) => t.alert.labels)).toEqual([
      {
        alertname: 'SLONoData',
        slo: ID,
        service: 'checkout',
        severity: 'ticket',
        long_window: '1h',
        team: 'payments',
      },
    ]);
    await traffic(f.windows, ID, T0, T0 + MIN, { good: 10, total: 10 });
    const back = await f.evaluator.evaluateAt(T0 + MIN);
    expect(back.transitions.map((t) => t.to)).toEqual(['resolved']);
  });

  it('raises budget exhausted when the period budget is spent', async () => {
    const f = fixture(slos, noNoData);
    await traffic(f.windows, ID, T0 - 10 * 1440 * MIN, T0, { good: 997, total: 1000 });
    const r = await f.evaluator.evaluateAt(T0);
    const exhausted = r.transitions.find((t) => t.alert.labels.alertname === 'SLOBudgetExhausted');
    expect(exhausted?.alert.labels).toMatchObject({ severity: 'ticket', long_window: '30d' });
    expect(exhausted?.alert.annotations.time_to_exhaustion).toBe('spent');
    expect(Number(exhausted?.alert.annotations.budget_remaining)).toBeCloseTo(-2, 6);
  });

  it('writes nothing and reports no transitions when the fence is lost', async () => {
    const alerts = new MemoryAlertStore(() => false);
    const f = fixture(slos, noNoData, { alertStore: alerts });
    await traffic(f.windows, ID, T0 - 5 * MIN, T0, { good: 0, total: 100 });
    const r = await f.evaluator.evaluateAt(T0, 'stale-token');
    expect(r).toMatchObject({ committed: false, transitions: [] });
    expect(await alerts.load()).toEqual([]);
    expect(await alerts.pending('memory')).toBe(0);
  });

  it('resolves the alerts of an SLO that is no longer configured', async () => {
    const f = fixture(slos, noNoData);
    await traffic(f.windows, ID, T0 - 5 * MIN, T0, { good: 0, total: 100 });
    expect((await f.evaluator.evaluateAt(T0)).transitions.length).toBeGreaterThan(0);
    const without = new AlertEvaluator({
      slos: [],
      windowStore: f.windows,
      ruleSets: ruleSetsFor([], noNoData),
      alertStore: f.alerts,
      timings: { forMs: 0, keepFiringForMs: 0 },
      resolvedRetentionMs: 15 * MIN,
      notifiers: ['memory'],
      apiBaseUrl: () => 'http://faultline.test',
    });
    const r = await without.evaluateAt(T0 + MIN);
    expect(r.transitions.length).toBeGreaterThan(0);
    expect(r.transitions.every((t) => t.from === 'firing' && t.to === 'resolved')).toBe(true);
  });

  it('replays: evaluating at every minute of event time gives one firing and one resolved per alert', async () => {
    const f = fixture(slos, noNoData);
    await traffic(f.windows, ID, T0 - 1440 * MIN, T0 + 60 * MIN, { good: 100, total: 100 });
    await traffic(f.windows, ID, T0 + 10 * MIN, T0 + 15 * MIN, { good: 20, total: 100 });
    const transitions = [];
    for (let at = T0; at <= T0 + 60 * MIN; at += MIN)
      transitions.push(...(await f.evaluator.evaluateAt(at)).transitions);
    const page = transitions.filter((t) => t.alert.labels.alertname === 'SLOBurnRatePage');
    // 1h/5m passes 14.4 once two failing minutes are complete; 6h/30m holds the page until
    // the last failing minute leaves the 30-minute window.
    expect(page.map((t) => [t.to, t.at])).toEqual([
      ['firing', new Date(T0 + 12 * MIN).toISOString()],
      ['resolved', new Date(T0 + 45 * MIN).toISOString()],
    ]);
    expect(new Set(transitions.map((t) => t.id)).size).toBe(transitions.length);
  });
});

describe('replay evaluator', () => {
  it('evaluates the configured rules at each step of event time, with no notifiers', async () => {
    const windows = new MemoryWindowStore();
    const evaluator = createReplayEvaluator({ config: loadConfig({}), slos, windowStore: windows });
    await traffic(windows, ID, T0 - 3 * 1440 * MIN, T0 + 10 * MIN, { good: 100, total: 100 });
    await traffic(windows, ID, T0 - 5 * MIN, T0, { good: 0, total: 50 });
    const first = await evaluator.evaluateAt(T0);
    expect(first.transitions.map((t) => [t.alert.labels.alertname, t.to])).toEqual([
      ['SLOBurnRatePage', 'firing'],
    ]);
    expect(first.transitions[0]?.alert.generatorURL).toBe(
      'http://127.0.0.1:8080/api/v1/slos/checkout%2Favailability',
    );
  });
});

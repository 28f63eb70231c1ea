import { describe, expect, it } from 'vitest';
import { parseMatcher } from '../../../alerting/matchers.js';
import { MemorySilenceStore } from '../../../alerting/silences/memory-silence-store.js';
import { Silences } from '../../../alerting/silences/silences.js';
import { ManualClock } from '../../../core/clock.js';
import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import { fixture, MIN, rulesConfig, T0, traffic } from '../support/alerting-fixture.js';

const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99.9, period: 30d, labels: { team: payments }, sli: { availability: {} } }
  - { service: search, name: availability, objective: 99.9, period: 30d, labels: { team: discovery }, sli: { availability: {} } }
`,
  'inline.yaml',
);
const rules = rulesConfig({
  noData: { enabled: false, after: 60, severity: 'ticket' },
  budgetExhausted: { enabled: false, severity: 'ticket' },
});

/** Both SLOs healthy for 3 days, then failing half their requests for the last 5 minutes. */
async function burning(f: ReturnType<typeof fixture>): Promise<void> {
  for (const id of ['checkout/availability', 'search/availability']) {
    await traffic(f.windows, id, T0 - 3 * 1440 * MIN, T0, { good: 100, total: 100 });
    await traffic(f.windows, id, T0 - 5 * MIN, T0, { good: 50, total: 100 });
  }
}

/** Every queued notification, as `notifier slo alertname to`. */
async function queued(f: ReturnType<typeof fixture>, notifiers: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const n of notifiers) {
    for (;;) {
      const e = await f.alerts.claim(n, T0 + 1, 60_000);
      if (e === undefined) break;
      out.push(`${n} ${e.transition.alert.sloId} ${e.transition.alert.labels.alertname} ${e.transition.to}`);
      await f.alerts.complete(n, e.transition.id, T0 + 1);
    }
  }
  return out.sort();
}

describe('a silenced alert', () => {
  it('is recorded with the silence that holds it, and queued for no notifier', async () => {
    const clock = new ManualClock(T0);
    const silences = new Silences({ store: new MemorySilenceStore(), clock, retentionMs: 3_600_000 });
    const s = await silences.create({
      matchers: ['team="payments"', 'severity=~"page|ticket"'],
      endsAt: new Date(T0 + 60 * MIN).toISOString(),
      createdBy: 'oncall',
    });
    const f = fixture(slos, rules, { notifiers: ['memory'], silences: () => silences.active(), clock });
    await burning(f);

    const r = await f.evaluator.evaluateAt(T0);
    const byService = (svc: string) => r.transitions.find((t) => t.alert.service === svc)!;
    expect(byService('checkout')).toMatchObject({ to: 'firing', alert: { silencedBy: [s.id] } });
    expect(byService('search').alert.silencedBy).toBeUndefined();
    expect((await f.alerts.load()).find((a) => a.alert.service === 'checkout')?.alert.silencedBy).toEqual([
      s.id,
    ]);
    expect(await queued(f, ['memory'])).toEqual(['memory search/availability SLOBurnRatePage firing']);
  });

  it('is sent once its silence is expired, if it still fires', async () => {
    const clock = new ManualClock(T0);
    const silences = new Silences({ store: new MemorySilenceStore(), clock, retentionMs: 3_600_000 });
    const s = await silences.create({
      matchers: ['service="checkout"'],
      endsAt: new Date(T0 + 60 * MIN).toISOString(),
      createdBy: 'oncall',
    });
    const f = fixture(slos, rules, { silences: () => silences.active(), clock });
    await burning(f);
    await f.evaluator.evaluateAt(T0);
    expect(await queued(f, ['memory'])).toEqual(['memory search/availability SLOBurnRatePage firing']);
    await silences.expire(s.id);
    // The page is still firing: no new transition, but its firing was never sent: it goes now, once.
    const after = await f.evaluator.evaluateAt(T0 + 10_000);
    expect(after.transitions).toEqual([]);
    expect(after.alerts.find((a) => a.service === 'checkout')?.silencedBy).toBeUndefined();
    expect(await queued(f, ['memory'])).toEqual(['memory checkout/availability SLOBurnRatePage firing']);
    await f.evaluator.evaluateAt(T0 + 20_000);
    expect(await queued(f, ['memory'])).toEqual([]);
  });
});

describe('routing by notifier matchers', () => {
  it('queues each transition for every notifier whose matchers hold, and only those', async () => {
    const routes = new Map([
      ['slack:payments', [parseMatcher('team="payments"')]],
      ['slack:discovery', [parseMatcher('team="discovery"'), parseMatcher('severity="page"')]],
      ['webhook:all', []],
      ['slack:tickets', [parseMatcher('severity="ticket"')]],
    ]);
    const names = [...routes.keys()];
    const f = fixture(slos, rules, { notifiers: names, routes });
    await burning(f);
    await f.evaluator.evaluateAt(T0);
    expect(await queued(f, names)).toEqual([
      'slack:discovery search/availability SLOBurnRatePage firing',
      'slack:payments checkout/availability SLOBurnRatePage firing',
      'webhook:all checkout/availability SLOBurnRatePage firing',
      'webhook:all search/availability SLOBurnRatePage firing',
    ]);
  });
});

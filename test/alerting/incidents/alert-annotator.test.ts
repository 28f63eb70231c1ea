import { describe, expect, it } from 'vitest';
import { AlertAnnotator, ROOT_CAUSE_ANNOTATION } from '../../../alerting/incidents/alert-annotator.js';
import type { Notifier } from '../../../alerting/notifier.js';
import { ManualClock } from '../../../core/clock.js';
import type { LiveQuery, LiveRanking } from '../../../correlate/live/live-root-cause.js';
import { DEFAULT_RANK_OPTIONS } from '../../../correlate/options.js';
import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import { sampleAlert, transitionTo } from '../notifiers/fixtures.js';

const MIN = 60_000;
const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }
  - { service: checkout, name: latency, objective: 99, period: 30d, sli: { latency: { threshold: 300ms } } }
`,
  'inline.yaml',
);

function fakeLive(nodes: string[] = ['payment', 'payment-db', 'checkout', 'user']) {
  const queries: LiveQuery[] = [];
  let fail = false;
  const live = {
    options: DEFAULT_RANK_OPTIONS,
    queries,
    set failing(v: boolean) {
      fail = v;
    },
    rank: async (q: LiveQuery): Promise<LiveRanking> => {
      queries.push(q);
      if (fail) throw new Error('store down');
      const candidates = nodes.map((node, i) => ({
        rank: i + 1,
        node,
        score: 12.345 / (i + 1),
        ownScore: 1,
        explainedBy: null,
        path: null,
        signals: [],
      }));
      const interval = { from: 0, to: 1 };
      return {
        ranking: {
          candidates,
          unscored: [],
          usedTopology: true,
          sliAvailable: true,
          baseline: interval,
          window: interval,
        },
        series: new Map(),
        range: interval,
      };
    },
  };
  return live;
}

const firedAt = Date.parse(sampleAlert().firedAt!);

describe('AlertAnnotator', () => {
  it('annotates a firing alert with the top three candidates of its own SLO at its firing time', async () => {
    const live = fakeLive();
    const clock = new ManualClock(firedAt + MIN);
    const a = new AlertAnnotator({ live, slos, lookbackMs: 30 * MIN, refreshMs: MIN, clock });
    const out = await a.annotate(sampleAlert());
    expect(out.annotations[ROOT_CAUSE_ANNOTATION]).toBe(
      'payment (12.35), payment-db (6.17), checkout (4.12)',
    );
    expect(live.queries).toEqual([
      { service: 'checkout', signal: 'error_rate', atMs: firedAt, lookbackMs: 30 * MIN, source: 'alert' },
    ]);
    // Cached until the refresh interval has passed, then recomputed while the window fills.
    await a.annotate(sampleAlert());
    expect(live.queries).toHaveLength(1);
    clock.advance(MIN);
    await a.annotate(sampleAlert());
    expect(live.queries).toHaveLength(2);
    // Once a ranking was computed after the anomaly window, it is final.
    clock.set(firedAt + 11 * MIN);
    await a.annotate(sampleAlert());
    clock.set(firedAt + 30 * MIN);
    await a.annotate(sampleAlert());
    expect(live.queries).toHaveLength(3);
  });

  it("prefers the candidates of the alert's incident", async () => {
    const live = fakeLive();
    const a = new AlertAnnotator({
      live,
      slos,
      lookbackMs: 30 * MIN,
      refreshMs: MIN,
      clock: new ManualClock(firedAt),
      incidentCandidates: async () => [
        { node: 'carts', score: 93 },
        { node: 'carts-db', score: 41.2 },
      ],
    });
    const out = await a.annotate(sampleAlert());
    expect(out.annotations[ROOT_CAUSE_ANNOTATION]).toBe('carts (93.00), carts-db (41.20)');
    expect(live.queries).toEqual([]);
  });

  it('leaves an alert as it was when ranking fails, and never ranks anew for a resolved one', async () => {
    const live = fakeLive();
    live.failing = true;
    const a = new AlertAnnotator({
      live,
      slos,
      lookbackMs: 30 * MIN,
      refreshMs: MIN,
      clock: new ManualClock(firedAt),
    });
    const alert = sampleAlert();
    expect(await a.annotate(alert)).toBe(alert);
    const resolved = sampleAlert({ state: 'resolved', resolvedAt: new Date(firedAt + MIN).toISOString() });
    live.failing = false;
    expect(await a.annotate(resolved)).toBe(resolved);
    expect(live.queries).toHaveLength(1);
  });

  it('wraps a notifier: notify and resend get annotated alerts', async () => {
    const got: string[] = [];
    const inner: Notifier = {
      name: 'alertmanager',
      notify: async (t) => {
        got.push(t.alert.annotations[ROOT_CAUSE_ANNOTATION] ?? 'none');
      },
      resend: async (alerts) => {
        for (const x of alerts) got.push(x.annotations[ROOT_CAUSE_ANNOTATION] ?? 'none');
      },
      close: async () => {},
    };
    const a = new AlertAnnotator({
      live: fakeLive(['db']),
      slos,
      lookbackMs: 30 * MIN,
      refreshMs: MIN,
      clock: new ManualClock(firedAt),
    });
    const wrapped = a.wrap(inner);
    expect(wrapped.name).toBe('alertmanager');
    await wrapped.notify(transitionTo(sampleAlert(), 'firing'));
    await wrapped.resend?.([sampleAlert()], firedAt);
    expect(got).toEqual(['db (12.35)', 'db (12.35)']);
  });
});

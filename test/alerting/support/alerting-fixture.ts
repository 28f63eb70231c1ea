import { AlertEvaluator, type EvaluatorOptions } from '../../../alerting/evaluator.js';
import { MemoryAlertStore } from '../../../alerting/memory-alert-store.js';
import { type AlertRulesConfig, ruleSetsFor } from '../../../alerting/rule-sets.js';
import { ManualClock } from '../../../core/clock.js';
import type { Slo } from '../../../pipeline/slo/slo.js';
import { MemoryWindowStore } from '../../../pipeline/window/memory-window-store.js';
import type { WindowStore } from '../../../pipeline/window/window-store.js';

export const MIN = 60_000;
/** A minute boundary to evaluate at. */
export const T0 = Date.UTC(2025, 0, 10, 12, 0, 0);

export const rulesConfig = (over: Partial<AlertRulesConfig> = {}): AlertRulesConfig => ({
  default: 'sre-workbook',
  profiles: {},
  slos: {},
  minEvents: 10,
  noData: { enabled: true, after: 60, severity: 'ticket' },
  budgetExhausted: { enabled: true, severity: 'ticket' },
  ...over,
});

/** Adds `good` of `total` events to each minute in [fromMs, toMs). */
export async function traffic(
  store: WindowStore,
  sloId: string,
  fromMs: number,
  toMs: number,
  perMinute: { good: number; total: number },
): Promise<void> {
  const counts = [];
  for (let m = Math.floor(fromMs / MIN); m < Math.floor(toMs / MIN); m++)
    counts.push({ minute: m, ...perMinute });
  await store.apply([{ sloId, retentionMinutes: 91 * 1440, counts }]);
}

export interface Fixture {
  evaluator: AlertEvaluator;
  windows: MemoryWindowStore;
  alerts: MemoryAlertStore;
  clock: ManualClock;
}

/** An evaluator over memory stores, notifying `memory`, linking to http://faultline.test. */
export function fixture(
  slos: readonly Slo[],
  rules: AlertRulesConfig = rulesConfig(),
  over: Partial<EvaluatorOptions> = {},
): Fixture {
  const windows = new MemoryWindowStore();
  const alerts = new MemoryAlertStore();
  const clock = new ManualClock(T0);
  const evaluator = new AlertEvaluator({
    slos,
    windowStore: windows,
    ruleSets: ruleSetsFor(slos, rules),
    alertStore: alerts,
    timings: { forMs: 0, keepFiringForMs: 0 },
    resolvedRetentionMs: 15 * MIN,
    notifiers: ['memory'],
    apiBaseUrl: () => 'http://faultline.test',
    clock,
    ...over,
  });
  return { evaluator, windows, alerts, clock };
}

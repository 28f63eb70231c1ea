import { Gauge, type Registry } from 'prom-client';
import { type Clock, endMinuteAt } from '../../core/clock.js';
import { windowName } from '../../core/duration.js';
import { withTimeout } from '../../core/with-timeout.js';
import type { SloStatusReader } from './slo-status-reader.js';

const LABELS = ['sloth_service', 'sloth_slo', 'sloth_id'] as const;
type SlothGauge = Gauge<(typeof LABELS)[number] | 'sloth_window'>;

/** How long a scrape waits for the store; past it the SLO gauges are left out of that scrape. */
const READ_TIMEOUT_MS = 1000;

/**
 * Exposes SLO status under the recording-rule names and labels Sloth generates
 * (`slo:sli_error:ratio_rate5m`, ..., `slo:period_error_budget_remaining:ratio`; labels
 * `sloth_service`, `sloth_slo`, `sloth_id`, and `sloth_window` on the SLI error ratios), so
 * Sloth's Grafana dashboards work on faultline's /metrics unchanged. The store is read once
 * per scrape, whichever gauge is collected first. When the store does not answer (Redis
 * down), these gauges are empty for that scrape and the rest of /metrics still answers.
 */
export function registerSlothMetrics(registry: Registry, reader: SloStatusReader, clock: Clock): void {
  const gauges = new Map<string, SlothGauge>();
  const define = (name: string, help: string, windowed = false): SlothGauge => {
    const g = new Gauge({
      name,
      help,
      labelNames: windowed ? [...LABELS, 'sloth_window'] : [...LABELS],
      registers: [registry],
      collect: () => refresh(),
    }) as SlothGauge;
    gauges.set(name, g);
    return g;
  };
  const objective = define('slo:objective:ratio', 'The SLO objective as a ratio.');
  const budget = define('slo:error_budget:ratio', 'The error budget as a ratio (1 - objective).');
  const days = define('slo:time_period:days', 'The SLO period in days.');
  const current = define('slo:current_burn_rate:ratio', 'Burn rate over the shortest alerting window.');
  const periodBurn = define('slo:period_burn_rate:ratio', 'Burn rate over the whole period.');
  const remaining = define(
    'slo:period_error_budget_remaining:ratio',
    'Share of the period error budget left.',
  );
  const errorRatio = (window: string): SlothGauge =>
    gauges.get(`slo:sli_error:ratio_rate${window}`) ??
    define(`slo:sli_error:ratio_rate${window}`, `SLI error ratio over ${window}.`, true);
  for (const m of [...reader.windows, ...reader.slos.map((s) => s.periodMinutes)]) errorRatio(windowName(m));

  // Every gauge's collect() calls refresh(); the first one of a scrape starts the read and
  // the others share it.
  let last: Promise<void> | undefined;
  let startedAt = 0;
  const refresh = (): Promise<void> => {
    if (last && Date.now() - startedAt < 1000) return last;
    startedAt = Date.now();
    last = (async () => {
      let statuses: Awaited<ReturnType<SloStatusReader['read']>>;
      try {
        statuses = await withTimeout(reader.read(endMinuteAt(clock.now())), READ_TIMEOUT_MS);
      } catch {
        // No stale figures either: an SLO gauge that is absent says "unknown" to Prometheus.
        for (const g of gauges.values()) g.reset();
        return;
      }
      for (const g of gauges.values()) g.reset();
      for (const s of statuses) {
        const labels = { sloth_service: s.service, sloth_slo: s.name, sloth_id: `${s.service}-${s.name}` };
        objective.set(labels, s.objective);
        budget.set(labels, s.errorBudget);
        days.set(labels, s.periodMinutes / 1440);
        remaining.set(labels, s.errorBudgetRemaining);
        const shortest = s.windows[0]?.burnRate;
        if (shortest !== null && shortest !== undefined) current.set(labels, shortest);
        if (s.sli !== null) {
          periodBurn.set(labels, (1 - s.sli) / s.errorBudget);
          errorRatio(s.period).set({ ...labels, sloth_window: s.period }, 1 - s.sli);
        }
        for (const w of s.windows) {
          if (w.errorRatio !== null)
            errorRatio(w.window).set({ ...labels, sloth_window: w.window }, w.errorRatio);
        }
      }
    })();
    last.catch(() => {
      last = undefined;
    });
    return last;
  };
}

import { Gauge, type Registry } from 'prom-client';
import { windowName } from '../../core/duration.js';
import type { Slo } from '../slo/slo.js';
import type { SloStatus } from './slo-status.js';
import type { SloStatusSnapshot } from './status-snapshot.js';

const LABELS = ['sloth_service', 'sloth_slo', 'sloth_id'] as const;
type SlothGauge = Gauge<(typeof LABELS)[number] | 'sloth_window'>;

/** The version `sloth_slo_info` names as its generator's. */
const FAULTLINE_VERSION = '0.1.0';

/**
 * Exposes SLO status under the recording-rule names and labels Sloth generates
 * (`slo:sli_error:ratio_rate5m`, ..., `slo:period_error_budget_remaining:ratio`; labels
 * `sloth_service`, `sloth_slo`, `sloth_id`, and `sloth_window` on the SLI error ratios), so
 * Sloth's Grafana dashboards work on faultline's /metrics unchanged. A scrape never reads the
 * store: the gauges show the last evaluation's statuses (`snapshot`), for `windows` and each
 * SLO's period, whatever else the evaluation read. With no snapshot (none yet, or the last
 * read failed) these gauges are empty and the rest of /metrics still answers.
 */
export function registerSlothMetrics(
  registry: Registry,
  snapshot: SloStatusSnapshot,
  windows: readonly number[],
  slos: readonly Slo[],
): void {
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
  const shown = new Set(windows);
  const shortest = Math.min(...windows);
  for (const m of [...windows, ...slos.map((s) => s.periodMinutes)]) {
    const window = windowName(m);
    if (!gauges.has(`slo:sli_error:ratio_rate${window}`))
      define(`slo:sli_error:ratio_rate${window}`, `SLI error ratio over ${window}.`, true);
  }
  const errorRatio = (window: string) => gauges.get(`slo:sli_error:ratio_rate${window}`);
  registerSlothInfo(registry, slos);

  // Every gauge's collect() calls refresh(); the gauges are set again only when the snapshot changed.
  let applied = -1;
  const refresh = (): void => {
    if (applied === snapshot.version) return;
    applied = snapshot.version;
    for (const g of gauges.values()) g.reset();
    for (const s of snapshot.latest()?.statuses ?? []) setStatus(s);
  };
  const setStatus = (s: SloStatus): void => {
    const labels = { sloth_service: s.service, sloth_slo: s.name, sloth_id: `${s.service}-${s.name}` };
    objective.set(labels, s.objective);
    budget.set(labels, s.errorBudget);
    days.set(labels, s.periodMinutes / 1440);
    remaining.set(labels, s.errorBudgetRemaining);
    const first = s.windows.find((w) => w.minutes === shortest)?.burnRate;
    if (first !== null && first !== undefined) current.set(labels, first);
    if (s.sli !== null) {
      periodBurn.set(labels, (1 - s.sli) / s.errorBudget);
      errorRatio(s.period)?.set({ ...labels, sloth_window: s.period }, 1 - s.sli);
    }
    for (const w of s.windows) {
      if (w.errorRatio !== null && shown.has(w.minutes))
        errorRatio(w.window)?.set({ ...labels, sloth_window: w.window }, w.errorRatio);
    }
  };
}

const INFO_LABELS = [
  'sloth_id',
  'sloth_service',
  'sloth_slo',
  'sloth_objective',
  'sloth_spec',
  'sloth_mode',
  'sloth_version',
] as const;

/**
 * `sloth_slo_info`, 1 per SLO, with the labels Sloth's generated rule carries: its id,
 * service, name, objective in percent, and which spec, mode and version made it (here the
 * SLO file's format and faultline). It does not depend on the store, so it is set once.
 */
function registerSlothInfo(registry: Registry, slos: readonly Slo[]): void {
  const info = new Gauge({
    name: 'sloth_slo_info',
    help: 'Information about an SLO, 1 per SLO (Sloth-compatible).',
    labelNames: INFO_LABELS,
    registers: [registry],
  });
  for (const slo of slos) {
    info.set(
      {
        sloth_id: `${slo.service}-${slo.name}`,
        sloth_service: slo.service,
        sloth_slo: slo.name,
        // 0.999 -> "99.9", without binary noise such as 99.89999999999999.
        sloth_objective: String(Number((slo.objective * 100).toFixed(10))),
        sloth_spec: slo.origin.format === 'openslo' ? 'openslo/v1' : 'faultline/v1',
        sloth_mode: 'faultline',
        sloth_version: FAULTLINE_VERSION,
      },
      1,
    );
  }
}

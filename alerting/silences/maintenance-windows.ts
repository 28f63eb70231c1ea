import type { Slo } from '../../pipeline/slo/slo.js';
import type { BudgetExclusions, MinuteRange } from '../../pipeline/status/budget-exclusions.js';
import type { EpochMinute } from '../../pipeline/window/window-store.js';
import { matchesAll } from '../matchers.js';
import type { Silence } from './silence.js';

/**
 * Alert labels that name an alert of an SLO, not the SLO: a maintenance window's matchers on
 * them do not decide which SLOs' budgets it covers (a silence made from one alert, with
 * `alertname` and `severity`, still covers that alert's SLO).
 */
const ALERT_ONLY_LABELS = new Set(['alertname', 'severity', 'long_window', 'short_window']);

/**
 * Maintenance windows as the SLO status reader sees them: the silences with
 * `excludeFromBudget` whose matchers on SLO labels (the SLO's own labels plus `slo` and
 * `service`, as on its alerts) all hold; a silence with no matcher on those labels covers no
 * SLO, so `severity="page"` alone never empties every budget. Only silences still kept
 * count, so a window pruned after `alerting.silences.retentionMs` stops being left out.
 */
export class MaintenanceWindows implements BudgetExclusions {
  constructor(private readonly silences: { maintenance(): Promise<Silence[]> }) {}

  async ranges(slo: Slo, from: EpochMinute, to: EpochMinute): Promise<MinuteRange[]> {
    const labels = { ...slo.labels, slo: slo.id, service: slo.service };
    return (
      (await this.silences.maintenance())
        .filter((s) => {
          const onSlo = s.matchers.filter((m) => !ALERT_ONLY_LABELS.has(m.name));
          return onSlo.length > 0 && matchesAll(onSlo, labels);
        })
        // An expired pending silence ends where it starts: it covered nothing.
        .filter((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt))
        .map((s) => minutesOf(s))
        .filter((r) => r.to > from && r.from < to)
    );
  }
}

/**
 * The whole minutes a silence covers: a minute counts once the silence covers part of it,
 * since the window stores keep nothing finer than a minute.
 */
function minutesOf(s: Silence): MinuteRange {
  return {
    from: Math.floor(Date.parse(s.startsAt) / 60_000),
    to: Math.ceil(Date.parse(s.endsAt) / 60_000),
  };
}

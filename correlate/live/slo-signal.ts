import type { Slo } from '../../pipeline/slo/slo.js';

/**
 * The signal series that stands for an SLO's SLI in root-cause ranking, by SLI kind:
 * - `availability` -> `error_rate` (failed / all calls of the service);
 * - `latency` -> `latency_p99`;
 * - `metric-ratio` -> `error_rate`: the series keep metrics per name, without the
 *   data-point attributes a ratio selects on, so the ratio itself cannot be rebuilt and the
 *   service's span error rate stands in for it;
 * - `metric-threshold` -> `latency_p99`, for the same reason (a histogram threshold is
 *   nearly always a latency objective).
 */
export const SLI_SIGNALS: Readonly<Record<Slo['sli']['kind'], string>> = Object.freeze({
  availability: 'error_rate',
  latency: 'latency_p99',
  'metric-ratio': 'error_rate',
  'metric-threshold': 'latency_p99',
});

/** The signal used when there is no SLO to go by (an external alert, a query without `slo=`). */
export const DEFAULT_SLI_SIGNAL = 'error_rate';

/** The signal of `slo`'s SLI (see {@link SLI_SIGNALS}). */
export function sliSignalOf(slo: Pick<Slo, 'sli'>): string {
  return SLI_SIGNALS[slo.sli.kind];
}

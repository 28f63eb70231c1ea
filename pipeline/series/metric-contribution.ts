import type { AttrValue, MetricPoint } from '../../ingest/records.js';
import type { CumulativeDeltas } from '../record-rules/cumulative-deltas.js';

/** What one metric point adds to its bucket. */
export type MetricContribution =
  | { kind: 'mean'; sum: number; count: number }
  | { kind: 'increase'; increase: number };

/**
 * What a point adds to the `metric:<name>` series of its service, or undefined when it adds
 * nothing (a first cumulative point, a duplicate, a non-finite or missing value):
 *
 * - gauge, non-monotonic sum: its value, averaged;
 * - monotonic sum: its increase (delta: the value; cumulative or unspecified: the
 *   difference to the previous point of the series, resets counting from zero);
 * - histogram, exponential histogram, summary: its observations' sum and count, averaged
 *   (cumulative ones, and summaries, which are always cumulative, as differences).
 */
export function metricContribution(
  point: MetricPoint,
  deltas: CumulativeDeltas,
): MetricContribution | undefined {
  switch (point.type) {
    case 'gauge':
      return meanOf(point.value);
    case 'sum': {
      if (!point.monotonic) return meanOf(point.value);
      const value = point.value;
      if (value === undefined || !Number.isFinite(value)) return undefined;
      if (point.temporality === 'delta') return { kind: 'increase', increase: value };
      const inc = deltas.observe(seriesKey(point), point.startNs, point.timeNs, [value]);
      return inc === undefined ? undefined : { kind: 'increase', increase: inc[0] ?? 0 };
    }
    case 'histogram':
    case 'exponential_histogram':
    case 'summary': {
      const { sum, count } = point;
      if (sum === undefined || count === undefined || !Number.isFinite(sum) || !Number.isFinite(count)) {
        return undefined;
      }
      if (point.type !== 'summary' && point.temporality === 'delta') return observations(sum, count);
      const inc = deltas.observe(seriesKey(point), point.startNs, point.timeNs, [count, sum]);
      return inc === undefined ? undefined : observations(inc[1] ?? 0, inc[0] ?? 0);
    }
    default:
      return undefined;
  }
}

/** Identifies a metric series: service, name, type and the data-point attributes. */
export function seriesKey(point: MetricPoint): string {
  return `${point.service}\u0000${point.name}\u0000${point.type}\u0000${attributesKey(point.attributes)}`;
}

function attributesKey(attributes: Record<string, AttrValue>): string {
  const keys = Object.keys(attributes).sort();
  return JSON.stringify(keys.map((k) => [k, attributes[k]]));
}

function meanOf(value: number | undefined): MetricContribution | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : { kind: 'mean', sum: value, count: 1 };
}

function observations(sum: number, count: number): MetricContribution | undefined {
  return count > 0 ? { kind: 'mean', sum, count } : undefined;
}

import type { MetricPoint } from '../../ingest/records.js';
import { CumulativeDeltas } from '../shared/cumulative-deltas.js';
import type { MetricSelector, Slo } from '../slo/slo.js';

export interface Counted {
  good: number;
  total: number;
}

function matches(selector: MetricSelector | undefined, point: MetricPoint): boolean {
  if (selector === undefined || selector.name !== point.name) return false;
  for (const [key, want] of Object.entries(selector.attributes)) {
    const have = point.attributes[key];
    if (have === undefined || String(have) !== want) return false;
  }
  return true;
}

function seriesKey(sloId: string, role: string, p: MetricPoint): string {
  const attrs = Object.keys(p.attributes)
    .sort()
    .map((k) => `${k}=${String(p.attributes[k])}`)
    .join(',');
  return `${sloId}\u0000${role}\u0000${p.name}\u0000${attrs}`;
}

/**
 * Good and total events that OTLP metric points contribute to metric-based SLOs. Counters
 * (sums) and histograms may be delta or cumulative; cumulative ones go through
 * CumulativeDeltas per SLO and series.
 */
export class MetricSli {
  private readonly deltas: CumulativeDeltas;

  constructor(freshStartNs: bigint) {
    this.deltas = new CumulativeDeltas({ maxSeries: 100_000, idleMs: 2 * 86_400_000, freshStartNs });
  }

  /** The point's contribution to `slo`, or undefined when it does not count for it. */
  count(slo: Slo, point: MetricPoint): Counted | undefined {
    const sli = slo.sli;
    if (point.service !== slo.service) return undefined;
    if (sli.kind === 'metric-ratio') {
      if (point.type !== 'sum') return undefined;
      const role = matches(sli.good, point)
        ? 'good'
        : matches(sli.bad, point)
          ? 'bad'
          : matches(sli.total, point)
            ? 'total'
            : undefined;
      if (role === undefined) return undefined;
      const [n = 0] = this.increments(slo.id, role, point, [point.value ?? 0]);
      // Exactly two of good, bad and total are given; the third follows from them.
      if (role === 'good') return sli.total ? { good: n, total: 0 } : { good: n, total: n };
      if (role === 'bad') return sli.total ? { good: -n, total: 0 } : { good: 0, total: n };
      return { good: sli.bad ? n : 0, total: n };
    }
    if (sli.kind === 'metric-threshold') {
      if (point.type !== 'histogram' || !matches(sli.histogram, point)) return undefined;
      const bounds = point.explicitBounds ?? [];
      const buckets = point.bucketCounts ?? [];
      const inc = this.increments(slo.id, 'hist', point, [point.count ?? 0, ...buckets]);
      let good = 0;
      for (let i = 0; i < bounds.length; i++) if (bounds[i]! <= sli.thresholdBound) good += inc[i + 1] ?? 0;
      return { good, total: inc[0] ?? 0 };
    }
    return undefined;
  }

  private increments(sloId: string, role: string, p: MetricPoint, values: number[]): number[] {
    if (p.temporality !== 'cumulative') return values;
    return this.deltas.observe(seriesKey(sloId, role, p), p.startNs, p.timeNs, values) ?? values.map(() => 0);
  }
}

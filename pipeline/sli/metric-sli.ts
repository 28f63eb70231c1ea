import type { MetricPoint } from '../../ingest/records.js';
import { CumulativeDeltas } from '../record-rules/cumulative-deltas.js';
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
      // A point may match several selectors (an error attempt is both `bad` and part of
      // `total`); it counts for each. Exactly two of good, bad and total are given.
      let counted: Counted | undefined;
      const add = (good: number, total: number) => {
        counted = { good: (counted?.good ?? 0) + good, total: (counted?.total ?? 0) + total };
      };
      for (const role of ['good', 'bad', 'total'] as const) {
        if (!matches(sli[role], point)) continue;
        const [n = 0] = this.increments(slo.id, role, point, [point.value ?? 0]);
        if (role === 'good') add(n, sli.total ? 0 : n);
        else if (role === 'bad') add(sli.total ? -n : 0, sli.total ? 0 : n);
        else add(sli.bad ? n : 0, n);
      }
      return counted;
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

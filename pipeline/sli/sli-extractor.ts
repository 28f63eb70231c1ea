import type { MetricPoint, SpanRecord } from '../../ingest/records.js';
import { minuteOfNs } from '../record-rules/span-rules.js';
import type { Slo } from '../slo/slo.js';
import { MetricSli } from './metric-sli.js';
import { spanOutcome } from './span-sli.js';

export interface Counts {
  good: number;
  total: number;
}

/** Per SLO id, per epoch minute: pre-summed good and total events. */
export type SloCounts = Map<string, Map<number, Counts>>;

function bump(out: SloCounts, sloId: string, minute: number, good: number, total: number): void {
  let minutes = out.get(sloId);
  if (minutes === undefined) {
    minutes = new Map();
    out.set(sloId, minutes);
  }
  const c = minutes.get(minute);
  if (c) {
    c.good += good;
    c.total += total;
  } else {
    minutes.set(minute, { good, total });
  }
}

/**
 * Turns records into per-SLO, per-minute good/total counts, pre-summed in process so the
 * store sees one write per SLO per batch. SLOs are indexed by service: a span or point is
 * only checked against the SLOs of its own service. Events count in the minute of their
 * end time (spans) or timestamp (points): event time, not arrival time.
 */
export class SliExtractor {
  private readonly spanSlos = new Map<string, Slo[]>();
  private readonly metricSlos = new Map<string, Slo[]>();
  private readonly metricSli: MetricSli;

  constructor(slos: readonly Slo[], freshStartNs: bigint) {
    this.metricSli = new MetricSli(freshStartNs);
    for (const slo of slos) {
      const byService =
        slo.sli.kind === 'availability' || slo.sli.kind === 'latency' ? this.spanSlos : this.metricSlos;
      const list = byService.get(slo.service) ?? [];
      list.push(slo);
      byService.set(slo.service, list);
    }
  }

  /** Whether any SLO reads spans (the Kafka source may skip decoding otherwise, later). */
  get hasSpanSlos(): boolean {
    return this.spanSlos.size > 0;
  }

  addSpans(
    spans: Iterable<SpanRecord>,
    out: SloCounts,
    keep: (minute: number) => boolean = () => true,
  ): void {
    for (const span of spans) {
      const slos = this.spanSlos.get(span.service);
      if (slos === undefined) continue;
      const minute = minuteOfNs(span.endNs);
      if (!keep(minute)) continue;
      for (const slo of slos) {
        const good = spanOutcome(slo, span);
        if (good !== undefined) bump(out, slo.id, minute, good ? 1 : 0, 1);
      }
    }
  }

  addMetrics(
    points: Iterable<MetricPoint>,
    out: SloCounts,
    keep: (minute: number) => boolean = () => true,
  ): void {
    for (const point of points) {
      const slos = this.metricSlos.get(point.service);
      if (slos === undefined) continue;
      const minute = minuteOfNs(point.timeNs);
      if (!keep(minute)) continue;
      for (const slo of slos) {
        const c = this.metricSli.count(slo, point);
        if (c !== undefined && (c.good !== 0 || c.total !== 0)) bump(out, slo.id, minute, c.good, c.total);
      }
    }
  }
}

import { httpParts } from './otlp-attributes.js';
import { Kind } from './sim-span.js';
import type { NodeGauge, SimStep } from './simulator.js';

/** Whether counters and histograms report totals since the run's start or per step. */
export type Temporality = 'cumulative' | 'delta';

/** The bucket bounds (seconds) that the HTTP semantic conventions advise for request durations. */
export const DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** One (method, route, status code) series of a service's request duration histogram. */
export interface RequestSeries {
  method: string;
  route: string;
  status: number;
  count: number;
  /** Seconds. */
  sum: number;
  min: number;
  max: number;
  /** `DURATION_BOUNDS.length + 1` counts. */
  buckets: number[];
}

/** What one step's metrics hold, before encoding. */
export interface MetricsSnapshot {
  startMs: number;
  timeMs: number;
  temporality: Temporality;
  /** Per node that is up: its gauges and (services) its request series. */
  nodes: Array<{ gauge: NodeGauge; series: RequestSeries[] }>;
}

/**
 * Aggregates each step's SERVER spans into per-service request series (count, sum, min,
 * max and histogram buckets per method, route and status code), cumulative since the run's
 * start or per step. One recorder per run.
 */
export class MetricsRecorder {
  private readonly series = new Map<string, Map<string, RequestSeries>>();

  constructor(
    private readonly startMs: number,
    private readonly temporality: Temporality = 'cumulative',
  ) {}

  /** Records the step and returns its metrics. */
  record(step: SimStep): MetricsSnapshot {
    if (this.temporality === 'delta') this.series.clear();
    for (const trace of step.traces) {
      for (const s of trace.spans) {
        if (s.kind === Kind.Server && s.httpStatus !== undefined) {
          add(this.seriesOf(s.service, s.op, s.httpStatus), (s.endUs - s.startUs) / 1e6, step.weight);
        }
      }
    }
    return {
      startMs: this.temporality === 'delta' ? step.startMs : this.startMs,
      timeMs: step.endMs,
      temporality: this.temporality,
      nodes: step.gauges.map((gauge) => ({
        gauge,
        series: [...(this.series.get(gauge.node)?.values() ?? [])].map((s) => ({
          ...s,
          buckets: [...s.buckets],
        })),
      })),
    };
  }

  private seriesOf(service: string, op: string, status: number): RequestSeries {
    let byKey = this.series.get(service);
    if (byKey === undefined) {
      byKey = new Map();
      this.series.set(service, byKey);
    }
    const key = `${op} ${status}`;
    let s = byKey.get(key);
    if (s === undefined) {
      const { method, route } = httpParts(op);
      s = { method, route, status, count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: 0, buckets: [] };
      s.buckets = new Array<number>(DURATION_BOUNDS.length + 1).fill(0);
      byKey.set(key, s);
    }
    return s;
  }
}

/** Adds `n` requests of this duration (a sampled span stands for several). */
function add(s: RequestSeries, seconds: number, n: number): void {
  s.count += n;
  s.sum += seconds * n;
  s.min = Math.min(s.min, seconds);
  s.max = Math.max(s.max, seconds);
  let b = 0;
  while (b < DURATION_BOUNDS.length && seconds > (DURATION_BOUNDS[b] ?? 0)) b++;
  s.buckets[b] = (s.buckets[b] ?? 0) + n;
}

import type { MetricPoint, SpanRecord } from '../../ingest/records.js';
import { CumulativeDeltas } from '../record-rules/cumulative-deltas.js';
import { isFailedServerSpan, isServedRequest as isServedSpan } from '../record-rules/span-rules.js';
import { CardinalityLimit } from './cardinality-limit.js';
import { latencyBucketIndex } from './latency-buckets.js';
import { metricContribution } from './metric-contribution.js';
import { addCount, addMean, type BucketAggregate, emptyBucket, type SeriesBatch } from './series-batch.js';
import {
  bucketStart,
  DEFAULT_MAX_SUBJECTS,
  positiveInteger,
  resolveSeriesOptions,
  type SeriesOptions,
} from './series-options.js';
import { OVERFLOW_SUBJECT, type Subject, subjectKey } from './subject.js';

export interface SeriesAggregatorOptions extends SeriesOptions {
  /**
   * Most distinct subjects tracked at once (default 10 000). Data of further subjects goes
   * to {@link OVERFLOW_SUBJECT} and is counted in `overflowed`. A subject without data for
   * a retention is forgotten and frees its place.
   */
  maxSubjects?: number;
  /** Most cumulative metric series whose last point is remembered (default 100 000). */
  maxMetricSeries?: number;
  /**
   * Most distinct (service, metric name) pairs tracked at once (default 100 000). Points
   * of further pairs are dropped and counted in `metricsOverflowed`; a pair without points
   * for a retention is forgotten.
   */
  maxMetricNames?: number;
  /**
   * Records whose event time is more than this far ahead of `now()` are dropped and
   * counted in `tooNew` (default 300 000: 5 min), so one span from a host with a wild
   * clock cannot move the newest time and make all real data look too old.
   */
  maxClockSkewMs?: number;
  /** Wall clock, Unix epoch ms (default `Date.now`); only used to refuse future records. */
  now?: () => number;
}

/** One call along a topology edge, as the topology's span pairing finds it. */
export interface EdgeCall {
  source: string;
  target: string;
  /** When the call ended (event time), Unix epoch nanoseconds. */
  endNs: bigint;
  durationNs: number;
  failed: boolean;
}

const OVERFLOW_KEY = subjectKey(OVERFLOW_SUBJECT);

/**
 * Pre-sums spans, edge calls and metric points per (subject, time bucket) in process, so a
 * store is written a handful of aggregates per subject instead of every record. Buckets
 * are chosen by event time (a span's end, a point's time). Pure and synchronous: no I/O,
 * no timers; the owner calls {@link drain} and writes the batch to a `SeriesStore`.
 *
 * Bounded: at most `maxSubjects` subjects (the rest overflow), at most `maxMetricNames`
 * (service, metric) pairs (points of the rest are dropped), at most `maxMetricSeries`
 * remembered cumulative series (evicting the least recently updated, and any not updated
 * for two retentions), and records older than a retention before the newest event time
 * seen are dropped (`tooOld`), as are records from the future (`tooNew`).
 */
export class SeriesAggregator {
  readonly resolutionMs: number;
  readonly retentionMs: number;
  readonly maxSubjects: number;
  /** Records (spans, edge calls, metric points) whose subject was over the cap, since creation. */
  overflowed = 0;
  /** Metric points dropped because their (service, name) pair was over the cap, since creation. */
  metricsOverflowed = 0;
  /** Records dropped for being older than the retention, since creation. */
  tooOld = 0;
  /** Records dropped for being more than `maxClockSkewMs` in the future, since creation. */
  tooNew = 0;

  private readonly deltas: CumulativeDeltas;
  private readonly subjectsSeen: CardinalityLimit;
  private readonly metricNamesSeen: CardinalityLimit;
  private readonly pending = new Map<string, BucketAggregate>();
  private newestMs = Number.NEGATIVE_INFINITY;
  private readonly maxClockSkewMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SeriesAggregatorOptions = {}) {
    const { resolutionMs, retentionMs } = resolveSeriesOptions(options);
    this.resolutionMs = resolutionMs;
    this.retentionMs = retentionMs;
    this.maxSubjects = positiveInteger('maxSubjects', options.maxSubjects ?? DEFAULT_MAX_SUBJECTS);
    this.subjectsSeen = new CardinalityLimit(this.maxSubjects);
    this.metricNamesSeen = new CardinalityLimit(
      positiveInteger('maxMetricNames', options.maxMetricNames ?? 100_000),
    );
    this.deltas = new CumulativeDeltas({
      maxSeries: positiveInteger('maxMetricSeries', options.maxMetricSeries ?? 100_000),
      idleMs: 2 * retentionMs,
    });
    this.maxClockSkewMs = positiveInteger('maxClockSkewMs', options.maxClockSkewMs ?? 300_000);
    this.now = options.now ?? Date.now;
  }

  /**
   * A new, empty aggregator with the same options: to recompute part of a batch (from the
   * offset a store already holds) without touching what this one has pending.
   */
  sibling(): SeriesAggregator {
    return new SeriesAggregator(this.options);
  }

  /** Cumulative metric series forgotten (cap or idleness), since creation. */
  get metricSeriesEvicted(): number {
    return this.deltas.evicted;
  }

  /** Cumulative metric series remembered now. */
  get trackedMetricSeries(): number {
    return this.deltas.size;
  }

  /** Distinct subjects tracked now (the overflow subject excluded). */
  get trackedSubjects(): number {
    return this.subjectsSeen.size;
  }

  /**
   * Counts a SERVER or CONSUMER span as a call to `span.service` (other kinds are ignored):
   * one request, an error when {@link isFailedServerSpan}, its duration; a sampled span
   * counts as its adjusted count of requests, so rates read the same sampled or not.
   */
  addSpan(span: SpanRecord): void {
    if (!isServedSpan(span)) return;
    const durationNs = span.endNs > span.startNs ? Number(span.endNs - span.startNs) : 0;
    this.addCall(
      { kind: 'service', service: span.service },
      span.endNs,
      durationNs,
      isFailedServerSpan(span),
      span.adjustedCount ?? 1,
    );
  }

  /** Counts one call along the edge `source -> target`. */
  addEdgeCall(call: EdgeCall): void {
    const subject: Subject = { kind: 'edge', source: call.source, target: call.target };
    this.addCall(subject, call.endNs, Math.max(0, call.durationNs), call.failed);
  }

  /** Adds a metric point to the `metric:<name>` series of its service (see metric-contribution.ts). */
  addMetricPoint(point: MetricPoint): void {
    const eventMs = nsToMs(point.timeNs);
    if (!this.notInFuture(eventMs)) return;
    // The cumulative state is updated even for points too old to store, so the next
    // point's increase is right.
    const contribution = metricContribution(point, this.deltas);
    if (contribution === undefined) return;
    if (
      eventMs > this.newestMs - this.retentionMs &&
      !this.metricNamesSeen.admit(`${point.service}\u0000${point.name}`, eventMs)
    ) {
      this.metricsOverflowed++;
      return;
    }
    const bucket = this.bucketFor({ kind: 'service', service: point.service }, eventMs);
    if (bucket === undefined) return;
    if (contribution.kind === 'mean') {
      addMean(bucket.metricMeans, point.name, contribution.sum, contribution.count);
    } else {
      addCount(bucket.metricIncreases, point.name, contribution.increase);
    }
  }

  /**
   * Returns everything pre-summed since the last drain and starts afresh. Also forgets idle
   * subjects and cumulative series.
   */
  drain(): SeriesBatch {
    const buckets = [...this.pending.values()];
    this.pending.clear();
    if (Number.isFinite(this.newestMs)) {
      const cutoff = this.newestMs - this.retentionMs;
      this.subjectsSeen.sweep(cutoff);
      this.metricNamesSeen.sweep(cutoff);
      this.deltas.sweep(BigInt(Math.floor(this.newestMs)) * 1_000_000n);
    }
    return { resolutionMs: this.resolutionMs, buckets };
  }

  private addCall(subject: Subject, endNs: bigint, durationNs: number, failed: boolean, n = 1): void {
    const bucket = this.bucketFor(subject, nsToMs(endNs));
    if (bucket === undefined) return;
    bucket.requests += n;
    if (failed) bucket.errors += n;
    bucket.latencySumUs += Math.round(durationNs / 1000) * n;
    addCount(bucket.latencyCounts, latencyBucketIndex(durationNs / 1e6), n);
  }

  /** The pending aggregate for a record at `eventMs`, or undefined when it is too old. */
  private bucketFor(subject: Subject, eventMs: number): BucketAggregate | undefined {
    if (!this.notInFuture(eventMs)) return undefined;
    if (eventMs <= this.newestMs - this.retentionMs) {
      this.tooOld++;
      return undefined;
    }
    let key = subjectKey(subject);
    if (key !== OVERFLOW_KEY && !this.subjectsSeen.admit(key, eventMs)) {
      this.overflowed++;
      key = OVERFLOW_KEY;
      subject = OVERFLOW_SUBJECT;
    }
    const bucketMs = bucketStart(eventMs, this.resolutionMs);
    const id = `${bucketMs}|${key}`;
    let bucket = this.pending.get(id);
    if (bucket === undefined) {
      bucket = emptyBucket(subject, bucketMs);
      this.pending.set(id, bucket);
    }
    return bucket;
  }

  /** Moves the newest event time forward, unless `eventMs` is too far in the future. */
  private notInFuture(eventMs: number): boolean {
    if (eventMs <= this.newestMs) return true;
    if (eventMs > this.now() + this.maxClockSkewMs) {
      this.tooNew++;
      return false;
    }
    this.newestMs = eventMs;
    return true;
  }
}

function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

import { MemoryOffsets } from '../window/offset-guard.js';
import type { OffsetGuard } from '../window/window-store.js';
import { type BucketAggregate, emptyBucket, mergeBucket, type SeriesBatch } from './series-batch.js';
import { resolveSeriesOptions, type SeriesOptions } from './series-options.js';
import {
  checkBatchResolution,
  checkQueryRange,
  closedError,
  type SeriesConflicts,
  type SeriesQuery,
  type SeriesStore,
} from './series-store.js';
import { type SeriesResult, seriesFromBuckets } from './signals.js';
import { type Subject, subjectKey } from './subject.js';

/** One subject's buckets. */
interface SubjectSeries {
  subject: Subject;
  buckets: Map<number, BucketAggregate>;
}

/**
 * The embedded {@link SeriesStore}: bucket aggregates in process memory. Retention is
 * measured from the newest bucket it has been written (event time, so replays and
 * backtests age data like live runs): buckets starting a retention or more before it are
 * pruned on write, and writes older than that are ignored.
 */
export class MemorySeriesStore implements SeriesStore {
  readonly resolutionMs: number;
  readonly retentionMs: number;
  private readonly bySubject = new Map<string, SubjectSeries>();
  /** Bucket start -> keys of the subjects with data there, to prune without a full scan. */
  private readonly byTime = new Map<number, Set<string>>();
  private newestBucketMs = Number.NEGATIVE_INFINITY;
  private readonly offsets = new MemoryOffsets();
  private closed = false;

  constructor(options: SeriesOptions = {}) {
    const resolved = resolveSeriesOptions(options);
    this.resolutionMs = resolved.resolutionMs;
    this.retentionMs = resolved.retentionMs;
  }

  async write(batch: SeriesBatch, guard?: OffsetGuard): Promise<SeriesConflicts> {
    this.ensureOpen();
    checkBatchResolution(batch, this.resolutionMs);
    const conflicts: SeriesConflicts = new Map();
    const refused = guard === undefined ? undefined : this.refusedSubjects(batch, guard, conflicts);
    for (const b of batch.buckets) {
      if (b.bucketMs > this.newestBucketMs) this.newestBucketMs = b.bucketMs;
    }
    const cutoff = this.newestBucketMs - this.retentionMs;
    for (const b of batch.buckets) {
      if (b.bucketMs <= cutoff) continue;
      const key = subjectKey(b.subject);
      if (refused?.has(key)) continue;
      let series = this.bySubject.get(key);
      if (series === undefined) {
        series = { subject: b.subject, buckets: new Map() };
        this.bySubject.set(key, series);
      }
      let stored = series.buckets.get(b.bucketMs);
      if (stored === undefined) {
        stored = emptyBucket(series.subject, b.bucketMs);
        series.buckets.set(b.bucketMs, stored);
        let keys = this.byTime.get(b.bucketMs);
        if (keys === undefined) {
          keys = new Set();
          this.byTime.set(b.bucketMs, keys);
        }
        keys.add(key);
      }
      mergeBucket(stored, b);
    }
    this.prune(cutoff);
    return conflicts;
  }

  /** Claims the guard for every subject of the batch; returns those refused (conflicts noted). */
  private refusedSubjects(batch: SeriesBatch, guard: OffsetGuard, conflicts: SeriesConflicts): Set<string> {
    const refused = new Set<string>();
    const seen = new Set<string>();
    for (const b of batch.buckets) {
      const key = subjectKey(b.subject);
      if (seen.has(key)) continue;
      seen.add(key);
      const { outcome, stored } = this.offsets.claim(key, guard);
      if (outcome === 'applied') continue;
      refused.add(key);
      if (outcome === 'conflict' && stored !== undefined) conflicts.set(key, stored);
    }
    return refused;
  }

  async query(query: SeriesQuery): Promise<SeriesResult> {
    this.ensureOpen();
    checkQueryRange(query);
    const series = this.bySubject.get(subjectKey(query.subject));
    const inRange: BucketAggregate[] = [];
    for (const [t, bucket] of series?.buckets ?? []) {
      if (t >= query.fromMs && t < query.toMs) inRange.push(bucket);
    }
    return seriesFromBuckets(inRange, this.resolutionMs, query.signals);
  }

  async subjects(): Promise<Subject[]> {
    this.ensureOpen();
    return [...this.bySubject.values()].map((s) => s.subject);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.bySubject.clear();
    this.byTime.clear();
  }

  private prune(cutoff: number): void {
    for (const [t, keys] of this.byTime) {
      if (t > cutoff) continue;
      for (const key of keys) {
        const series = this.bySubject.get(key);
        if (series === undefined) continue;
        series.buckets.delete(t);
        if (series.buckets.size === 0) {
          this.bySubject.delete(key);
          this.offsets.forget(key);
        }
      }
      this.byTime.delete(t);
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw closedError();
  }
}

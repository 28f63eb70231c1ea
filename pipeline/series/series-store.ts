import type { OffsetGuard } from '../window/window-store.js';
import { SeriesError, SeriesErrorCode } from './errors.js';
import type { SeriesBatch } from './series-batch.js';
import type { SeriesResult, Signal } from './signals.js';
import type { Subject } from './subject.js';

/** Subjects refused by a guarded write as partly applied: subject key -> next offset stored. */
export type SeriesConflicts = Map<string, number>;

/** A read of one subject's series. */
export interface SeriesQuery {
  subject: Subject;
  /**
   * The signals to return. Each one named is in the answer (an empty array when it has no
   * data). When omitted: the seven span signals plus every metric signal with data.
   */
  signals?: readonly Signal[];
  /** Buckets whose start `t` satisfies `fromMs <= t < toMs` are returned (Unix epoch ms). */
  fromMs: number;
  toMs: number;
}

/**
 * Where per-service and per-edge signal series live (port). Adapters:
 * `MemorySeriesStore` (embedded default) and `RedisSeriesStore` (single Redis or Cluster).
 *
 * The store holds pre-summed bucket aggregates (see `SeriesBatch`), never raw spans, and
 * derives signals when read: rates per second, `error_rate`, latency mean and percentiles
 * from the merged log-bucket histogram, metric means and rates. Buckets are `resolutionMs`
 * wide and aligned to the Unix epoch; data older than `retentionMs` goes away.
 */
export interface SeriesStore {
  /** Bucket width, milliseconds. */
  readonly resolutionMs: number;
  /** How long buckets are kept, milliseconds. */
  readonly retentionMs: number;

  /**
   * Adds a batch's aggregates to what is stored. Writes merge by addition, so several
   * writers (instances, or successive drains) may write the same subject and bucket and
   * the result is their sum. Resolves once the data is stored; rejects with
   * `FL_SERIES_RESOLUTION_MISMATCH` when the batch has another resolution than the store
   * (or a bucket not aligned to it), writing nothing,
   * and with the backend's error when it cannot store (the caller may retry the batch,
   * at the price of counting it twice if the failed write was in fact applied).
   *
   * With a `guard` (a Kafka batch: messages [from, next) of one partition) the write is
   * exactly once per subject: the store keeps, per subject and stream, the next offset it
   * added, and adds a subject's buckets together with that offset in one atomic step, or
   * not at all when some of the messages were added before. It resolves to the subjects
   * refused because only some were (a conflict), with the offset the store holds: the
   * caller recomputes those subjects from that offset and writes them again. Subjects
   * whose messages were all added before are skipped silently.
   */
  write(batch: SeriesBatch, guard?: OffsetGuard): Promise<SeriesConflicts>;

  /**
   * One subject's series in `[fromMs, toMs)`: for each signal, the points of the buckets
   * with data, sorted by bucket start. Span signals need calls in the bucket (`error_rate`
   * is absent without requests); metric signals need points of that metric.
   */
  query(query: SeriesQuery): Promise<SeriesResult>;

  /** Every subject with data in the retention, in no particular order. */
  subjects(): Promise<Subject[]>;

  /** Releases what the store holds; later calls reject with `FL_SERIES_CLOSED`. Idempotent. */
  close(): Promise<void>;
}

/**
 * Throws `FL_SERIES_RESOLUTION_MISMATCH` unless the batch has the store's resolution and
 * every bucket starts on a multiple of it.
 */
export function checkBatchResolution(batch: SeriesBatch, resolutionMs: number): void {
  if (batch.resolutionMs !== resolutionMs) {
    throw new SeriesError(
      SeriesErrorCode.ResolutionMismatch,
      `batch resolution ${batch.resolutionMs} ms differs from the store's ${resolutionMs} ms`,
      { batch: batch.resolutionMs, store: resolutionMs },
    );
  }
  const misaligned = batch.buckets.find(
    (b) => !Number.isSafeInteger(b.bucketMs) || b.bucketMs % resolutionMs !== 0,
  );
  if (misaligned !== undefined) {
    throw new SeriesError(
      SeriesErrorCode.ResolutionMismatch,
      `bucket start ${misaligned.bucketMs} is not a multiple of the resolution ${resolutionMs} ms`,
      { bucketMs: misaligned.bucketMs, store: resolutionMs },
    );
  }
}

/** Throws `FL_SERIES_INVALID_QUERY` unless the range is finite and ordered. */
export function checkQueryRange(query: SeriesQuery): void {
  if (!Number.isFinite(query.fromMs) || !Number.isFinite(query.toMs) || query.fromMs > query.toMs) {
    throw new SeriesError(SeriesErrorCode.InvalidQuery, `bad time range [${query.fromMs}, ${query.toMs})`, {
      fromMs: query.fromMs,
      toMs: query.toMs,
    });
  }
}

/** The error a closed store rejects with. */
export function closedError(): SeriesError {
  return new SeriesError(SeriesErrorCode.Closed, 'the series store is closed');
}

import type { SpanRecord } from '../ingest/records.js';
import type { MessageSegment, TelemetryBatch } from '../ingest/telemetry-sink.js';
import type { Logger } from '../observability/logger.js';
import type { EdgeCall, SeriesAggregator } from './series/series-aggregator.js';
import type { SeriesBatch } from './series/series-batch.js';
import type { SeriesConflicts, SeriesStore } from './series/series-store.js';
import { subjectKey } from './series/subject.js';
import type { GuardResult } from './window/offset-guard.js';
import type { OffsetGuard } from './window/window-store.js';

/** An edge call completed by a span of one Kafka message. */
export interface OffsetCall {
  /** The offset of the message whose span completed the call. */
  offset: number;
  call: EdgeCall;
}

/**
 * The topology as the pipeline feeds it (port; a `TopologyFeed` implements it): span
 * pairing, and the guarded write of the edge calls a Kafka batch completed.
 */
export interface GuardedTopology<C extends OffsetCall = OffsetCall> {
  /** Pairs spans that come with no offsets; their calls are written later by the topology. */
  addSpans(spans: readonly SpanRecord[]): void;
  /** Pairs a Kafka batch message by message and hands back the calls, each with its message's offset. */
  pairMessages(spans: readonly SpanRecord[], segments: readonly MessageSegment[]): C[];
  /** Writes the edges of `calls` exactly once under `guard` (see `GraphStore.write`). */
  writeCalls(calls: readonly C[], guard: OffsetGuard): Promise<GuardResult>;
}

/** How many times a conflicting write is recomputed from the stored offset before the batch fails. */
const CONFLICT_RETRIES = 3;

/**
 * Writes what a batch adds besides the SLI windows: the signal series and the topology's
 * edges. A Kafka batch is written exactly once, like the windows: each write carries the
 * batch's offsets, the stores keep the next offset applied (per series subject, and for the
 * graph) and refuse messages applied before; when only some were (the batch began before
 * the stored offset: redelivered after a crash, or written by another consumer), the part
 * from the stored offset on is recomputed and written again.
 *
 * Calls completed by expiry (a span that waited in vain) belong to no message: the topology
 * writes those on its own timer, at least once.
 */
export class DerivedWriter {
  /**
   * The calls each batch in hand completed, by its spans array (a source retrying a write
   * hands the same array again): pairing a batch a second time finds its spans already
   * seen and completes nothing, so a retry after a failed write must reuse the first calls.
   */
  private readonly paired = new WeakMap<readonly SpanRecord[], OffsetCall[]>();

  constructor(
    private readonly opts: {
      series?: { aggregator: SeriesAggregator; store: SeriesStore } | undefined;
      topology?: GuardedTopology | undefined;
      logger: Logger;
    },
  ) {}

  /** `kafka`: where the batch ends in its partition, when it came from Kafka with segments. */
  async write(batch: TelemetryBatch, kafka?: { stream: string; next: number }): Promise<void> {
    const segments = batch.segments;
    if (kafka === undefined || segments === undefined || segments.length === 0) {
      this.opts.topology?.addSpans(batch.spans);
      await this.writeSeries(batch, []);
      return;
    }
    let calls = this.paired.get(batch.spans);
    if (calls === undefined) {
      calls = this.opts.topology?.pairMessages(batch.spans, segments) ?? [];
      this.paired.set(batch.spans, calls);
    }
    const guard: OffsetGuard = { stream: kafka.stream, from: segments[0]!.offset, next: kafka.next };
    await Promise.all([this.writeEdges(calls, guard), this.writeSeries(batch, calls, guard)]);
    this.paired.delete(batch.spans);
  }

  private async writeEdges(calls: readonly OffsetCall[], guard: OffsetGuard): Promise<void> {
    const topology = this.opts.topology;
    if (topology === undefined) return;
    let result = await topology.writeCalls(calls, guard);
    for (let attempt = 0; result.outcome === 'conflict'; attempt++) {
      if (attempt >= CONFLICT_RETRIES)
        throw new Error(`edge offset conflicts on ${guard.stream} did not settle`);
      const from = result.stored ?? guard.from;
      result = await topology.writeCalls(
        calls.filter((c) => c.offset >= from),
        { ...guard, from },
      );
    }
  }

  private async writeSeries(batch: TelemetryBatch, calls: readonly OffsetCall[], guard?: OffsetGuard) {
    const series = this.opts.series;
    if (series === undefined) return;
    const { aggregator, store } = series;
    if (guard !== undefined) {
      // What the topology's timer added since (expired calls) is not this batch's: written
      // unguarded, so a refused batch cannot take it down with it.
      const before = aggregator.drain();
      if (before.buckets.length > 0) await store.write(before);
    }
    addBatch(aggregator, batch, 0, calls);
    let conflicts = await store.write(aggregator.drain(), guard);
    for (let attempt = 0; conflicts.size > 0 && guard !== undefined; attempt++) {
      if (attempt >= CONFLICT_RETRIES)
        throw new Error(`series offset conflicts on ${guard.stream} did not settle`);
      this.opts.logger.warn(
        { stream: guard.stream, subjects: conflicts.size },
        'series offset conflict: recomputing',
      );
      conflicts = await this.rewrite(batch, calls, guard, conflicts);
    }
  }

  /** Writes each conflicting subject again, computed from the offset its store holds. */
  private async rewrite(
    batch: TelemetryBatch,
    calls: readonly OffsetCall[],
    guard: OffsetGuard,
    conflicts: SeriesConflicts,
  ): Promise<SeriesConflicts> {
    const { aggregator, store } = this.opts.series!;
    const byStart = new Map<number, Set<string>>();
    for (const [key, stored] of conflicts) byStart.set(stored, (byStart.get(stored) ?? new Set()).add(key));
    const left: SeriesConflicts = new Map();
    for (const [from, keys] of byStart) {
      const fresh = aggregator.sibling();
      addBatch(fresh, batch, from, calls);
      const drained = fresh.drain();
      const part: SeriesBatch = {
        resolutionMs: drained.resolutionMs,
        buckets: drained.buckets.filter((b) => keys.has(subjectKey(b.subject))),
      };
      for (const [key, stored] of await store.write(part, { ...guard, from })) left.set(key, stored);
    }
    return left;
  }
}

/** Where the records of the messages at or after offset `from` begin in a batch's arrays. */
export function recordsFrom(
  segments: readonly MessageSegment[],
  from: number,
): { spans: number; metrics: number } {
  let spans = 0;
  let metrics = 0;
  for (const seg of segments) {
    if (seg.offset >= from) break;
    spans = seg.spansEnd;
    metrics = seg.metricsEnd;
  }
  return { spans, metrics };
}

/** Adds the batch's records (and calls) of the messages at or after offset `from`. */
function addBatch(into: SeriesAggregator, batch: TelemetryBatch, from: number, calls: readonly OffsetCall[]) {
  const start = batch.segments === undefined ? { spans: 0, metrics: 0 } : recordsFrom(batch.segments, from);
  for (let i = start.spans; i < batch.spans.length; i++) into.addSpan(batch.spans[i]!);
  for (let i = start.metrics; i < batch.metrics.length; i++) into.addMetricPoint(batch.metrics[i]!);
  for (const c of calls) if (c.offset >= from) into.addEdgeCall(c.call);
}

import type { MetricPoint, SpanRecord } from '../ingest/records.js';
import type { BatchOrigin, MessageSegment, TelemetryBatch, TelemetrySink } from '../ingest/telemetry-sink.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { DerivedWriter, type GuardedTopology, recordsFrom } from './derived-writer.js';
import type { Watermark } from './event-time.js';
import { minuteOfNs } from './record-rules/span-rules.js';
import type { SeriesAggregator } from './series/series-aggregator.js';
import type { SeriesStore } from './series/series-store.js';
import { type SamplingOptions, SliExtractor, type SloCounts } from './sli/sli-extractor.js';
import type { Slo } from './slo/slo.js';
import type { OffsetGuard, SloDelta, WindowStore } from './window/window-store.js';

export interface PipelineSinkOptions {
  slos: readonly Slo[];
  store: WindowStore;
  /** Per-service signal series for root-cause work; written with every batch. */
  series?: { aggregator: SeriesAggregator; store: SeriesStore };
  /**
   * The topology's span pairing and graph (a `TopologyFeed`): given every batch's spans
   * before the series are drained, so edge calls completed by the batch go out with its
   * series, and, for a Kafka batch, are written to the graph with it.
   */
  topology?: GuardedTopology;
  watermark: Watermark;
  allowedLatenessMinutes: number;
  metrics: EngineMetrics;
  logger: Logger;
  /** How sampled spans are weighed; unsampled spans count once either way. */
  sampling?: SamplingOptions;
}

/** How many times a conflicting SLO is reloaded and recomputed before the batch fails. */
const CONFLICT_RETRIES = 3;

/**
 * The pipeline's entry: turns each batch into per-SLO minute counts and writes them to the
 * WindowStore. Kafka batches are written exactly once per SLO: the store keeps, per SLO and
 * partition, the next offset applied, and each SLO's counts are computed only from the
 * messages at or after it, then applied together with the new offset in one atomic step.
 */
export class PipelineSink implements TelemetrySink {
  private readonly extractor: SliExtractor;
  private readonly retention = new Map<string, number>();
  /** Per stream (topic:partition): per SLO, the next offset known to be applied. */
  private readonly applied = new Map<string, Map<string, number>>();
  private readonly derived: DerivedWriter;

  constructor(private readonly opts: PipelineSinkOptions) {
    this.derived = new DerivedWriter({ series: opts.series, topology: opts.topology, logger: opts.logger });
    this.extractor = new SliExtractor(
      opts.slos,
      BigInt(opts.allowedLatenessMinutes) * 60_000_000_000n,
      opts.sampling,
    );
    for (const slo of opts.slos) this.retention.set(slo.id, slo.periodMinutes + opts.allowedLatenessMinutes);
  }

  async write(batch: TelemetryBatch, origin: BatchOrigin): Promise<void> {
    const oldest = this.opts.watermark.oldestAccepted;
    const newest = this.opts.watermark.newestAccepted;
    const keep = (minute: number) => minute >= oldest && minute <= newest;
    // Series and edges are exact like the windows: a message delivered again is left out.
    await Promise.all([this.writeWindows(batch, origin, keep), this.derived.write(batch, kafkaEnd(origin))]);
    this.countRefused(batch, oldest, newest);
    this.opts.watermark.advance(newestMinute(batch));
  }

  private async writeWindows(batch: TelemetryBatch, origin: BatchOrigin, keep: (minute: number) => boolean) {
    const end = kafkaEnd(origin);
    if (end !== undefined && batch.segments !== undefined && batch.segments.length > 0) {
      await this.writeGuarded(batch, batch.segments, end.stream, end.next, keep);
    } else {
      const counts: SloCounts = new Map();
      this.extractor.addSpans(batch.spans, counts, keep);
      this.extractor.addMetrics(batch.metrics, counts, keep);
      await this.opts.store.apply(this.deltas(counts));
    }
  }

  private async writeGuarded(
    batch: TelemetryBatch,
    segments: readonly MessageSegment[],
    stream: string,
    next: number,
    keep: (minute: number) => boolean,
  ): Promise<void> {
    const applied = await this.appliedFor(stream);
    let pending = this.opts.slos.map((s) => s.id);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > CONFLICT_RETRIES) throw new Error(`offset conflicts on ${stream} did not settle`);
      const deltas: SloDelta[] = [];
      /** The first offset each delta counts from: messages before it are redeliveries. */
      const starts: number[] = [];
      // SLOs grouped by the first offset they still need; normally all share the batch start.
      const byStart = new Map<number, string[]>();
      for (const id of pending) {
        const start = Math.max(applied.get(id) ?? 0, segments[0]!.offset);
        if (start >= next) {
          // all known applied (offsets read after a restart): skipped here, counted all the same
          this.countSkipped(segments, next);
          continue;
        }
        byStart.set(start, [...(byStart.get(start) ?? []), id]);
      }
      for (const [start, ids] of byStart) {
        const counts = this.countFrom(batch, segments, start, keep);
        const guard: OffsetGuard = { stream, from: start, next };
        for (const id of ids) {
          const minutes = counts.get(id);
          if (minutes === undefined) this.countSkipped(segments, start);
          else {
            deltas.push(this.delta(id, minutes, guard));
            starts.push(start);
          }
        }
      }
      const outcomes = await this.opts.store.apply(deltas);
      const conflicted: string[] = [];
      outcomes.forEach((o, i) => {
        const id = deltas[i]!.sloId;
        if (o === 'conflict') conflicted.push(id);
        else applied.set(id, next);
        if (o !== 'conflict') this.countSkipped(segments, o === 'duplicate' ? next : starts[i]!);
      });
      if (conflicted.length > 0) {
        this.opts.logger.warn(
          { stream, slos: conflicted.length },
          'offset conflict: reloading applied offsets',
        );
        const fresh = await this.opts.store.appliedOffsets(stream, conflicted);
        for (const id of conflicted) applied.set(id, fresh.get(id) ?? 0);
      }
      pending = conflicted;
    }
  }

  /**
   * Counts, for one SLO, the messages of the batch before offset `from`: redeliveries it
   * skipped because they were applied already (after a restart, most batches begin with some).
   */
  private countSkipped(segments: readonly MessageSegment[], from: number): void {
    let skipped = 0;
    for (const seg of segments) {
      if (seg.offset >= from) break;
      skipped++;
    }
    if (skipped > 0) this.opts.metrics.duplicateDeltas.inc(skipped);
  }

  /** Counts from the messages at or after `start` only. */
  private countFrom(
    batch: TelemetryBatch,
    segments: readonly MessageSegment[],
    start: number,
    keep: (minute: number) => boolean,
  ): SloCounts {
    const { spans: spanFrom, metrics: metricFrom } = recordsFrom(segments, start);
    const counts: SloCounts = new Map();
    this.extractor.addSpans(spanFrom === 0 ? batch.spans : batch.spans.slice(spanFrom), counts, keep);
    this.extractor.addMetrics(
      metricFrom === 0 ? batch.metrics : batch.metrics.slice(metricFrom),
      counts,
      keep,
    );
    return counts;
  }

  private async appliedFor(stream: string): Promise<Map<string, number>> {
    let m = this.applied.get(stream);
    if (m === undefined) {
      m = await this.opts.store.appliedOffsets(
        stream,
        this.opts.slos.map((s) => s.id),
      );
      this.applied.set(stream, m);
    }
    return m;
  }

  /** Forgets what it knows of a stream's offsets (its partition moved to another instance). */
  forgetStream(stream: string): void {
    this.applied.delete(stream);
  }

  private deltas(counts: SloCounts): SloDelta[] {
    return [...counts].map(([id, minutes]) => this.delta(id, minutes));
  }

  private delta(
    sloId: string,
    minutes: Map<number, { good: number; total: number }>,
    guard?: OffsetGuard,
  ): SloDelta {
    return {
      sloId,
      retentionMinutes: this.retention.get(sloId) ?? 90 * 1440,
      // The store keeps whole events; sampled spans' adjusted counts are summed per SLO and
      // minute first, so rounding costs at most half an event per minute and batch.
      counts: [...minutes].map(([minute, c]) => ({
        minute,
        good: Math.round(c.good),
        total: Math.round(c.total),
      })),
      ...(guard ? { guard } : {}),
    };
  }

  /** Counts the records `keep` refused: older than the watermark, or too far in the future. */
  private countRefused(batch: TelemetryBatch, oldest: number, newest: number): void {
    const late = { traces: 0, metrics: 0 };
    const future = { traces: 0, metrics: 0 };
    const count = (minute: number, signal: 'traces' | 'metrics') => {
      if (minute < oldest) late[signal]++;
      else if (minute > newest) future[signal]++;
    };
    for (const s of batch.spans) count(minuteOfNs(s.endNs), 'traces');
    for (const p of batch.metrics) count(minuteOfNs(p.timeNs), 'metrics');
    for (const signal of ['traces', 'metrics'] as const) {
      if (late[signal] > 0) this.opts.metrics.lateRecords.inc({ signal }, late[signal]);
      if (future[signal] > 0) this.opts.metrics.futureRecords.inc({ signal }, future[signal]);
    }
  }
}

/** Where a Kafka batch ends in its partition; none for other sources. */
function kafkaEnd(origin: BatchOrigin): { stream: string; next: number } | undefined {
  const position = origin.source === 'kafka' ? origin.positions[0] : undefined;
  if (position === undefined) return undefined;
  return { stream: `${position.topic}:${position.partition}`, next: Number(position.nextOffset) };
}

function newestMinute(batch: { spans: readonly SpanRecord[]; metrics: readonly MetricPoint[] }): number {
  let newest = Number.NEGATIVE_INFINITY;
  for (const s of batch.spans) newest = Math.max(newest, minuteOfNs(s.endNs));
  for (const p of batch.metrics) newest = Math.max(newest, minuteOfNs(p.timeNs));
  return newest;
}

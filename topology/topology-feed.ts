import type { SpanRecord } from '../ingest/records.js';
import type { MessageSegment } from '../ingest/telemetry-sink.js';
import type { GuardedTopology } from '../pipeline/derived-writer.js';
import type { GuardResult } from '../pipeline/window/offset-guard.js';
import type { OffsetGuard } from '../pipeline/window/window-store.js';
import { EdgeAccumulator } from './edge-accumulator.js';
import type { GraphStore } from './graph-store.js';
import type { MessageCall, TopologyBuilder } from './topology-builder.js';

/**
 * What the pipeline feeds: spans without offsets go through the builder and reach the graph
 * with the flusher's next run; a Kafka batch's calls are written to the graph with the
 * batch, under its offset guard, so they count once however often the batch comes.
 */
export class TopologyFeed implements GuardedTopology<MessageCall> {
  constructor(
    private readonly builder: TopologyBuilder,
    private readonly store: GraphStore,
    private readonly resolutionMs: number,
  ) {}

  addSpans(spans: readonly SpanRecord[]): void {
    this.builder.addSpans(spans);
  }

  pairMessages(spans: readonly SpanRecord[], segments: readonly MessageSegment[]): MessageCall[] {
    return this.builder.pairMessages(spans, segments);
  }

  async writeCalls(calls: readonly MessageCall[], guard: OffsetGuard): Promise<GuardResult> {
    // Unbounded here: the calls of one batch, pre-summed per (edge, bucket).
    const updates = new EdgeAccumulator(this.resolutionMs, Number.MAX_SAFE_INTEGER);
    for (const c of calls) updates.add(c.record, c.eventMs);
    return this.store.write(updates.drain(), guard);
  }
}

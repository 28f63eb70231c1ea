import { type Clock, systemClock } from '../core/clock.js';
import type { SpanRecord } from '../ingest/records.js';
import type { MessageSegment } from '../ingest/telemetry-sink.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { ServiceGraphCall } from '../observability/service-graph-metrics.js';
import type { OffsetCall } from '../pipeline/derived-writer.js';
import { CardinalityLimit } from '../pipeline/series/cardinality-limit.js';
import type { EdgeCall } from '../pipeline/series/series-aggregator.js';
import { EdgeAccumulator } from './edge-accumulator.js';
import { positiveOption } from './errors.js';
import { type EdgeCallRecord, type EdgeUpdate, edgeKey } from './model.js';
import { serviceGraphCall } from './service-graph-call.js';
import {
  type PairingListener,
  SpanPairer,
  type SpanPairingOptions,
  UNPAIRED_REASONS,
  type UnpairedReason,
} from './span-pairing.js';

export interface TopologyBuilderOptions extends SpanPairingOptions {
  /** Width of the time buckets edge updates are pre-summed in, ms (the series resolution, default 10 000). */
  resolutionMs?: number;
  /** Most (edge, bucket) updates pending between two drains (default 100 000). */
  maxPendingUpdates?: number;
  /**
   * Most distinct edges tracked at once (default 10 000). Calls along further edges are
   * counted on the edge {@link OVERFLOW_NODE} -> {@link OVERFLOW_NODE}, so a flood of
   * distinct service names cannot grow the graph without bound. An edge without calls for
   * `edgeIdleMs` frees its place.
   */
  maxEdges?: number;
  /** How long an edge keeps its place without calls, ms (default 3 600 000, the graph's edge TTL). */
  edgeIdleMs?: number;
  /** Where each completed call also goes, within the edge cap: the service-graph metrics on /metrics. */
  graphMetrics?: { observe(call: ServiceGraphCall): void };
  /** Where each completed call also goes, for the per-edge signal series. */
  series?: { addEdgeCall(call: EdgeCall): void };
  metrics?: EngineMetrics;
  /** Processing time: how long spans have waited for their other side (default: the system clock). */
  clock?: Clock;
}

/** What the builder has counted since creation. */
export interface TopologyCounts {
  unpaired: Record<UnpairedReason, number>;
  duplicates: number;
  calls: number;
  /** Calls counted on the overflow edge because `maxEdges` edges were tracked. */
  overflowed: number;
}

/** A call completed by a span of one Kafka message, as {@link TopologyBuilder.pairMessages} returns it. */
export interface MessageCall extends OffsetCall {
  /** The call as the graph counts it (within the edge cap). */
  record: EdgeCallRecord;
  /** Its time in the graph: its end, but never past the clock's now (Unix epoch ms). */
  eventMs: number;
}

/** The node that stands for every node of edges past the `maxEdges` cap. */
export const OVERFLOW_NODE = '__overflow__';

/**
 * Turns spans into pre-summed edge updates: spans go through {@link SpanPairer}; each
 * completed call is added to its (edge, bucket) update, passed to the series aggregator and
 * counted. Synchronous and without timers: the owner calls {@link expire} now and then and
 * {@link drain}s the updates into a `GraphStore` (see `TopologyFlusher`).
 *
 * A call's bucket and `lastSeenMs` are its end time (event time), but never later than
 * the clock's now, so a host with a clock running ahead cannot put edges in the future.
 */
export class TopologyBuilder {
  readonly counts: TopologyCounts = {
    unpaired: Object.fromEntries(UNPAIRED_REASONS.map((r) => [r, 0])) as Record<UnpairedReason, number>,
    duplicates: 0,
    calls: 0,
    overflowed: 0,
  };
  private readonly pairer: SpanPairer;
  private readonly updates: EdgeAccumulator;
  private readonly edges: CardinalityLimit;
  private readonly edgeIdleMs: number;
  private readonly clock: Clock;
  private now = 0;
  /** While pairing a Kafka batch: where completed calls go instead of the pending updates. */
  private collect: ((record: EdgeCallRecord, eventMs: number) => void) | undefined;

  constructor(private readonly opts: TopologyBuilderOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.updates = new EdgeAccumulator(
      opts.resolutionMs ?? 10_000,
      positiveOption('maxPendingUpdates', opts.maxPendingUpdates ?? 100_000),
    );
    this.edges = new CardinalityLimit(positiveOption('maxEdges', opts.maxEdges ?? 10_000));
    this.edgeIdleMs = positiveOption('edgeIdleMs', opts.edgeIdleMs ?? 3_600_000);
    const listener: PairingListener = {
      call: (call) => this.onCall(call),
      unpaired: (reason, spans) => {
        this.counts.unpaired[reason] += spans;
        opts.metrics?.topologyUnpairedSpans.inc({ reason }, spans);
      },
      duplicate: () => {
        this.counts.duplicates++;
        opts.metrics?.topologyDuplicateSpans.inc();
      },
    };
    this.pairer = new SpanPairer(listener, opts);
  }

  /** Spans waiting for their other side now. */
  get pendingSpans(): number {
    return this.pairer.store.size;
  }

  addSpans(spans: readonly SpanRecord[]): void {
    this.now = this.clock.now();
    for (const span of spans) this.pairer.add(span, this.now);
    this.gauge();
  }

  /**
   * Pairs a Kafka batch message by message and returns the calls each message's spans
   * completed, instead of adding them to the pending updates and the series: the caller
   * writes them under the batch's offset guard, so the calls of a message delivered again
   * (after a crash, before its commit) are counted once. Counters and the service-graph
   * metrics see every call, as with {@link addSpans}.
   */
  pairMessages(spans: readonly SpanRecord[], segments: readonly MessageSegment[]): MessageCall[] {
    const out: MessageCall[] = [];
    this.now = this.clock.now();
    let i = 0;
    try {
      for (const seg of segments) {
        this.collect = (record, eventMs) =>
          out.push({ offset: seg.offset, call: edgeCallOf(record), record, eventMs });
        for (; i < seg.spansEnd; i++) this.pairer.add(spans[i]!, this.now);
      }
    } finally {
      this.collect = undefined;
    }
    this.gauge();
    return out;
  }

  /** Expires the pairs whose wait is over (their virtual edges complete now). */
  expire(): void {
    this.now = this.clock.now();
    this.pairer.expire(this.now);
    this.gauge();
  }

  /** Expires every waiting pair at once: for the end of a replay, when no more spans come. */
  expireAll(): void {
    this.now = this.clock.now();
    this.pairer.expireAll(this.now);
    this.gauge();
  }

  /** Distinct edges tracked now (at most `maxEdges`). */
  get trackedEdges(): number {
    return this.edges.size;
  }

  /** The edge updates pre-summed since the last drain; also forgets idle edges. */
  drain(): EdgeUpdate[] {
    this.edges.sweep(this.clock.now() - this.edgeIdleMs);
    return this.updates.drain();
  }

  /** Puts back updates whose write failed, so the next drain carries them again. */
  restore(updates: readonly EdgeUpdate[]): void {
    const before = this.updates.dropped;
    this.updates.restore(updates);
    this.countDropped(before);
  }

  private onCall(original: EdgeCallRecord): void {
    this.counts.calls++;
    this.opts.metrics?.topologyEdgeCalls.inc({ connection_type: original.connectionType });
    const call = this.withinCap(original);
    const eventMs = Math.min(Number(call.endNs / 1_000_000n), this.now);
    this.opts.graphMetrics?.observe(serviceGraphCall(call));
    if (this.collect !== undefined) {
      this.collect(call, eventMs);
      return;
    }
    const before = this.updates.dropped;
    this.updates.add(call, eventMs);
    this.countDropped(before);
    this.opts.series?.addEdgeCall(edgeCallOf(call));
  }

  /** The call itself, or the same call on the overflow edge when its edge is new and there is no room. */
  private withinCap(call: EdgeCallRecord): EdgeCallRecord {
    if (this.edges.admit(edgeKey(call.source, call.target), this.now)) return call;
    this.counts.overflowed++;
    this.opts.metrics?.cardinalityOverflow.inc({ limit: 'topology_edges' });
    return {
      ...call,
      source: OVERFLOW_NODE,
      target: OVERFLOW_NODE,
      sourceKind: 'virtual',
      targetKind: 'virtual',
      connectionType: 'virtual',
    };
  }

  private countDropped(before: number): void {
    const dropped = this.updates.dropped - before;
    if (dropped > 0) this.opts.metrics?.topologyDroppedCalls.inc(dropped);
  }

  private gauge(): void {
    this.opts.metrics?.topologyPendingSpans.set(this.pairer.store.size);
  }
}

/** A graph call as the per-edge series count it. */
function edgeCallOf(call: EdgeCallRecord): EdgeCall {
  return {
    source: call.source,
    target: call.target,
    endNs: call.endNs,
    durationNs: call.clientDurationNs ?? call.serverDurationNs ?? 0,
    failed: call.failed,
  };
}

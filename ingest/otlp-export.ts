import { FaultlineError } from '../core/faultline-error.js';
import type { EngineMetrics } from '../observability/metrics.js';
import {
  decodeMetrics,
  decodeSpans,
  newTally,
  type OtlpEncoding,
  type SpanDecodeOptions,
} from './decode/index.js';
import { IngestErrorCode } from './errors.js';
import { countTally } from './tally-metrics.js';
import type { Signal, TelemetrySink } from './telemetry-sink.js';

/** The OTLP receivers; each counts under its own `source` label. */
export type OtlpTransport = 'otlp-http' | 'otlp-grpc';

/** What both OTLP receivers share: where records go, what they count, which attributes they keep. */
export interface OtlpExportContext {
  sink: TelemetrySink;
  metrics: EngineMetrics;
  /** Extra span attributes to keep (those the SLO selectors filter on). */
  decode?: SpanDecodeOptions;
  /** Most spans or points one export may hold, valid or not; more fail with FL_INGEST_TOO_MANY_RECORDS. */
  maxRecordsPerExport?: number;
}

/** The result of an accepted export: how many records were refused, and the first reason (OTLP partial success). */
export interface ExportOutcome {
  rejected: number;
  reason: string;
}

/** Raised when the sink cannot take the batch: the client should retry later. */
export class SinkUnavailable extends FaultlineError {
  constructor(cause: unknown) {
    super(IngestErrorCode.SinkUnavailable, 'the pipeline cannot take data now; retry later', {
      reason: 'sink unavailable',
      cause: (cause as Error).message,
    });
  }
}

/**
 * One OTLP export, whatever carried it: decodes the (already decompressed) payload with the
 * shared decoders, drops invalid records, counts, and writes the rest to the sink. Throws a
 * FaultlineError (`FL_INGEST_DECODE`, ...) for an undecodable payload and SinkUnavailable
 * when the pipeline refuses the batch; the transport maps those to its status codes.
 */
export async function acceptExport(
  transport: OtlpTransport,
  signal: Signal,
  payload: { bytes: Uint8Array; encoding: OtlpEncoding; wireBytes: number },
  ctx: OtlpExportContext,
): Promise<ExportOutcome> {
  const labels = { source: transport, signal } as const;
  ctx.metrics.ingestMessages.inc(labels);
  ctx.metrics.ingestBytes.inc(labels, payload.wireBytes);
  let write: (() => Promise<void>) | undefined;
  // Invalid records are counted as they are decoded and never kept (see decode/record-gate.ts),
  // and a payload past maxRecordsPerExport stops decoding: its cost is bounded by what it holds.
  const tally = newTally();
  const limits = {
    ...(ctx.maxRecordsPerExport === undefined ? {} : { maxRecords: ctx.maxRecordsPerExport }),
    tally,
  };
  try {
    if (signal === 'traces') {
      const spans = decodeSpans(payload.bytes, payload.encoding, { ...ctx.decode, ...limits });
      ctx.metrics.ingestRecords.inc(labels, spans.length);
      if (spans.length > 0) write = () => ctx.sink.write({ spans, metrics: [] }, { source: transport });
    } else {
      const points = decodeMetrics(payload.bytes, payload.encoding, limits);
      ctx.metrics.ingestRecords.inc(labels, points.length);
      if (points.length > 0)
        write = () => ctx.sink.write({ spans: [], metrics: points }, { source: transport });
    }
  } catch (err) {
    if (err instanceof FaultlineError) throw err;
    throw new FaultlineError(IngestErrorCode.Decode, (err as Error).message, { reason: 'decode failed' });
  }
  const outcome: ExportOutcome = { rejected: tally.invalid, reason: tally.reason };
  countTally(ctx.metrics, transport, tally);
  if (write) {
    try {
      await write();
    } catch (err) {
      throw new SinkUnavailable(err);
    }
  }
  return outcome;
}

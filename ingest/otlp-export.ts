import { FaultlineError } from '../core/faultline-error.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { decodeMetrics, decodeSpans, type OtlpEncoding, type SpanDecodeOptions } from './decode/index.js';
import { IngestErrorCode } from './errors.js';
import type { Signal, TelemetrySink } from './telemetry-sink.js';
import { metricProblem, spanProblem, validateRecords } from './validate.js';

/** The OTLP receivers; each counts under its own `source` label. */
export type OtlpTransport = 'otlp-http' | 'otlp-grpc';

/** What both OTLP receivers share: where records go, what they count, which attributes they keep. */
export interface OtlpExportContext {
  sink: TelemetrySink;
  metrics: EngineMetrics;
  /** Extra span attributes to keep (those the SLO selectors filter on). */
  decode?: SpanDecodeOptions;
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
  let outcome: ExportOutcome;
  let write: (() => Promise<void>) | undefined;
  try {
    if (signal === 'traces') {
      const v = validateRecords(decodeSpans(payload.bytes, payload.encoding, ctx.decode), spanProblem);
      outcome = { rejected: v.rejected, reason: v.reason };
      ctx.metrics.ingestRecords.inc(labels, v.accepted.length);
      if (v.accepted.length > 0)
        write = () => ctx.sink.write({ spans: v.accepted, metrics: [] }, { source: transport });
    } else {
      const v = validateRecords(decodeMetrics(payload.bytes, payload.encoding), metricProblem);
      outcome = { rejected: v.rejected, reason: v.reason };
      ctx.metrics.ingestRecords.inc(labels, v.accepted.length);
      if (v.accepted.length > 0)
        write = () => ctx.sink.write({ spans: [], metrics: v.accepted }, { source: transport });
    }
  } catch (err) {
    if (err instanceof FaultlineError) throw err;
    throw new FaultlineError(IngestErrorCode.Decode, (err as Error).message, { reason: 'decode failed' });
  }
  if (outcome.rejected > 0) {
    ctx.metrics.invalidRecords.inc({ source: transport, reason: outcome.reason }, outcome.rejected);
  }
  if (write) {
    try {
      await write();
    } catch (err) {
      throw new SinkUnavailable(err);
    }
  }
  return outcome;
}

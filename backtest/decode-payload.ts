import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { FaultlineError } from '../core/faultline-error.js';
import { decodeMetrics, decodeSpans, type SpanDecodeOptions } from '../ingest/decode/index.js';
import type { MetricPoint, SpanRecord } from '../ingest/records.js';
import type { Signal } from '../ingest/telemetry-sink.js';
import { metricProblem, spanProblem, validateRecords } from '../ingest/validate.js';
import { BacktestError, BacktestErrorCode } from './errors.js';
import type { Payload } from './file-payloads.js';

/** How binary payloads get their signal: sniffed from the first record, or forced by `--signal`. */
export type SignalChoice = 'auto' | Signal;

/** The records of one payload, with the span of event time they cover. */
export interface DecodedChunk {
  spans: SpanRecord[];
  metrics: MetricPoint[];
  /** Records refused as invalid (an all-zero trace id, a metric without a name, ...). */
  invalid: number;
  /** Earliest and latest event time (span end, point timestamp), ns; undefined without records. */
  minNs?: bigint;
  maxNs?: bigint;
}

export interface DecodeOptions {
  signal: SignalChoice;
  spans?: SpanDecodeOptions;
}

/**
 * Decodes one payload into validated records, as the live receivers do. OTLP/JSON names its
 * signal with its top-level key (`resourceSpans` or `resourceMetrics`); a binary payload's
 * signal is that of its first record: spans carry fixed-size fields (start and end times,
 * kind), metrics only length-delimited ones. Throws FL_BACKTEST_DECODE naming the file.
 */
export function decodePayload(p: Payload, options: DecodeOptions): DecodedChunk {
  try {
    const signals = signalsOf(p, options.signal);
    const spans = signals.includes('traces') ? decodeSpans(p.bytes, p.encoding, options.spans) : [];
    const metrics = signals.includes('metrics') ? decodeMetrics(p.bytes, p.encoding) : [];
    const s = validateRecords(spans, spanProblem);
    const m = validateRecords(metrics, metricProblem);
    return withRange({ spans: s.accepted, metrics: m.accepted, invalid: s.rejected + m.rejected });
  } catch (err) {
    if (!(err instanceof FaultlineError)) throw err;
    const reason = String(err.details.reason ?? err.code);
    throw new BacktestError(
      BacktestErrorCode.Decode,
      `${p.where}: cannot decode ${p.encoding === 'otlp_json' ? 'OTLP/JSON' : 'OTLP protobuf'} (${reason})`,
      { file: p.file, where: p.where, reason },
      { cause: err },
    );
  }
}

function withRange(chunk: DecodedChunk): DecodedChunk {
  let min: bigint | undefined;
  let max: bigint | undefined;
  const see = (ns: bigint) => {
    if (min === undefined || ns < min) min = ns;
    if (max === undefined || ns > max) max = ns;
  };
  for (const s of chunk.spans) see(s.endNs);
  for (const m of chunk.metrics) see(m.timeNs);
  return min === undefined || max === undefined ? chunk : { ...chunk, minNs: min, maxNs: max };
}

function signalsOf(p: Payload, choice: SignalChoice): Signal[] {
  if (p.encoding === 'otlp_json') {
    const key = firstJsonKey(p.bytes);
    if (key === 'resourceSpans' || key === 'resource_spans') return ['traces'];
    if (key === 'resourceMetrics' || key === 'resource_metrics') return ['metrics'];
    // Another key first: each decoder reads only its own member.
    return ['traces', 'metrics'];
  }
  if (choice !== 'auto') return [choice];
  return [sniffProtoSignal(p.bytes) ?? 'traces'];
}

/** The first member name of a JSON object, when it is a plain string; cheap, no full parse. */
function firstJsonKey(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('utf8');
  return /^\s*\{\s*"([A-Za-z_]+)"\s*:/.exec(head)?.[1];
}

/**
 * The signal of a binary TracesData / MetricsData (or export request): both hold resources
 * (field 1) of scopes (field 2) of items (field 2). A Span has varint and fixed-size fields
 * (kind, start and end times); a Metric has only length-delimited ones. Undefined when there
 * is no item or the bytes are malformed (the decoder then reports why).
 */
export function sniffProtoSignal(bytes: Uint8Array): Signal | undefined {
  try {
    for (const resource of lengthDelimited(bytes, 1)) {
      for (const scope of lengthDelimited(resource, 2)) {
        for (const item of lengthDelimited(scope, 2)) return onlyLengthDelimited(item) ? 'metrics' : 'traces';
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function* lengthDelimited(bytes: Uint8Array, field: number): Generator<Uint8Array> {
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [no, type] = r.tag();
    if (no === field && type === WireType.LengthDelimited) yield r.bytes();
    else r.skip(type, no);
  }
}

function onlyLengthDelimited(bytes: Uint8Array): boolean {
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [no, type] = r.tag();
    if (type !== WireType.LengthDelimited) return false;
    r.skip(type, no);
  }
  return true;
}

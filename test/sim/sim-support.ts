import { decodeMetrics, decodeSpans } from '../../ingest/decode/index.js';
import type { MetricPoint, SpanRecord } from '../../ingest/records.js';
import type { SimPayload } from '../../sim/emitter.js';
import { MemoryEmitter } from '../../sim/emitters/memory.js';
import { type RunOptions, type RunSummary, runSimulation } from '../../sim/run.js';

/** 2025-01-06T00:00:00Z, a Monday. */
export const T0 = Date.UTC(2025, 0, 6);

/** Runs a simulation into memory. */
export async function collect(options: RunOptions): Promise<{ payloads: SimPayload[]; summary: RunSummary }> {
  const emitter = new MemoryEmitter();
  const summary = await runSimulation(options, emitter);
  return { payloads: emitter.payloads, summary };
}

const EXTRA = new Set(['error.type', 'http.route', 'db.operation.name', 'messaging.destination.name']);

/** Every span of the payloads, decoded by faultline's own decoder (with a few extra attributes kept). */
export function spansOf(payloads: readonly SimPayload[]): SpanRecord[] {
  return payloads
    .filter((p) => p.signal === 'traces')
    .flatMap((p) => decodeSpans(p.bytes, 'otlp_proto', { spanAttributes: EXTRA }));
}

/** Every metric point of the payloads, decoded by faultline's own decoder. */
export function pointsOf(payloads: readonly SimPayload[]): MetricPoint[] {
  return payloads.filter((p) => p.signal === 'metrics').flatMap((p) => decodeMetrics(p.bytes, 'otlp_proto'));
}

/** Spans grouped by trace id. */
export function byTrace(spans: readonly SpanRecord[]): Map<string, SpanRecord[]> {
  const out = new Map<string, SpanRecord[]>();
  for (const s of spans) {
    const list = out.get(s.traceId);
    if (list === undefined) out.set(s.traceId, [s]);
    else list.push(s);
  }
  return out;
}

/** Duration in ms. */
export function ms(s: SpanRecord): number {
  return Number(s.endNs - s.startNs) / 1e6;
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** SERVER spans of `service`, split by whether they started inside [fromMs, toMs). */
export function servedBy(spans: readonly SpanRecord[], service: string, fromMs: number, toMs: number) {
  const inside: SpanRecord[] = [];
  const outside: SpanRecord[] = [];
  for (const s of spans) {
    if (s.service !== service || s.kind !== 'server') continue;
    const t = Number(s.startNs / 1_000_000n);
    (t >= fromMs && t < toMs ? inside : outside).push(s);
  }
  return { inside, outside };
}

/** Share of spans that failed. */
export function errorShare(spans: readonly SpanRecord[]): number {
  return (
    spans.filter((s) => s.status === 'error' || (s.httpStatus ?? 0) >= 500).length / Math.max(1, spans.length)
  );
}

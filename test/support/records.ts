import type { MetricPoint, SpanRecord } from '../../ingest/records.js';

let next = 1;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A server span of `service` ending at `endMs`, with overrides; ids are unique per call. */
export function span(service: string, endMs: number, over: Partial<SpanRecord> = {}): SpanRecord {
  const id = next++;
  const endNs = BigInt(endMs) * 1_000_000n;
  return {
    traceId: hex(id, 32),
    spanId: hex(id, 16),
    parentSpanId: '',
    service,
    kind: 'server',
    name: 'GET /',
    startNs: endNs - 20_000_000n,
    endNs,
    status: 'unset',
    links: [],
    ...over,
  };
}

/** A monotonic sum point of `service`. */
export function counter(
  service: string,
  name: string,
  timeMs: number,
  value: number,
  over: Partial<MetricPoint> = {},
): MetricPoint {
  return {
    service,
    name,
    unit: '1',
    type: 'sum',
    temporality: 'cumulative',
    monotonic: true,
    attributes: {},
    startNs: 1_000_000n,
    timeNs: BigInt(timeMs) * 1_000_000n,
    value,
    ...over,
  };
}

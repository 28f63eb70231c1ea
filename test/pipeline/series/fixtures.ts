import type { MetricPoint, SpanRecord } from '../../../ingest/records.js';

/** A bucket start well in the past (so never "in the future"), aligned to 10 s and 1 min. */
export const T0 = 1_700_000_040_000;

let nextSpanId = 1;

/** A SERVER span of `service` ending at `endMs` (epoch ms) after `durationMs`. */
export function serverSpan(
  service: string,
  endMs: number,
  durationMs: number,
  overrides: Partial<SpanRecord> = {},
): SpanRecord {
  const endNs = BigInt(endMs) * 1_000_000n;
  const durationNs = BigInt(Math.round(durationMs * 1_000_000));
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: (nextSpanId++).toString(16).padStart(16, '0'),
    parentSpanId: '',
    service,
    kind: 'server',
    name: 'GET /',
    startNs: endNs - durationNs,
    endNs,
    status: 'unset',
    links: [],
    ...overrides,
  };
}

/** A metric point of `service` at `timeMs` (epoch ms). */
export function metricPoint(
  service: string,
  name: string,
  timeMs: number,
  fields: Partial<MetricPoint> & Pick<MetricPoint, 'type'>,
): MetricPoint {
  return {
    service,
    name,
    unit: '',
    temporality: 'unspecified',
    monotonic: false,
    attributes: {},
    startNs: BigInt(T0 - 3_600_000) * 1_000_000n,
    timeNs: BigInt(timeMs) * 1_000_000n,
    ...fields,
  };
}

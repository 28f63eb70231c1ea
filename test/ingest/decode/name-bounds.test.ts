import { ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeMetrics, decodeSpans } from '../../../ingest/decode/index.js';
import { MAX_NAME_LENGTH } from '../../../ingest/decode/semconv.js';
import { sdkMetrics } from '../../support/otel-metrics.js';
import { sdkSpans } from '../../support/otel-spans.js';

// Regression: names were kept whole, and they key windows, series and graph nodes for days:
// 10 000 service names of 16 KiB held 825 MiB. Now a name is cut to MAX_NAME_LENGTH.
describe('name bounds', () => {
  it('a 16 KiB service name was kept whole; now it is cut, in spans and metric points alike', async () => {
    const long = `svc-${'x'.repeat(16 * 1024)}`;
    const spans = decodeSpans(
      ProtobufTraceSerializer.serializeRequest(await sdkSpans(long, 1))!,
      'otlp_proto',
    );
    expect(spans.length).toBeGreaterThan(0);
    for (const s of spans) expect(s.service).toBe(long.slice(0, MAX_NAME_LENGTH));
    const points = decodeMetrics(
      ProtobufMetricsSerializer.serializeRequest(await sdkMetrics(long))!,
      'otlp_proto',
    );
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p.service).toBe(long.slice(0, MAX_NAME_LENGTH));
  });
});

import { ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../config/schema.js';
import { decodeMetrics, decodeSpans } from '../../../ingest/decode/index.js';
import { MAX_ATTRIBUTE_VALUE_LENGTH, MAX_NAME_LENGTH } from '../../../ingest/decode/value-bounds.js';
import { buildOtlpHttpApp } from '../../../ingest/otlp-http/receiver.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { CollectingSink } from '../../support/collecting-sink.js';
import { sdkMetrics } from '../../support/otel-metrics.js';
import { sdkSpans } from '../../support/otel-spans.js';

// Regression: names and attribute values were kept whole, and they key windows, series and
// graph nodes for days: 10 000 service names of 16 KiB held 825 MiB. Now a name is cut to
// MAX_NAME_LENGTH and an attribute value to MAX_ATTRIBUTE_VALUE_LENGTH, and cuts are counted.
const long = `svc-${'x'.repeat(16 * 1024)}`;

async function receiver() {
  const sink = new CollectingSink();
  const metrics = new EngineMetrics({ processMetrics: false });
  const app = buildOtlpHttpApp({
    sink,
    metrics,
    logger: silentLogger(),
    ...configSchema.parse({}).otlp,
  });
  await app.ready();
  const cuts = async (kind: string) =>
    ((await metrics.registry.getSingleMetric('faultline_ingest_truncated_values_total')?.get())?.values ?? [])
      .filter((v) => v.labels.kind === kind)
      .reduce((a, v) => a + v.value, 0);
  return { app, sink, cuts };
}

describe('name and value bounds', () => {
  it('a 16 KiB service name was kept whole; now it is cut, in spans and metric points alike', async () => {
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

  it('cut names were not counted; now every cut export counts them', async () => {
    const { app, cuts } = await receiver();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: Buffer.from(ProtobufTraceSerializer.serializeRequest(await sdkSpans(long, 1))!),
    });
    expect(res.statusCode).toBe(200);
    expect(await cuts('name')).toBeGreaterThan(0);
    await app.close();
  });

  it('a 16 KiB data-point attribute value keyed a series whole; now it is cut and counted', async () => {
    const { app, sink, cuts } = await receiver();
    const nowNs = `${Date.now()}000000`;
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'queue.depth',
                  gauge: {
                    dataPoints: [
                      {
                        asInt: '3',
                        timeUnixNano: nowNs,
                        attributes: [{ key: 'queue', value: { stringValue: long } }],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await app.inject({
      method: 'POST',
      url: '/v1/metrics',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(res.statusCode).toBe(200);
    expect(sink.metrics).toHaveLength(1);
    expect(sink.metrics[0]?.attributes.queue).toBe(long.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH));
    expect(await cuts('attribute')).toBe(1);
    await app.close();
  });
});

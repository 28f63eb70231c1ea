import {
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMetrics, decodeSpans } from '../../../ingest/decode/index.js';
import type { MetricPoint, SpanRecord } from '../../../ingest/records.js';
import { referenceDecodeMetrics, referenceDecodeSpans } from '../../support/decode/reference.js';
import { makeSdkMetrics, makeSdkSpans, type SdkSpans } from './sdk-telemetry.js';

describe('payloads from the OpenTelemetry JS serializers: spans', () => {
  let sdk: SdkSpans;
  let records: SpanRecord[];

  beforeAll(async () => {
    sdk = await makeSdkSpans();
    const proto = ProtobufTraceSerializer.serializeRequest(sdk.spans)!;
    const json = JsonTraceSerializer.serializeRequest(sdk.spans)!;
    records = decodeSpans(proto, 'otlp_proto');
    expect(records).toEqual(referenceDecodeSpans(proto));
    expect(decodeSpans(json, 'otlp_json')).toEqual(records);
  });

  const byId = (id: string): SpanRecord => {
    const rec = records.find((r) => r.spanId === id);
    if (rec === undefined) throw new Error(`no record for span ${id}`);
    return rec;
  };

  it('decodes every span, with the right service per resource', () => {
    expect(records).toHaveLength(sdk.spans.length);
    expect(byId(sdk.ids.server).service).toBe('checkout');
    expect(byId(sdk.ids.consumer).service).toBe('fulfilment-worker');
  });

  it('keeps ids, parents, kinds, names, times and status of a SERVER span', () => {
    const server = byId(sdk.ids.server);
    expect(server).toMatchObject({
      traceId: sdk.traceId,
      parentSpanId: '',
      kind: 'server',
      name: 'POST /checkout',
      status: 'error',
      httpStatus: 502,
      links: [],
    });
    expect(server.endNs).toBeGreaterThanOrEqual(server.startNs);
    expect(server.startNs).toBeGreaterThan(1_000_000_000_000_000_000n);
  });

  it('extracts rpc and peer attributes from a gRPC CLIENT span', () => {
    expect(byId(sdk.ids.rpc)).toMatchObject({
      parentSpanId: sdk.ids.server,
      kind: 'client',
      status: 'error',
      rpcSystem: 'grpc',
      rpcStatus: 14,
      peerService: 'payments',
      serverAddress: 'payments.svc',
    });
  });

  it('prefers db.system.name over the deprecated db.system', () => {
    const db = byId(sdk.ids.db);
    expect(db).toMatchObject({ kind: 'client', status: 'ok', dbSystem: 'postgresql', dbNamespace: 'orders' });
    expect(db.httpStatus).toBeUndefined();
    expect('rpcStatus' in db).toBe(false);
  });

  it('reads the deprecated names and string-valued status codes', () => {
    expect(byId(sdk.ids.legacy)).toMatchObject({
      httpStatus: 503,
      peerService: 'inventory',
      serverAddress: 'inventory.svc',
      rpcStatus: 4,
    });
  });

  it('links a CONSUMER span to its PRODUCER across services', () => {
    const consumer = byId(sdk.ids.consumer);
    expect(consumer).toMatchObject({ kind: 'consumer', messagingSystem: 'kafka', parentSpanId: '' });
    expect(consumer.links).toEqual([{ traceId: sdk.traceId, spanId: sdk.ids.producer }]);
    expect(byId(sdk.ids.producer)).toMatchObject({ kind: 'producer', messagingSystem: 'kafka' });
    expect(byId(sdk.ids.worker)).toMatchObject({ kind: 'internal', parentSpanId: sdk.ids.consumer });
    expect(byId(sdk.ids.failed)).toMatchObject({ kind: 'internal', status: 'error' });
  });
});

describe('payloads from the OpenTelemetry JS serializers: requested span attributes', () => {
  it('keeps requested span attributes only, the same on every path', async () => {
    const sdk = await makeSdkSpans();
    const proto = ProtobufTraceSerializer.serializeRequest(sdk.spans)!;
    const json = JsonTraceSerializer.serializeRequest(sdk.spans)!;
    const options = {
      spanAttributes: new Set([
        'http.request.method',
        'url.path',
        'http.response.status_code',
        'labels.list',
        'ratio.values',
        // Resource, event and link attributes in this scenario: never kept.
        'service.version',
        'attempt',
        'messaging.operation',
      ]),
    };
    const records = decodeSpans(proto, 'otlp_proto', options);
    expect(records).toEqual(referenceDecodeSpans(proto, options));
    expect(decodeSpans(json, 'otlp_json', options)).toEqual(records);
    const attrsOf = (id: string) => records.find((r) => r.spanId === id)?.attributes;
    expect(attrsOf(sdk.ids.server)).toEqual({
      'http.request.method': 'POST',
      'http.response.status_code': 502,
      'url.path': '/checkout',
    });
    expect(attrsOf(sdk.ids.legacy)).toEqual({ 'labels.list': '["a","b"]', 'ratio.values': '[0.5,1.5]' });
    for (const id of [sdk.ids.failed, sdk.ids.consumer, sdk.ids.rpc, sdk.ids.worker]) {
      expect(attrsOf(id)).toBeUndefined();
    }
  });
});

describe.each(['delta', 'cumulative'] as const)(
  'payloads from the OpenTelemetry JS serializers: %s metrics',
  (temporality) => {
    let points: MetricPoint[];

    beforeAll(async () => {
      const resourceMetrics = await makeSdkMetrics(temporality);
      const proto = ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!;
      const json = JsonMetricsSerializer.serializeRequest(resourceMetrics)!;
      points = decodeMetrics(proto, 'otlp_proto');
      expect(points).toEqual(referenceDecodeMetrics(proto));
      expect(decodeMetrics(json, 'otlp_json')).toEqual(points);
    });

    const named = (name: string): MetricPoint[] => points.filter((p) => p.name === name);

    it('gives every point the resource service', () => {
      expect(points.length).toBeGreaterThan(0);
      for (const p of points) expect(p.service).toBe('checkout');
    });

    it('decodes a counter as a monotonic sum, one point per attribute set', () => {
      const requests = named('http.server.requests');
      expect(requests).toHaveLength(2);
      for (const p of requests) {
        expect(p).toMatchObject({ type: 'sum', temporality, monotonic: true, unit: '{request}' });
      }
      const failed = requests.find((p) => p.attributes['http.response.status_code'] === 503);
      expect(failed).toMatchObject({ value: 2, attributes: { 'http.route': '/checkout', retried: true } });
      expect(requests.find((p) => p.attributes['http.response.status_code'] === 200)?.value).toBe(5);
    });

    it('decodes an up-down counter as a non-monotonic sum', () => {
      expect(named('http.server.active_requests')).toEqual([
        expect.objectContaining({ type: 'sum', monotonic: false, value: 2, attributes: {} }),
      ]);
    });

    it('decodes an explicit-bucket histogram', () => {
      const [p] = named('http.server.request.duration');
      expect(p).toMatchObject({ type: 'histogram', temporality, monotonic: false, unit: 's', count: 5 });
      expect(p!.sum).toBeCloseTo(8.524);
      expect(p!.bucketCounts!.length).toBe(p!.explicitBounds!.length + 1);
      expect(p!.bucketCounts!.reduce((a, b) => a + b, 0)).toBe(5);
      expect(p!.value).toBeUndefined();
    });

    it('decodes an exponential histogram', () => {
      const [p] = named('rpc.server.duration');
      expect(p).toMatchObject({
        type: 'exponential_histogram',
        temporality,
        count: 6,
        sum: 331,
        zeroCount: 0,
      });
      expect(typeof p!.scale).toBe('number');
      expect(p!.positive!.bucketCounts.reduce((a, b) => a + b, 0)).toBe(6);
      expect(p!.negative).toEqual({ offset: 0, bucketCounts: [] });
    });

    it('decodes observable gauges with temporality unspecified', () => {
      const depth = named('queue.depth');
      expect(depth.map((p) => [p.attributes.queue, p.value])).toEqual(
        expect.arrayContaining([
          ['orders', 42],
          ['refunds', 7],
        ]),
      );
      for (const p of depth)
        expect(p).toMatchObject({ type: 'gauge', temporality: 'unspecified', monotonic: false });
      expect(named('cache.hit_ratio')[0]?.value).toBe(0.875);
    });
  },
);

import { gzipSync } from 'node:zlib';
import { fromBinary } from '@bufbuild/protobuf';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOtlpHttpApp } from '../../../ingest/otlp-http/receiver.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { ExportTraceServiceResponseSchema } from '../../../schemas/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { CollectingSink } from '../../support/collecting-sink.js';
import { sdkSpans } from '../../support/otel-spans.js';

const MAX_BODY = 256 * 1024;
let app: FastifyInstance;
let base: string;
let sink: CollectingSink;
let metrics: EngineMetrics;

beforeAll(async () => {
  sink = new CollectingSink();
  metrics = new EngineMetrics({ processMetrics: false });
  app = buildOtlpHttpApp({
    sink,
    metrics,
    logger: silentLogger(),
    maxBodyBytes: MAX_BODY,
    maxRecordsPerExport: 100_000,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => app.close());
beforeEach(() => {
  sink.spans = [];
  sink.failing = false;
});

function post(path: string, body: Uint8Array | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', body, headers });
}

/** Reads a google.rpc.Status body: code (1) and message (2). */
function rpcStatus(bytes: Uint8Array): { code: number; message: string } {
  const r = new BinaryReader(bytes);
  const out = { code: 0, message: '' };
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1) out.code = r.int32();
    else if (field === 2) out.message = r.string();
    else r.skip(wire, field);
  }
  return out;
}

async function counter(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as Array<{ labels: Record<string, unknown>; value: number }>;
  return values
    .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((a, v) => a + v.value, 0);
}

describe('OTLP/HTTP receiver', () => {
  it('accepts spans from the real OpenTelemetry OTLP/proto exporter, gzip-compressed', async () => {
    const spans = await sdkSpans('checkout', 10);
    const exporter = new OTLPTraceExporter({
      url: `${base}/v1/traces`,
      compression: CompressionAlgorithm.GZIP,
    });
    const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
      exporter.export(spans, resolve),
    );
    await exporter.shutdown();
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    expect(sink.spans).toHaveLength(20);
    expect(new Set(sink.spans.map((s) => s.service))).toEqual(new Set(['checkout']));
    expect(sink.spans.filter((s) => s.kind === 'client' && s.httpStatus === 503)).toHaveLength(3);
    const server = sink.spans.find((s) => s.kind === 'server');
    expect(sink.spans.find((s) => s.kind === 'client' && s.traceId === server?.traceId)?.parentSpanId).toBe(
      server?.spanId,
    );
  });

  it('accepts OTLP/JSON and answers JSON', async () => {
    const spans = await sdkSpans('cart', 2);
    const body = JsonTraceSerializer.serializeRequest(spans)!;
    const res = await post('/v1/traces', body, { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({});
    expect(sink.spans.map((s) => s.service)).toEqual(['cart', 'cart', 'cart', 'cart']);
  });

  it('answers partial success naming how many spans were refused and why', async () => {
    const spans = await sdkSpans('cart', 2);
    const json = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!));
    json.resourceSpans[0].scopeSpans[0].spans[0].traceId = '00000000000000000000000000000000';
    const res = await post('/v1/traces', JSON.stringify(json), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: { rejectedSpans: '1', errorMessage: 'invalid trace id' },
    });
    expect(sink.spans).toHaveLength(3);

    const proto = await post('/v1/traces', JsonTraceSerializer.serializeRequest(spans)!, {
      'content-type': 'application/json',
    });
    expect(proto.status).toBe(200);
  });

  it('answers a protobuf export response for protobuf requests', async () => {
    const body = ProtobufTraceSerializer.serializeRequest(await sdkSpans('cart', 1))!;
    const res = await post('/v1/traces', body, { 'content-type': 'application/x-protobuf' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const decoded = fromBinary(ExportTraceServiceResponseSchema, new Uint8Array(await res.arrayBuffer()));
    expect(decoded.partialSuccess).toBeUndefined();
  });

  describe('bad input gets a clear error and the receiver keeps serving', () => {
    const good = async () => ProtobufTraceSerializer.serializeRequest(await sdkSpans('cart', 1))!;

    it('truncated protobuf: 400 with a google.rpc.Status', async () => {
      const body = await good();
      const res = await post('/v1/traces', body.subarray(0, body.length - 7), {
        'content-type': 'application/x-protobuf',
      });
      expect(res.status).toBe(400);
      expect(rpcStatus(new Uint8Array(await res.arrayBuffer())).code).toBe(3);
    });

    it('random bytes: 400', async () => {
      const body = new Uint8Array(512).map((_, i) => (i * 7919 + 13) % 256);
      const res = await post('/v1/traces', body, { 'content-type': 'application/x-protobuf' });
      expect(res.status).toBe(400);
    });

    it('wrong encoding: JSON sent as protobuf, protobuf sent as JSON', async () => {
      const json = JsonTraceSerializer.serializeRequest(await sdkSpans('cart', 1))!;
      expect((await post('/v1/traces', json, { 'content-type': 'application/x-protobuf' })).status).toBe(400);
      const proto = await good();
      const res = await post('/v1/traces', proto, { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: number }).code).toBe(3);
    });

    it('empty JSON body: 400; empty protobuf body is an empty export: 200', async () => {
      expect((await post('/v1/traces', '', { 'content-type': 'application/json' })).status).toBe(400);
      expect(
        (await post('/v1/traces', new Uint8Array(), { 'content-type': 'application/x-protobuf' })).status,
      ).toBe(200);
    });

    it('oversized body, and a gzip body that expands past the limit: 413', async () => {
      const big = new Uint8Array(MAX_BODY + 1);
      expect((await post('/v1/traces', big, { 'content-type': 'application/x-protobuf' })).status).toBe(413);
      const bomb = gzipSync(new Uint8Array(MAX_BODY * 4));
      expect(bomb.length).toBeLessThan(MAX_BODY);
      const res = await post('/v1/traces', bomb, {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'gzip',
      });
      expect(res.status).toBe(413);
    });

    it('unsupported media type or content encoding: 415', async () => {
      expect((await post('/v1/traces', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
      const res = await post('/v1/traces', await good(), {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'br',
      });
      expect(res.status).toBe(415);
    });

    it('a failing pipeline: 503 with Retry-After, so the exporter retries', async () => {
      sink.failing = true;
      const res = await post('/v1/traces', await good(), { 'content-type': 'application/x-protobuf' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
    });

    it('counts rejections and still accepts good data afterwards', async () => {
      const before = await counter('faultline_ingest_rejected_requests_total', { signal: 'traces' });
      await post('/v1/traces', new Uint8Array([0xff, 0xff, 0xff]), {
        'content-type': 'application/x-protobuf',
      });
      expect(await counter('faultline_ingest_rejected_requests_total', { signal: 'traces' })).toBe(
        before + 1,
      );
      const res = await post('/v1/traces', await good(), { 'content-type': 'application/x-protobuf' });
      expect(res.status).toBe(200);
      expect(sink.spans).toHaveLength(2);
    });
  });
});

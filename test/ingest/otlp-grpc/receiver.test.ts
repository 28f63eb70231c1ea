import { gzipSync } from 'node:zlib';
import { fromBinary } from '@bufbuild/protobuf';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OtlpGrpcSource } from '../../../ingest/otlp-grpc/otlp-grpc-source.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { ExportTraceServiceResponseSchema } from '../../../schemas/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { CollectingSink } from '../../support/collecting-sink.js';
import { sdkSpans } from '../../support/otel-spans.js';

const MAX_BODY = 256 * 1024;
const TOKEN = 'grpc-test-token';
const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

let source: OtlpGrpcSource;
let secured: OtlpGrpcSource;
let sink: CollectingSink;
let metrics: EngineMetrics;
let address: string;

beforeAll(async () => {
  sink = new CollectingSink();
  metrics = new EngineMetrics({ processMetrics: false });
  const common = {
    sink,
    metrics,
    logger: silentLogger(),
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: MAX_BODY,
  };
  source = new OtlpGrpcSource(common);
  secured = new OtlpGrpcSource({
    ...common,
    auth: { bearerTokens: [TOKEN], basicAuth: [], protectReads: false, protectIngest: true },
  });
  await source.start();
  await secured.start();
  address = `127.0.0.1:${source.address().port}`;
});
afterAll(async () => {
  await source.close();
  await secured.close();
});
beforeEach(() => {
  sink.spans = [];
  sink.metrics = [];
  sink.failing = false;
});

type ExportResult = { code: number; error?: Error & { code?: number } };

async function exportSpans(exporter: OTLPTraceExporter, traces: number): Promise<ExportResult> {
  const spans = await sdkSpans('checkout', traces);
  const result = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  return result;
}

/** A raw unary call with the bytes given, as a misbehaving client would make it. */
function rawCall(
  bytes: Uint8Array,
  options: { compress?: boolean; metadata?: Metadata; path?: string } = {},
): Promise<{ response?: Buffer; error?: ServiceError }> {
  const client = new Client(address, credentials.createInsecure(), {
    ...(options.compress ? { 'grpc.default_compression_algorithm': 2 } : {}),
  });
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      options.path ?? TRACE_EXPORT,
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => b,
      bytes,
      options.metadata ?? new Metadata(),
      (error, response) => {
        client.close();
        resolve({ ...(error ? { error } : {}), ...(response ? { response } : {}) });
      },
    );
  });
}

/** Reads `google.rpc.Status.details[0]` as RetryInfo and returns its delay in seconds. */
function retryDelaySeconds(statusBytes: Buffer): { typeUrl: string; seconds: number } {
  const out = { typeUrl: '', seconds: -1 };
  const status = new BinaryReader(statusBytes);
  while (status.pos < status.len) {
    const [field, wire] = status.tag();
    if (field !== 3) {
      status.skip(wire, field);
      continue;
    }
    const any = new BinaryReader(status.bytes());
    while (any.pos < any.len) {
      const [f, w] = any.tag();
      if (f === 1) out.typeUrl = any.string();
      else if (f === 2) {
        const retryInfo = new BinaryReader(any.bytes());
        retryInfo.tag();
        const duration = new BinaryReader(retryInfo.bytes());
        duration.tag();
        out.seconds = Number(duration.int64());
      } else any.skip(w, f);
    }
  }
  return out;
}

class PullReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function sdkMetrics(): Promise<ResourceMetrics> {
  const reader = new PullReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'cart' }),
    readers: [reader],
  });
  const meter = provider.getMeter('faultline-test');
  meter.createCounter('orders_total').add(7, { outcome: 'ok' });
  meter.createHistogram('request_seconds').record(0.25);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}

describe('OTLP/gRPC receiver', () => {
  it('accepts spans from the real OpenTelemetry gRPC trace exporter, plain and gzip', async () => {
    const plain = await exportSpans(new OTLPTraceExporter({ url: `http://${address}` }), 10);
    expect(plain.error).toBeUndefined();
    expect(plain.code).toBe(0);
    expect(sink.spans).toHaveLength(20);
    expect(sink.spans.filter((s) => s.kind === 'client' && s.httpStatus === 503)).toHaveLength(3);
    expect(sink.origins.at(-1)).toEqual({ source: 'otlp-grpc' });

    const gzip = await exportSpans(
      new OTLPTraceExporter({ url: `http://${address}`, compression: CompressionAlgorithm.GZIP }),
      5,
    );
    expect(gzip.code).toBe(0);
    expect(sink.spans).toHaveLength(30);
  });

  it('accepts points from the real OpenTelemetry gRPC metrics exporter', async () => {
    const exporter = new OTLPMetricExporter({ url: `http://${address}` });
    const points = await sdkMetrics();
    const result = await new Promise<ExportResult>((resolve) => exporter.export(points, resolve));
    await exporter.shutdown();
    expect(result.code).toBe(0);
    const orders = sink.metrics.find((p) => p.name === 'orders_total');
    expect(orders?.service).toBe('cart');
    expect(sink.metrics.some((p) => p.name === 'request_seconds')).toBe(true);
  });

  it('answers partial success naming how many spans were refused and why', async () => {
    const spans = await sdkSpans('cart', 2);
    const bytes = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
    const traceId = Buffer.from(spans[0]!.spanContext().traceId, 'hex');
    bytes.fill(0, bytes.indexOf(traceId), bytes.indexOf(traceId) + 16);
    const { response, error } = await rawCall(bytes);
    expect(error).toBeUndefined();
    const decoded = fromBinary(ExportTraceServiceResponseSchema, new Uint8Array(response!));
    expect(decoded.partialSuccess?.rejectedSpans).toBe(1n);
    expect(decoded.partialSuccess?.errorMessage).toBe('invalid trace id');
    expect(sink.spans).toHaveLength(3);
  });

  describe('bad input gets the OTLP status code and the receiver keeps serving', () => {
    const good = async () => ProtobufTraceSerializer.serializeRequest(await sdkSpans('cart', 1))!;

    it('truncated protobuf and random bytes: INVALID_ARGUMENT', async () => {
      const body = await good();
      expect((await rawCall(body.subarray(0, body.length - 7))).error?.code).toBe(status.INVALID_ARGUMENT);
      expect((await rawCall(new Uint8Array([0xff, 0xff, 0xff]))).error?.code).toBe(status.INVALID_ARGUMENT);
      expect(sink.spans).toHaveLength(0);
    });

    it('a message over the limit, and a gzip message that expands past it: RESOURCE_EXHAUSTED', async () => {
      const big = new Uint8Array(MAX_BODY + 1024);
      expect((await rawCall(big)).error?.code).toBe(status.RESOURCE_EXHAUSTED);
      // Compressed, this is a few hundred bytes; only its expansion is over the limit.
      const bomb = new Uint8Array(MAX_BODY * 4);
      expect(gzipSync(bomb).length).toBeLessThan(MAX_BODY / 100);
      expect((await rawCall(bomb, { compress: true })).error?.code).toBe(status.RESOURCE_EXHAUSTED);
    });

    it('a pipeline that cannot take data: RESOURCE_EXHAUSTED with RetryInfo, so clients retry', async () => {
      sink.failing = true;
      const { error } = await rawCall(await good());
      expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
      const details = error?.metadata.get('grpc-status-details-bin')[0];
      expect(Buffer.isBuffer(details)).toBe(true);
      expect(retryDelaySeconds(details as Buffer)).toEqual({
        typeUrl: 'type.googleapis.com/google.rpc.RetryInfo',
        seconds: 5,
      });
      const viaExporter = await exportSpans(new OTLPTraceExporter({ url: `http://${address}` }), 1);
      expect(viaExporter.code).toBe(1);
      expect(viaExporter.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    });

    it('counts rejections and still accepts good data afterwards', async () => {
      const rejected = async () => {
        const metric = (await metrics.registry.getMetricsAsJSON()).find(
          (m) => m.name === 'faultline_ingest_rejected_requests_total',
        );
        return (metric?.values ?? []).reduce((a, v) => a + v.value, 0);
      };
      const before = await rejected();
      await rawCall(new Uint8Array([0xff, 0xff, 0xff]));
      expect(await rejected()).toBe(before + 1);
      expect((await rawCall(await good())).error).toBeUndefined();
      expect(sink.spans).toHaveLength(2);
    });
  });

  describe('with auth.protectIngest', () => {
    const securedUrl = () => `http://127.0.0.1:${secured.address().port}`;

    it('takes an export that carries a configured bearer token in its metadata', async () => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${TOKEN}`);
      const result = await exportSpans(new OTLPTraceExporter({ url: securedUrl(), metadata }), 2);
      expect(result.code).toBe(0);
      expect(sink.spans).toHaveLength(4);
    });

    it('refuses one without a token, or with a wrong one: UNAUTHENTICATED, nothing stored', async () => {
      const none = await exportSpans(new OTLPTraceExporter({ url: securedUrl() }), 2);
      expect(none.error?.code).toBe(status.UNAUTHENTICATED);
      const metadata = new Metadata();
      metadata.set('authorization', 'Bearer wrong');
      const wrong = await exportSpans(new OTLPTraceExporter({ url: securedUrl(), metadata }), 2);
      expect(wrong.error?.code).toBe(status.UNAUTHENTICATED);
      expect(sink.spans).toHaveLength(0);
    });
  });
});

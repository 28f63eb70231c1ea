import { Client, connectivityState, credentials, Metadata } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpGrpcSource } from '../../../ingest/otlp-grpc/otlp-grpc-source.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { CollectingSink } from '../../support/collecting-sink.js';

// Regression: the gRPC receiver kept any connection open for as long as the client liked
// (the HTTP servers had keep-alive limits, it had none). Now an idle connection is closed.
const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
let source: OtlpGrpcSource;

beforeAll(async () => {
  source = new OtlpGrpcSource({
    sink: new CollectingSink(),
    metrics: new EngineMetrics({ processMetrics: false }),
    logger: silentLogger(),
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 1024 * 1024,
    limits: { idleMs: 500 },
  });
  await source.start();
});
afterAll(async () => source.close());

describe('gRPC connection limits', () => {
  it('an idle connection stayed open for ever; now the server closes it after idleMs', async () => {
    const client = new Client(`127.0.0.1:${source.address().port}`, credentials.createInsecure());
    try {
      await new Promise<void>((resolve, reject) =>
        client.makeUnaryRequest(
          TRACE_EXPORT,
          (b: Uint8Array) => Buffer.from(b),
          (b: Buffer) => b,
          new Uint8Array(),
          new Metadata(),
          (err) => (err ? reject(err) : resolve()),
        ),
      );
      const channel = client.getChannel();
      expect(channel.getConnectivityState(false)).toBe(connectivityState.READY);
      // the server's GOAWAY turns the client's channel idle; without the limit it stays ready
      const left = await new Promise<number>((resolve) => {
        const watch = (state: number) => {
          if (state !== connectivityState.READY) return resolve(state);
          channel.watchConnectivityState(state, Date.now() + 10_000, () =>
            watch(channel.getConnectivityState(false)),
          );
        };
        watch(channel.getConnectivityState(false));
      });
      expect(left).not.toBe(connectivityState.READY);
    } finally {
      client.close();
    }
  }, 20_000);
});

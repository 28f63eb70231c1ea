import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { createEngine, type RunningParts } from '../../../engine/create-engine.js';
import { silentLogger } from '../../../observability/logger.js';
import { sdkSpans } from '../../support/otel-spans.js';

// The whole engine on embedded defaults (free ports): an SDK pointed at its OTLP/gRPC port
// feeds the same pipeline as OTLP/HTTP, down to the topology API.
let running: RunningParts;

beforeAll(async () => {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' } });
  config.topology.flushIntervalMs = 100;
  config.topology.waitMs = 200;
  running = createEngine(config, { logger: silentLogger() });
  await running.engine.start();
}, 60_000);
afterAll(async () => running?.engine.close());

describe('the engine with OTLP/gRPC', () => {
  it('starts the gRPC receiver beside OTLP/HTTP and feeds its spans to the pipeline', async () => {
    expect(running.otlpGrpc).toBeDefined();
    const port = running.otlpGrpc!.address().port;
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(running.otlp!.address().port);
    const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${port}` });
    const spans = await sdkSpans('checkout', 6);
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(spans, resolve));
    await exporter.shutdown();
    expect(result.code).toBe(0);
    const api = `http://127.0.0.1:${running.api.address().port}`;
    await expect
      .poll(
        async () => {
          const body = (await (await fetch(`${api}/api/v1/topology`)).json()) as {
            edges: Array<{ source: string; target: string; calls: number }>;
          };
          return body.edges.find((e) => e.source === 'checkout' && e.target === 'payment')?.calls;
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(6);
  });
});

// One small HTTP service with its own OpenTelemetry SDK, run as a child process by
// otel-sdk.int.test.ts: instrumentations patch modules process-wide, so each service gets a
// process (and a `service.name`) of its own, as in production.
//
// Environment: SERVICE_NAME, OTLP_URL (faultline's /v1/traces), DOWNSTREAM (comma-separated
// URLs it calls per request), REDIS_URL and REDIS_KEY (optional: SET and GET per request).
// Prints {"port": N} once listening; on SIGTERM it stops, flushes its spans and exits 0.
import { createRequire } from 'node:module';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': env('SERVICE_NAME') }),
  spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: env('OTLP_URL') }))],
});
provider.register();
const redisUrl = process.env.REDIS_URL;
const instrumentations: Instrumentation[] = [new HttpInstrumentation()];
if (redisUrl) instrumentations.push(new IORedisInstrumentation());
registerInstrumentations({ instrumentations });

// Loaded only now, through require, so the instrumentations' hooks patch them.
const require = createRequire(import.meta.url);
const http = require('node:http') as typeof import('node:http');
const { Redis } = require('ioredis') as typeof import('ioredis');

const downstream = (process.env.DOWNSTREAM ?? '').split(',').filter((u) => u !== '');
const redisKey = process.env.REDIS_KEY ?? 'otel-test';
const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true }) : undefined;

function get(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

const server = http.createServer((req, res) => {
  void (async () => {
    try {
      for (const url of downstream) await get(url);
      if (redis) {
        await redis.set(redisKey, req.url ?? '/');
        await redis.get(redisKey);
      }
      res.end('ok');
    } catch (err) {
      res.statusCode = 500;
      res.end(String(err));
    }
  })();
});

await redis?.connect();
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

process.once('SIGTERM', () => {
  void (async () => {
    server.close();
    if (redis) {
      await redis.del(redisKey);
      await redis.quit();
    }
    await provider.shutdown();
    process.exit(0);
  })();
});

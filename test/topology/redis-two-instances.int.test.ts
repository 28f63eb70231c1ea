import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import type { SpanRecord } from '../../ingest/records.js';
import { silentLogger } from '../../observability/logger.js';
import { RedisGraphStore } from '../../topology/redis-graph-store.js';
import { graphToJson } from '../../topology/service-graph.js';
import { TopologyBuilder } from '../../topology/topology-builder.js';
import { TopologyFlusher } from '../../topology/topology-flusher.js';
import { TopologyReader } from '../../topology/topology-reader.js';
import { sdkSpans } from '../support/otel-spans.js';
import { testRedis } from '../support/redis.js';
import { REDIS_URL } from '../support/services.js';
import { span, spanId, traceId } from './fixtures.js';

// Two engine instances, each with its own Redis client, span pairing and flusher, build one
// graph in Redis; a third reads it.
const admin = testRedis();
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
  await admin.cleanup();
});

/** One instance: builder, Redis graph store on its own connection, flusher. */
function instance(clock: ManualClock, prefix: string) {
  const client = new Redis(REDIS_URL);
  clients.push(client);
  const store = new RedisGraphStore(client, { keyPrefix: prefix });
  const builder = new TopologyBuilder({ clock, waitMs: 1000 });
  const flusher = new TopologyFlusher({ builder, store, logger: silentLogger(), intervalMs: 60_000 });
  return { builder, flusher, reader: new TopologyReader(store) };
}

/** The spans of trace `n`, ending at `endMs`: user -> frontend -> checkout -> payment, checkout -> cache. */
function traceSpans(n: number, endMs: number, paymentFails = false): SpanRecord[] {
  const endNs = BigInt(endMs) * 1_000_000n;
  const at = (over: Partial<SpanRecord> & { service: string }): SpanRecord =>
    span({ ...over, traceId: traceId(n), startNs: endNs - 20_000_000n, endNs });
  return [
    at({ service: 'frontend', spanId: spanId(1) }),
    at({ service: 'frontend', kind: 'client', spanId: spanId(2), parentSpanId: spanId(1) }),
    at({ service: 'checkout', spanId: spanId(3), parentSpanId: spanId(2) }),
    at({
      service: 'checkout',
      kind: 'client',
      spanId: spanId(4),
      parentSpanId: spanId(3),
      peerService: 'payment',
    }),
    at({
      service: 'payment',
      spanId: spanId(5),
      parentSpanId: spanId(4),
      status: paymentFails ? 'error' : 'unset',
    }),
    at({
      service: 'checkout',
      kind: 'client',
      spanId: spanId(6),
      parentSpanId: spanId(3),
      dbSystem: 'redis',
      serverAddress: 'cache',
    }),
  ];
}

const summary = (json: ReturnType<typeof graphToJson>) =>
  json.edges.map((e) => `${e.source}->${e.target} ${e.connectionType} ${e.calls}/${e.failedCalls}`);

describe('one graph from two instances on Redis', () => {
  it('merges what each instance paired into one graph', async () => {
    const now = Date.now();
    const clock = new ManualClock(now);
    const prefix = `${admin.prefix}two:`;
    const a = instance(clock, prefix);
    const b = instance(clock, prefix);
    // Whole traces per instance, as Kafka delivers them with partition_traces_by_id.
    for (let n = 1; n <= 6; n++) (n % 2 === 0 ? a : b).builder.addSpans(traceSpans(n, now - 1000, n === 3));
    await Promise.all([a.flusher.flush(), b.flusher.flush()]);

    for (const reader of [a.reader, b.reader]) {
      expect(summary(graphToJson(await reader.graphAt(now)))).toEqual([
        'checkout->cache database 6/0',
        'checkout->payment direct 6/1',
        'frontend->checkout direct 6/0',
        'user (external)->frontend virtual 6/0',
      ]);
    }
    await Promise.all([a.flusher.close(), b.flusher.close()]);
  });

  it('shows traces split across instances as unpaired spans (and false virtual edges)', async () => {
    const now = Date.now();
    const clock = new ManualClock(now);
    const prefix = `${admin.prefix}split:`;
    const a = instance(clock, prefix);
    const b = instance(clock, prefix);
    // Without partitioning by trace id: clients reach one instance, servers the other.
    const spans = [1, 2, 3].flatMap((n) => traceSpans(n, now - 1000));
    a.builder.addSpans(spans.filter((s) => s.kind !== 'server' || s.parentSpanId === ''));
    b.builder.addSpans(spans.filter((s) => s.kind === 'server' && s.parentSpanId !== ''));
    clock.advance(1000);
    await Promise.all([a.flusher.flush(), b.flusher.flush()]);

    expect(a.builder.counts.unpaired).toMatchObject({ client_expired: 3, client_virtual: 3 });
    expect(b.builder.counts.unpaired).toMatchObject({ server_expired: 6 });
    expect(summary(graphToJson(await a.reader.graphAt(now)))).toEqual([
      'checkout->cache database 3/0',
      'checkout->payment virtual 3/0',
      'user (external)->frontend virtual 3/0',
    ]);
  });
});

describe('one graph from two engines on Redis', () => {
  it('answers the same merged graph on both APIs', async () => {
    const engines: RunningParts[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const config = loadConfig({
          env: {
            FAULTLINE_HTTP_PORT: '0',
            FAULTLINE_OTLP_PORT: '0',
            FAULTLINE_REDIS_URL: REDIS_URL,
            FAULTLINE_REDIS_KEY_PREFIX: `${admin.prefix}engines:`,
          },
        });
        config.topology.flushIntervalMs = 100;
        const running = createEngine(config, { logger: silentLogger(), slos: [] });
        engines.push(running);
        await running.engine.start();
      }
      const post = async (running: RunningParts, service: string, traces: number) => {
        const body = ProtobufTraceSerializer.serializeRequest(await sdkSpans(service, traces))!;
        const res = await fetch(`http://127.0.0.1:${running.otlp!.address().port}/v1/traces`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-protobuf' },
        });
        expect(res.status).toBe(200);
      };
      await post(engines[0]!, 'checkout', 3);
      await post(engines[1]!, 'cart', 2);
      for (const running of engines) {
        const edges = async () => {
          const res = await fetch(`http://127.0.0.1:${running.api.address().port}/api/v1/topology`);
          const json = (await res.json()) as {
            edges: Array<{ source: string; target: string; calls: number }>;
          };
          return json.edges.map((e) => `${e.source}->${e.target} ${e.calls}`);
        };
        await expect
          .poll(edges, { timeout: 10_000, interval: 100 })
          .toEqual(['user (external)->cart 2', 'user (external)->checkout 3']);
      }
    } finally {
      for (const running of engines) await running.engine.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../config/load.js';
import { createEngine } from '../engine/create-engine.js';
import { silentLogger } from '../observability/logger.js';
import { tracePayload } from '../sim/synthetic-traces.js';
import { bareKafkajs, consumerPerformance } from './kafka-peers.js';
import { benchSlos } from './pipeline.js';
import { BENCH_BROKERS as BROKERS, BENCH_REDIS_URL as REDIS_URL, servicesUp } from './services.js';

export interface E2eResult {
  spans_per_s: number;
  /** Commands the engine's own Redis client sent, per span. */
  redis_cmds_per_span: number;
  /** The server's counter over the same time, per span: every client of this Redis, the bench's included. */
  redis_server_cmds_per_span: number;
  max_lag: number;
  spans: number;
  partitions: number;
  /** The same topic read by the Kafka clients alone, in the same run, before faultline. */
  peers: {
    kafkajs_bare_spans_per_s: number;
    consumer_perf_spans_per_s: number;
    /** faultline's spans/s as a share of each. */
    share_of_kafkajs_bare: number;
    share_of_consumer_perf: number;
  };
}

async function serverCommands(redis: Redis): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? 0);
}

/**
 * End to end on the real services: a topic with 4 partitions is pre-filled with OTLP
 * batches of 500 spans, then one engine (Kafka source, pipeline, Redis stores) consumes it
 * until caught up. Throughput counts from the first record handed to the pipeline to the
 * last; Redis commands are those the engine's own client sent over the run (the server's
 * counter would count every client of a shared Redis), divided by spans.
 */
export async function benchE2e(messages: number): Promise<E2eResult> {
  servicesUp();
  const topic = `bench-spans-${randomUUID()}`;
  const prefix = `bench:${randomUUID()}:`;
  const kafka = new Kafka({ clientId: 'faultline-bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  const partitions = 4;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: partitions }, { topic: `${topic}-m` }],
  });
  const baseNs = BigInt(Date.now() - 60_000) * 1_000_000n;
  const distinct = Array.from({ length: 20 }, (_, i) => Buffer.from(tracePayload(500, 1000 + i, baseNs)));
  for (let i = 0; i < messages; i += 20) {
    await producer.send({
      topic,
      messages: distinct
        .slice(0, Math.min(20, messages - i))
        .map((value, j) => ({ partition: (i + j) % partitions, value })),
    });
  }
  const spans = messages * 500;
  // The ceiling: the same messages read by the clients alone (each in a group of its own).
  const bare = await bareKafkajs(topic, messages);
  const cperf = consumerPerformance(topic, messages);

  const config = loadConfig({
    env: {
      FAULTLINE_KAFKA_BROKERS: BROKERS.join(','),
      FAULTLINE_KAFKA_GROUP_ID: `bench-${randomUUID()}`,
      FAULTLINE_REDIS_URL: REDIS_URL,
      FAULTLINE_REDIS_KEY_PREFIX: prefix,
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_ENABLED: 'false',
    },
  });
  config.kafka.initialOffset = 'earliest';
  config.kafka.topics = {
    spans: { name: topic, encoding: 'otlp_proto' },
    metrics: { name: `${topic}-m`, encoding: 'otlp_proto' },
  };
  const redis = new Redis(REDIS_URL);
  const parts = createEngine(config, { logger: silentLogger(), slos: benchSlos() });
  const processed = () => parts.metrics.ingestRecords.get();
  const lagGauge = parts.metrics.consumerLag;

  const commandsBefore = parts.storage.commandsSent();
  const serverBefore = await serverCommands(redis);
  await parts.engine.start();
  let first = 0;
  let last = 0;
  let maxLag = 0;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const done = (await processed()).values.reduce((a, v) => a + v.value, 0);
    const lag = (await lagGauge.get()).values.reduce((a, v) => a + v.value, 0);
    maxLag = Math.max(maxLag, lag);
    if (done > 0 && first === 0) first = performance.now();
    if (done >= spans) {
      last = performance.now();
      break;
    }
    if (Date.now() > deadline) throw new Error(`e2e bench: only ${done}/${spans} spans after 300 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const commands = parts.storage.commandsSent() - commandsBefore;
  const serverCount = (await serverCommands(redis)) - serverBefore;
  await parts.engine.close();
  await admin.deleteTopics({ topics: [topic, `${topic}-m`] });
  const keys = await redis.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  await Promise.all([admin.disconnect(), producer.disconnect(), redis.quit()]);
  const spansPerS = Math.round(spans / ((last - first) / 1000));
  const bareSpans = bare.messages_per_s * 500;
  const cperfSpans = cperf.messages_per_s * 500;
  return {
    spans_per_s: spansPerS,
    redis_cmds_per_span: Number((commands / spans).toFixed(4)),
    redis_server_cmds_per_span: Number((serverCount / spans).toFixed(4)),
    max_lag: maxLag,
    spans,
    partitions,
    peers: {
      kafkajs_bare_spans_per_s: bareSpans,
      consumer_perf_spans_per_s: cperfSpans,
      share_of_kafkajs_bare: Number((spansPerS / bareSpans).toFixed(3)),
      share_of_consumer_perf: Number((spansPerS / cperfSpans).toFixed(3)),
    },
  };
}

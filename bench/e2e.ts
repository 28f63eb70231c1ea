import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '../config/load.js';
import { createEngine } from '../engine/create-engine.js';
import { silentLogger } from '../observability/logger.js';
import { tracePayload } from '../sim/synthetic-traces.js';
import { benchSlos } from './pipeline.js';

export interface E2eResult {
  spans_per_s: number;
  redis_cmds_per_span: number;
  max_lag: number;
  spans: number;
  partitions: number;
}

const BROKERS = ['127.0.0.1:9092'];
const REDIS_URL = 'redis://127.0.0.1:6379';

async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

/**
 * End to end on the real services: a topic with 4 partitions is pre-filled with OTLP
 * batches of 500 spans, then one engine (Kafka source, pipeline, Redis stores) consumes it
 * until caught up. Throughput counts from the first record handed to the pipeline to the
 * last; Redis commands are the server's own counter over the run, divided by spans.
 */
export async function benchE2e(messages: number): Promise<E2eResult> {
  execFileSync('bash', [fileURLToPath(new URL('../scripts/services.sh', import.meta.url)), 'up'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
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

  const commandsBefore = await redisCommands(redis);
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
  const commands = (await redisCommands(redis)) - commandsBefore;
  await parts.engine.close();
  await admin.deleteTopics({ topics: [topic, `${topic}-m`] });
  const keys = await redis.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  await Promise.all([admin.disconnect(), producer.disconnect(), redis.quit()]);
  return {
    spans_per_s: Math.round(spans / ((last - first) / 1000)),
    redis_cmds_per_span: Number((commands / spans).toFixed(4)),
    max_lag: maxLag,
    spans,
    partitions,
  };
}

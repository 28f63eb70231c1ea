import {
  type Admin,
  type Consumer,
  type EachBatchPayload,
  Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import type { Config } from '../../config/schema.js';
import type { Component, HealthCheck } from '../../engine/component.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import { decodeMetrics, decodeSpans } from '../decode/index.js';
import { DecodeError } from '../errors.js';
import type { MetricPoint, SpanRecord } from '../records.js';
import type { Signal, TelemetrySink } from '../telemetry-sink.js';
import { metricProblem, spanProblem, validateRecords } from '../validate.js';
import { kafkaClientConfig } from './client-config.js';
import { type DeadLetter, DeadLetterWriter } from './dead-letter.js';

export interface KafkaSourceOptions {
  config: Config['kafka'];
  sink: TelemetrySink;
  metrics: EngineMetrics;
  logger: Logger;
}

interface TopicRoute {
  signal: Signal;
  encoding: 'otlp_proto' | 'otlp_json';
}

/**
 * Consumes the Collector's OTLP topics with a consumer group. Each fetched batch is decoded,
 * undecodable messages go to the dead-letter topic, the records go to the sink, and only
 * when the sink says they are durable is the batch's offset committed. A failed batch is
 * not committed: kafkajs re-reads it from the last committed offset.
 */
export class KafkaSource implements Component {
  readonly name = 'kafka';
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly deadLetters: DeadLetterWriter;
  private readonly routes: Map<string, TopicRoute>;
  private running = false;

  constructor(private readonly opts: KafkaSourceOptions) {
    const { config } = opts;
    this.kafka = new Kafka(kafkaClientConfig(config, opts.logger));
    this.consumer = this.kafka.consumer({
      groupId: config.groupId,
      maxBytesPerPartition: Math.max(config.maxMessageBytes, 1024 * 1024),
      allowAutoTopicCreation: false,
      // A short long-poll keeps shutdown and rebalances quick; idle fetches are cheap.
      maxWaitTimeInMs: 1000,
    });
    this.producer = this.kafka.producer({ allowAutoTopicCreation: true });
    this.admin = this.kafka.admin();
    this.deadLetters = new DeadLetterWriter(this.producer, config.deadLetterSuffix, opts.metrics);
    this.routes = new Map([
      [config.topics.spans.name, { signal: 'traces', encoding: config.topics.spans.encoding }],
      [config.topics.metrics.name, { signal: 'metrics', encoding: config.topics.metrics.encoding }],
    ]);
  }

  async start(): Promise<void> {
    await Promise.all([this.admin.connect(), this.producer.connect(), this.consumer.connect()]);
    await this.consumer.subscribe({
      topics: [...this.routes.keys()],
      fromBeginning: this.opts.config.initialOffset === 'earliest',
    });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async check(): Promise<HealthCheck> {
    const cluster = await this.admin.describeCluster();
    return { name: this.name, ok: true, detail: `${cluster.brokers.length} broker(s)` };
  }

  async close(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    // The consumer first: it finishes the batch in hand (sink write and commit) before leaving.
    await this.consumer.disconnect();
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private async handleBatch({
    batch,
    heartbeat,
    isRunning,
    isStale,
    resolveOffset,
  }: EachBatchPayload): Promise<void> {
    const route = this.routes.get(batch.topic);
    const last = batch.messages[batch.messages.length - 1];
    if (route === undefined || last === undefined || !isRunning() || isStale()) return;
    const started = process.hrtime.bigint();
    const labels = { source: 'kafka', signal: route.signal } as const;

    const spans: SpanRecord[] = [];
    const points: MetricPoint[] = [];
    const letters: DeadLetter[] = [];
    for (const message of batch.messages) {
      this.opts.metrics.ingestMessages.inc(labels);
      this.opts.metrics.ingestBytes.inc(labels, message.value?.length ?? 0);
      const problem = this.decodeInto(message, route, spans, points);
      if (problem) letters.push({ topic: batch.topic, partition: batch.partition, message, ...problem });
    }
    if (letters.length > 0) await this.deadLetters.write(letters);
    await heartbeat();
    const validSpans = this.keepValid(spans, spanProblem);
    const validPoints = this.keepValid(points, metricProblem);

    const nextOffset = (BigInt(last.offset) + 1n).toString();
    await this.opts.sink.write(
      { spans: validSpans, metrics: validPoints },
      { source: 'kafka', positions: [{ topic: batch.topic, partition: batch.partition, nextOffset }] },
    );
    // Both are needed: resolveOffset moves the fetch position (without it kafkajs fetches the
    // same messages again), commitOffsets makes the position survive a restart or rebalance.
    resolveOffset(last.offset);
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: nextOffset },
    ]);

    this.opts.metrics.ingestRecords.inc(labels, validSpans.length + validPoints.length);
    this.opts.metrics.consumerLag.set(
      { topic: batch.topic, partition: String(batch.partition) },
      Number(BigInt(batch.highWatermark) - BigInt(nextOffset)),
    );
    this.opts.metrics.batchSeconds.observe(
      { source: 'kafka' },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
  }

  /** Drops records with invalid fields, counting them: one bad span must not dead-letter its batch. */
  private keepValid<T>(records: T[], problem: (r: T) => string | undefined): T[] {
    const v = validateRecords(records, problem);
    if (v.rejected > 0)
      this.opts.metrics.invalidRecords.inc({ source: 'kafka', reason: v.reason }, v.rejected);
    return v.accepted;
  }

  /** Decodes one message into the record lists; returns why not when it cannot. */
  private decodeInto(
    message: KafkaMessage,
    route: TopicRoute,
    spans: SpanRecord[],
    points: MetricPoint[],
  ): { code: string; reason: string } | undefined {
    const value = message.value;
    if (value === null || value.length === 0) return { code: 'FL_INGEST_EMPTY', reason: 'empty message' };
    if (value.length > this.opts.config.maxMessageBytes) {
      return { code: 'FL_INGEST_TOO_LARGE', reason: 'message too large' };
    }
    try {
      if (route.signal === 'traces') {
        for (const s of decodeSpans(value, route.encoding)) spans.push(s);
      } else {
        for (const p of decodeMetrics(value, route.encoding)) points.push(p);
      }
      return undefined;
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      return { code: err.code, reason: String(err.details.reason ?? 'undecodable') };
    }
  }
}

import {
  type Admin,
  type Consumer,
  type EachBatchPayload,
  Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import type { Config } from '../../config/schema.js';
import type { Component, HealthCheck } from '../../core/component.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { PeriodicTask } from '../../core/periodic-task.js';
import { withTimeout } from '../../core/with-timeout.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import { decodeMetrics, decodeSpans, newTally, type SpanDecodeOptions } from '../decode/index.js';
import { DecodeError, IngestErrorCode } from '../errors.js';
import type { MetricPoint, SpanRecord } from '../records.js';
import { countTally } from '../tally-metrics.js';
import type { MessageSegment, Signal, TelemetrySink } from '../telemetry-sink.js';
import { kafkaClientConfig } from './client-config.js';
import { type DeadLetter, DeadLetterWriter } from './dead-letter.js';
import { SinkBackpressure } from './sink-backpressure.js';

export interface KafkaSourceOptions {
  config: Config['kafka'];
  /** Extra span attributes to keep (those the SLO selectors filter on). */
  decode?: SpanDecodeOptions;
  sink: TelemetrySink;
  metrics: EngineMetrics;
  logger: Logger;
}

interface TopicRoute {
  signal: Signal;
  encoding: 'otlp_proto' | 'otlp_json';
}

/** How long a readiness check waits for the cluster to answer. */
const CHECK_TIMEOUT_MS = 2000;

/**
 * Consumes the Collector's OTLP topics with a consumer group. Each fetched batch is decoded,
 * undecodable messages go to the dead-letter topic, the records go to the sink, and only
 * when the sink says they are durable is the batch's offset committed. While the sink
 * cannot store a batch, consumption pauses and the batch is retried until it can (see
 * {@link SinkBackpressure}); one fetch holds at most `kafka.maxBufferedBytes`, and the next
 * waits until its batches are durable, so memory stays bounded whatever the backlog.
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
  /** Offsets whose batches are durable in the sink but not yet committed to Kafka. */
  private readonly pending = new Map<string, { topic: string; partition: number; offset: string }>();
  private readonly committer: PeriodicTask<void>;
  private readonly backpressure: SinkBackpressure;
  private buffered = 0;
  /** Batches being handled now, and who waits for there to be none. */
  private inHand = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: KafkaSourceOptions) {
    const { config } = opts;
    this.committer = new PeriodicTask({
      name: 'kafka-commit',
      schedule: { everyMs: config.commitIntervalMs },
      run: () => this.commitOnce(),
      failure: 'offset commit failed; retrying with the next one',
      failureLevel: 'warn',
      metrics: opts.metrics,
      logger: opts.logger,
    });
    this.kafka = new Kafka(kafkaClientConfig(config, opts.logger));
    this.consumer = this.kafka.consumer({
      groupId: config.groupId,
      sessionTimeout: config.sessionTimeoutMs,
      rebalanceTimeout: config.rebalanceTimeoutMs,
      heartbeatInterval: Math.floor(config.sessionTimeoutMs / 10),
      maxBytesPerPartition: Math.min(Math.max(config.maxMessageBytes, 1024 * 1024), config.maxBufferedBytes),
      maxBytes: config.maxBufferedBytes,
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
    this.backpressure = new SinkBackpressure({
      ...config.sinkRetry,
      pause: () => this.consumer.pause(this.topics()),
      // While closing, consumption stays paused.
      resume: () => {
        if (this.running) this.consumer.resume(this.topics());
      },
      metrics: opts.metrics,
      logger: opts.logger.child({ component: 'kafka' }),
    });
  }

  async start(): Promise<void> {
    await Promise.all([this.admin.connect(), this.producer.connect(), this.consumer.connect()]);
    await this.consumer.subscribe({
      topics: [...this.routes.keys()],
      fromBeginning: this.opts.config.initialOffset === 'earliest',
    });
    this.running = true;
    await this.committer.start();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async check(): Promise<HealthCheck> {
    if (this.backpressure.paused) {
      return { name: this.name, ok: false, detail: 'paused: the pipeline cannot store batches' };
    }
    const cluster = await withTimeout(this.admin.describeCluster(), CHECK_TIMEOUT_MS);
    return { name: this.name, ok: true, detail: `${cluster.brokers.length} broker(s)` };
  }

  /**
   * Drains, then leaves: stops taking batches (fetched ones are skipped, unresolved), lets
   * the batches in hand finish writing, commits what is durable while still a member of the
   * group (kafkajs leaves the group in `stop()`, after which it cannot commit), then stops.
   */
  async close(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.committer.close();
    this.consumer.pause(this.topics());
    // Batches still retrying a write are given up (not committed; read again on restart).
    this.backpressure.close();
    await this.whenIdle();
    await this.commitPending();
    await this.consumer.stop();
    await this.consumer.disconnect();
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private topics(): Array<{ topic: string }> {
    return [...this.routes.keys()].map((topic) => ({ topic }));
  }

  private whenIdle(): Promise<void> {
    if (this.inHand === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    if (!this.running || !this.routes.has(batch.topic) || batch.messages.length === 0) return;
    if (!isRunning() || isStale()) return;
    let bytes = 0;
    for (const m of batch.messages) bytes += m.value?.length ?? 0;
    this.buffered += bytes;
    this.inHand++;
    this.opts.metrics.kafkaBufferedBytes.set(this.buffered);
    try {
      await this.processBatch(payload);
    } finally {
      this.buffered -= bytes;
      this.inHand--;
      this.opts.metrics.kafkaBufferedBytes.set(this.buffered);
      if (this.inHand === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private async processBatch({
    batch,
    heartbeat,
    isRunning,
    isStale,
    resolveOffset,
  }: EachBatchPayload): Promise<void> {
    const route = this.routes.get(batch.topic);
    const last = batch.messages[batch.messages.length - 1];
    if (route === undefined || last === undefined) return;
    const started = process.hrtime.bigint();
    const labels = { source: 'kafka', signal: route.signal } as const;

    const spans: SpanRecord[] = [];
    const points: MetricPoint[] = [];
    const letters: DeadLetter[] = [];
    const segments: MessageSegment[] = [];
    for (const message of batch.messages) {
      this.opts.metrics.ingestMessages.inc(labels);
      this.opts.metrics.ingestBytes.inc(labels, message.value?.length ?? 0);
      const problem = this.decodeInto(message, route, spans, points);
      if (problem) letters.push({ topic: batch.topic, partition: batch.partition, message, ...problem });
      segments.push({ offset: Number(message.offset), spansEnd: spans.length, metricsEnd: points.length });
    }
    if (letters.length > 0) await this.deadLetters.write(letters);
    await heartbeat();

    const nextOffset = (BigInt(last.offset) + 1n).toString();
    const durable = await this.backpressure.writeUntilDurable(
      () =>
        this.opts.sink.write(
          { spans, metrics: points, segments },
          { source: 'kafka', positions: [{ topic: batch.topic, partition: batch.partition, nextOffset }] },
        ),
      { heartbeat, abandoned: () => !this.running || !isRunning() || isStale() },
    );
    // Given up (shutdown or revoked): not resolved, so it is read again from the last commit.
    if (!durable) return;
    // resolveOffset moves the fetch position (without it kafkajs fetches the same messages
    // again); the commit that makes the position survive a restart follows on a timer.
    resolveOffset(last.offset);
    this.pending.set(`${batch.topic}\u0000${batch.partition}`, {
      topic: batch.topic,
      partition: batch.partition,
      offset: nextOffset,
    });

    this.opts.metrics.ingestRecords.inc(labels, spans.length + points.length);
    this.opts.metrics.consumerLag.set(
      { topic: batch.topic, partition: String(batch.partition) },
      Number(BigInt(batch.highWatermark) - BigInt(nextOffset)),
    );
    this.opts.metrics.batchSeconds.observe(
      { source: 'kafka' },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
  }

  /**
   * Commits the durable offsets to Kafka. Committing lags the sink on purpose: the sink
   * already knows what it applied and skips redelivered messages, so a commit per batch
   * would cost a round trip and buy nothing. Runs never overlap; a failed commit is
   * retried with the next one.
   */
  async commitPending(): Promise<void> {
    await this.committer.runFresh();
  }

  /** One commit of what is pending; on failure the offsets go back for the next one, and it throws. */
  private async commitOnce(): Promise<void> {
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (err) {
      for (const o of offsets) {
        const key = `${o.topic}\u0000${o.partition}`;
        if (!this.pending.has(key)) this.pending.set(key, o);
      }
      throw err;
    }
  }

  /** Decodes one message into the record lists; returns why not when it cannot. */
  private decodeInto(
    message: KafkaMessage,
    route: TopicRoute,
    spans: SpanRecord[],
    points: MetricPoint[],
  ): { code: string; reason: string } | undefined {
    const value = message.value;
    if (value === null || value.length === 0) return { code: IngestErrorCode.Empty, reason: 'empty message' };
    if (value.length > this.opts.config.maxMessageBytes) {
      return { code: IngestErrorCode.TooLarge, reason: 'message too large' };
    }
    try {
      // Invalid records are dropped one by one and counted: one bad span must not
      // dead-letter the message that carries it.
      // Counted as they are decoded, never kept (see record-gate.ts); past the record cap the
      // message is dead-lettered like an undecodable one, so its offset still commits.
      const tally = newTally();
      const limits = { maxRecords: this.opts.config.maxRecordsPerMessage, tally };
      if (route.signal === 'traces') {
        for (const s of decodeSpans(value, route.encoding, { ...this.opts.decode, ...limits })) spans.push(s);
      } else {
        for (const p of decodeMetrics(value, route.encoding, limits)) points.push(p);
      }
      countTally(this.opts.metrics, 'kafka', tally);
      return undefined;
    } catch (err) {
      if (!(err instanceof DecodeError || isTooMany(err))) throw err;
      return { code: err.code, reason: String(err.details.reason ?? 'undecodable') };
    }
  }
}

function isTooMany(err: unknown): err is FaultlineError {
  return err instanceof FaultlineError && err.code === IngestErrorCode.TooManyRecords;
}

import { z } from 'zod';
import { hostPort, tlsSchema } from './common.js';

const encoding = z.enum(['otlp_proto', 'otlp_json']);

const topicSchema = (defaultName: string) =>
  z
    .strictObject({
      /** Kafka topic name, as the Collector's kafka exporter writes it. */
      name: z.string().min(1).default(defaultName),
      encoding: encoding.default('otlp_proto'),
    })
    .prefault({});

const saslSchema = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: z.string().min(1),
});

/** Kafka ingest (ingest/kafka): brokers, the Collector's topics, the consumer group, limits. */
export const kafkaSchema = z.strictObject({
  /** A non-empty list switches ingest to Kafka. */
  brokers: z.array(hostPort).default([]),
  clientId: z.string().min(1).default('faultline'),
  groupId: z.string().min(1).default('faultline'),
  topics: z
    .strictObject({
      spans: topicSchema('otlp_spans'),
      metrics: topicSchema('otlp_metrics'),
    })
    .prefault({}),
  /** A consumer not heard from for this long leaves the group (the broker allows 6 s to 30 min). */
  sessionTimeoutMs: z.number().int().min(6000).default(30_000),
  /** How long a rebalance waits for members to rejoin; a crashed member delays it this long. */
  rebalanceTimeoutMs: z.number().int().min(6000).default(60_000),
  /** How often durable offsets are committed to Kafka (the store already dedups redeliveries). */
  commitIntervalMs: z.number().int().min(100).default(5000),
  /** Where a consumer group without committed offsets starts reading. */
  initialOffset: z.enum(['earliest', 'latest']).default('latest'),
  /**
   * Most spans or points one message may hold (valid or not); a message with more goes to the
   * dead-letter topic (FL_INGEST_TOO_MANY_RECORDS) instead of being held in memory.
   */
  maxRecordsPerMessage: z.number().int().min(1).default(20_000),
  /** Messages larger than this are not decoded; they go to the dead-letter topic. */
  maxMessageBytes: z
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
  /**
   * Most message bytes one fetch brings into memory; the next fetch waits until they are
   * durable in the pipeline, so this bounds what the Kafka source holds at once (a single
   * message larger than this still comes, alone).
   */
  maxBufferedBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .default(32 * 1024 * 1024),
  /**
   * While the pipeline cannot store a batch (its store is down), consumption pauses and the
   * batch is written again after `initialMs`, doubling up to `maxMs`, until it is durable.
   */
  sinkRetry: z
    .strictObject({
      initialMs: z.number().int().min(10).default(250),
      maxMs: z.number().int().min(10).default(5000),
    })
    .prefault({}),
  /** Dead letters of topic T go to `T + deadLetterSuffix`. */
  deadLetterSuffix: z.string().min(1).default('.dlq'),
  sasl: saslSchema.optional(),
  tls: tlsSchema.optional(),
});

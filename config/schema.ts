import { z } from 'zod';

/**
 * The one configuration schema of faultline, with every default. A config file holds any
 * subset of it; what it leaves out takes the default below. Objects are strict so that a
 * misspelt key fails at start-up instead of being ignored.
 */

/** 0 asks the OS for a free port (tests use it). */
const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);

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

const tlsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  caFile: z.string().min(1).optional(),
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  rejectUnauthorized: z.boolean().default(true),
});

const kafkaSchema = z.strictObject({
  /** A non-empty list switches ingest to Kafka. */
  brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).default([]),
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
  /** Messages larger than this are not decoded; they go to the dead-letter topic. */
  maxMessageBytes: z
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
  /** Dead letters of topic T go to `T + deadLetterSuffix`. */
  deadLetterSuffix: z.string().min(1).default('.dlq'),
  sasl: saslSchema.optional(),
  tls: tlsSchema.optional(),
});

const redisSchema = z.strictObject({
  /** A non-empty URL (redis:// or rediss://) switches the store to Redis. */
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .optional(),
  /** Seed nodes of a Redis Cluster (host:port); when set, `url` only supplies credentials. */
  clusterNodes: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).default([]),
  keyPrefix: z.string().default('fl:'),
});

/** A window length such as 5m, 1h or 3d, as minutes. */
const windowMinutes = z
  .string()
  .regex(/^\d+[mhd]$/, 'expected a window like 5m, 1h or 3d')
  .transform(
    (text) =>
      Number(text.slice(0, -1)) * ({ m: 1, h: 60, d: 1440 } as const)[text.slice(-1) as 'm' | 'h' | 'd'],
  )
  .refine((m) => m >= 1 && m <= 90 * 1440, 'expected a window between 1m and 90d');

export const configSchema = z.strictObject({
  http: z
    .strictObject({
      host: host.default('127.0.0.1'),
      port: port.default(8080),
    })
    .prefault({}),
  otlp: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: host.default('127.0.0.1'),
      port: port.default(4318),
      /** Largest accepted request body, after decompression; larger ones get 413. */
      maxBodyBytes: z
        .number()
        .int()
        .min(1024)
        .default(16 * 1024 * 1024),
    })
    .prefault({}),
  kafka: kafkaSchema.prefault({}),
  redis: redisSchema.prefault({}),
  slos: z
    .strictObject({
      /** SLO spec files (native or OpenSLO v1 YAML). */
      files: z.array(z.string().min(1)).default([]),
      /** The windows SLO status and burn-rate alerts read. */
      windows: z.array(windowMinutes).min(1).prefault(['5m', '30m', '1h', '2h', '6h', '1d', '3d']),
    })
    .prefault({}),
  pipeline: z
    .strictObject({
      /** Events older than this behind the newest event seen are late: counted, not windowed. */
      allowedLatenessMs: z.number().int().min(0).default(300_000),
      /** Resolution and retention of the per-service signal series. */
      seriesResolutionMs: z.number().int().min(1000).default(10_000),
      seriesRetentionMs: z.number().int().min(60_000).default(86_400_000),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  shutdown: z
    .strictObject({
      /** Longest a graceful shutdown may take before the process exits anyway. */
      timeoutMs: z.number().int().min(100).default(15_000),
    })
    .prefault({}),
});

/** The validated configuration, every default filled in. */
export type Config = z.output<typeof configSchema>;

/** What a config file may hold. */
export type ConfigInput = z.input<typeof configSchema>;

/** The store adapter a config selects. */
export function storeKind(config: Config): 'memory' | 'redis' {
  return config.redis.url !== undefined || config.redis.clusterNodes.length > 0 ? 'redis' : 'memory';
}

/** The telemetry sources a config selects. OTLP/HTTP runs alongside Kafka unless disabled. */
export function sourceKinds(config: Config): Array<'kafka' | 'otlp-http'> {
  const kinds: Array<'kafka' | 'otlp-http'> = [];
  if (config.kafka.brokers.length > 0) kinds.push('kafka');
  if (config.otlp.enabled) kinds.push('otlp-http');
  return kinds;
}

import { z } from 'zod';
import { alertingSchema } from './sections/alerting.js';
import { authSchema } from './sections/auth.js';
import { host, port, windowMinutes } from './sections/common.js';
import { incidentsSchema } from './sections/incidents.js';
import { kafkaSchema } from './sections/kafka.js';
import { redisSchema } from './sections/redis.js';
import { rootCauseSchema } from './sections/root-cause.js';
import { topologySchema } from './sections/topology.js';

/**
 * The one configuration schema of faultline, with every default. A config file holds any
 * subset of it; what it leaves out takes the default below. Objects are strict so that a
 * misspelt key fails at start-up instead of being ignored. The larger sections live in
 * `sections/`, one file each.
 */
export const configSchema = z.strictObject({
  http: z
    .strictObject({
      host: host.default('127.0.0.1'),
      port: port.default(8080),
      /**
       * Host names the API answers to beyond the loopback names it always takes when bound to
       * loopback; bound elsewhere, a non-empty list is the only names it answers to.
       */
      allowedHosts: z.array(z.string().min(1)).default([]),
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
      /** The OTLP/gRPC receiver runs beside OTLP/HTTP, on the same host. */
      grpcEnabled: z.boolean().default(true),
      /** Its port; 4317 unless `port` is 0, when it takes a free port too (see `otlpGrpcPort`). */
      grpcPort: port.optional(),
      /**
       * Most spans or points one export may hold (valid or not); more answer 400
       * FL_INGEST_TOO_MANY_RECORDS before they are held in memory.
       */
      maxRecordsPerExport: z.number().int().min(1).default(20_000),
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
      /**
       * A span attribute holding the probability a span was sampled with, for samplers that
       * write no OTEP 235 threshold; span SLIs count such a span 1 / probability times.
       */
      samplingRatioAttribute: z.string().min(1).optional(),
    })
    .prefault({}),
  topology: topologySchema.prefault({}),
  alerting: alertingSchema.prefault({}),
  incidents: incidentsSchema.prefault({}),
  rootCause: rootCauseSchema.prefault({}),
  auth: authSchema.prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      /** `pretty`: readable lines; `json`: one object a line; `auto`: pretty on a terminal only. */
      format: z.enum(['auto', 'pretty', 'json']).default('auto'),
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

/**
 * The OTLP/gRPC port: `otlp.grpcPort` when set, else 4317, or 0 (a free port) when
 * `otlp.port` is 0, so a config that asks for free ports (tests, several instances on one
 * host) never collides on the fixed gRPC port.
 */
export function otlpGrpcPort(config: Config): number {
  return config.otlp.grpcPort ?? (config.otlp.port === 0 ? 0 : 4317);
}

/** The telemetry sources a config selects. OTLP/HTTP runs alongside Kafka unless disabled. */
export function sourceKinds(config: Config): Array<'kafka' | 'otlp-http'> {
  const kinds: Array<'kafka' | 'otlp-http'> = [];
  if (config.kafka.brokers.length > 0) kinds.push('kafka');
  if (config.otlp.enabled) kinds.push('otlp-http');
  return kinds;
}

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
  topology: topologySchema.prefault({}),
  alerting: alertingSchema.prefault({}),
  incidents: incidentsSchema.prefault({}),
  rootCause: rootCauseSchema.prefault({}),
  auth: authSchema.prefault({}),
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

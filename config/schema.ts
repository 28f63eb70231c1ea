import { validate as validateCron } from 'node-cron';
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

const redisSchema = z.strictObject({
  /** A non-empty URL (redis:// or rediss://) switches the store to Redis. */
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .optional(),
  /** Seed nodes of a Redis Cluster (host:port); when set, `url` only supplies credentials. */
  clusterNodes: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).default([]),
  keyPrefix: z.string().default('fl:'),
  /**
   * TLS beyond what a `rediss://` URL turns on: a private CA, a client certificate. With
   * `enabled` (the default when the section is given) TLS is used whatever the URL scheme.
   */
  tls: tlsSchema.optional(),
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

/** An http(s) URL; notifier targets and webhook receivers are plain HTTP endpoints. */
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** A notifier name: it appears in metric labels and logs (`slack:<name>`, `webhook:<name>`). */
const notifierName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a name of lowercase letters, digits, _ and -');

/** Where faultline sends its alerts (alerting/notifiers). URLs and secrets here are never logged. */
const notifiersSchema = z
  .strictObject({
    /** Alertmanager API v2; every alert goes to each URL (an HA pair dedups them). */
    alertmanager: z
      .strictObject({
        urls: z.array(httpUrl).default([]),
        /** How often active alerts are re-sent; they stay valid for 4 intervals. */
        resendIntervalMs: z.number().int().min(1000).default(60_000),
        timeoutMs: z.number().int().min(100).default(10_000),
      })
      .prefault({}),
    /** Slack incoming webhooks, Block Kit messages. */
    slack: z
      .array(
        z.strictObject({
          name: notifierName,
          webhookUrl: httpUrl,
          /** Only legacy webhooks honour a channel override; app webhooks post to their own. */
          channel: z.string().min(1).optional(),
          timeoutMs: z.number().int().min(100).default(10_000),
        }),
      )
      .default([]),
    /** Generic JSON webhooks, signed with HMAC-SHA256 of the body. */
    webhook: z
      .array(
        z.strictObject({
          name: notifierName,
          url: httpUrl,
          secret: z.string().min(16, 'expected a secret of at least 16 characters'),
          timeoutMs: z.number().int().min(100).default(10_000),
        }),
      )
      .default([]),
  })
  .refine((n) => new Set(n.slack.map((s) => s.name)).size === n.slack.length, {
    error: 'expected unique slack notifier names',
    path: ['slack'],
  })
  .refine((n) => new Set(n.webhook.map((w) => w.name)).size === n.webhook.length, {
    error: 'expected unique webhook notifier names',
    path: ['webhook'],
  });

/** The Alertmanager webhook receiver (POST /api/v1/alertmanager/webhook). */
const receiverSchema = z.strictObject({
  /** Accept `Authorization: Bearer <token>`. */
  bearerToken: z.string().min(16, 'expected a token of at least 16 characters').optional(),
  /** Accept HTTP basic auth. With neither set, the endpoint takes anyone (a warning is logged). */
  basicAuth: z.strictObject({ username: z.string().min(1), password: z.string().min(1) }).optional(),
  /** The label that names an external alert's service. */
  serviceLabel: z.string().min(1).default('service'),
});

const severity = z.enum(['page', 'ticket']);

/** The name of an alert rule profile; `sre-workbook` is built in. */
const profileName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a name of lowercase letters, digits, _ and -');

/** One multiwindow burn-rate tier: fires when both windows burn faster than its factor. */
const burnRateTierSchema = z
  .strictObject({
    severity,
    longWindow: windowMinutes,
    shortWindow: windowMinutes,
    /** Share of the period's error budget the tier lets burn within its long window (0.02 = 2 %). */
    budgetShare: z.number().gt(0).max(1).optional(),
    /** The burn-rate threshold itself, instead of a budget share. */
    factor: z.number().gt(0).optional(),
    /** Events the long window needs before the tier may fire (default `alerting.rules.minEvents`). */
    minEvents: z.number().int().min(0).optional(),
  })
  .refine((t) => (t.budgetShare === undefined) !== (t.factor === undefined), {
    error: 'expected exactly one of budgetShare and factor',
  })
  .refine((t) => t.shortWindow < t.longWindow, {
    error: 'expected a shortWindow shorter than longWindow',
    path: ['shortWindow'],
  });

/** Burn-rate, no-data and budget-exhausted rules (alerting/rule-sets.ts). */
const alertRulesSchema = z
  .strictObject({
    /** The profile of SLOs not listed in `slos`. */
    default: profileName.default('sre-workbook'),
    /** Named lists of tiers; `sre-workbook` (14.4/6 page, 3/1 ticket for 30 days) is built in. */
    profiles: z.record(profileName, z.array(burnRateTierSchema)).default({}),
    /** SLO id (`service/name`) -> profile. */
    slos: z.record(z.string().min(1), profileName).default({}),
    minEvents: z.number().int().min(0).default(10),
    /** How long a condition must hold before its alert fires. */
    forMs: z.number().int().min(0).default(0),
    /** How long a firing alert stays firing after its condition stops (against flapping). */
    keepFiringForMs: z.number().int().min(0).default(120_000),
    noData: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Alert when the SLO has had no events for this long. */
        after: windowMinutes.prefault('1h'),
        severity: severity.default('ticket'),
      })
      .prefault({}),
    budgetExhausted: z
      .strictObject({ enabled: z.boolean().default(true), severity: severity.default('ticket') })
      .prefault({}),
  })
  .superRefine((rules, ctx) => {
    const known = (name: string) => name === 'sre-workbook' || name in rules.profiles;
    if (!known(rules.default)) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        message: `expected a known profile, not "${rules.default}"`,
      });
    }
    for (const [slo, profile] of Object.entries(rules.slos)) {
      if (!known(profile)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slos', slo],
          message: `expected a known profile, not "${profile}"`,
        });
      }
    }
  });

const alertEvaluationSchema = z.strictObject({
  /** node-cron expression, with seconds: when the lease holder evaluates every SLO's alerts. */
  schedule: z
    .string()
    .refine((s) => validateCron(s), 'expected a cron expression such as "*/10 * * * * *"')
    .default('*/10 * * * * *'),
  /** How long resolved alerts are kept, listed and re-sent before they are forgotten. */
  resolvedRetentionMs: z.number().int().min(0).default(900_000),
  /** The API's URL as alert receivers should link to it (generatorURL); default http://<http.host>:<port>. */
  externalUrl: httpUrl.optional(),
});

/** Delivery from the outbox to notifiers (alerting/dispatcher.ts). */
const alertDispatchSchema = z.strictObject({
  intervalMs: z.number().int().min(100).default(1000),
  initialBackoffMs: z.number().int().min(10).default(1000),
  maxBackoffMs: z.number().int().min(10).default(300_000),
  maxAttempts: z.number().int().min(1).default(12),
  /** A claimed notification not completed within this is claimable again; notify gets half. */
  claimTimeoutMs: z.number().int().min(1000).default(60_000),
});

/** Who may call the API (api/auth.ts); secrets here are never logged or returned. */
const authSchema = z.strictObject({
  /** Accepted `Authorization: Bearer` tokens; several so a token can be rotated without downtime. */
  bearerTokens: z.array(z.string().min(16, 'expected a token of at least 16 characters')).default([]),
  /** Accepted HTTP basic-auth users. */
  basicAuth: z
    .array(
      z.strictObject({
        username: z.string().min(1),
        password: z.string().min(12, 'expected a password of at least 12 characters'),
      }),
    )
    .default([]),
  /** Require credentials for reads too (every GET but /healthz and /readyz, /metrics included). */
  protectReads: z.boolean().default(false),
  /** Require credentials on the OTLP/HTTP receiver too (exporters send an Authorization header). */
  protectIngest: z.boolean().default(false),
});

/** Incident grouping and live root cause (correlate/incidents, correlate/live). */
const incidentsSchema = z.strictObject({
  /**
   * Group alerts into incidents with ranked root causes (needs `alerting.enabled`). While on,
   * Slack gets one message per incident event instead of one per alert.
   */
  enabled: z.boolean().default(true),
  /** Alerts starting within this of a related alert's start (or after its resolution) join its incident. */
  windowMs: z.number().int().min(0).default(600_000),
  /** Services at most this many topology hops apart (either direction) are related; 0: same service only. */
  maxHops: z.number().int().min(0).max(10).default(2),
  /** An incident resolves once all its alerts have been resolved for this long. */
  quietMs: z.number().int().min(0).default(600_000),
  /** How often the evaluation lease holder updates incidents. */
  intervalMs: z.number().int().min(100).default(10_000),
  /** Resolved incidents are kept this long, and at most `maxResolved` of them. */
  retentionMs: z
    .number()
    .int()
    .min(60_000)
    .default(7 * 86_400_000),
  maxResolved: z.number().int().min(1).default(1000),
  rootCause: z
    .strictObject({
      /** Baseline reach of live rankings (incidents, alert annotations, the API's default). */
      lookbackMs: z.number().int().min(300_000).max(86_400_000).default(1_800_000),
      /** An open incident's ranking is recomputed this often until its anomaly window has passed. */
      refreshMs: z.number().int().min(1000).default(60_000),
      /** Candidates kept with an incident, each with its evidence series. */
      candidates: z.number().int().min(1).max(50).default(5),
    })
    .prefault({}),
});

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
  topology: z
    .strictObject({
      /** Span pairing into the service graph (false: no topology, no /api/v1/topology). */
      enabled: z.boolean().default(true),
      /** How long a span waits for its other side (processing time) before it counts as unpaired. */
      waitMs: z.number().int().min(100).default(10_000),
      /** Most spans waiting for their other side at once; further spans are dropped and counted. */
      maxPendingSpans: z.number().int().min(1).default(100_000),
      /** An edge not seen for this long leaves the graph. */
      edgeTtlMs: z.number().int().min(1000).default(3_600_000),
      /** Most distinct edges tracked; calls along further edges count on `__overflow__ -> __overflow__`. */
      maxEdges: z.number().int().min(1).default(10_000),
      /** Width of the time slices the graph store keeps edge statistics in. */
      sliceMs: z.number().int().min(1000).default(60_000),
      /** How long edge statistics are kept: how far back `at=` can read the graph. */
      retentionMs: z.number().int().min(60_000).default(86_400_000),
      /** How often edge updates are written to the graph store. */
      flushIntervalMs: z.number().int().min(100).default(5000),
    })
    .refine((t) => t.edgeTtlMs / t.sliceMs <= 1440, {
      message: 'expected edgeTtlMs to cover at most 1440 slices (raise sliceMs)',
      path: ['sliceMs'],
    })
    .refine((t) => t.retentionMs >= t.edgeTtlMs, {
      message: 'expected retentionMs at least edgeTtlMs',
      path: ['retentionMs'],
    })
    .prefault({}),
  alerting: z
    .strictObject({
      /** SLO alert evaluation, state and notification (false: none of it runs). */
      enabled: z.boolean().default(true),
      rules: alertRulesSchema.prefault({}),
      evaluation: alertEvaluationSchema.prefault({}),
      /** The evaluation lease: one instance evaluates; another takes over within two periods. */
      lease: z.strictObject({ periodMs: z.number().int().min(1000).default(10_000) }).prefault({}),
      dispatch: alertDispatchSchema.prefault({}),
      notifiers: notifiersSchema.prefault({}),
      receiver: receiverSchema.prefault({}),
    })
    .prefault({}),
  incidents: incidentsSchema.prefault({}),
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

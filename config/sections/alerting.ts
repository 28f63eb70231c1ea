import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { httpUrl, lowercaseName, windowMinutes } from './common.js';
import { notifiersSchema, receiverSchema } from './notifiers.js';

const severity = z.enum(['page', 'ticket']);

/** The name of an alert rule profile; `sre-workbook` is built in. */
const profileName = lowercaseName;

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

/** Silences (alerting/silences): faultline's own, and the configured Alertmanager's. */
const silencesSchema = z.strictObject({
  /** How long an expired silence stays listed before it is forgotten. */
  retentionMs: z.number().int().min(0).default(86_400_000),
  /** Honour the active silences of `alerting.notifiers.alertmanager.urls` too. */
  alertmanager: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** How long a read of Alertmanager's silences is reused. */
      refreshMs: z.number().int().min(1000).default(15_000),
    })
    .prefault({}),
});

/** SLO alert evaluation, state, notification and the Alertmanager receiver. */
export const alertingSchema = z.strictObject({
  /** SLO alert evaluation, state and notification (false: none of it runs). */
  enabled: z.boolean().default(true),
  rules: alertRulesSchema.prefault({}),
  evaluation: alertEvaluationSchema.prefault({}),
  /** The evaluation lease: one instance evaluates; another takes over within two periods. */
  lease: z.strictObject({ periodMs: z.number().int().min(1000).default(10_000) }).prefault({}),
  dispatch: alertDispatchSchema.prefault({}),
  notifiers: notifiersSchema.prefault({}),
  silences: silencesSchema.prefault({}),
  /** Topology-aware inhibition: hold a caller's page while a service below it pages. */
  inhibition: z.strictObject({ topology: z.boolean().default(true) }).prefault({}),
  receiver: receiverSchema.prefault({}),
});

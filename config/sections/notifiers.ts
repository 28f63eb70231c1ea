import { z } from 'zod';
import { httpUrl, lowercaseName } from './common.js';

/** A notifier name: it appears in metric labels and logs (`slack:<name>`, `webhook:<name>`). */
const notifierName = lowercaseName;

/**
 * Route of a notifier: Alertmanager-syntax matchers on alert labels (`severity="page"`,
 * `team=~"pay.*"`); an alert goes to every notifier whose matchers all hold. Parsed when
 * alerting starts (alerting/routing.ts), which names the field of one that does not parse.
 */
const matchers = z.array(z.string().min(1)).default([]);

/** Where faultline sends its alerts (alerting/notifiers). URLs and secrets here are never logged. */
export const notifiersSchema = z
  .strictObject({
    /** Alertmanager API v2; every alert goes to each URL (an HA pair dedups them). */
    alertmanager: z
      .strictObject({
        urls: z.array(httpUrl).default([]),
        /** How often active alerts are re-sent; they stay valid for 4 intervals. */
        resendIntervalMs: z.number().int().min(1000).default(60_000),
        timeoutMs: z.number().int().min(100).default(10_000),
        matchers,
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
          matchers,
        }),
      )
      .default([]),
    /**
     * Slack apps (bot token): one living message per incident, edited in place, with
     * Acknowledge / Resolve / Silence 1h buttons. Incidents only (needs `incidents.enabled`).
     */
    slackApp: z
      .array(
        z.strictObject({
          name: notifierName,
          /** Bot User OAuth token (`xoxb-…`) with the `chat:write` scope. A secret. */
          botToken: z.string().min(8, 'expected a Slack bot token (xoxb-…)'),
          /** The channel's id (`C0123ABCD`); the app must be a member of it. */
          channel: z.string().min(1),
          /** Signing secret of the app: verifies its button clicks (/api/v1/slack/interactions). */
          signingSecret: z.string().min(16, 'expected the Slack app signing secret').optional(),
          /** The Web API's base URL. */
          apiUrl: httpUrl.default('https://slack.com/api'),
          timeoutMs: z.number().int().min(100).default(10_000),
          /** Least time between two calls to the channel (Slack allows about one message a second). */
          paceMs: z.number().int().min(0).default(1100),
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
          matchers,
        }),
      )
      .default([]),
  })
  .refine((n) => new Set(n.slack.map((s) => s.name)).size === n.slack.length, {
    error: 'expected unique slack notifier names',
    path: ['slack'],
  })
  .refine((n) => new Set(n.slackApp.map((s) => s.name)).size === n.slackApp.length, {
    error: 'expected unique slackApp notifier names',
    path: ['slackApp'],
  })
  .refine((n) => new Set(n.webhook.map((w) => w.name)).size === n.webhook.length, {
    error: 'expected unique webhook notifier names',
    path: ['webhook'],
  });

/** The Alertmanager webhook receiver (POST /api/v1/alertmanager/webhook). */
export const receiverSchema = z.strictObject({
  /** Accept `Authorization: Bearer <token>`. */
  bearerToken: z.string().min(16, 'expected a token of at least 16 characters').optional(),
  /** Accept HTTP basic auth. With neither set, the endpoint takes anyone (a warning is logged). */
  basicAuth: z.strictObject({ username: z.string().min(1), password: z.string().min(1) }).optional(),
  /** The label that names an external alert's service. */
  serviceLabel: z.string().min(1).default('service'),
});

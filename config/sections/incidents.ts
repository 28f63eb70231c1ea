import { z } from 'zod';
import { httpUrl } from './common.js';

/** Incident grouping and live root cause (correlate/incidents, correlate/live). */
export const incidentsSchema = z.strictObject({
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
  /**
   * Most alerts one incident keeps; related alerts beyond it are counted in the incident's
   * `omittedAlerts`, not kept (one incident kept 20 079 alerts in an alert flood).
   */
  maxAlerts: z.number().int().min(1).max(100_000).default(500),
  /** How often the evaluation lease holder updates incidents. */
  intervalMs: z.number().int().min(100).default(10_000),
  /** Resolved incidents are kept this long, and at most `maxResolved` of them. */
  retentionMs: z
    .number()
    .int()
    .min(60_000)
    .default(7 * 86_400_000),
  maxResolved: z.number().int().min(1).default(1000),
  /**
   * The dashboard's URL as people reach it (Slack links to its incident pages); default
   * `alerting.evaluation.externalUrl`, else the API's own address.
   */
  dashboardUrl: httpUrl.optional(),
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

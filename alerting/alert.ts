/**
 * The alert model shared by rules, state, dedup and every notifier. An alert's identity is
 * its label set; its fingerprint is computed from the labels as Alertmanager does.
 */

import type { Alert, AlertState, Severity } from '../core/api-types.js';

export type { Alert, AlertState, Severity };

/** One change of state of one alert. Exactly one notification goes out per transition. */
export interface AlertTransition {
  /**
   * Idempotency key, unique per transition and the same on every instance that computes
   * it: `<fingerprint>:<to>:<at>`.
   */
  id: string;
  from: AlertState;
  to: AlertState;
  /** Event time of the evaluation that made the change (ISO 8601). */
  at: string;
  /** The alert as it is after the change. */
  alert: Alert;
}

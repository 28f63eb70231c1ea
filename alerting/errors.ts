import { FaultlineError } from '../core/faultline-error.js';

/** Stable codes of alerting failures; tests and callers match on these, never on messages. */
export const AlertingErrorCode = {
  /** `alerting.rules` names an SLO that is not loaded or a profile that does not exist. */
  RulesInvalid: 'FL_ALERTING_RULES_INVALID',
  /**
   * A configured burn-rate tier can page an SLO that will be met: its long window is not
   * shorter than the SLO's period, or its factor is not above 1. Thrown as a ConfigError
   * naming the file, the field and why.
   */
  TierUnsafe: 'FL_ALERTING_TIER_UNSAFE',
  /** A label matcher (silence, notifier route) does not parse, or its regex is invalid. */
  MatcherInvalid: 'FL_ALERTING_MATCHER_INVALID',
  /** A silence is malformed: no matchers, times that do not parse, or ending before it starts. */
  SilenceInvalid: 'FL_ALERTING_SILENCE_INVALID',
  /** No silence has the id asked for. */
  SilenceNotFound: 'FL_ALERTING_SILENCE_NOT_FOUND',
  /** No incident has the id asked for. */
  IncidentNotFound: 'FL_ALERTING_INCIDENT_NOT_FOUND',
  /**
   * A change an incident cannot take: it is resolved, it would be merged into itself, or
   * the alert to split out is not in it or is its only alert.
   */
  IncidentConflict: 'FL_ALERTING_INCIDENT_CONFLICT',
  /** The incident kept changing under a person's change (retried a few times); try again. */
  IncidentBusy: 'FL_ALERTING_INCIDENT_BUSY',
  /** A notifier did not answer within the dispatcher's notify timeout. */
  NotifyTimeout: 'FL_ALERTING_NOTIFY_TIMEOUT',
} as const;

export type AlertingErrorCode = (typeof AlertingErrorCode)[keyof typeof AlertingErrorCode];

export class AlertingError extends FaultlineError {
  constructor(code: AlertingErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'AlertingError';
  }
}

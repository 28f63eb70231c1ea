/**
 * The alert model shared by rules, state, dedup and every notifier. An alert's identity is
 * its label set; its fingerprint is computed from the labels as Alertmanager does.
 */

export type Severity = 'page' | 'ticket';

export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

export interface Alert {
  /** 16 lowercase hex digits: 64-bit FNV-1a over the sorted label names and values. */
  fingerprint: string;
  /** alertname, slo, service, severity, long_window, short_window, plus the SLO's labels. */
  labels: Record<string, string>;
  /** summary, description, burn rates, budget left, time to exhaustion, runbook, dashboard, ... */
  annotations: Record<string, string>;
  state: AlertState;
  severity: Severity;
  /** The SLO this alert is about (`service/name`). */
  sloId: string;
  service: string;
  /** When the current state began (ISO 8601). */
  since: string;
  /** When the alert last started firing, and when it resolved (ISO 8601), if it has. */
  firedAt?: string;
  resolvedAt?: string;
  /** Burn rate per window name (`5m`, `1h`, ...) at the last evaluation; null without events. */
  burnRates: Record<string, number | null>;
  /** A link back to faultline's view of the SLO. */
  generatorURL: string;
  /** Ids of the silences that kept this alert from every notifier at the last evaluation. */
  silencedBy?: string[];
  /**
   * Set while topology-aware inhibition holds this page: the page of a service below it
   * that explains it. The alert is recorded but not sent until that page resolves.
   */
  heldBy?: { fingerprint: string; sloId: string; reason: string };
  /**
   * True while the current firing episode has not been sent (it was silenced or held when
   * it fired); it is sent once nothing keeps it back while it still fires.
   */
  unsent?: boolean;
}

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

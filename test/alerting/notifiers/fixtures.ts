import type { Alert, AlertState, AlertTransition } from '../../../alerting/alert.js';
import { alertFingerprint } from '../../../alerting/alertmanager-labels.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');

/** A firing page alert on checkout/availability, as alerting/alert-content.ts renders one. */
export function sampleAlert(overrides: Partial<Alert> = {}, extraLabels: Record<string, string> = {}): Alert {
  const labels = {
    alertname: 'SLOBurnRatePage',
    slo: 'checkout/availability',
    service: 'checkout',
    severity: 'page',
    long_window: '1h',
    short_window: '5m',
    team: 'payments',
    ...extraLabels,
  };
  return {
    fingerprint: alertFingerprint(labels),
    labels,
    annotations: {
      summary: 'checkout/availability is burning its 30d error budget too fast',
      description: 'The error budget burn rate is 15.2 over 1h and 16.1 over 5m.',
      burn_rate_threshold: '14.4',
      budget_remaining: '0.6234',
      time_to_exhaustion: '1d 4h',
      runbook_url: 'https://runbooks.example.com/checkout/availability',
      dashboard_url: 'https://grafana.example.com/d/checkout',
    },
    state: 'firing',
    severity: 'page',
    sloId: 'checkout/availability',
    service: 'checkout',
    since: new Date(T0).toISOString(),
    firedAt: new Date(T0).toISOString(),
    burnRates: { '5m': 16.1, '1h': 15.2, '6h': 3.9, '3d': null },
    generatorURL: 'http://127.0.0.1:8080/api/v1/slos/checkout/availability',
    ...overrides,
  };
}

/** The transition that put `alert` in state `to` at `at`. */
export function transitionTo(
  alert: Alert,
  to: AlertState,
  at = alert.since,
  from?: AlertState,
): AlertTransition {
  const after: Alert = { ...alert, state: to, since: at };
  if (to === 'resolved') after.resolvedAt = at;
  return {
    id: `${alert.fingerprint}:${to}:${at}`,
    from: from ?? (to === 'firing' ? 'pending' : 'firing'),
    to,
    at,
    alert: after,
  };
}

import type { AlertObservation } from '../../correlate/incidents/grouping.js';
import type { Alert } from '../alert.js';
import type { ExternalAlert } from '../receiver/external-alert-store.js';
import { notSentReason } from '../routing.js';

/**
 * faultline's own alerts as grouping sees them: firing and resolved ones (pending alerts have
 * not fired yet). An episode starts when the alert fired (`firedAt`), so an alert that fires
 * again after resolving is a new episode.
 */
export function faultlineObservations(alerts: readonly Alert[]): AlertObservation[] {
  const out: AlertObservation[] = [];
  for (const a of alerts) {
    if ((a.state !== 'firing' && a.state !== 'resolved') || a.firedAt === undefined) continue;
    const startMs = Date.parse(a.firedAt);
    if (!Number.isFinite(startMs)) continue;
    const resolvedAtMs = a.resolvedAt === undefined ? undefined : Date.parse(a.resolvedAt);
    const notSent = notSentReason(a);
    const rates = Object.values(a.burnRates).filter((r): r is number => r !== null && Number.isFinite(r));
    const runbookUrl = a.annotations.runbook_url;
    out.push({
      key: `faultline:${a.fingerprint}:${startMs}`,
      fingerprint: a.fingerprint,
      alertname: a.labels.alertname ?? 'alert',
      service: a.service,
      severity: a.severity,
      source: 'faultline',
      state: a.state,
      startMs,
      ...(resolvedAtMs === undefined || !Number.isFinite(resolvedAtMs) ? {} : { resolvedAtMs }),
      slo: a.sloId,
      ...(a.annotations.summary === undefined ? {} : { summary: a.annotations.summary }),
      ...(notSent === undefined ? {} : { notSent }),
      ...(rates.length === 0 ? {} : { burnRate: Math.max(...rates) }),
      ...(runbookUrl === undefined ? {} : { runbookUrl }),
    });
  }
  return out;
}

/**
 * Alerts from Alertmanager's webhook as grouping sees them. Only those naming a service
 * (`alerting.receiver.serviceLabel`) can be placed in the topology; the others are left out.
 */
export function externalObservations(alerts: readonly ExternalAlert[]): AlertObservation[] {
  const out: AlertObservation[] = [];
  for (const a of alerts) {
    if (a.service === undefined || a.service === '') continue;
    const startMs = Date.parse(a.startsAt);
    if (!Number.isFinite(startMs)) continue;
    const end = a.status === 'resolved' ? Date.parse(a.endsAt ?? a.receivedAt) : Number.NaN;
    out.push({
      key: `alertmanager:${a.fingerprint}:${startMs}`,
      fingerprint: a.fingerprint,
      alertname: a.labels.alertname ?? 'alert',
      service: a.service,
      severity: a.labels.severity ?? '',
      source: 'alertmanager',
      state: a.status,
      startMs,
      ...(Number.isFinite(end) ? { resolvedAtMs: end } : {}),
      ...(a.annotations.summary === undefined ? {} : { summary: a.annotations.summary }),
      ...(a.annotations.runbook_url === undefined ? {} : { runbookUrl: a.annotations.runbook_url }),
    });
  }
  return out;
}

import type { Clock } from '../../core/clock.js';
import type { Incident, RootCauseCandidate } from '../../correlate/incidents/incident.js';
import type { Alert } from '../alert.js';
import type { IncidentStore } from './incident-store.js';

/** How long one read of the open incidents serves alert annotations. */
const OPEN_CACHE_MS = 5000;

/**
 * The candidates of the open incident an alert has joined, read from the incident store (for
 * the alert annotator). One read of the open incidents serves every alert of a few seconds, so
 * a burst of transitions costs one store read, not one per alert.
 */
export function incidentCandidatesFrom(
  store: Pick<IncidentStore, 'open'>,
  clock: Clock,
): (alert: Alert) => Promise<RootCauseCandidate[] | undefined> {
  let openCache: { atMs: number; incidents: Promise<Incident[]> } | undefined;
  return async (alert) => {
    if (alert.firedAt === undefined) return undefined;
    const now = clock.now();
    if (openCache === undefined || now - openCache.atMs > OPEN_CACHE_MS)
      openCache = { atMs: now, incidents: store.open() };
    const firedMs = Date.parse(alert.firedAt);
    const home = (await openCache.incidents).find((i) =>
      i.alerts.some(
        (a) =>
          a.source === 'faultline' && a.fingerprint === alert.fingerprint && Date.parse(a.since) === firedMs,
      ),
    );
    return home?.rootCause.candidates;
  };
}

import type { Incident } from './incident.js';

/** What a notifier is told about an incident: it opened, its top candidate changed, it resolved. */
export type IncidentEventKind = 'opened' | 'top' | 'resolved';

/** One notification about an incident. Exactly one goes out per id, however many instances run. */
export interface IncidentEvent {
  /**
   * Idempotency key: `incident:<id>:opened`, `incident:<id>:top:<node>` or
   * `incident:<id>:resolved`. A top candidate that comes back after another was on top is
   * not announced twice.
   */
  id: string;
  kind: IncidentEventKind;
  /** When it happened (ISO 8601). */
  at: string;
  /** The incident as it was then, without evidence series (see {@link withoutSeries}). */
  incident: Incident;
  /** `top` events: the node that was on top before, if any. */
  previousTop?: string;
}

/** The event of `kind` about `incident` (a snapshot is taken). */
export function incidentEvent(
  kind: IncidentEventKind,
  incident: Incident,
  at: string,
  previousTop?: string,
): IncidentEvent {
  const top = incident.rootCause.top ?? incident.rootCause.candidates[0]?.node ?? '';
  const id = kind === 'top' ? `incident:${incident.id}:top:${top}` : `incident:${incident.id}:${kind}`;
  return {
    id,
    kind,
    at,
    incident: withoutSeries(incident),
    ...(previousTop === undefined ? {} : { previousTop }),
  };
}

/** A copy of the incident whose candidates' evidence signals carry no points (for messages and the outbox). */
export function withoutSeries(incident: Incident): Incident {
  const copy = structuredClone(incident);
  for (const c of copy.rootCause.candidates) for (const s of c.evidence.signals) s.series = [];
  return copy;
}

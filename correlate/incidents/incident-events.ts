import type { Incident } from './incident.js';

/**
 * What a notifier is told about an incident: it opened, its top candidate changed, it
 * resolved; and what people did: acknowledged it, assigned it, merged it (into another, or
 * another into it), split an alert out of it.
 */
export type IncidentEventKind =
  | 'opened'
  | 'top'
  | 'resolved'
  | 'acknowledged'
  | 'assigned'
  | 'merged'
  | 'split';

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
  /** Who did it, for what a person did. */
  by?: string;
}

/** What a person's change adds to an event: who, and what makes its id unique. */
export interface EventAuthor {
  by: string;
  /**
   * Appended to the id of events that can happen more than once (`assigned` at each time,
   * `merged`/`split` per other incident).
   */
  discriminator?: string;
}

/** The event of `kind` about `incident` (a snapshot is taken). */
export function incidentEvent(
  kind: IncidentEventKind,
  incident: Incident,
  at: string,
  previousTop?: string,
  author?: EventAuthor,
): IncidentEvent {
  const top = incident.rootCause.top ?? incident.rootCause.candidates[0]?.node ?? '';
  const base = kind === 'top' ? `incident:${incident.id}:top:${top}` : `incident:${incident.id}:${kind}`;
  const id = author?.discriminator === undefined ? base : `${base}:${author.discriminator}`;
  return {
    id,
    kind,
    at,
    incident: withoutSeries(incident),
    ...(previousTop === undefined ? {} : { previousTop }),
    ...(author === undefined ? {} : { by: author.by }),
  };
}

/** A copy of the incident whose candidates' evidence signals carry no points (for messages and the outbox). */
export function withoutSeries(incident: Incident): Incident {
  const copy = structuredClone(incident);
  for (const c of copy.rootCause.candidates) for (const s of c.evidence.signals) s.series = [];
  return copy;
}

/**
 * Whether notifiers hear about `incident`: not when every alert of it was silenced or held
 * (it is recorded, not announced).
 */
export function announced(incident: Incident): boolean {
  return incident.alerts.some((a) => a.notSent === undefined);
}

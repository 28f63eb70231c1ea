/**
 * The incident model: related alerts grouped into one story, with the affected services, a
 * timeline and the current root-cause ranking. The API answers exactly these shapes (the
 * dashboard builds on them); times are ISO 8601 strings in UTC.
 */

export type IncidentStatus = 'open' | 'resolved';

/** Where an alert came from: faultline's own SLO alerts, or Alertmanager's webhook. */
export type AlertSource = 'faultline' | 'alertmanager';

/** One alert episode of an incident. */
export interface IncidentAlert {
  /** The episode's identity: `<source>:<fingerprint>:<start ms>`. */
  key: string;
  fingerprint: string;
  alertname: string;
  service: string;
  /** `page`, `ticket`, or whatever an external alert's `severity` label says ('' without one). */
  severity: string;
  state: 'firing' | 'resolved';
  source: AlertSource;
  /** When the episode started firing. */
  since: string;
  resolvedAt?: string;
  /** faultline alerts: the SLO id (`service/name`). */
  slo?: string;
  summary?: string;
  /** Why no notifier sent this alert when it joined (silenced, or held by inhibition with the reason). */
  notSent?: string;
}

export type TimelineKind = 'opened' | 'alert' | 'resolved' | 'rootcause';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  text: string;
}

/** One signal that makes a candidate suspect, with its points around the anomaly. */
export interface EvidenceSignal {
  signal: string;
  /** Robust anomaly score of the signal in the anomaly window. */
  anomalyScore: number;
  /** Correlation with the failing SLI; null when it could not be computed. */
  correlation: number | null;
  series: Array<{ t: number; v: number }>;
}

export interface RootCauseCandidate {
  rank: number;
  node: string;
  score: number;
  /** The anomalous callee that explains part of this node's anomaly, if any. */
  explainedBy: string | null;
  evidence: {
    signals: EvidenceSignal[];
    /** Call path from the ranked service to this node; empty without topology. */
    path: string[];
  };
}

/** The current ranking of an incident. */
export interface IncidentRootCause {
  /** The anomaly time the ranking is for (the incident's earliest alert start). */
  at: string;
  candidates: RootCauseCandidate[];
  /** When it was computed; absent before the first ranking. */
  computedAt?: string;
  /** The service and SLI signal ranked from (the incident's most upstream alert). */
  service?: string;
  signal?: string;
  /**
   * The candidate announced as the top one. It changes only when another candidate clearly
   * overtakes it (see `announcedTop`), so a ranking see-sawing between two close candidates
   * does not send a message each time.
   */
  top?: string;
}

export interface Incident {
  id: string;
  status: IncidentStatus;
  /** The start of its first alert. */
  openedAt: string;
  resolvedAt?: string;
  /** The services of its alerts, in the order they joined. */
  services: string[];
  alerts: IncidentAlert[];
  timeline: TimelineEntry[];
  rootCause: IncidentRootCause;
  /** When it last changed. */
  updatedAt: string;
}

/** Most timeline entries an incident keeps; the oldest beyond it (but the first) are dropped. */
export const MAX_TIMELINE = 200;

/** Appends an entry, keeping the first ("opened") and the most recent ones. */
export function addTimeline(incident: Incident, entry: TimelineEntry): void {
  incident.timeline.push(entry);
  if (incident.timeline.length > MAX_TIMELINE) incident.timeline.splice(1, 1);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

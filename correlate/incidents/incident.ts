/**
 * The incident model: related alerts grouped into one story, with the affected services, a
 * timeline and the current root-cause ranking. The API answers exactly these shapes (the
 * dashboard imports them from core/api-types.ts too); times are ISO 8601 strings in UTC.
 */

import type { Incident, TimelineEntry } from '../../core/api-types.js';

// The shapes themselves live in core/api-types.ts, which the dashboard shares.
export type {
  AlertSource,
  EvidenceSignal,
  Incident,
  IncidentActor,
  IncidentAlert,
  IncidentRootCause,
  IncidentState,
  IncidentStatus,
  RootCauseCandidate,
  TimelineEntry,
  TimelineKind,
} from '../../core/api-types.js';

/** Most timeline entries an incident keeps; the oldest beyond it (but the first) are dropped. */
export const MAX_TIMELINE = 200;

/** Appends an entry, keeping the first ("opened") and the most recent ones. */
export function addTimeline(incident: Incident, entry: TimelineEntry): void {
  incident.timeline.push(entry);
  if (incident.timeline.length > MAX_TIMELINE) incident.timeline.splice(1, 1);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

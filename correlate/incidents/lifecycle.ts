import { describeAlert } from './grouping.js';
import { addTimeline, type Incident, type IncidentState, iso } from './incident.js';

/**
 * What people do to incidents, pure: each function takes copies of the incidents it changes,
 * records the change on their timelines with who and when, and returns the changed copies,
 * or a refusal saying why (the caller maps it to an error). Time comes in as `nowMs`.
 */

/** Who acts and when. */
export interface Act {
  by: string;
  nowMs: number;
}

/** Why a change was refused: the incident is resolved, or the request contradicts its content. */
export interface Refusal {
  refused: string;
}

export type Outcome = Incident[] | Refusal;

export const isRefusal = (o: Outcome): o is Refusal => !Array.isArray(o);

/** `open` (nobody acknowledged it yet), `acknowledged` or `resolved`. */
export function incidentState(i: Pick<Incident, 'status' | 'acknowledged'>): IncidentState {
  if (i.status === 'resolved') return 'resolved';
  return i.acknowledged === undefined ? 'open' : 'acknowledged';
}

/** Acknowledges an open incident; acknowledging it again changes nothing. */
export function acknowledge(incident: Incident, act: Act): Outcome {
  if (incident.status === 'resolved') return resolvedRefusal(incident);
  if (incident.acknowledged !== undefined) return [];
  const next = touched(incident, act);
  next.acknowledged = { by: act.by, at: iso(act.nowMs) };
  entry(next, act, 'acknowledged', `Acknowledged by ${act.by}`);
  return [next];
}

/** Gives an open incident an owner (free text); the same owner again changes nothing. */
export function assign(incident: Incident, owner: string, act: Act): Outcome {
  if (incident.status === 'resolved') return resolvedRefusal(incident);
  if (incident.owner?.name === owner) return [];
  const next = touched(incident, act);
  next.owner = { name: owner, by: act.by, at: iso(act.nowMs) };
  entry(next, act, 'assigned', `Assigned to ${owner} by ${act.by}`);
  return [next];
}

/** Adds a note; resolved incidents take notes too (post-incident remarks). */
export function addNote(incident: Incident, text: string, act: Act): Outcome {
  const next = touched(incident, act);
  entry(next, act, 'note', text);
  return [next];
}

/** Resolves an open incident by hand, whatever its alerts say. */
export function resolveByHand(incident: Incident, act: Act, comment?: string): Outcome {
  if (incident.status === 'resolved') return resolvedRefusal(incident);
  const next = touched(incident, act);
  next.status = 'resolved';
  next.resolvedAt = iso(act.nowMs);
  next.resolvedBy = act.by;
  entry(next, act, 'resolved', `Resolved by ${act.by}${comment ? `: ${comment}` : ''}`);
  return [next];
}

/**
 * Merges `source` into `target`: the target takes the source's alerts and services and is
 * ranked again; the source resolves, pointing at the target. Both must be open.
 * Returns [target, source].
 */
export function merge(source: Incident, target: Incident, act: Act): Outcome {
  if (source.id === target.id) return { refused: 'an incident cannot be merged into itself' };
  if (source.status === 'resolved') return resolvedRefusal(source);
  if (target.status === 'resolved') return resolvedRefusal(target);
  const into = touched(target, act);
  const from = touched(source, act);
  const known = new Set(into.alerts.map((a) => a.key));
  into.alerts.push(...from.alerts.filter((a) => !known.has(a.key)));
  for (const s of from.services) if (!into.services.includes(s)) into.services.push(s);
  if (Date.parse(from.openedAt) < Date.parse(into.openedAt)) into.openedAt = from.openedAt;
  rankAgain(into);
  const n = from.alerts.length;
  entry(into, act, 'merged', `Incident ${from.id} (${n} alert${n === 1 ? '' : 's'}) merged in by ${act.by}`);
  from.status = 'resolved';
  from.resolvedAt = iso(act.nowMs);
  from.resolvedBy = act.by;
  from.mergedInto = into.id;
  entry(from, act, 'merged', `Merged into incident ${into.id} by ${act.by}`);
  return [into, from];
}

/**
 * Splits the alert `alertKey` out of an open incident into a new incident `newId`, ranked on
 * its own. An incident's only alert cannot be split out. Returns [rest, split].
 */
export function splitAlert(incident: Incident, alertKey: string, newId: string, act: Act): Outcome {
  if (incident.status === 'resolved') return resolvedRefusal(incident);
  const alert = incident.alerts.find((a) => a.key === alertKey);
  if (alert === undefined) return { refused: `incident ${incident.id} has no alert '${alertKey}'` };
  if (incident.alerts.length === 1) return { refused: `alert '${alertKey}' is the incident's only alert` };
  const rest = touched(incident, act);
  rest.alerts = rest.alerts.filter((a) => a.key !== alertKey);
  rest.services = rest.services.filter((s) => rest.alerts.some((a) => a.service === s));
  rest.openedAt = iso(Math.min(...rest.alerts.map((a) => Date.parse(a.since))));
  rankAgain(rest);
  const what = describeAlert(alert);
  entry(rest, act, 'split', `${what} split out into incident ${newId} by ${act.by}`);
  const at = iso(act.nowMs);
  const split: Incident = {
    id: newId,
    status: 'open',
    openedAt: alert.since,
    services: [alert.service],
    alerts: [structuredClone(alert)],
    timeline: [
      { at: alert.since, kind: 'opened', text: `Opened by ${what}` },
      { at, kind: 'split', text: `Split out of incident ${incident.id} by ${act.by}`, by: act.by },
    ],
    rootCause: { at: alert.since, candidates: [] },
    updatedAt: at,
    splitFrom: incident.id,
  };
  return [rest, split];
}

function resolvedRefusal(i: Incident): Refusal {
  return { refused: `incident ${i.id} is resolved` };
}

/** A copy stamped with the change time; the revision it was read at stays for the store's check. */
function touched(incident: Incident, act: Act): Incident {
  const next = structuredClone(incident);
  next.updatedAt = iso(act.nowMs);
  return next;
}

function entry(
  i: Incident,
  act: Act,
  kind: 'acknowledged' | 'assigned' | 'note' | 'resolved' | 'merged' | 'split',
  text: string,
): void {
  addTimeline(i, { at: iso(act.nowMs), kind, text, by: act.by });
}

/**
 * Its alerts changed: the ranking is for the earliest alert start, and is computed again on
 * the next update (the incident manager ranks an open incident without `computedAt`).
 */
function rankAgain(i: Incident): void {
  const at = iso(Math.min(...i.alerts.map((a) => Date.parse(a.since))));
  i.rootCause = { ...i.rootCause, at };
  delete i.rootCause.computedAt;
}

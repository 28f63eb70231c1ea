import type { Clock } from '../../core/clock.js';
import { type Incident, iso } from '../../correlate/incidents/incident.js';
import {
  announced,
  type EventAuthor,
  type IncidentEvent,
  type IncidentEventKind,
  incidentEvent,
} from '../../correlate/incidents/incident-events.js';
import * as lifecycle from '../../correlate/incidents/lifecycle.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import { AlertingError, AlertingErrorCode } from '../errors.js';
import { newIncidentId } from './incident-manager.js';
import type { IncidentStore } from './incident-store.js';

export interface IncidentActionsOptions {
  store: IncidentStore;
  /** Names of the incident notifiers; each event is queued once per name. */
  notifiers: readonly string[];
  clock: Clock;
  /** Called after a change queued notifications (the dispatcher's wake-up). */
  onEvents?: () => void;
  metrics?: EngineMetrics;
  logger?: Logger;
  newId?: (nowMs: number) => string;
}

/** How often a change is recomputed when the incident changed under it. */
const ATTEMPTS = 5;

/** What one person's change writes: the incidents and the events about them. */
interface Planned {
  incidents: Incident[];
  events: IncidentEvent[];
}

/**
 * What people do to incidents (API, dashboard, Slack buttons): acknowledge, assign, note,
 * resolve, merge, split. Any instance may act: each change is computed from the stored
 * incidents and written only if they are still at the revision read (else recomputed, a few
 * times), with its notifications in the same write. Each resolves the incident the caller
 * looks at next (the changed one; the target of a merge; the new incident of a split).
 */
export class IncidentActions {
  constructor(private readonly o: IncidentActionsOptions) {}

  acknowledge(id: string, by: string): Promise<Incident> {
    return this.change([id], by, ([i], act) => lifecycle.acknowledge(i!, act), 'acknowledged');
  }

  assign(id: string, owner: string, by: string): Promise<Incident> {
    return this.change(
      [id],
      by,
      ([i], act) => lifecycle.assign(i!, owner, act),
      'assigned',
      (act) => String(act.nowMs),
    );
  }

  note(id: string, text: string, by: string): Promise<Incident> {
    return this.change([id], by, ([i], act) => lifecycle.addNote(i!, text, act));
  }

  resolve(id: string, by: string, comment?: string): Promise<Incident> {
    return this.change([id], by, ([i], act) => lifecycle.resolveByHand(i!, act, comment), 'resolved');
  }

  /** Merges incident `id` into `into`; resolves the target. */
  merge(id: string, into: string, by: string): Promise<Incident> {
    return this.run([id, into], by, ([source, target], act) =>
      pair(lifecycle.merge(source!, target!, act), (t, s) => [
        this.event('merged', t, act, { by, discriminator: s.id }),
        this.event('merged', s, act, { by }),
      ]),
    );
  }

  /** Splits alert `alertKey` out of incident `id`; resolves the new incident. */
  split(id: string, alertKey: string, by: string): Promise<Incident> {
    return this.run([id], by, ([i], act) => {
      const newId = (this.o.newId ?? newIncidentId)(act.nowMs);
      // The new incident first: it is what the caller looks at next.
      const out = lifecycle.splitAlert(i!, alertKey, newId, act);
      return pair(lifecycle.isRefusal(out) ? out : [out[1]!, out[0]!], (split, rest) => [
        this.event('split', rest, act, { by, discriminator: split.id }),
        this.event('opened', split, act),
      ]);
    });
  }

  /** A single-incident change, with the event `kind` when it changed anything. */
  private change(
    ids: string[],
    by: string,
    apply: (incidents: Incident[], act: lifecycle.Act) => lifecycle.Outcome,
    kind?: IncidentEventKind,
    discriminator?: (act: lifecycle.Act) => string,
  ): Promise<Incident> {
    return this.run(ids, by, (incidents, act) => {
      const out = apply(incidents, act);
      if (lifecycle.isRefusal(out)) return out;
      // Nothing changed (acknowledged again, same owner): answer the incident as it is.
      if (out.length === 0) return { incidents: [], events: [], unchanged: incidents[0]! };
      const events =
        kind === undefined
          ? []
          : [
              this.event(kind, out[0]!, act, {
                by,
                ...(discriminator ? { discriminator: discriminator(act) } : {}),
              }),
            ];
      return { incidents: out, events };
    });
  }

  private async run(
    ids: string[],
    by: string,
    plan: (
      incidents: Incident[],
      act: lifecycle.Act,
    ) => (Planned & { unchanged?: Incident }) | lifecycle.Refusal,
  ): Promise<Incident> {
    const { store, clock } = this.o;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const incidents = await Promise.all(ids.map((id) => store.get(id)));
      const missing = ids.find((_, n) => incidents[n] === undefined);
      if (missing !== undefined)
        throw new AlertingError(AlertingErrorCode.IncidentNotFound, `no incident '${missing}'`, {
          id: missing,
        });
      const nowMs = clock.now();
      const planned = plan(incidents as Incident[], { by, nowMs });
      if ('refused' in planned)
        throw new AlertingError(AlertingErrorCode.IncidentConflict, planned.refused, { ids });
      if (planned.unchanged !== undefined) return planned.unchanged;
      const enqueue = planned.events
        .filter((e) => announced(e.incident))
        .flatMap((event) => this.o.notifiers.map((notifier) => ({ notifier, event, dueAtMs: nowMs })));
      if (await store.commit({ upserts: planned.incidents, enqueue, nowMs }, null)) {
        for (const e of planned.events) this.o.logger?.info({ event: e.id, by }, 'incident changed by hand');
        if (enqueue.length > 0) this.o.onEvents?.();
        const first = planned.incidents[0]!;
        return { ...first, revision: (first.revision ?? 0) + 1 };
      }
    }
    throw new AlertingError(
      AlertingErrorCode.IncidentBusy,
      `incident ${ids.join(', ')} kept changing; try again`,
      { ids },
    );
  }

  private event(
    kind: IncidentEventKind,
    incident: Incident,
    act: lifecycle.Act,
    author?: EventAuthor,
  ): IncidentEvent {
    return incidentEvent(kind, incident, iso(act.nowMs), undefined, author);
  }
}

/** A two-incident outcome with the events about it, or the refusal as it is. */
function pair(
  out: lifecycle.Outcome,
  events: (first: Incident, second: Incident) => IncidentEvent[],
): Planned | lifecycle.Refusal {
  if (lifecycle.isRefusal(out)) return out;
  const [first, second] = out as [Incident, Incident];
  return { incidents: [first, second], events: events(first, second) };
}

import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';

/**
 * Where incident events go (port): Slack in the engine, an in-memory one in tests. The
 * incident dispatcher calls it from the outbox, retries with backoff and counts failures.
 */
export interface IncidentNotifier {
  /** Stable name, used in metrics, outbox keys and logs (e.g. `slack:oncall`). */
  readonly name: string;
  /** Delivers one event; resolves once the receiver accepted it, rejects when it did not. */
  notify(event: IncidentEvent): Promise<void>;
  close(): Promise<void>;
}

/** Keeps what it is told, for tests. */
export class MemoryIncidentNotifier implements IncidentNotifier {
  readonly events: IncidentEvent[] = [];

  constructor(readonly name = 'memory') {}

  async notify(event: IncidentEvent): Promise<void> {
    this.events.push(structuredClone(event));
  }

  async close(): Promise<void> {}
}

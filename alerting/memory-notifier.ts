import type { Alert, AlertTransition } from './alert.js';
import type { Notifier } from './notifier.js';

export interface MemoryNotifierOptions {
  /** Whether it takes re-sends like Alertmanager does (default true). */
  resend?: boolean;
  /** Stands in for a notifier whose channel gets incidents instead of alerts (default false). */
  incidentsInstead?: boolean;
}

/**
 * A notifier that keeps what it is given, for tests: every accepted transition, every
 * re-send, and a switch to reject the next calls (the dispatcher then retries).
 */
export class MemoryNotifier implements Notifier {
  readonly transitions: AlertTransition[] = [];
  readonly resends: Array<{ alerts: Alert[]; nowMs: number }> = [];
  /** Rejects this many of the next notify calls. */
  failNext = 0;
  closed = false;
  resend?: (alerts: readonly Alert[], nowMs: number) => Promise<void>;
  readonly incidentsInstead: boolean;

  constructor(
    readonly name = 'memory',
    options: MemoryNotifierOptions = {},
  ) {
    this.incidentsInstead = options.incidentsInstead ?? false;
    if (options.resend ?? true) {
      this.resend = async (alerts, nowMs) => {
        this.resends.push({ alerts: structuredClone([...alerts]), nowMs });
      };
    }
  }

  async notify(transition: AlertTransition): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`${this.name}: rejected (test)`);
    }
    this.transitions.push(structuredClone(transition));
  }

  /** How many times each transition id was accepted. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const t of this.transitions) counts.set(t.id, (counts.get(t.id) ?? 0) + 1);
    return counts;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

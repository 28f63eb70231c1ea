import type { Alert } from './alert.js';
import { type Matcher, matchesAll } from './matchers.js';
import type { Notifier } from './notifier.js';
import { type Silence, silencedBy } from './silences/silence.js';

/** Each notifier's route: the matchers an alert's labels must meet to go to it (none: every alert). */
export type Routes = ReadonlyMap<string, readonly Matcher[]>;

/** The alert marked with the silences in force at `nowMs` that match it (none: unmarked). */
export function withSilences(alert: Alert, silences: readonly Silence[], nowMs: number): Alert {
  const ids = silencedBy(silences, alert.labels, nowMs);
  const { silencedBy: _was, ...rest } = alert;
  return ids.length === 0 ? rest : { ...rest, silencedBy: ids };
}

/** Whether any notifier may send the alert: not silenced, not held by inhibition. */
export const sendable = (alert: Alert): boolean =>
  (alert.silencedBy?.length ?? 0) === 0 && alert.heldBy === undefined;

/** Why no notifier may send the alert (`silenced by <ids>`, or its hold's reason); undefined when one may. */
export function notSentReason(alert: Alert): string | undefined {
  if (alert.heldBy !== undefined) return alert.heldBy.reason;
  const ids = alert.silencedBy ?? [];
  return ids.length > 0 ? `silenced by ${ids.join(', ')}` : undefined;
}

/** The notifiers an alert goes to: every one whose route matches, none when it is not sendable. */
export function recipientsOf(alert: Alert, notifiers: readonly string[], routes: Routes): string[] {
  if (!sendable(alert)) return [];
  return notifiers.filter((n) => matchesAll(routes.get(n) ?? [], alert.labels));
}

/**
 * A notifier that re-sends only the alerts routed to it and not silenced or held: the
 * evaluator already queues each transition only for its recipients, and Alertmanager's
 * re-sends must not bring a silenced alert back.
 */
export class RoutedNotifier implements Notifier {
  readonly name: string;
  readonly resend?: Notifier['resend'];

  constructor(
    private readonly inner: Notifier,
    private readonly matchers: readonly Matcher[],
  ) {
    this.name = inner.name;
    const resend = inner.resend?.bind(inner);
    if (resend) {
      this.resend = async (alerts, nowMs) => {
        const routed = alerts.filter((a) => sendable(a) && matchesAll(this.matchers, a.labels));
        if (routed.length > 0) await resend(routed, nowMs);
      };
    }
  }

  notify: Notifier['notify'] = (transition) => this.inner.notify(transition);

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Secrets stay inside the wrapped notifier. */
  toJSON(): { name: string } {
    return { name: this.name };
  }
}

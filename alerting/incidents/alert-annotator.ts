import type { Clock } from '../../core/clock.js';
import { formatCandidates, type LiveRootCause } from '../../correlate/live/live-root-cause.js';
import { DEFAULT_SLI_SIGNAL, sliSignalOf } from '../../correlate/live/slo-signal.js';
import type { Logger } from '../../observability/logger.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import type { Alert } from '../alert.js';
import type { Notifier } from '../notifier.js';

/** The annotation naming an alert's top three root-cause candidates: `carts (12.41), carts-db (3.10), orders (0.52)`. */
export const ROOT_CAUSE_ANNOTATION = 'root_cause_candidates';

type Scored = ReadonlyArray<{ readonly node: string; readonly score: number }>;

export interface AlertAnnotatorOptions {
  live: Pick<LiveRootCause, 'rank' | 'options'>;
  slos: readonly Slo[];
  lookbackMs: number;
  /** A ranking is recomputed this often while its anomaly window is still filling, ms. */
  refreshMs: number;
  clock: Clock;
  /** The candidates of the open incident the alert has joined, if any (they win over its own). */
  incidentCandidates?: (alert: Alert) => Promise<Scored | undefined>;
  logger?: Logger;
  /** Rankings remembered (default 1000), least recently computed dropped first. */
  maxCached?: number;
}

interface Cached {
  text: string;
  computedAtMs: number;
}

/**
 * Puts the top three root-cause candidates on alerts as they go to notifiers (the
 * `root_cause_candidates` annotation, which Alertmanager shows and the Slack message turns
 * into a section): those of the alert's incident once it has joined one, else those of a
 * live ranking for the alert's own SLO at the time it fired. Rankings are cached per
 * service, SLI and firing time and refreshed every `refreshMs` until their anomaly window has
 * passed; a ranking that fails leaves the alert as it was (and is logged), never blocking it.
 */
export class AlertAnnotator {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<Cached | undefined>>();

  constructor(private readonly o: AlertAnnotatorOptions) {}

  /**
   * The alert with the annotation when a ranking is known. `compute` false only reads the
   * cache (resolved alerts are not ranked anew). Never rejects.
   */
  async annotate(alert: Alert, compute = alert.state === 'firing'): Promise<Alert> {
    if (alert.firedAt === undefined || (alert.state !== 'firing' && alert.state !== 'resolved')) return alert;
    let text: string | undefined;
    try {
      const fromIncident = await this.o.incidentCandidates?.(alert);
      text =
        fromIncident === undefined || fromIncident.length === 0 ? undefined : formatCandidates(fromIncident);
    } catch (err) {
      this.o.logger?.warn({ err, alert: alert.fingerprint }, 'incident of an alert unreadable');
    }
    text ??= (await this.own(alert, compute))?.text;
    if (text === undefined || text === '') return alert;
    return { ...alert, annotations: { ...alert.annotations, [ROOT_CAUSE_ANNOTATION]: text } };
  }

  /** `notifier` with every firing and resolved alert it is given annotated first. */
  wrap(notifier: Notifier): Notifier {
    const wrapped: Notifier = {
      name: notifier.name,
      notify: async (t) =>
        notifier.notify(
          t.to === 'firing' || t.to === 'resolved' ? { ...t, alert: await this.annotate(t.alert) } : t,
        ),
      close: () => notifier.close(),
    };
    if (notifier.resend) {
      const resend = notifier.resend.bind(notifier);
      wrapped.resend = async (alerts, nowMs) =>
        resend(await Promise.all(alerts.map((a) => this.annotate(a))), nowMs);
    }
    return wrapped;
  }

  private async own(alert: Alert, compute: boolean): Promise<Cached | undefined> {
    const slo = this.o.slos.find((s) => s.id === alert.sloId);
    const signal = slo === undefined ? DEFAULT_SLI_SIGNAL : sliSignalOf(slo);
    const atMs = Date.parse(alert.firedAt ?? '');
    const key = `${alert.service}\n${signal}\n${atMs}`;
    const cached = this.cache.get(key);
    const now = this.o.clock.now();
    const fresh =
      cached !== undefined &&
      (now - cached.computedAtMs < this.o.refreshMs ||
        cached.computedAtMs >= atMs + this.o.live.options.afterMs);
    if (!compute || fresh || !Number.isFinite(atMs)) return cached;
    let running = this.inFlight.get(key);
    if (running === undefined) {
      running = this.compute(alert.service, signal, atMs, now, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return (await running) ?? cached;
  }

  private async compute(
    service: string,
    signal: string,
    atMs: number,
    now: number,
    key: string,
  ): Promise<Cached | undefined> {
    try {
      const live = await this.o.live.rank({
        service,
        signal,
        atMs,
        lookbackMs: this.o.lookbackMs,
        source: 'alert',
      });
      const entry = { text: formatCandidates(live.ranking.candidates), computedAtMs: now };
      this.cache.delete(key);
      this.cache.set(key, entry);
      for (const k of this.cache.keys()) {
        if (this.cache.size <= (this.o.maxCached ?? 1000)) break;
        this.cache.delete(k);
      }
      return entry;
    } catch (err) {
      this.o.logger?.warn({ err, service, signal }, 'root cause of an alert not ranked');
      return undefined;
    }
  }
}

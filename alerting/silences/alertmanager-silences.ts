import type { Logger } from '../../observability/logger.js';
import type { Matcher } from '../matchers.js';
import type { FetchFn } from '../notifiers/http-delivery.js';
import type { Silence } from './silence.js';

/** One silence as Alertmanager's `GET /api/v2/silences` lists it (the fields read here). */
interface GettableSilence {
  id: string;
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
  startsAt: string;
  endsAt: string;
  updatedAt?: string;
  createdBy?: string;
  comment?: string;
  status?: { state?: string };
}

export interface AlertmanagerSilencesOptions {
  /** Base URLs of the Alertmanagers; an HA pair shares its silences, so the first that answers is read. */
  urls: readonly string[];
  timeoutMs: number;
  /** How long a read is reused before asking again. */
  refreshMs: number;
  logger: Logger;
  fetch?: FetchFn;
}

/**
 * The active silences of the configured Alertmanager, so one silence UI serves both:
 * a silence made there also keeps faultline's notifiers quiet. Read at most once per
 * `refreshMs`; when no Alertmanager answers, the last silences read are kept (a silence
 * does not lapse because Alertmanager restarted) and the failure is logged, never thrown.
 */
export class AlertmanagerSilences {
  private cached: Silence[] = [];
  private readAtMs = Number.NEGATIVE_INFINITY;
  private reading: Promise<Silence[]> | undefined;

  constructor(private readonly o: AlertmanagerSilencesOptions) {}

  /** Alertmanager's active silences as of `nowMs` (wall clock). */
  async active(nowMs: number): Promise<Silence[]> {
    if (nowMs - this.readAtMs < this.o.refreshMs) return this.cached;
    this.reading ??= this.read(nowMs).finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(nowMs: number): Promise<Silence[]> {
    const fetchFn = this.o.fetch ?? fetch;
    for (const base of this.o.urls) {
      try {
        const res = await fetchFn(`${base.replace(/\/+$/, '')}/api/v2/silences`, {
          signal: AbortSignal.timeout(this.o.timeoutMs),
          headers: { accept: 'application/json' },
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const list = (await res.json()) as GettableSilence[];
        this.cached = list.filter((s) => s.status?.state === 'active').map(fromAlertmanager);
        this.readAtMs = nowMs;
        return this.cached;
      } catch (err) {
        this.o.logger.warn(
          { err, url: base },
          'Alertmanager silences unreadable; keeping the last ones read',
        );
      }
    }
    this.readAtMs = nowMs;
    return this.cached;
  }
}

function fromAlertmanager(s: GettableSilence): Silence {
  const matchers: Matcher[] = s.matchers.map((m) => ({
    name: m.name,
    value: m.value,
    isRegex: m.isRegex,
    isEqual: m.isEqual ?? true,
  }));
  return {
    id: s.id,
    matchers,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    createdBy: s.createdBy ?? '',
    comment: s.comment ?? '',
    updatedAt: s.updatedAt ?? s.startsAt,
    excludeFromBudget: false,
    source: 'alertmanager',
  };
}

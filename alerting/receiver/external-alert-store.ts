/**
 * Alerts raised outside faultline (by Prometheus rules, other systems) that reach it through
 * an Alertmanager webhook. They are kept for incident grouping: an external alert on a service
 * is evidence next to faultline's own SLO alerts.
 */
export interface ExternalAlert {
  /** Alertmanager's fingerprint of the labels: 16 lowercase hex digits. The identity. */
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601, normalised to UTC milliseconds. */
  startsAt: string;
  /** When it ended (resolved) or will be considered ended; absent for Alertmanager's zero time. */
  endsAt?: string;
  generatorURL?: string;
  /** The value of the configured service label (`alerting.receiver.serviceLabel`), if present. */
  service?: string;
  /** When faultline last heard about it (ISO 8601). */
  receivedAt: string;
  /** The Alertmanager notification that last carried it. */
  source: { receiver: string; groupKey: string; externalURL: string };
}

export interface ExternalAlertFilter {
  status?: 'firing' | 'resolved';
  service?: string;
}

/**
 * Where external alerts are kept (port). Adapters: memory (the embedded default) and Redis,
 * which every instance shares. One alert per fingerprint; Alertmanager HA pairs
 * and retries deliver the same alert more than once, and not always in order.
 */
export interface ExternalAlertStore {
  /**
   * Records what a webhook said about each alert. An update older than what is stored (an
   * earlier startsAt, or firing after resolved for the same startsAt) is ignored. Resolves
   * with how many alerts were added or changed; a replay of what is stored only refreshes
   * when it was last heard of and is not counted.
   */
  record(alerts: readonly ExternalAlert[]): Promise<number>;
  /** Alerts matching `filter`, most recently started first. */
  list(filter?: ExternalAlertFilter): Promise<ExternalAlert[]>;
  get(fingerprint: string): Promise<ExternalAlert | undefined>;
}

/**
 * Whether `incoming` says something newer about an alert than `stored`: a later occurrence
 * (startsAt), or the same occurrence unless it would turn a resolved alert firing again (a
 * late retry of an older notification).
 */
export function supersedes(incoming: ExternalAlert, stored: ExternalAlert): boolean {
  const a = Date.parse(incoming.startsAt);
  const b = Date.parse(stored.startsAt);
  if (a !== b) return a > b;
  return !(stored.status === 'resolved' && incoming.status === 'firing');
}

/**
 * Whether two words about an alert say the same thing: equal apart from when they arrived
 * (`receivedAt`). A replayed webhook refreshes `receivedAt` but changes nothing.
 */
export function sameNews(a: ExternalAlert, b: ExternalAlert): boolean {
  return JSON.stringify({ ...a, receivedAt: '' }) === JSON.stringify({ ...b, receivedAt: '' });
}

/** How long and how many external alerts a store keeps. */
export interface ExternalAlertStoreLimits {
  /** Wall-clock milliseconds. */
  now: () => number;
  /**
   * Resolved alerts are forgotten this long after they ended; firing ones this long after
   * the last notification about them (Alertmanager repeats firing ones every repeat_interval,
   * 4 h by default). Default 24 h.
   */
  retentionMs?: number;
  /** At most this many alerts are kept; the least recently recorded go first. Default 10 000. */
  maxAlerts?: number;
  /**
   * At most this many bytes of alerts (their UTF-8 JSON) are kept, the least recently
   * recorded going first. Default 32 MiB: 80 alerts of 7.5 MiB each once held 672 MiB, and
   * `GET /api/v1/alertmanager/alerts` could no longer write them out (500).
   */
  maxBytes?: number;
  /** Told how many alerts were forgotten before their retention to stay within the bounds. */
  onEvicted?: (count: number) => void;
}

export const externalAlertDefaults = {
  retentionMs: 86_400_000,
  maxAlerts: 10_000,
  maxBytes: 32 * 1024 * 1024,
  onEvicted: () => {},
} as const;

/** What an alert costs the store: the UTF-8 bytes of its JSON (as the Redis store holds it). */
export function storedBytes(a: ExternalAlert): number {
  return Buffer.byteLength(JSON.stringify(a));
}

/** When faultline last had news of an alert: its end once resolved, else the last notification. */
export function lastHeardMs(a: ExternalAlert): number {
  return a.status === 'resolved' ? Date.parse(a.endsAt ?? a.receivedAt) : Date.parse(a.receivedAt);
}

/** The alerts `filter` selects, most recently started first, then by fingerprint. */
export function selectAlerts(alerts: Iterable<ExternalAlert>, filter: ExternalAlertFilter): ExternalAlert[] {
  // each start parsed once, not in every comparison: 10 000 alerts are sorted every incident update
  return [...alerts]
    .filter((a) => filter.status === undefined || a.status === filter.status)
    .filter((a) => filter.service === undefined || a.service === filter.service)
    .map((a) => ({ a, start: Date.parse(a.startsAt) }))
    .sort((x, y) => y.start - x.start || (x.a.fingerprint < y.a.fingerprint ? -1 : 1))
    .map((x) => x.a);
}

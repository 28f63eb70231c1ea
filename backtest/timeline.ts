import type { AlertState, AlertTransition, Severity } from '../alerting/alert.js';
import { formatDuration } from '../core/duration.js';

/** One alert transition of a backtest: when, which alert, into which state, and why. */
export interface TimelineEntry {
  /** Event time of the evaluation that made the change (ISO 8601). */
  at: string;
  alertname: string;
  severity: Severity;
  /** The SLO id (`service/name`). */
  slo: string;
  service: string;
  from: AlertState;
  to: AlertState;
  /** The windows of the tier that named the episode (burn-rate alerts), or the no-data window. */
  longWindow?: string;
  shortWindow?: string;
  /** The burn-rate threshold of that tier (burn-rate alerts). */
  threshold?: number;
  /** Burn rate per window (`5m`, `1h`, ...) at that evaluation; null without events. */
  burnRates: Record<string, number | null>;
  fingerprint: string;
}

/** One alert's firing episodes over the backtest. */
export interface AlertEpisodes {
  alertname: string;
  slo: string;
  severity: Severity;
  /** When each episode started firing, and when it resolved (null: still firing at the end). */
  episodes: Array<{ firedAt: string; resolvedAt: string | null }>;
  /** Time spent firing within the backtest, ms. */
  firingMs: number;
}

/** What a backtest read and evaluated, and each alert's episodes. */
export interface BacktestSummary {
  from: string;
  to: string;
  stepMs: number;
  evaluations: number;
  slos: number;
  input: {
    files: number;
    payloads: number;
    spans: number;
    points: number;
    /** Records refused as invalid (an all-zero trace id, ...), as the live receivers refuse them. */
    invalid: number;
    /** Records that came more than the allowed lateness out of order: left out, as live. */
    late: number;
    firstEvent: string;
    lastEvent: string;
  };
  transitions: number;
  alerts: AlertEpisodes[];
}

/** The result of a backtest, as `--json` prints it. */
export interface BacktestResult {
  timeline: TimelineEntry[];
  summary: BacktestSummary;
}

/**
 * The timeline entry of one evaluator transition. `threshold` gives the exact burn-rate
 * factor of the alert's tier (the annotation holds it rounded for people).
 */
export function timelineEntry(t: AlertTransition, threshold?: number): TimelineEntry {
  const { alert } = t;
  const shown = threshold ?? Number(alert.annotations.burn_rate_threshold);
  return {
    at: t.at,
    alertname: alert.labels.alertname ?? '',
    severity: alert.severity,
    slo: alert.sloId,
    service: alert.service,
    from: t.from,
    to: t.to,
    ...(alert.labels.long_window === undefined ? {} : { longWindow: alert.labels.long_window }),
    ...(alert.labels.short_window === undefined ? {} : { shortWindow: alert.labels.short_window }),
    ...(Number.isFinite(shown) ? { threshold: shown } : {}),
    burnRates: alert.burnRates,
    fingerprint: alert.fingerprint,
  };
}

/** Each alert's firing episodes (alerts that never fired are left out), ordered by first firing. */
export function episodesOf(timeline: readonly TimelineEntry[], toMs: number): AlertEpisodes[] {
  const byAlert = new Map<string, AlertEpisodes>();
  for (const e of timeline) {
    const key = `${e.slo}|${e.alertname}`;
    if (e.to === 'firing') {
      let a = byAlert.get(key);
      if (a === undefined) {
        a = { alertname: e.alertname, slo: e.slo, severity: e.severity, episodes: [], firingMs: 0 };
        byAlert.set(key, a);
      }
      a.episodes.push({ firedAt: e.at, resolvedAt: null });
    } else if (e.from === 'firing') {
      const last = byAlert.get(key)?.episodes.at(-1);
      if (last !== undefined && last.resolvedAt === null) last.resolvedAt = e.at;
    }
  }
  for (const a of byAlert.values()) {
    for (const ep of a.episodes)
      a.firingMs += (ep.resolvedAt === null ? toMs : Date.parse(ep.resolvedAt)) - Date.parse(ep.firedAt);
  }
  return [...byAlert.values()];
}

/** The human-readable report `faultline backtest` prints. */
export function formatBacktest(r: BacktestResult): string {
  const s = r.summary;
  const i = s.input;
  const lines = [
    `backtest ${time(s.from)} .. ${time(s.to)} every ${duration(s.stepMs)} (${s.evaluations} evaluations), ${s.slos} SLO${s.slos === 1 ? '' : 's'}`,
    `input: ${i.files} file${i.files === 1 ? '' : 's'}, ${i.payloads} payload${i.payloads === 1 ? '' : 's'}, ${i.spans} spans, ${i.points} metric points (${i.invalid} invalid, ${i.late} late); events ${time(i.firstEvent)} .. ${time(i.lastEvent)}`,
    '',
  ];
  if (r.timeline.length === 0) lines.push('no alert changed state');
  else lines.push(...table(r.timeline));
  lines.push('', `${s.transitions} transition${s.transitions === 1 ? '' : 's'}`);
  for (const a of s.alerts) {
    const spans = a.episodes.map(
      (e) => `${time(e.firedAt)} .. ${e.resolvedAt === null ? 'still firing' : time(e.resolvedAt)}`,
    );
    lines.push(
      `  ${a.slo} ${a.alertname} (${a.severity}): fired ${a.episodes.length}x, ${formatDuration(a.firingMs)} firing: ${spans.join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function table(timeline: readonly TimelineEntry[]): string[] {
  const rows = [
    ['TIME', 'ALERT', 'SEVERITY', 'STATE', 'SLO', 'BURN RATES'],
    ...timeline.map((e) => [time(e.at), e.alertname, e.severity, `${e.from} -> ${e.to}`, e.slo, burnText(e)]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

function burnText(e: TimelineEntry): string {
  if (e.shortWindow === undefined || e.longWindow === undefined) return '-';
  const rate = (w: string) => {
    const v = e.burnRates[w];
    return v === null || v === undefined ? 'n/a' : String(Number(v.toFixed(2)));
  };
  const threshold = e.threshold === undefined ? '' : ` (threshold ${e.threshold})`;
  return `${e.longWindow} ${rate(e.longWindow)}, ${e.shortWindow} ${rate(e.shortWindow)}${threshold}`;
}

/** ISO 8601 without milliseconds when they are zero. */
function time(iso: string): string {
  return iso.replace(/\.000Z$/, 'Z');
}

function duration(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

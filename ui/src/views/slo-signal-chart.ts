import { api } from '../api/client.js';
import type { Alert, Incident, Point, SloStatus } from '../api/types.js';
import { lineChart, type TimeMarker } from '../charts/line-chart.js';
import { h } from '../core/dom.js';
import { latency, percent } from '../core/format.js';

/** How far back the SLO page's signal chart reaches. */
const WINDOW_MS = 3 * 3_600_000;

/** The service signal that shows an SLI of this kind moving, and how to draw it. */
function signalOf(
  slo: SloStatus,
): { signal: string; title: string; yTitle: string; format: (v: number) => string } | undefined {
  if (slo.sliKind === 'availability') {
    return {
      signal: 'error_rate',
      title: 'Error rate',
      yTitle: '% of requests failed',
      format: (v) => percent(v, 2),
    };
  }
  if (slo.sliKind === 'latency') {
    return { signal: 'latency_p99', title: 'Latency p99', yTitle: 'ms', format: latency };
  }
  return undefined;
}

/** The times to mark: each alert of the SLO when it started, and the incident's anomaly time. */
export function sloMarkers(alerts: readonly Alert[], incident: Incident | undefined): TimeMarker[] {
  const out: TimeMarker[] = [];
  const seen = new Set<string>();
  for (const a of alerts) {
    const at = Date.parse(a.firedAt ?? a.since);
    const label = `${a.severity} ${a.firedAt === undefined ? 'pending' : 'fired'}`;
    if (Number.isNaN(at) || seen.has(`${label}@${at}`)) continue;
    seen.add(`${label}@${at}`);
    out.push({ t: at, label, kind: 'alert' });
  }
  const anomaly = Date.parse(incident?.rootCause?.at ?? '');
  if (!Number.isNaN(anomaly)) out.push({ t: anomaly, label: 'anomaly', kind: 'anomaly' });
  return out.sort((a, b) => a.t - b.t);
}

/**
 * The SLO's service signal over the last hours (its error rate for an availability SLO, p99
 * latency for a latency SLO) with the SLO's allowed error rate drawn across and its alerts
 * and the open incident's anomaly time marked: "what" next to "when".
 */
export async function sloSignalChart(
  slo: SloStatus,
  alerts: readonly Alert[],
  incident: Incident | undefined,
  nowMs: number,
): Promise<{ node: HTMLElement; signature: unknown } | undefined> {
  const kind = signalOf(slo);
  if (kind === undefined) return undefined;
  const range = { fromMs: nowMs - WINDOW_MS, toMs: nowMs };
  const answer = await api.series({ service: slo.service }, range, [kind.signal]).catch(() => undefined);
  const points: Point[] = answer?.series[kind.signal] ?? [];
  const markers = sloMarkers(alerts, incident);
  const thresholds =
    slo.sliKind === 'availability'
      ? [{ value: 1 - slo.objective, label: `allowed by ${slo.objective * 100} %` }]
      : [];
  return {
    signature: [points, markers],
    node: h(
      'div',
      { 'data-slo-signal': kind.signal },
      lineChart({
        key: `slo-signal:${slo.id}`,
        title: `${kind.title} of ${slo.service}, last 3 h (10 s buckets)`,
        series: [{ name: kind.title, points }],
        format: kind.format,
        yTitle: kind.yTitle,
        thresholds,
        markers,
        include: [0, ...thresholds.map((t) => t.value)],
        from: range.fromMs,
        to: range.toMs,
      }),
    ),
  };
}

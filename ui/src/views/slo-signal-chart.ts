import { api } from '../api/client.js';
import type { Alert, Incident, Point, SloStatus } from '../api/types.js';
import { lineChart } from '../charts/line-chart.js';
import { h } from '../core/dom.js';
import { latency, percent } from '../core/format.js';
import { perMinuteRatio, sloMarkers } from './slo-signal-data.js';

/** How far back the SLO page's signal chart reaches. */
const WINDOW_MS = 3 * 3_600_000;

/** How to draw an SLI of this kind from its service's signals. */
interface SignalView {
  /** Signals fetched from the series API. */
  fetch: string[];
  title: string;
  yTitle: string;
  format: (v: number) => string;
  /** The points to draw from the fetched series. */
  points: (series: Record<string, Point[]>) => Point[];
}

function viewOf(slo: SloStatus): SignalView | undefined {
  if (slo.sliKind === 'availability') {
    return {
      fetch: ['requests', 'errors'],
      title: 'Error rate',
      yTitle: '% of requests failed',
      format: (v) => percent(v, 2),
      points: (s) => perMinuteRatio(s.errors ?? [], s.requests ?? []),
    };
  }
  if (slo.sliKind === 'latency') {
    return {
      fetch: ['latency_p99'],
      title: 'Latency p99',
      yTitle: 'ms',
      format: latency,
      points: (s) => s.latency_p99 ?? [],
    };
  }
  return undefined;
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
  const kind = viewOf(slo);
  if (kind === undefined) return undefined;
  const range = { fromMs: nowMs - WINDOW_MS, toMs: nowMs };
  const answer = await api.series({ service: slo.service }, range, kind.fetch).catch(() => undefined);
  const points = kind.points(answer?.series ?? {});
  const markers = sloMarkers(alerts, incident);
  const thresholds =
    slo.sliKind === 'availability'
      ? [{ value: 1 - slo.objective, label: `allowed by ${slo.objective * 100} %` }]
      : [];
  return {
    signature: [points, markers],
    node: h(
      'div',
      { 'data-slo-signal': slo.sliKind },
      lineChart({
        key: `slo-signal:${slo.id}`,
        title: `${kind.title} of ${slo.service}, last 3 h${slo.sliKind === 'availability' ? ', per minute' : ''}`,
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

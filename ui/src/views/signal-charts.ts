import type { Point } from '../api/types.js';
import { lineChart } from '../charts/line-chart.js';
import { h } from '../core/dom.js';
import { bytes, latency, percent, value } from '../core/format.js';

const ORDER = [
  'requests',
  'errors',
  'error_rate',
  'latency_p50',
  'latency_p95',
  'latency_p99',
  'latency_mean',
];

const TITLES: Record<string, string> = {
  requests: 'Requests per second',
  errors: 'Errors per second',
  error_rate: 'Error rate',
  latency_mean: 'Mean latency',
  latency_p50: 'Latency p50',
  latency_p95: 'Latency p95',
  latency_p99: 'Latency p99',
};

/** A readable title for a signal name (`metric:process.cpu.utilization` keeps its metric name). */
export function signalTitle(signal: string): string {
  if (signal.startsWith('inbound_')) {
    const rest = signalTitle(signal.slice('inbound_'.length));
    return `Inbound ${rest.charAt(0).toLowerCase()}${rest.slice(1)}`;
  }
  return TITLES[signal] ?? signal.replace(/^metric:/, '').replaceAll('_', ' ');
}

/** How values of a signal read: percentages for ratios, milliseconds for latencies. */
export function signalFormat(signal: string): (v: number) => string {
  const base = signal.replace(/^inbound_/, '');
  if (base === 'error_rate' || base.endsWith('.utilization')) return (v) => percent(v, 1);
  if (base.startsWith('latency_')) return latency;
  if (signal.endsWith('.memory.usage')) return bytes;
  return value;
}

/** The unit of a signal's values, for axis titles: every axis says what it counts. */
export function signalUnit(signal: string): string {
  const base = signal.replace(/^inbound_/, '');
  if (base === 'error_rate') return '% of requests';
  if (base === 'requests') return 'requests / s';
  if (base === 'errors') return 'errors / s';
  if (base.startsWith('latency_')) return 'ms';
  if (base.endsWith('.utilization')) return '% of capacity';
  if (base.endsWith('.memory.usage')) return 'bytes';
  return 'value (metric units)';
}

/** Signals in a stable order: the span signals first, then metrics by name. */
export function orderSignals(names: readonly string[]): string[] {
  const rank = (s: string) => {
    const i = ORDER.indexOf(s);
    return i === -1 ? ORDER.length : i;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A grid of small charts, one per signal. */
export function signalCharts(
  keyPrefix: string,
  series: Record<string, Point[]>,
  from: number,
  to: number,
): HTMLElement {
  return h(
    'div',
    { class: 'chart-grid' },
    orderSignals(Object.keys(series)).map((signal) =>
      lineChart({
        key: `${keyPrefix}:${signal}`,
        title: signalTitle(signal),
        series: [{ name: signalTitle(signal), points: series[signal] ?? [] }],
        format: signalFormat(signal),
        yTitle: signalUnit(signal),
        include: [0],
        from,
        to,
        width: 360,
        height: 140,
        small: true,
      }),
    ),
  );
}

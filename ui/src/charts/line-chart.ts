import { h, s, uid } from '../core/dom.js';
import { axisTime, dateTime } from '../core/format.js';
import { dataTable } from './data-table.js';
import { linear, niceDomain, niceTicks, timeTicks } from './scale.js';
import type { TimeMarker } from './time-marker.js';

export interface ChartPoint {
  t: number;
  v: number | null;
}

export interface LineSeries {
  name: string;
  points: readonly ChartPoint[];
}

export interface Threshold {
  value: number;
  label: string;
}

export interface LineChartOptions {
  /** Keeps the data table open across live updates; unique on the page. */
  key: string;
  title: string;
  series: readonly LineSeries[];
  format: (v: number) => string;
  /** The y axis title with its unit ("error rate, % of requests"): every axis says what it counts. */
  yTitle: string;
  /** A sentence for screen readers: what the chart shows in short. */
  summary?: string;
  thresholds?: readonly Threshold[];
  /** Vertical lines at these times (outside the x range they are left out). */
  markers?: readonly TimeMarker[];
  /** Values the y axis must include (0, 1, ...). */
  include?: readonly number[];
  /** The x range; the data's by default. */
  from?: number;
  to?: number;
  width?: number;
  height?: number;
  small?: boolean;
}

// Room below for tick labels and the time axis title, left for tick labels and the y title.
const M = { top: 16, right: 12, bottom: 36, left: 66 };

/** A time-series line chart (SVG) with its data as a table beside it. */
export function lineChart(o: LineChartOptions): HTMLElement {
  const width = o.width ?? 640;
  const height = o.height ?? 200;
  const all = o.series.flatMap((x) => x.points);
  const values = [...all.flatMap((p) => (p.v === null ? [] : [p.v])), ...(o.include ?? [])];
  const times = all.map((p) => p.t);
  const from = o.from ?? Math.min(...times);
  const to = o.to ?? Math.max(...times);
  const captionId = uid('chart-title');
  const descId = uid('chart-desc');
  const caption = h('figcaption', { id: captionId }, o.title);
  const desc = o.summary ?? summarize(o);

  let plot: SVGSVGElement;
  if (values.length === 0 || !Number.isFinite(from) || !Number.isFinite(to)) {
    plot = s(
      'svg',
      {
        class: 'chart-svg',
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-labelledby': `${captionId} ${descId}`,
      },
      s('desc', { id: descId }, desc),
      s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty' }, 'No data'),
    );
  } else {
    const [y0, y1] = niceDomain(Math.min(...values), Math.max(...values), o.small ? 2 : 4);
    const yTicks = niceTicks(y0, y1, o.small ? 2 : 4);
    // Room for the widest tick label (about 6.5 px a character at 11 px) and the y title.
    const left = Math.max(M.left, 26 + 6.5 * Math.max(...yTicks.map((v) => o.format(v).length)));
    const x = linear(from, to, left, width - M.right);
    const y = linear(y0, y1, height - M.bottom, M.top);
    const xTicks = timeTicks(from, to, o.small ? 3 : 5);
    plot = s(
      'svg',
      {
        class: 'chart-svg',
        viewBox: `0 0 ${width} ${height}`,
        role: 'img',
        'aria-labelledby': `${captionId} ${descId}`,
      },
      s('desc', { id: descId }, desc),
      s(
        'g',
        { class: 'axis', 'aria-hidden': 'true' },
        yTicks.map((v) =>
          s(
            'g',
            {},
            s('line', { x1: left, x2: width - M.right, y1: y(v), y2: y(v), class: 'grid' }),
            s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, o.format(v)),
          ),
        ),
        xTicks.map((t) =>
          s('text', { x: x(t), y: height - 20, 'text-anchor': 'middle' }, axisTime(t, to - from)),
        ),
        s(
          'text',
          { x: (left + width - M.right) / 2, y: height - 4, 'text-anchor': 'middle', class: 'axis-title' },
          'time (UTC)',
        ),
        s(
          'text',
          {
            x: 0,
            y: 0,
            transform: `translate(11 ${(M.top + height - M.bottom) / 2}) rotate(-90)`,
            'text-anchor': 'middle',
            class: 'axis-title',
            'data-axis-title': 'y',
          },
          o.yTitle,
        ),
      ),
      markersOf(o.markers ?? [], from, to, x, M.top, height - M.bottom, width),
      (o.thresholds ?? []).map((th) =>
        s(
          'g',
          { class: 'threshold', 'aria-hidden': 'true' },
          s('line', { x1: left, x2: width - M.right, y1: y(th.value), y2: y(th.value) }),
          // under its line, unless that would sit on the time axis
          s(
            'text',
            { x: left + 4, y: y(th.value) + 13 > height - M.bottom - 2 ? y(th.value) - 4 : y(th.value) + 13 },
            th.label,
          ),
        ),
      ),
      o.series.map((series, i) =>
        s(
          'path',
          { class: `line series-${i}`, d: pathOf(series.points, x, y), 'data-series': series.name },
          s('title', {}, series.name),
        ),
      ),
    );
  }

  const legend =
    o.series.length > 1
      ? h(
          'ul',
          { class: 'legend' },
          o.series.map((series, i) => h('li', {}, h('span', { class: `swatch series-${i}` }), series.name)),
        )
      : null;
  return h(
    'figure',
    { class: o.small ? 'chart chart-small' : 'chart', 'data-chart': o.key },
    caption,
    plot,
    legend,
    dataTable(o.key, o.title, ['Time (UTC)', ...o.series.map((x) => x.name)], tableRows(o)),
  );
}

/** Dashed vertical lines, labelled at the top, for the markers inside [from, to]. */
function markersOf(
  markers: readonly TimeMarker[],
  from: number,
  to: number,
  x: (t: number) => number,
  top: number,
  bottom: number,
  width: number,
): SVGElement[] {
  // Markers closer than a label's width stack their labels, one line each.
  let row = 0;
  let lastX = Number.NEGATIVE_INFINITY;
  return markers
    .filter((m) => m.t >= from && m.t <= to)
    .sort((a, b) => a.t - b.t)
    .map((m) => {
      row = x(m.t) - lastX < 90 ? row + 1 : 0;
      lastX = x(m.t);
      return s(
        'g',
        { class: `marker marker-${m.kind}`, 'data-marker': m.kind, 'data-marker-t': String(m.t) },
        s('line', { x1: x(m.t), x2: x(m.t), y1: top, y2: bottom }),
        // labels alternate above and inside the plot so two close markers stay readable
        s(
          'text',
          {
            // near the right edge the label goes left of its line
            x: x(m.t) > width - 90 ? x(m.t) - 3 : x(m.t) + 3,
            y: top - 4 + 11 * row,
            'text-anchor': x(m.t) > width - 90 ? 'end' : 'start',
          },
          m.label,
        ),
        s('title', {}, `${m.label} at ${dateTime(m.t)}`),
      );
    });
}

function pathOf(points: readonly ChartPoint[], x: (t: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.v === null || !Number.isFinite(p.v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function tableRows(o: LineChartOptions): string[][] {
  const times = [...new Set(o.series.flatMap((x) => x.points.map((p) => p.t)))].sort((a, b) => a - b);
  const lookup = o.series.map((x) => new Map(x.points.map((p) => [p.t, p.v])));
  return times.map((t) => [
    dateTimeSeconds(t),
    ...lookup.map((m) => {
      const v = m.get(t);
      return v === null || v === undefined ? '—' : o.format(v);
    }),
  ]);
}

function dateTimeSeconds(t: number): string {
  const seconds = new Date(t).getUTCSeconds();
  const base = dateTime(t).replace(' UTC', '');
  return seconds === 0 ? base : `${base}:${String(seconds).padStart(2, '0')}`;
}

function summarize(o: LineChartOptions): string {
  const parts = o.series.map((x) => {
    const vs = x.points.flatMap((p) => (p.v === null ? [] : [p.v]));
    if (vs.length === 0) return `${x.name}: no data`;
    const last = vs.at(-1) ?? 0;
    return `${x.name}: ${vs.length} points from ${o.format(Math.min(...vs))} to ${o.format(Math.max(...vs))}, latest ${o.format(last)}`;
  });
  return `${parts.join('; ')}.`;
}

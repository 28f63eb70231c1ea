import { h, s, uid } from '../core/dom.js';
import { dataTable } from './data-table.js';
import type { ChartPoint } from './line-chart.js';
import { linear } from './scale.js';

/**
 * A word-sized line chart of one signal with its values as a table (for evidence lists).
 * `label` names it for screen readers.
 */
export function sparkline(
  key: string,
  label: string,
  points: readonly ChartPoint[],
  format: (v: number) => string,
): HTMLElement {
  const width = 140;
  const height = 32;
  const vs = points.flatMap((p) => (p.v === null ? [] : [p.v]));
  const ts = points.map((p) => p.t);
  const descId = uid('spark');
  const desc =
    vs.length === 0
      ? `${label}: no data`
      : `${label}: from ${format(Math.min(...vs))} to ${format(Math.max(...vs))}, latest ${format(vs.at(-1) ?? 0)}`;
  let line: SVGElement | null = null;
  if (vs.length > 0) {
    const x = linear(Math.min(...ts), Math.max(...ts), 2, width - 2);
    const y = linear(Math.min(...vs), Math.max(...vs), height - 3, 3);
    let d = '';
    let pen = false;
    for (const p of points) {
      if (p.v === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
      pen = true;
    }
    line = s('path', { class: 'line series-0', d });
  }
  return h(
    'span',
    { class: 'sparkline', 'data-chart': key },
    s(
      'svg',
      { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': descId },
      s('desc', { id: descId }, desc),
      line,
    ),
    dataTable(
      key,
      label,
      ['Time (UTC)', 'Value'],
      points.map((p) => [new Date(p.t).toISOString().slice(11, 19), p.v === null ? '—' : format(p.v)]),
    ),
  );
}

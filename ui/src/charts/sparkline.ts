import { h, s, uid } from '../core/dom.js';
import { axisTime, clockTime } from '../core/format.js';
import { dataTable } from './data-table.js';
import type { ChartPoint } from './line-chart.js';
import { linear } from './scale.js';

export interface SparklineOptions {
  /** What the values count ("requests / s", "ms"), written over the y axis. */
  unit: string;
  /** A moment to mark with a dashed line (the anomaly the evidence is about). */
  markAt?: number;
  markLabel?: string;
}

const W = 260;
const H = 86;
// left: value labels; bottom: the two time labels; top: the unit and the marker label
const M = { top: 22, right: 6, bottom: 14, left: 46 };

/**
 * A small line chart of one signal for evidence lists: its lowest and highest value and
 * its first and last time on the axes, the unit over the y axis, the anomaly time marked,
 * and the values as a table. `label` names it for screen readers.
 */
export function sparkline(
  key: string,
  label: string,
  points: readonly ChartPoint[],
  format: (v: number) => string,
  o: SparklineOptions,
): HTMLElement {
  const vs = points.flatMap((p) => (p.v === null ? [] : [p.v]));
  const ts = points.map((p) => p.t);
  const descId = uid('spark');
  const marked = o.markAt === undefined ? '' : `; ${o.markLabel ?? 'marked'} at ${clockTime(o.markAt)} UTC`;
  const desc =
    vs.length === 0
      ? `${label}: no data`
      : `${label} (${o.unit}): from ${format(Math.min(...vs))} to ${format(Math.max(...vs))}, latest ${format(vs.at(-1) ?? 0)}${marked}`;
  const parts: SVGElement[] = [];
  if (vs.length > 0) {
    const t0 = Math.min(...ts, o.markAt ?? Number.POSITIVE_INFINITY);
    const t1 = Math.max(...ts, o.markAt ?? Number.NEGATIVE_INFINITY);
    const lo = Math.min(0, ...vs);
    const hi = Math.max(...vs) > lo ? Math.max(...vs) : lo + 1;
    const x = linear(t0, t1, M.left, W - M.right);
    const y = linear(lo, hi, H - M.bottom, M.top);
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
    parts.push(
      s(
        'g',
        { class: 'axis', 'aria-hidden': 'true' },
        s('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(hi), y2: y(hi) }),
        s('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(lo), y2: y(lo) }),
        s('text', { x: M.left - 3, y: y(hi) + 4, 'text-anchor': 'end' }, format(hi)),
        s('text', { x: M.left - 3, y: y(lo) + 1, 'text-anchor': 'end' }, format(lo)),
        s('text', { x: M.left, y: H - 2, 'text-anchor': 'start' }, axisTime(t0, t1 - t0)),
        s('text', { x: W - M.right, y: H - 2, 'text-anchor': 'end' }, `${axisTime(t1, t1 - t0)} UTC`),
        s('text', { x: 2, y: 10, class: 'axis-title', 'data-axis-title': 'y' }, o.unit),
      ),
    );
    if (o.markAt !== undefined) {
      parts.push(
        s(
          'g',
          { class: 'marker marker-anomaly', 'data-marker': 'anomaly', 'data-marker-t': String(o.markAt) },
          s('line', { x1: x(o.markAt), x2: x(o.markAt), y1: M.top - 2, y2: H - M.bottom }),
          s(
            'text',
            { x: x(o.markAt) + 3, y: 10, 'text-anchor': x(o.markAt) > W - 60 ? 'end' : 'start' },
            o.markLabel ?? '',
          ),
        ),
      );
    }
    parts.push(s('path', { class: 'line series-0', d }));
  }
  return h(
    'span',
    { class: 'sparkline', 'data-chart': key },
    s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-labelledby': descId }, [
      s('desc', { id: descId }, desc),
      ...parts,
    ]),
    dataTable(
      key,
      label,
      ['Time (UTC)', `Value (${o.unit})`],
      points.map((p) => [new Date(p.t).toISOString().slice(11, 19), p.v === null ? '—' : format(p.v)]),
    ),
  );
}

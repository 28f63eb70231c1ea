import type { BurnRateTier, WindowStatus } from '../api/types.js';
import { h, s, uid } from '../core/dom.js';
import { burnRate } from '../core/format.js';
import { dataTable } from './data-table.js';

/** One window's bar in the chart, against the threshold of the tier it belongs to. */
interface Bar {
  window: string;
  role: 'long' | 'short';
  value: number | null;
}

/**
 * Burn rate per alert tier: a bar for the tier's long and short window on a log scale, with
 * the tier's threshold marked. A tier fires when both bars cross its line.
 */
export function burnRateChart(
  key: string,
  tiers: readonly BurnRateTier[],
  windows: readonly WindowStatus[],
): HTMLElement {
  const rate = (w: string) => windows.find((x) => x.window === w)?.burnRate ?? null;
  const groups = tiers.map((t) => ({
    tier: t,
    bars: [
      { window: t.longWindow, role: 'long', value: rate(t.longWindow) },
      { window: t.shortWindow, role: 'short', value: rate(t.shortWindow) },
    ] as Bar[],
  }));
  const values = groups.flatMap((g) => [g.tier.factor, ...g.bars.map((b) => b.value ?? 0)]);
  const lo = 0.1;
  const hi = 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(...values, 1) * 1.2)));
  const left = 150;
  const right = 70;
  const width = 640;
  const barH = 14;
  const groupH = barH * 2 + 22;
  // room below for the tick labels and the axis title
  const height = groups.length * groupH + 38;
  const x = (v: number) =>
    left +
    ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) *
      (width - left - right);
  const ticks: number[] = [];
  for (let v = lo; v <= hi * 1.0001; v *= 10) ticks.push(Number(v.toPrecision(3)));

  const captionId = uid('chart-title');
  const descId = uid('chart-desc');
  const fires = (g: (typeof groups)[number]) =>
    g.bars.every((b) => b.value !== null && b.value > g.tier.factor);
  const desc = groups
    .map(
      (g) =>
        `${g.tier.severity} tier ${g.tier.longWindow}/${g.tier.shortWindow}, threshold ${burnRate(g.tier.factor)}: ` +
        `${g.bars.map((b) => `${b.window} ${burnRate(b.value)}`).join(', ')}${fires(g) ? ', both above' : ''}`,
    )
    .join('; ');

  const svg = s(
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
      ticks.map((v) =>
        s(
          'g',
          {},
          s('line', { class: 'grid', x1: x(v), x2: x(v), y1: 4, y2: height - 34 }),
          s('text', { x: x(v), y: height - 20, 'text-anchor': 'middle' }, burnRate(v)),
        ),
      ),
      s(
        'text',
        {
          x: (left + width - right) / 2,
          y: height - 4,
          'text-anchor': 'middle',
          class: 'axis-title',
          'data-axis-title': 'x',
        },
        'burn rate (log scale; 1x spends the budget exactly over the period)',
      ),
    ),
    groups.map((g, i) => {
      const top = 6 + i * groupH;
      return s(
        'g',
        {
          class: fires(g) ? 'tier firing' : 'tier',
          'data-tier': `${g.tier.longWindow}/${g.tier.shortWindow}`,
        },
        s(
          'text',
          { x: 0, y: top + barH, class: 'tier-label' },
          `${g.tier.severity} ${g.tier.longWindow} / ${g.tier.shortWindow}`,
        ),
        s(
          'text',
          { x: 0, y: top + barH * 2 + 4, class: 'tier-sub' },
          `fires above ${burnRate(g.tier.factor)}`,
        ),
        g.bars.map((b, j) => {
          const y = top + j * (barH + 2);
          const over = b.value !== null && b.value > g.tier.factor;
          return s(
            'g',
            {},
            s('rect', {
              class: over ? 'bar over' : 'bar',
              x: left,
              y,
              width: Math.max(0, (b.value ?? 0) > 0 ? x(b.value ?? 0) - left : 0),
              height: barH,
            }),
            s('text', { x: left - 6, y: y + barH - 3, 'text-anchor': 'end', class: 'bar-label' }, b.window),
            s(
              'text',
              { x: Math.max(left, x(b.value ?? lo)) + 4, y: y + barH - 3, class: 'bar-value' },
              burnRate(b.value),
            ),
          );
        }),
        s('line', {
          class: 'threshold-mark',
          x1: x(g.tier.factor),
          x2: x(g.tier.factor),
          y1: top - 3,
          y2: top + barH * 2 + 5,
        }),
      );
    }),
  );
  return h(
    'figure',
    { class: 'chart', 'data-chart': key },
    h('figcaption', { id: captionId }, 'Burn rate per alert tier (log scale); the line marks the threshold'),
    svg,
    dataTable(
      key,
      'Burn rates against the alert thresholds',
      ['Tier', 'Long window', 'Burn rate', 'Short window', 'Burn rate', 'Threshold', 'Both above'],
      groups.map((g) => [
        `${g.tier.severity} ${g.tier.longWindow}/${g.tier.shortWindow}`,
        g.tier.longWindow,
        burnRate(g.bars[0]?.value),
        g.tier.shortWindow,
        burnRate(g.bars[1]?.value),
        burnRate(g.tier.factor),
        fires(g) ? 'yes' : 'no',
      ]),
    ),
  );
}

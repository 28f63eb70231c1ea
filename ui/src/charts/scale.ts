/** Linear scales and "nice" axis ticks for the charts. */

export type Scale = (x: number) => number;

/** Maps [d0, d1] onto [r0, r1]; a flat domain maps to the middle of the range. */
export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (x) => r0 + (x - d0) * k;
}

/** A round step (1, 2 or 5 x 10^n) that cuts [min, max] into about `count` parts. */
function niceStep(min: number, max: number, count: number): number {
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const step = niceStep(min, max, count);
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Widens [min, max] to round values, so lines never touch the frame edge. */
export function niceDomain(min: number, max: number, count = 4): [number, number] {
  if (max === min) return min === 0 ? [0, 1] : [Math.min(0, min), Math.max(0, max)];
  const step = niceStep(min, max, count);
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step];
}

const TIME_STEPS = [
  60_000,
  300_000,
  600_000,
  900_000,
  1_800_000,
  3_600_000,
  7_200_000,
  10_800_000,
  21_600_000,
  43_200_000,
  86_400_000,
  2 * 86_400_000,
  7 * 86_400_000,
];

/** About `count` tick instants on round minutes, hours or days (UTC) within [from, to]. */
export function timeTicks(from: number, to: number, count = 5): number[] {
  if (!(to > from)) return [from];
  const raw = (to - from) / count;
  const step = TIME_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}
